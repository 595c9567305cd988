// The gates themselves, on pages and files known to be wrong: a gate that passes everything would
// let every page through. Each broken input must be reported, by page and by what is wrong.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as cheerio from "cheerio";
import type { Browser } from "playwright-core";
import { serveStatic, type StaticSite } from "../helpers/browser.ts";
import { browserForRun } from "../helpers/shared-services.ts";
import { axeViolations } from "./checks/accessibility.ts";
import {
  atomProblems,
  jsonFeedProblems,
  newsSitemapProblems,
  rssProblems,
  sitemapProblems,
} from "./checks/feed-formats.ts";
import { brokenLinks } from "./checks/links.ts";
import { nuErrors } from "./checks/nu-html.ts";
import { structuredDataProblems } from "./checks/structured-data.ts";

const page = (body: string, head = "") =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Trang thử</title>${head}</head><body>${body}</body></html>`;

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "toasoan-gate-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("the quality gates report what is wrong, and where", () => {
  let browser: Browser;
  let site: StaticSite;
  const dir = folderWith({
    "index.html": page(
      '<main><h1>Trang chủ</h1><a href="/khong-co/">hỏng</a> <a href="/bai/#khong-co-neo">neo hỏng</a> <img src="/anh/khong-co.jpg" alt="ảnh"></main>',
    ),
    "bai/index.html": page('<main><h1 id="dau">Bài</h1><a href="/">về trang chủ</a></main>'),
    "loi/index.html": page('<main><h1>Lỗi</h1><p><div>khối trong đoạn</div></p><img src="/a.jpg"></main>'),
  });

  before(async () => {
    site = await serveStatic(dir);
    browser = await browserForRun();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
  });

  test("the Nu HTML Checker names the page and line of invalid HTML", async () => {
    const errors = await nuErrors(dir);
    assert.ok(errors.length > 0);
    assert.ok(errors.every((error) => error.page === "loi/index.html"));
    assert.ok(
      errors.some((error) => /alt/.test(error.message)),
      "an image without alt is an error",
    );
    assert.ok(errors.every((error) => typeof error.line === "number"));
  });

  test("the link checker reports a missing page, a missing photo and a missing anchor, with the page that links", async () => {
    const { broken } = await brokenLinks(site.origin, ["/", "/bai/", "/loi/"]);
    const urls = broken.map((link) => link.url).sort();
    assert.deepEqual(urls, ["/a.jpg", "/anh/khong-co.jpg", "/bai/#khong-co-neo", "/khong-co/"]);
    assert.equal(broken.find((link) => link.url === "/khong-co/")?.from, "/");
  });

  test("axe-core finds an image without a text alternative and poor contrast", async () => {
    const tab = await browser.newPage();
    await tab.setContent(
      page(
        '<main><h1>Thử</h1><img src="data:," width="10" height="10"><p style="color:#bbb;background:#fff">Chữ nhạt</p></main>',
      ),
    );
    const rules = (await axeViolations(tab)).map((violation) => violation.rule).sort();
    assert.deepEqual(rules, ["color-contrast", "image-alt"]);
    await tab.close();
  });
});

describe("feed and sitemap checks name the element that is missing", () => {
  test("RSS: a channel without a link and an item with a relative link and a bad date", () => {
    const problems = rssProblems(
      '<rss version="2.0"><channel><title>T</title><description>D</description><item><title>A</title><link>/a/</link><guid>1</guid><pubDate>2025-05-04</pubDate></item></channel></rss>',
    );
    assert.deepEqual(problems, [
      "<channel> has no <link>",
      "<item> 1: <link> is not an absolute URL",
      '<item> 1: <pubDate> "2025-05-04" is not RFC 822',
    ]);
    assert.match(rssProblems("<rss><channel>")[0]!, /not well-formed XML/);
  });

  test("Atom: a feed without updated or self link, an entry without id", () => {
    const problems = atomProblems(
      '<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>T</title><author><name>A</name></author><entry><title>E</title><updated>2025-05-04T08:00:00+07:00</updated><link href="https://x.test/a/"/></entry></feed>',
    );
    assert.deepEqual(problems, [
      "<feed> has no RFC 3339 <updated>",
      '<feed> has no <link rel="self">',
      "<entry> 1: no <id>",
    ]);
  });

  test("JSON Feed: a wrong version and an item without id or content", () => {
    assert.deepEqual(
      jsonFeedProblems(
        JSON.stringify({
          version: "1",
          title: "T",
          home_page_url: "https://x.test/",
          feed_url: "/f.json",
          items: [{}],
        }),
      ),
      [
        '"version" is not JSON Feed 1.1',
        '"feed_url" is not an absolute URL',
        'item 1: "id" is not a non-empty string',
        'item 1: neither "content_html" nor "content_text"',
      ],
    );
    assert.match(jsonFeedProblems("{")[0]!, /^not JSON/);
  });

  test("sitemaps: more than 50,000 URLs, a relative loc, a news entry without its publication", () => {
    const many = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${"<url><loc>https://x.test/a/</loc></url>".repeat(50_001)}</urlset>`;
    assert.deepEqual(sitemapProblems(many), ["50001 entries: more than 50000"]);
    assert.deepEqual(
      sitemapProblems('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/a/</loc></url></urlset>'),
      ['entry 1: <loc> "/a/" is not an absolute URL'],
    );
    assert.deepEqual(
      newsSitemapProblems(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://x.test/a/</loc></url></urlset>',
      ),
      ["url 1: no <news:news> with <news:publication>"],
    );
  });
});

describe("structured data checks", () => {
  test("an article page without offsets, author URL, publisher logo or social tags is reported", () => {
    const jsonLd = JSON.stringify({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: "Tiêu đề",
      datePublished: "2025-05-04T08:00:00",
      dateModified: "2025-05-04T08:00:00+07:00",
      author: { "@type": "Person", name: "Thanh Huyền" },
      publisher: { "@type": "NewsMediaOrganization", name: "Báo" },
    });
    const $ = cheerio.load(
      page(
        '<h1>Tiêu đề</h1><figure class="article__figure"><img src="/a.jpg" alt="a"></figure>',
        `<script type="application/ld+json">${jsonLd}</script><meta property="og:type" content="article">`,
      ),
    );
    const problems = structuredDataProblems($);
    for (const expected of [
      'NewsArticle: datePublished "2025-05-04T08:00:00" has no offset',
      "NewsArticle: the page has a photo but no image",
      "NewsArticle: author is not a Person with name and url",
      "NewsArticle: publisher has no name or logo",
      "no og:title",
      "no twitter:card",
      "a photo, but no absolute og:image",
    ])
      assert.ok(problems.includes(expected), `${expected} — got:\n${problems.join("\n")}`);
  });
});
