import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { parseMarkdownFile } from "../lib/text/frontmatter.ts";
import { createFixture, fixtureEnv, runCommand } from "./helpers/fixture-site.ts";

describe("npm run new", () => {
  test("writes an article for now in Sơn La time that passes the check", async () => {
    const site = createFixture({});
    const env = fixtureEnv(site, { now: "2025-05-04T23:30:00+07:00" });
    const made = await runCommand(
      "new",
      ["Đắk Lắk mở rộng vùng cà phê", "--category", "kinh-te", "--author", "Thanh Huyền"],
      env,
    );
    assert.equal(made.code, 0, made.stderr);
    const file = path.join(site.articlesDir, "2025/05/dak-lak-mo-rong-vung-ca-phe.md");
    const text = readFileSync(file, "utf8");
    assert.deepEqual(parseMarkdownFile(text).data, {
      title: "Đắk Lắk mở rộng vùng cà phê",
      date: "2025-05-04 23:30",
      category: "Kinh tế",
      author: "Thanh Huyền",
    });
    assert.match(text, /^date: 2025-05-04 23:30$/m, "the date is written as an editor would type it");
    const checked = await runCommand("check", [], env);
    assert.equal(checked.code, 0, checked.stderr);
  });

  test("refuses an unknown category, a missing author and an existing file", async () => {
    const site = createFixture({});
    const env = fixtureEnv(site);
    const badCategory = await runCommand("new", ["Tin mới", "--category", "Kinh te", "--author", "A"], env);
    assert.equal(badCategory.code, 1);
    assert.match(badCategory.stderr, /--category: chuyên mục "Kinh te" .*"Kinh tế"/);
    const noAuthor = await runCommand("new", ["Tin mới", "--category", "Kinh tế"], env);
    assert.equal(noAuthor.code, 1);
    assert.match(
      noAuthor.stderr,
      /^Bài mới cần tiêu đề, --category và --author\. Cách sửa: gõ: npm run new -- "Tiêu đề bài viết".* \[new-article\.invalid\]\n$/,
    );
    assert.equal((await runCommand("new", ["Tin trùng", "--category", "Kinh tế", "--author", "A"], env)).code, 0);
    const again = await runCommand("new", ["Tin trùng", "--category", "Kinh tế", "--author", "B"], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /tin-trung\.md đã có/);
    assert.match(again.stderr, / Cách sửa: chọn tiêu đề khác, hoặc mở tệp đã có để sửa\. \[new-article\.exists\]\n$/);
    const noLetters = await runCommand("new", ["!!! ???", "--category", "Kinh tế", "--author", "A"], env);
    assert.equal(noLetters.code, 1);
    assert.match(
      noLetters.stderr,
      /^Không tạo được tên tệp từ tiêu đề: tiêu đề cần có chữ cái hoặc chữ số\. Cách sửa: gõ: npm run new/,
    );
    assert.ok(existsSync(path.join(site.articlesDir, "2025/05/tin-trung.md")));
  });

  test("writes any title as YAML that reads back the same: quotes, colons, #", async () => {
    const site = createFixture({});
    const env = fixtureEnv(site, { now: "2025-05-04T08:00:00+07:00" });
    const title = 'Sơn La: "Cải cách" #1 — 100% đúng hạn';
    const made = await runCommand("new", [title, "--category", "Kinh tế", "--author", "A", "--draft"], env);
    assert.equal(made.code, 0, made.stderr);
    const file = path.join(site.articlesDir, "2025/05/son-la-cai-cach-1-100-dung-han.md");
    const data = parseMarkdownFile(readFileSync(file, "utf8")).data;
    assert.equal(data.title, title);
    assert.equal(data.draft, true);
    const checked = await runCommand("check", [], env);
    assert.equal(checked.code, 0, checked.stderr);
  });
});
