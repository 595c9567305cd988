import assert from "node:assert/strict";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { attachApprovedComments } from "../lib/approved-comments.ts";
import type { Article } from "../lib/article.ts";
import { loadSettings } from "../lib/settings.ts";
import { PROJECT_ROOT } from "./helpers/fixture-site.ts";

/** A copy of the project's _data, with one file replaced. */
function rootWith(file: string, text: string): string {
  const root = mkdtempSync(path.join(tmpdir(), "toasoan-settings-"));
  cpSync(path.join(PROJECT_ROOT, "_data"), path.join(root, "_data"), { recursive: true });
  writeFileSync(path.join(root, "_data", file), text);
  return root;
}

describe("newsroom settings errors name the file and the field", () => {
  test("an invalid site.json", () => {
    const site = JSON.parse(JSON.stringify({ title: "Báo", perPage: 0, url: "không phải URL" }));
    const root = rootWith("site.json", JSON.stringify(site));
    assert.throws(
      () => loadSettings(root, {}),
      (error: Error) => /site\.json:/.test(error.message) && /perPage/.test(error.message) && /url/.test(error.message),
    );
  });

  test("broken JSON", () => {
    assert.throws(() => loadSettings(rootWith("categories.json", "[{"), {}), /categories\.json: không đọc được JSON/);
  });

  test("two categories with the same slug", () => {
    const root = rootWith(
      "categories.json",
      JSON.stringify([{ name: "Kinh tế" }, { name: "Kinh Tế", slug: "kinh-te" }]),
    );
    assert.throws(() => loadSettings(root, {}), /trùng tên hoặc slug/);
  });

  test("overrides from the environment are validated too", () => {
    assert.throws(
      () => loadSettings(PROJECT_ROOT, { TOASOAN_NOW: "hôm nay" }),
      /TOASOAN_NOW="hôm nay" không phải ngày giờ ISO 8601/,
    );
    assert.throws(
      () => loadSettings(PROJECT_ROOT, { TOASOAN_SEARCH_RECENT_ARTICLES: "nhiều" }),
      /searchRecentArticles/,
    );
    assert.throws(() => loadSettings(PROJECT_ROOT, { SITE_URL: "ftp://bao" }), /url/);
  });
});

describe("the export of approved comments", () => {
  test("a malformed export stops the build with the file named", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "toasoan-export-")), "approved.json");
    writeFileSync(
      file,
      JSON.stringify({
        generated_at: "x",
        comments: { "/a/": [{ id: "một", author: "A", body: "B", created_at: "x" }] },
      }),
    );
    assert.throws(
      () => attachApprovedComments([] as Article[], file),
      (error: Error) =>
        error.message.startsWith(`${file}: không phải tệp xuất bình luận hợp lệ`) && /comments\./.test(error.message),
    );
  });
});
