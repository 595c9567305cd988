// Corrections (đính chính) and takedowns (gỡ bài), in every output a reader, a feed reader, a
// search engine or the comments endpoint sees. One fixture newsroom is built once; the takedown is
// then undone in the same folder, as an editor would, to see the article come back.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { StaticSite } from "./helpers/browser.ts";
import { serveStatic } from "./helpers/browser.ts";
import {
  articleFile,
  checkFixture,
  createFixture,
  FIXTURE_SITE_URL,
  type FixtureSite,
  fixtureEnv,
  photo,
  runCommand,
} from "./helpers/fixture-site.ts";
import { startNginx } from "./helpers/nginx-server.ts";
import { buildIndexFor } from "./helpers/search-site.ts";

const HOSTILE = `<script>alert("x")</script> & <img src=x onerror=alert(1)> "ngoặc" 'đơn'`;
const base = { category: "Kinh tế", author: "Thanh Huyền" };

const corrected = articleFile(
  {
    ...base,
    title: "Giá cà phê tăng mạnh",
    date: "2025-05-01 08:00",
    corrections: "@raw:",
  },
  "Giá cà phê hôm nay.",
).replace(
  "corrections: \n",
  `corrections:
  - date: "2025-05-03 10:00"
    text: ${JSON.stringify(`Sửa lần hai ${HOSTILE}`)}
  - date: "2025-05-02 09:30"
    text: "Bản trước ghi nhầm giá là 100.000 đồng/kg."
`,
);

const withdrawnFront = `withdrawn:
  date: "2025-05-04 15:00"
  reason: ${JSON.stringify(`Theo quyết định của tòa án ${HOSTILE}`)}
`;
const takenDown = (withdrawn: boolean) =>
  articleFile(
    {
      ...base,
      author: "Phóng viên Gỡ Bài",
      title: "Bài phải gỡ về dự án thủy điện",
      date: "2025-05-02 07:00",
      tags: ["thủy điện riêng"],
      aliases: ["/2025/05/bai-cu-phai-go.html"],
      ...(withdrawn ? { withdrawn: "@raw:" } : {}),
    },
    "Nội dung riêng xylophonezz của bài bị gỡ.\n\n![ảnh riêng](/media/rieng.jpg)\n\n![ảnh chung](/media/chung.jpg)",
  ).replace("withdrawn: \n", withdrawnFront);

const ARTICLES = {
  "corrected.md": corrected,
  "taken-down.md": takenDown(true),
  "linking.md": articleFile(
    { ...base, title: "Bài dẫn tới bài đã gỡ", date: "2025-05-03 07:00" },
    "Xem [bài cũ](/2025/05/02/bai-phai-go-ve-du-an-thuy-dien/).\n\n![ảnh chung](/media/chung.jpg)",
  ),
  "draft.md": articleFile(
    { ...base, title: "Bản nháp có ảnh", date: "2025-05-03 09:00", draft: true },
    "![ảnh nháp](/media/nhap.jpg)",
  ),
};
const MEDIA = {
  "rieng.jpg": photo("anh-nho.jpg"),
  "chung.jpg": photo("anh-nho.jpg"),
  "nhap.jpg": photo("anh-nho.jpg"),
};

const WITHDRAWN_URL = "/2025/05/02/bai-phai-go-ve-du-an-thuy-dien/";
const ALIAS = "/2025/05/bai-cu-phai-go.html";
const CORRECTED_URL = "/2025/05/01/gia-ca-phe-tang-manh/";

let site: FixtureSite;
let server: StaticSite;
let checkOutput: string;
before(async () => {
  site = createFixture(ARTICLES, { media: MEDIA });
  const built = await runCommand("build", ["--output", site.outDir, "--quiet"], fixtureEnv(site));
  assert.equal(built.code, 0, built.stderr);
  const checked = await runCommand("check", ["--output", site.outDir], fixtureEnv(site));
  assert.equal(checked.code, 0, checked.stderr);
  checkOutput = checked.stdout;
  server = await serveStatic(site.outDir);
});
after(() => server?.close());

const jsonLd = (sitePath: string) =>
  JSON.parse(site.html(sitePath)('script[type="application/ld+json"]').first().text()) as Record<string, unknown>;

describe("corrections", () => {
  test("the article page shows each correction with its date, oldest first, as text", () => {
    const $ = site.html(CORRECTED_URL);
    const items = $(".corrections li");
    assert.equal($(".corrections h2").text(), "Đính chính");
    assert.equal(items.length, 2);
    assert.equal(items.eq(0).attr("id"), "dinh-chinh-1");
    assert.equal(items.eq(0).find("time").attr("datetime"), "2025-05-02T09:30:00+07:00");
    assert.match(items.eq(0).text(), /Bản trước ghi nhầm giá/);
    assert.ok(items.eq(1).text().includes(`Sửa lần hai ${HOSTILE}`), "hostile text shown as text");
    assert.equal($(".corrections script, .corrections img").length, 0, "no markup from the correction");
    assert.match($(".article__meta").text(), /Cập nhật.*03\/05\/2025 10:00/, "a correction is an update");
  });

  test("JSON-LD carries them as schema.org correction, with dateModified", () => {
    const data = jsonLd(CORRECTED_URL);
    assert.equal(data.dateModified, "2025-05-03T10:00:00+07:00");
    assert.deepEqual(data.correction, [
      {
        "@type": "CorrectionComment",
        text: "Bản trước ghi nhầm giá là 100.000 đồng/kg.",
        datePublished: "2025-05-02T09:30:00+07:00",
      },
      { "@type": "CorrectionComment", text: `Sửa lần hai ${HOSTILE}`, datePublished: "2025-05-03T10:00:00+07:00" },
    ]);
    assert.ok(!site.read(CORRECTED_URL).includes("<script>alert"), "the JSON-LD block cannot be closed early");
  });

  test("Atom and JSON Feed mark the item updated; RSS stays valid", () => {
    const atom = site.xml("/atom.xml");
    const entry = atom("entry").filter((_, element) => atom(element).find("title").text() === "Giá cà phê tăng mạnh");
    assert.equal(entry.find("updated").text(), "2025-05-03T10:00:00+07:00");
    assert.equal(entry.find("published").text(), "2025-05-01T08:00:00+07:00");
    const feed = site.json("/feed.json") as { items: { title: string; date_modified: string }[] };
    const item = feed.items.find((candidate) => candidate.title === "Giá cà phê tăng mạnh")!;
    assert.equal(item.date_modified, "2025-05-03T10:00:00+07:00");
  });

  test("/dinh-chinh/ lists every correction newest first, linked to its place on the page", () => {
    const $ = site.html("/dinh-chinh/");
    const items = $(".corrections-list__item");
    assert.equal(items.length, 2);
    assert.ok(items.eq(0).text().includes(`Sửa lần hai ${HOSTILE}`));
    assert.equal(items.eq(0).find("a").attr("href"), `${CORRECTED_URL}#dinh-chinh-2`);
    assert.equal(items.eq(1).find("a").attr("href"), `${CORRECTED_URL}#dinh-chinh-1`);
    assert.equal($("a[href='/dinh-chinh/']").length > 0, true, "the footer links to it");
    assert.equal(site.html("/")('footer a[href="/dinh-chinh/"]').length, 1, "every page's footer links to it");
  });

  test("the corrections page has feeds of its own in the three formats, text escaped", () => {
    const atom = site.xml("/dinh-chinh/atom.xml");
    const entries = atom("entry");
    assert.equal(entries.length, 2);
    assert.equal(entries.eq(0).find("id").text(), `${FIXTURE_SITE_URL}${CORRECTED_URL}#dinh-chinh-2`);
    assert.equal(entries.eq(0).find("title").text(), "Đính chính bài: Giá cà phê tăng mạnh");
    assert.ok(!site.read("/dinh-chinh/atom.xml").includes("<script>"), "escaped in XML");
    const rss = site.read("/dinh-chinh/feed.xml");
    assert.ok(!rss.includes("<script>") && !rss.includes("&lt;script&gt;alert"), "RSS text is HTML-escaped, then XML");
    const json = site.json("/dinh-chinh/feed.json") as { items: { id: string; summary: string }[] };
    assert.equal(json.items[0]!.summary, `Sửa lần hai ${HOSTILE}`);
    assert.equal(
      site.html("/dinh-chinh/")('link[type="application/atom+xml"]').last().attr("href"),
      "/dinh-chinh/atom.xml",
    );
  });

  test("npm run check refuses a correction dated before the article, or with no text, naming the line", async () => {
    const file = articleFile({ ...base, title: "Tin", date: "2025-05-02 08:00", corrections: "@raw:" }).replace(
      "corrections: \n",
      'corrections:\n  - date: "2025-05-03 08:00"\n    text: ""\n  - text: "Thiếu ngày"\n',
    );
    const early = await checkFixture({
      "a.md": file.replace(
        /corrections:\n[^]*$/,
        'corrections:\n  - date: "2025-05-01 08:00"\n    text: "Sai ngày"\n---\nNội dung.\n',
      ),
    });
    assert.equal(early.code, 1);
    assert.match(early.stderr, /a\.md:6: corrections\.0\.date: sớm hơn ngày đăng/);
    const result = await checkFixture({ "a.md": file });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /a\.md:6: corrections\.0\.text: đang để trống/);
    assert.match(
      result.stderr,
      /a\.md:6: corrections\.1\.date: thiếu trường bắt buộc — thêm dòng `date: 2017-12-06 09:00`/,
    );
    assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/, "no stack trace");
  });
});

describe("takedowns", () => {
  test("the address and each old address answer with a notice: date, reason as text, noindex", () => {
    for (const address of [WITHDRAWN_URL, ALIAS]) {
      const $ = site.html(address);
      assert.equal($('meta[name="robots"]').attr("content"), "noindex", address);
      assert.equal($("h1").text(), "Bài viết đã được gỡ");
      assert.equal($(".withdrawn time").attr("datetime"), "2025-05-04T15:00:00+07:00");
      assert.ok($(".withdrawn dd").last().text().includes(`Theo quyết định của tòa án ${HOSTILE}`));
      assert.equal($("main script, main img").length, 0);
      assert.ok(!site.read(address).includes("xylophonezz"), "nothing of the article itself");
      assert.ok(!site.read(address).includes("Bài phải gỡ"), "not even its title");
    }
    assert.ok(site.exists(`${WITHDRAWN_URL}.410`), "the marker nginx answers 410 by");
    assert.ok(site.exists(`${ALIAS}.410`));
  });

  test("nginx with the README's settings answers 410 Gone with the notice there, 200 elsewhere", async () => {
    const nginx = await startNginx(site.outDir);
    try {
      for (const address of [WITHDRAWN_URL, ALIAS]) {
        const response = await fetch(`${nginx.origin}${encodeURI(address)}`);
        assert.equal(response.status, 410, address);
        assert.match(await response.text(), /Bài viết đã được gỡ/);
      }
      assert.equal((await fetch(`${nginx.origin}${CORRECTED_URL}`)).status, 200);
      const missing = await fetch(`${nginx.origin}/2025/05/02/khong-co/`);
      assert.equal(missing.status, 404);
      assert.match(await missing.text(), /Không tìm thấy trang/);
      assert.equal((await fetch(`${nginx.origin}/.toasoan-deploy/root.json`)).status, 403);
    } finally {
      await nginx.stop();
    }
  });

  test("it is gone from lists, Tin mới, the home page, author and topic pages", () => {
    for (const page of ["/", "/tin-moi/", "/chuyen-muc/kinh-te/", "/2025/05/", "/2025/05/02/", "/luu-tru/"]) {
      if (!site.exists(page)) continue;
      assert.ok(!site.read(page).includes("Bài phải gỡ"), page);
    }
    assert.ok(!site.exists("/tac-gia/phong-vien-go-bai/"), "its only author's page is gone");
    assert.ok(!site.exists("/chu-de/thuy-dien-rieng/"), "its only topic's page is gone");
    assert.ok(!site.read("/tin-moi/moi-nhat.html").includes("Bài phải gỡ"));
  });

  test("it is gone from every feed, every sitemap (Google News too) and the comments manifest", () => {
    for (const feed of ["/feed.xml", "/atom.xml", "/feed.json", "/chuyen-muc/kinh-te/atom.xml"])
      assert.ok(!site.read(feed).includes("Bài phải gỡ"), feed);
    const sitemaps = site
      .xml("/sitemap.xml")("sitemap loc")
      .map((_, element) => new URL(site.xml("/sitemap.xml")(element).text()).pathname)
      .get();
    assert.ok(sitemaps.length > 0);
    for (const sitemap of sitemaps) assert.ok(!site.read(sitemap).includes("bai-phai-go"), sitemap);
    const manifest = site.json("/comments-manifest.json") as { articles: string[] };
    assert.ok(manifest.articles.includes(CORRECTED_URL));
    assert.ok(!manifest.articles.includes(WITHDRAWN_URL), "the endpoint takes no comments for it");
  });

  test("search finds the published articles and never the one taken down", async () => {
    const index = await buildIndexFor(site, server);
    assert.equal((await index.search("xylophonezz"))!.results.length, 0);
    assert.ok((await index.search("cà phê"))!.results.length > 0);
  });

  test("its photos are off the site unless a published article shows them; a draft's never reach it", () => {
    assert.ok(site.exists("/media/chung.jpg"), "shared with a published article");
    assert.ok(!site.exists("/media/rieng.jpg"), "only the article taken down used it");
    assert.ok(!site.exists("/media/nhap.jpg"), "a draft's photo");
    const renditions = readFileSync(site.file("/2025/05/03/bai-dan-toi-bai-da-go/"), "utf8");
    assert.match(renditions, /\/anh\//, "the published article's photo has its renditions");
  });

  test("a link from another article is a warning in npm run check, not an error", () => {
    assert.match(
      checkOutput,
      /Cảnh báo: .*articles\/linking\.md:\d+: nội dung: liên kết tới bài đã gỡ "\/2025\/05\/02\/bai-phai-go-ve-du-an-thuy-dien\/".* \[content\.link-withdrawn\]$/m,
    );
    assert.match(checkOutput, /Đã gỡ: .*articles\/taken-down\.md: "Bài phải gỡ về dự án thủy điện" gỡ lúc/);
    assert.match(checkOutput, /2 bài đã đăng, 0 bài hẹn giờ, 1 bản nháp, 1 bài đã gỡ\./);
  });

  test("a takedown without a reason or dated before the article is refused", async () => {
    const file = articleFile({ ...base, title: "Tin", date: "2025-05-02 08:00", withdrawn: "@raw:" }).replace(
      "withdrawn: \n",
      'withdrawn:\n  date: "2025-05-01 08:00"\n',
    );
    const result = await checkFixture({ "a.md": file });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /a\.md:6: withdrawn\.reason: thiếu trường bắt buộc/);
    const early = await checkFixture({
      "a.md": file.replace('  date: "2025-05-01 08:00"\n', '  date: "2025-05-01 08:00"\n  reason: "Lý do"\n'),
    });
    assert.match(early.stderr, /a\.md:6: withdrawn\.date: sớm hơn ngày đăng/);
  });

  test("removing withdrawn: puts the article back, at every address, with its photo", async () => {
    writeFileSync(path.join(site.articlesDir, "taken-down.md"), takenDown(false));
    const rebuilt = await runCommand("build", ["--output", site.outDir, "--quiet"], fixtureEnv(site));
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    assert.equal(site.html(WITHDRAWN_URL)("h1").text(), "Bài phải gỡ về dự án thủy điện");
    assert.equal(site.html(WITHDRAWN_URL)('meta[name="robots"]').attr("content"), "max-image-preview:large");
    assert.ok(!existsSync(site.file(`${WITHDRAWN_URL}.410`)), "no 410 marker left");
    assert.match(site.read(ALIAS), /http-equiv="refresh"/, "the old address redirects again");
    assert.ok(site.exists("/media/rieng.jpg"));
    assert.ok(site.read("/tin-moi/").includes("Bài phải gỡ"));
    assert.ok(site.exists("/tac-gia/phong-vien-go-bai/"));
  });
});
