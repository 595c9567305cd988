import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { parseMarkdownFile } from "../lib/text/frontmatter.ts";
import { createFixture, fixtureEnv, PROJECT_ROOT, type FixtureSite, runCommand } from "./helpers/fixture-site.ts";

const FIXTURES = path.join(PROJECT_ROOT, "test/fixtures/wordpress");

/** An empty newsroom and a copy of the fixture export, as an editor starting an import. */
function setUp(): { site: FixtureSite; work: string; env: NodeJS.ProcessEnv } {
  const site = createFixture({});
  const work = mkdtempSync(path.join(tmpdir(), "toasoan-import-"));
  cpSync(FIXTURES, work, { recursive: true });
  return { site, work, env: { ...fixtureEnv(site), COMMENTS_DB: path.join(site.root, "comments.sqlite") } };
}

const runImport = (work: string, env: NodeJS.ProcessEnv, file = "export.xml", extra: string[] = []) =>
  runCommand("import", ["wordpress", path.join(work, file), "--uploads", path.join(work, "uploads"), ...extra], env);

const front = (site: FixtureSite, relative: string) =>
  parseMarkdownFile(readFileSync(path.join(site.articlesDir, relative), "utf8"));

describe("npm run import -- wordpress: a WordPress export becomes checked Markdown articles", () => {
  test("posts, photos, captions, old addresses, drafts and approved comments come over; what cannot is reported", async () => {
    const { site, work, env } = setUp();
    const first = await runImport(work, env);
    assert.equal(first.code, 0, first.stdout + first.stderr);

    const cchc = front(site, "2017/11/nhung-chuyen-bien-tich-cuc.md");
    assert.deepEqual(cchc.data, {
      title: "Những chuyển biến tích cực trong cải cách hành chính",
      date: "2017-11-20 08:00",
      category: "Cải cách hành chính",
      author: "Thanh Huyền",
      summary: "Tỉnh ta có nhiều giải pháp quyết liệt.",
      image: "/media/wp/2017/11/kiem-tra.jpg",
      image_alt: "Đoàn kiểm tra trong phòng họp",
      caption: "Đoàn kiểm tra làm việc tại Trường Cao đẳng Sơn La",
      tags: ["Sơn La", "cải cách hành chính"],
      slug: "nhung-chuyen-bien-tich-cuc",
      aliases: ["/tin-tuc/nhung-chuyen-bien-tich-cuc.html"],
    });
    assert.match(cchc.body, /giải pháp & cách làm mới\.\s+\nDòng tiếp theo cùng đoạn\./);
    assert.match(
      cchc.body,
      /!\[Ảnh kiểm tra\]\(\/media\/wp\/2017\/11\/kiem-tra\.jpg\)\n\*Kiểm tra công tác CCHC tại trường\*/,
    );
    assert.match(cchc.body, /^## Kết quả nổi bật$/m);
    assert.match(cchc.body, /!\[Ảnh xa\]\(https:\/\/anh\.example\.org\/xa\.jpg\)/);
    assert.doesNotMatch(cchc.body, /script|alert|\[gallery/);
    assert.ok(
      existsSync(path.join(site.mediaDir, "wp/2017/11/kiem-tra.jpg")),
      "the photo is copied into the media folder",
    );

    assert.equal(
      front(site, "2018/09/gia-lua.md").data.category,
      "Kinh tế",
      "a child category maps through its parent",
    );
    assert.equal(front(site, "2018/09/gia-lua.md").data.title, "Giá lúa & ngô vụ mùa ở Mai Sơn");
    assert.equal(
      front(site, "2018/09/gia-lua-2.md").data.slug,
      "gia-lua-2",
      "the same day and slug: the second gets -2",
    );
    const smallLead = front(site, "2018/09/gia-lua-2.md");
    assert.equal(smallLead.data.image, undefined, "a featured photo narrower than the lead slot is not the lead");
    assert.match(
      smallLead.body,
      /^!\[Ruộng lúa \\\[vụ mùa\\\] ở \\\*Mai Sơn\\\*\]\(\/media\/wp\/2017\/11\/nho\.jpg\)\n\*Ruộng lúa/,
      "it opens the body instead, with its caption",
    );
    assert.match(first.stdout, /ảnh đại diện \/media\/wp\/2017\/11\/nho\.jpg nhỏ hơn 800 px/);
    assert.equal(front(site, "2019/01/ban-nhap-chua-xong.md").data.draft, true);
    assert.equal(front(site, "2019/02/tin-noi-bo.md").data.draft, true, "private posts come over as drafts");

    assert.match(first.stdout, /bỏ qua: #16 "Bài không có ngày" \(không có ngày đăng\)/);
    assert.match(first.stdout, /bỏ qua: #17 \(không có tiêu đề\)/);
    assert.match(first.stdout, /bỏ qua: #18 "Tin linh tinh" \(chuyên mục "Linh tinh" chưa được gán/);
    assert.match(first.stdout, /địa chỉ cũ https:\/\/baosonla\.example\.vn\/\?p=13 có dạng \?p=… nên không giữ được/);
    assert.match(first.stdout, /ảnh http:\/\/anh\.example\.org\/xa\.jpg dùng http: đổi sang https/);
    assert.match(first.stdout, /bỏ shortcode \[gallery\]/);
    assert.match(first.stdout, /1 mục loại "page" \(trang, menu…\) không nhập/);
    assert.match(first.stdout, /Chuyên mục WordPress chưa được gán .*"Linh tinh"/);
    assert.match(first.stdout, /npm run check: nội dung hợp lệ/);
    const mapping = JSON.parse(readFileSync(path.join(work, "wordpress-categories.json"), "utf8")) as Record<
      string,
      string | null
    >;
    assert.deepEqual(mapping, {
      "Kinh tế": "Kinh tế",
      "Nông nghiệp": "Kinh tế",
      "Cai cach hanh chinh": "Cải cách hành chính",
      "Linh tinh": null,
    });

    const db = new Database(env.COMMENTS_DB!, { readonly: true });
    const comments = db.prepare("SELECT article, author, body, status, created_at FROM comments").all();
    db.close();
    assert.deepEqual(comments, [
      {
        article: "/2017/11/20/nhung-chuyen-bien-tich-cuc/",
        author: "Bạn đọc Mai Sơn",
        body: "Bài viết rất hay & bổ ích!",
        status: "approved",
        created_at: "2017-11-21T02:30:00.000Z",
      },
      {
        // Typed in decomposed Unicode on WordPress: stored as NFC, as a reader's comment is.
        article: "/2017/11/20/nhung-chuyen-bien-tich-cuc/",
        author: "Bạn đọc Sơn La",
        body: "Cảm ơn tòa soạn đã đưa tin.",
        status: "approved",
        created_at: "2017-11-21T05:00:00.000Z",
      },
    ]);
    // Approved on WordPress but outside the comment rules: reported by name, not imported.
    assert.match(
      first.stdout,
      /bình luận không nhập: \/2017\/11\/20\/nhung-chuyen-bien-tich-cuc\/, của "Bạn đọc Hà" \(Bạn vui lòng nhập từ 5 ký tự trở lên !!!\)/,
    );
    assert.match(first.stdout, /bình luận không nhập: .*"Bạn đọc Thuận Châu" \(Bình luận chỉ được tối đa 500 ký tự/);
    assert.match(first.stdout, /2 bình luận đã duyệt được nhập/);

    // The imported newsroom builds, and the old address leads to the article.
    const built = await runCommand("build", ["--output", site.outDir, "--quiet"], {
      ...env,
      TOASOAN_NOW: "2026-11-26T12:00:00+07:00",
    });
    assert.equal(built.code, 0, built.stderr);
    assert.match(
      site.read("/tin-tuc/nhung-chuyen-bien-tich-cuc.html"),
      /<meta http-equiv="refresh" content="0; url=\/2017\/11\/20\/nhung-chuyen-bien-tich-cuc\/">/,
    );
    assert.match(
      site.read("/_redirects"),
      /^\/tin-tuc\/nhung-chuyen-bien-tich-cuc\.html \/2017\/11\/20\/nhung-chuyen-bien-tich-cuc\/ 301$/m,
    );
  });

  test("running it again duplicates nothing, keeps what editors changed since, and follows a fixed mapping", async () => {
    const { site, work, env } = setUp();
    assert.equal((await runImport(work, env)).code, 0);
    const edited = path.join(site.articlesDir, "2018/09/gia-lua.md");
    writeFileSync(
      edited,
      readFileSync(edited, "utf8").replace("Giá lúa tăng", "Giá lúa tăng mạnh (biên tập viên sửa)"),
    );
    const mappingFile = path.join(work, "wordpress-categories.json");
    writeFileSync(
      mappingFile,
      JSON.stringify({ ...JSON.parse(readFileSync(mappingFile, "utf8")), "Linh tinh": "Văn hóa - Xã hội" }),
    );

    const second = await runImport(work, env);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /không đổi: #11 /);
    assert.match(second.stdout, /giữ nguyên: #12 .* \(đã được sửa sau lần nhập trước: giữ nguyên\)/);
    assert.match(readFileSync(edited, "utf8"), /biên tập viên sửa/);
    assert.match(second.stdout, /tạo mới: #18 "Tin linh tinh" → 2019\/04\/tin-linh-tinh\.md/);
    assert.match(second.stdout, /0 bình luận đã duyệt được nhập/);
    const db = new Database(env.COMMENTS_DB!, { readonly: true });
    assert.equal((db.prepare("SELECT COUNT(*) AS n FROM comments").get() as { n: number }).n, 2);
    db.close();

    // What the import remembers is committed with the articles, in paths that hold on any clone.
    const state = JSON.parse(readFileSync(path.join(site.root, "wordpress-import.json"), "utf8")) as {
      posts: Record<string, { file: string }>;
    };
    assert.equal(state.posts["11"]?.file, "2017/11/nhung-chuyen-bien-tich-cuc.md");

    // An article the newsroom deleted stays deleted; a new, empty comments database is filled again.
    rmSync(path.join(site.articlesDir, "2018/09/gia-lua-2.md"));
    const third = await runImport(work, { ...env, COMMENTS_DB: path.join(site.root, "moi.sqlite") });
    assert.equal(third.code, 0, third.stdout + third.stderr);
    assert.match(third.stdout, /giữ nguyên: #13 .* \(đã bị xoá sau lần nhập trước: không tạo lại/);
    assert.ok(!existsSync(path.join(site.articlesDir, "2018/09/gia-lua-2.md")));
    assert.match(third.stdout, /2 bình luận đã duyệt được nhập/);
  });

  test("a file that is not a WordPress export, or broken XML, is refused with the reason, and nothing is written", async () => {
    const { site, work, env } = setUp();
    writeFileSync(
      path.join(work, "feed.xml"),
      '<?xml version="1.0"?><rss version="2.0"><channel><title>RSS thường</title></channel></rss>',
    );
    const notWxr = await runImport(work, env, "feed.xml");
    assert.equal(notWxr.code, 1);
    assert.match(notWxr.stderr, /feed\.xml: không phải tệp xuất WordPress \(WXR\)/);
    writeFileSync(
      path.join(work, "broken.xml"),
      readFileSync(path.join(work, "export.xml"), "utf8").replace("</channel>", ""),
    );
    const broken = await runImport(work, env, "broken.xml");
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /broken\.xml: không phải XML hợp lệ — .* \(dòng \d+, cột \d+\)/);
    assert.deepEqual(readdirSafe(site.articlesDir), []);
    const usage = await runCommand("import", ["wordpress"], env);
    assert.equal(usage.code, 1);
    assert.match(
      usage.stderr,
      /tệp xuất \.xml\. Cách sửa: gõ: npm run import -- wordpress tep-xuat\.xml.* \[import\.usage\]$/m,
    );
  });

  test("an enormous post is left out with a line in the report, never half-written", async () => {
    const { site, work, env } = setUp();
    const huge = `<item><title><![CDATA[Bài khổng lồ]]></title><wp:post_id>99</wp:post_id><content:encoded><![CDATA[${"Đoạn văn dài. ".repeat(250_000)}]]></content:encoded><wp:post_date_gmt><![CDATA[2020-01-01 02:00:00]]></wp:post_date_gmt><wp:post_name><![CDATA[khong-lo]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type><category domain="category" nicename="kinh-te"><![CDATA[Kinh tế]]></category></item>`;
    writeFileSync(
      path.join(work, "export.xml"),
      readFileSync(path.join(work, "export.xml"), "utf8").replace("</channel>", `${huge}</channel>`),
    );
    const result = await runImport(work, env);
    assert.match(result.stdout, /bỏ qua: #99 "Bài khổng lồ" \(nội dung quá lớn \(\d+ KB, tối đa 2048 KB\)/);
    assert.ok(!existsSync(path.join(site.articlesDir, "2020/01/khong-lo.md")));
  });
});

function readdirSafe(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}
