import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { approvedCommentsOf } from "../lib/content/approved-comments.ts";
import type { Article } from "../lib/content/article.ts";
import { loadSettings } from "../lib/settings/settings.ts";
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

  test("a mistyped key in site.json is an error that suggests the right one, not a setting silently ignored", () => {
    const site = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "_data/site.json"), "utf8")) as Record<
      string,
      unknown
    >;
    const { perPage, ...rest } = site;
    const root = rootWith("site.json", JSON.stringify({ ...rest, perpage: perPage }));
    assert.throws(
      () => loadSettings(root, {}),
      (error: Error) =>
        /site\.json:/.test(error.message) &&
        /perpage: trường không có trong cài đặt — có phải ý bạn là `perPage`\?/.test(error.message) &&
        /perPage: thiếu trường bắt buộc/.test(error.message),
    );
  });

  test("an empty, blank or unreadable categories.json names the file", () => {
    assert.throws(
      () => loadSettings(rootWith("categories.json", "[]"), {}),
      /categories\.json: \(gốc\): chưa có chuyên mục nào/,
    );
    assert.throws(() => loadSettings(rootWith("categories.json", "  \n"), {}), /categories\.json: tệp rỗng/);
    const root = rootWith("categories.json", "[]");
    rmSync(path.join(root, "_data/categories.json"));
    mkdirSync(path.join(root, "_data/categories.json"));
    assert.throws(() => loadSettings(root, {}), /categories\.json: không đọc được tệp — EISDIR/);
  });

  test("an interface word missing from ui.json, or misspelled, is an error naming the key", () => {
    const ui = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "_data/ui.json"), "utf8")) as Record<string, string>;
    const { search, ...rest } = ui;
    assert.throws(
      () => loadSettings(rootWith("ui.json", JSON.stringify({ ...rest, seach: search })), {}),
      (error: Error) =>
        /ui\.json:/.test(error.message) &&
        /search: thiếu trường bắt buộc/.test(error.message) &&
        /seach: .*`search`/.test(error.message),
    );
    assert.throws(
      () => loadSettings(rootWith("ui.json", JSON.stringify({ ...ui, home: "" })), {}),
      /ui\.json: home: đang để trống/,
    );
  });

  test("a settings folder that does not exist is named", () => {
    assert.throws(
      () => loadSettings(PROJECT_ROOT, { TOASOAN_DATA: "/khong/co/thu-muc" }),
      /Thư mục cài đặt \/khong\/co\/thu-muc không tồn tại — kiểm tra TOASOAN_DATA/,
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
      () => loadSettings(PROJECT_ROOT, { TOASOAN_SEARCH_SHARD_MONTHS: "5" }),
      /searchShardMonths \(từ biến môi trường TOASOAN_SEARCH_SHARD_MONTHS\): phải là 1, 2, 3, 4, 6 hoặc 12/,
    );
    assert.throws(
      () => loadSettings(PROJECT_ROOT, { SITE_URL: "ftp://bao" }),
      /url \(từ biến môi trường SITE_URL\): phải là địa chỉ/,
    );
  });
});

describe("the export of approved comments", () => {
  test("an export that is not JSON stops the build with the file named", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "toasoan-export-")), "approved.json");
    writeFileSync(file, "<html>502 Bad Gateway</html>");
    assert.throws(
      () => approvedCommentsOf([] as Article[], file),
      (error: Error) => error.message.startsWith(`${file}: không phải tệp xuất bình luận hợp lệ — không đọc được JSON`),
    );
  });

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
      () => approvedCommentsOf([] as Article[], file),
      (error: Error) =>
        error.message.startsWith(`${file}: không phải tệp xuất bình luận hợp lệ`) && /comments\./.test(error.message),
    );
  });
});
