import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { load } from "cheerio";
import path from "node:path";
import { describe, test } from "node:test";
import {
  articleFile,
  buildFixture,
  checkFixture,
  createFixture,
  fixtureEnv,
  photo,
  runScript,
  type FixtureOptions,
  runCommand,
} from "./helpers/fixture-site.ts";

const valid = { title: "Tin hợp lệ", date: "2025-05-04 08:00", category: "Kinh tế", author: "Thanh Huyền" };

async function problemsOf(articles: Record<string, string>, media?: FixtureOptions["media"]): Promise<string> {
  const result = await checkFixture(articles, { media });
  assert.equal(result.code, 1, `check should fail:\n${result.stdout}${result.stderr}`);
  return result.stderr;
}

describe("content validation names the file, the field and the fix", () => {
  test("a missing required field", async () => {
    const { title: _omitted, ...withoutTitle } = valid;
    const out = await problemsOf({ "a.md": articleFile(withoutTitle) });
    assert.match(out, /a\.md:\d+: title: thiếu trường bắt buộc — thêm dòng `title: .+`/);
  });

  test("a date that does not exist", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, date: "2025-02-30 08:00" }) });
    assert.match(out, /a\.md:\d+: date: "2025-02-30 08:00" không phải ngày giờ có thật/);
  });

  test("a date in a non-ISO format", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, date: "04/05/2025" }) });
    assert.match(
      out,
      /a\.md:\d+: date: "04\/05\/2025" không đúng định dạng ngày giờ ISO 8601 — viết dạng `date: 2017-12-05 08:30`/,
    );
  });

  test("an unquoted YAML date is read as the editor wrote it, not as UTC", async () => {
    const result = await checkFixture({ "a.md": articleFile({ ...valid, date: "@raw:2025-05-04 23:30:00" }) });
    assert.equal(result.code, 0, result.stderr);
  });

  test("an unknown category suggests the closest one", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, category: "Kinh te" }) });
    assert.match(
      out,
      /a\.md:\d+: category: chuyên mục "Kinh te" không có trong _data\/categories\.json — có phải ý bạn là "Kinh tế"\?/,
    );
  });

  test("a category far from every name lists the valid ones", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, category: "Ẩm thực" }) });
    assert.match(
      out,
      /a\.md:\d+: category: chuyên mục "Ẩm thực" không có .* dùng một trong: "Thời sự - Chính trị", "Kinh tế"/,
    );
  });

  test("an unknown field is an error that suggests the field meant", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, sumary: "Tóm tắt" }) });
    assert.match(out, /a\.md:\d+: sumary: trường không có trong mẫu bài viết — có phải ý bạn là `summary`\?/);
  });

  test("a field of the wrong type", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, draft: "có", tags: "kinh tế" }) });
    assert.match(out, /a\.md:\d+: draft: phải là true hoặc false, không phải "có"/);
    assert.match(
      out,
      /a\.md:\d+: tags: phải là một danh sách, không phải "kinh tế" — ví dụ `tags: \[cải cách hành chính, Sơn La\]`/,
    );
  });

  test("invisible control characters, an update before publication and a caption without an image", async () => {
    const out = await problemsOf({
      "a.md": articleFile({ ...valid, title: "Tin\u0007 lạ" }),
      "b.md": articleFile({ ...valid, title: "Bài B", updated: "2025-05-03 08:00" }),
      "c.md": articleFile({ ...valid, title: "Bài C", caption: "Chú thích" }),
    });
    assert.match(out, /a\.md:\d+: title: chứa ký tự điều khiển vô hình — xóa ký tự đó/);
    assert.match(out, /b\.md:\d+: updated: sớm hơn ngày đăng \(date\)/);
    assert.match(out, /c\.md:\d+: caption: có mô tả ảnh nhưng không có ảnh — thêm trường `image` hoặc xóa dòng này/);
  });

  test("a title or author without letters or digits, and a malformed slug", async () => {
    const out = await problemsOf({
      "a.md": articleFile({ ...valid, title: "!!! ???" }),
      "b.md": articleFile({ ...valid, title: "Bài B", author: "***" }),
      "c.md": articleFile({ ...valid, title: "Bài C", slug: "Bài C" }),
    });
    assert.match(out, /a\.md:\d+: slug: không tạo được đường dẫn từ tiêu đề — thêm trường `slug`/);
    assert.match(out, /b\.md:\d+: author: tên tác giả cần có ít nhất một chữ cái hoặc chữ số/);
    assert.match(out, /c\.md:\d+: slug: chỉ gồm chữ thường không dấu, số và dấu gạch nối/);
  });

  test("two articles with the same URL name both files", async () => {
    const out = await problemsOf({
      "2025/05/one.md": articleFile(valid),
      "2025/05/two.md": articleFile({ ...valid, date: "2025-05-04 17:00" }),
    });
    assert.match(
      out,
      /2025\/05\/two\.md:\d+: slug: trùng đường dẫn \/2025\/05\/04\/tin-hop-le\/ với .*2025\/05\/one\.md — đặt `slug` khác/,
    );
  });

  test("an image that is not in the media folder, and an image without a description", async () => {
    const out = await problemsOf(
      {
        "a.md": articleFile({ ...valid, image: "/media/khong-co.jpg", caption: "Ảnh" }),
        "b.md": articleFile({ ...valid, title: "Tin khác", image: "/media/co.jpg" }),
      },
      { "co.jpg": photo("anh-lon.jpg") },
    );
    assert.match(
      out,
      /a\.md:\d+: image: không tìm thấy tệp ảnh "\/media\/khong-co\.jpg" trong thư mục ảnh — kiểm tra tên tệp/,
    );
    assert.match(out, /b\.md:\d+: image_alt: ảnh cần lời mô tả cho người đọc dùng trình đọc màn hình/);
  });

  test("an image path must name a file inside the media folder: no '..', no folder, no other site path", async () => {
    const out = await problemsOf(
      {
        "up.md": articleFile({ ...valid, title: "Một", image: "/media/../../etc/passwd", caption: "Ảnh" }),
        "encoded.md": articleFile({ ...valid, title: "Hai", image: "/media/%2e%2e/%2e%2e/etc/hosts", caption: "Ảnh" }),
        "folder.md": articleFile({ ...valid, title: "Ba", image: "/media/2025", caption: "Ảnh" }),
        "assets.md": articleFile({ ...valid, title: "Bốn", image: "/assets/site.css", caption: "Ảnh" }),
      },
      { "2025/anh.jpg": photo("anh-lon.jpg") },
    );
    assert.match(out, /up\.md:\d+: image: đường dẫn ảnh "\/media\/\.\.\/\.\.\/etc\/passwd" đi ra ngoài thư mục ảnh/);
    assert.match(
      out,
      /encoded\.md:\d+: image: đường dẫn ảnh "\/media\/%2e%2e\/%2e%2e\/etc\/hosts" đi ra ngoài thư mục ảnh/,
    );
    assert.match(out, /folder\.md:\d+: image: "\/media\/2025" là một thư mục, không phải tệp ảnh/);
    assert.match(out, /assets\.md:\d+: image: ảnh "\/assets\/site\.css" phải nằm trong \/media\//);
  });

  test("images in the body are checked too, each named with the file", async () => {
    const out = await problemsOf(
      {
        "ok.md": articleFile(
          { ...valid, title: "Một" },
          "Ảnh có thật: ![Ảnh](/media/co.jpg) và ![Ảnh ngoài](https://example.vn/a.jpg)",
        ),
        "missing.md": articleFile({ ...valid, title: "Hai" }, "![Ảnh](/media/khong-co.jpg)"),
        "relative.md": articleFile({ ...valid, title: "Ba" }, "![Ảnh](anh.jpg)"),
        "escape.md": articleFile({ ...valid, title: "Bốn" }, "![Ảnh](/media/../../secret.jpg)"),
        "draft.md": articleFile({ ...valid, title: "Năm", draft: true }, "![Ảnh](/media/chua-co.jpg)"),
      },
      { "co.jpg": photo("anh-lon.jpg") },
    );
    assert.doesNotMatch(out, /ok\.md/);
    assert.match(out, /missing\.md:\d+: nội dung: không tìm thấy tệp ảnh "\/media\/khong-co\.jpg"/);
    assert.match(out, /relative\.md:\d+: nội dung: ảnh "anh\.jpg" trong nội dung dùng đường dẫn tương đối/);
    assert.match(
      out,
      /escape\.md:\d+: nội dung: đường dẫn ảnh "\/media\/\.\.\/\.\.\/secret\.jpg" đi ra ngoài thư mục ảnh/,
    );
    assert.match(out, /draft\.md:\d+: nội dung: không tìm thấy tệp ảnh "\/media\/chua-co\.jpg"/, "drafts too");
  });

  test("broken YAML, a file without front matter and an empty body", async () => {
    const out = await problemsOf({
      "yaml.md": '---\ntitle: "chưa đóng ngoặc\n---\nNội dung\n',
      "indent.md": "---\ntitle: Tiêu đề\ndate: 2025-05-04\n  category: : Kinh tế\n---\nNội dung\n",
      "plain.md": "Chỉ có nội dung.\n",
      "empty.md": articleFile(valid, ""),
    });
    assert.match(
      out,
      /indent\.md:4: phần đầu \(front matter\) không đọc được: bad indentation/,
      "the line YAML stopped at",
    );
    assert.match(
      out,
      /yaml\.md:\d+: phần đầu \(front matter\) không đọc được: .* — kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép/,
    );
    assert.match(out, /plain\.md:\d+: thiếu phần đầu \(front matter\)/);
    assert.match(out, /empty\.md:\d+: nội dung: bài viết chưa có nội dung/);
  });

  test("drafts are validated too, so they do not break the build on the day they are published", async () => {
    const out = await problemsOf({ "a.md": articleFile({ ...valid, category: "Kinh tê", draft: true }) });
    assert.match(out, /a\.md:\d+: category: .*"Kinh tế"/);
  });

  test("every invalid article is reported at once, and the build fails without writing anything", async () => {
    const articles = {
      "a.md": articleFile({ ...valid, category: "Kinh te" }),
      "b.md": articleFile({ ...valid, title: "Bài B", date: "hôm qua" }),
      "c.md": articleFile({ ...valid, title: "Bài C" }),
    };
    const { site, result } = await buildFixture(articles);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^2 lỗi trong nội dung, chưa xuất bản gì:/);
    assert.match(result.stderr, /a\.md:\d+: category:/);
    assert.match(result.stderr, /b\.md:\d+: date:/);
    assert.doesNotMatch(result.stderr, /\bat \w+ \(/, "no stack trace for an editor's mistake");
    assert.ok(!existsSync(site.outDir), "nothing half-published");
  });

  test("npm run check reports the same problems as the build and passes valid content", async () => {
    const out = await problemsOf({
      "a.md": articleFile({ ...valid, category: "Kinh te" }),
      "b.md": articleFile({ ...valid, title: "Bài B", date: "hôm qua" }),
    });
    assert.match(out, /^2 lỗi trong nội dung:/);
    const ok = await checkFixture({
      "a.md": articleFile(valid),
      "d.md": articleFile({ ...valid, title: "Nháp", draft: true }),
    });
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /Nội dung hợp lệ: 1 bài đã đăng, 0 bài hẹn giờ, 1 bản nháp, 0 bài đã gỡ\./);
  });
});

describe("every problem names its line", () => {
  test("the line of the field, the closing --- for a missing field, the body line of an image", async () => {
    const text = [
      "---",
      'title: "Tin có lỗi"',
      "date: 2025-05-04 08:00",
      "category: Kinh te",
      "author: Thanh Huyền",
      "---",
      "Đoạn đầu.",
      "",
      "![Ảnh](/media/khong-co.jpg)",
      "",
    ].join("\n");
    const out = await problemsOf({
      "a.md": text,
      "b.md": articleFile({ title: "Tin thiếu ngày", category: "Kinh tế", author: "A" }),
    });
    assert.match(out, /a\.md:4: category: chuyên mục "Kinh te"/);
    assert.match(out, /b\.md:5: date: thiếu trường bắt buộc/, "a missing field points at the closing ---");
    const images = await problemsOf({ "c.md": text.replace("category: Kinh te", "category: Kinh tế") });
    assert.match(images, /c\.md:9: nội dung: không tìm thấy tệp ảnh "\/media\/khong-co\.jpg"/);
  });
});

describe("links between articles must lead somewhere", () => {
  test("a link to an article that does not exist, a draft, a missing category or photo is an error; a good link is not", async () => {
    const out = await problemsOf(
      {
        "target.md": articleFile({ ...valid, title: "Bài được dẫn tới" }),
        "draft.md": articleFile({ ...valid, title: "Bài nháp", draft: true }),
        "links.md": articleFile(
          { ...valid, title: "Bài có liên kết" },
          [
            "Xem [bài tốt](/2025/05/04/bai-duoc-dan-toi/) và [bài tốt không gạch chéo](/2025/05/04/bai-duoc-dan-toi#doan-2).",
            "Xem [bài sai](/2025/05/04/bai-khong-co/).",
            "Xem [bài nháp](/2025/05/04/bai-nhap/).",
            "Xem [chuyên mục sai](/chuyen-muc/am-thuc/) và [chuyên mục đúng](/chuyen-muc/kinh-te/).",
            "Tải [tệp](/media/bao-cao.pdf).",
          ].join("\n\n"),
        ),
      },
      {},
    );
    assert.doesNotMatch(out, /bai-duoc-dan-toi/);
    assert.match(out, /links\.md:9: nội dung: liên kết tới bài "\/2025\/05\/04\/bai-khong-co\/" không có trên trang/);
    assert.match(out, /links\.md:11: nội dung: liên kết tới bài "\/2025\/05\/04\/bai-nhap\/"/);
    assert.match(out, /links\.md:13: nội dung: liên kết tới chuyên mục "\/chuyen-muc\/am-thuc\/" không có/);
    assert.doesNotMatch(out, /chuyen-muc\/kinh-te/);
    assert.match(out, /links\.md:15: nội dung: liên kết tới tệp "\/media\/bao-cao\.pdf" không có trong thư mục ảnh/);
  });
});

describe("scheduled articles", () => {
  const soon = articleFile({ ...valid, title: "Tin hẹn giờ", date: "2025-05-06 07:00" }, "Nội dung đăng sau.");
  const now = articleFile({ ...valid, title: "Tin đã đăng" });

  test("npm run check lists what is scheduled and when", async () => {
    const result = await checkFixture({ "soon.md": soon, "now.md": now });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Hẹn giờ: .*soon\.md: "Tin hẹn giờ" đăng lúc Thứ Ba, 06\/05\/2025 07:00/);
    assert.match(result.stdout, /1 bài đã đăng, 1 bài hẹn giờ, 0 bản nháp/);
  });

  test("an article dated later than now is on no page, feed, sitemap, search index or comments list until its time", async () => {
    const { site, result } = await buildFixture({ "soon.md": soon, "now.md": now });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!site.exists("/2025/05/06/tin-hen-gio/"));
    for (const file of [
      "/",
      "/tin-moi/",
      "/feed.xml",
      "/feed.json",
      "/sitemaps/bai-viet-1.xml",
      "/sitemaps/tin-tuc.xml",
      "/comments-manifest.json",
      "/tin-moi/moi-nhat.html",
      "/chuyen-muc/kinh-te/",
    ]) {
      assert.ok(!site.read(file).includes("tin-hen-gio"), file);
    }
    const shards = site.json("/tim-kiem/chi-muc.json") as { shards: { articles: number }[] };
    assert.equal(
      shards.shards.reduce((sum, shard) => sum + shard.articles, 0),
      1,
    );
    const later = await runCommand(
      "build",
      ["--output", site.outDir, "--quiet"],
      fixtureEnv(site, { now: "2025-05-06T07:00:00+07:00" }),
    );
    assert.equal(later.code, 0, later.stderr);
    assert.ok(site.exists("/2025/05/06/tin-hen-gio/"), "published at its time");
    assert.ok(site.read("/feed.xml").includes("tin-hen-gio"));
  });
});

describe("npm run check on named files (a pre-commit hook's staged files)", () => {
  test("checks only those files, and leaves links between articles to the full check", async () => {
    const site = createFixture({
      "ok.md": articleFile(valid, "Xem [bài khác](/2025/05/01/bai-khac/)."),
      "bad.md": articleFile({ ...valid, title: "Tin sai", category: "Kinh te" }),
    });
    const env = fixtureEnv(site);
    const good = await runCommand("check", [path.join(site.articlesDir, "ok.md")], env);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /Nội dung hợp lệ \(chỉ 1 tệp đã nêu\)/);
    const bad = await runScript(
      "scripts/check.ts",
      [path.join(site.articlesDir, "bad.md"), path.join(site.articlesDir, "ok.md")],
      env,
    );
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bad\.md:4: category:/);
    const all = await runCommand("check", [], env);
    assert.match(all.stderr, /ok\.md:7: nội dung: liên kết tới bài "\/2025\/05\/01\/bai-khac\/"/);
  });
});

describe("old addresses (aliases)", () => {
  const moved = (aliases: unknown, title = "Tin chuyển nhà", date = "2025-05-04 08:00") =>
    articleFile({ ...valid, title, date, aliases });

  test("each old address becomes a redirect page and a _redirects line, escaped, and reaches the article", async () => {
    const { result } = await buildFixture({
      "a.md": moved(["/tin-tuc/chuyen-nha.html", "/bai-cu/chuyen-nha", '/tin/"><script>x</script>']),
    });
    assert.equal(result.code, 1, "a quote and angle brackets are not part of a path");
    assert.match(result.stderr, /a\.md:\d+: aliases\.2: mỗi địa chỉ cũ là một đường dẫn/);

    const good = await buildFixture({ "a.md": moved(["/tin-tuc/chuyen-nha.html", "/bai-cu/chuyen-nha"]) });
    assert.equal(good.result.code, 0, good.result.stderr);
    const page = load(good.site.read("/tin-tuc/chuyen-nha.html"));
    assert.equal(page('meta[http-equiv="refresh"]').attr("content"), "0; url=/2025/05/04/tin-chuyen-nha/");
    assert.equal(page('link[rel="canonical"]').attr("href")?.endsWith("/2025/05/04/tin-chuyen-nha/"), true);
    assert.equal(page('meta[name="robots"]').attr("content"), "noindex");
    assert.ok(good.site.exists("/bai-cu/chuyen-nha/"), "a path without an extension becomes a folder page");
    assert.deepEqual(good.site.read("/_redirects").trim().split("\n"), [
      "/tin-tuc/chuyen-nha.html /2025/05/04/tin-chuyen-nha/ 301",
      "/bai-cu/chuyen-nha /2025/05/04/tin-chuyen-nha/ 301",
    ]);
  });

  test("an old address may not be a full URL, leave the site, or carry a query", async () => {
    const out = await problemsOf({
      "a.md": moved([
        "https://baocu.vn/tin.html",
        "/../ngoai.html",
        "/tin?id=3",
        "tin.html",
        "/co khoang trang",
        "/tin%20cu",
        "/./tin",
      ]),
    });
    for (const index of [0, 1, 2, 3, 4, 5, 6])
      assert.match(out, new RegExp(`a\\.md:\\d+: aliases\\.${index}: mỗi địa chỉ cũ`));
  });

  test("an old address may not take the place of any page or file the site writes, or of another article", async () => {
    const siteOwn = [
      "/",
      "/assets/site.css",
      "/feed.xml",
      "/chuyen-muc/kinh-te/",
      "/tim-kiem/pagefind/pagefind.js",
      "/2025/05/",
      "/2025/05/04/",
      "/tin-moi/trang/2/",
      "/robots.txt",
      "/media/anh.jpg",
    ];
    const out = await problemsOf({
      "a.md": moved(siteOwn),
      "b.md": moved(["/2025/05/04/tin-chuyen-nha/", "/tin-cu.html"], "Tin khác"),
      "c.md": moved(["/tin-cu.html"], "Tin thứ ba"),
    });
    for (const alias of siteOwn)
      assert.match(
        out,
        new RegExp(
          `a\\.md:\\d+: aliases: địa chỉ cũ "${alias.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}" trùng với một trang hoặc tệp do báo tự tạo`,
        ),
      );
    assert.match(out, /b\.md:\d+: aliases: địa chỉ cũ "\/2025\/05\/04\/tin-chuyen-nha\/" trùng với bài .*a\.md/);
    assert.match(out, /c\.md:\d+: aliases: địa chỉ cũ "\/tin-cu\.html" trùng với địa chỉ cũ của bài .*b\.md/);
  });
});
