import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { before, describe, test } from "node:test";
import * as cheerio from "cheerio";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { articleFile, buildFixture, FIXTURE_SITE_URL, PROJECT_ROOT, type FixtureSite } from "./helpers/fixture-site.ts";

// Strings an attacker or a careless editor may put in a plain-text field.
const PAYLOADS = [
  "Giá lúa <img src=x onerror=alert(1)> tăng",
  "Tin &amp; &lt;b&gt;đã mã hóa&lt;/b&gt;",
  `Trích "dấu nháy kép" và 'nháy đơn'`,
  "Kết thúc ]]> rồi <![CDATA[ mở lại ]]>",
  "</title><script>alert(1)</script> thẻ đóng sớm",
  "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E; thực thể số",
];
const HOSTILE_CATEGORY = `Pháp luật <b onmouseover="alert(1)">& "Đời sống"</b>`;
const HOSTILE_SITE_TITLE = "Báo <i>Sơn La</i> & bạn đọc";
const HOSTILE_BODY = "Thân bài <script>alert(2)</script> có [liên kết](javascript:alert(3)) và ![ảnh](/media/anh.svg).";

/** The fixture's articles: article i carries payload i in its title, summary and author. */
const articles = Object.fromEntries(
  PAYLOADS.map((payload, i) => [
    `2025/05/bai-${i}.md`,
    articleFile(
      {
        title: payload,
        date: `2025-05-0${i + 1} 08:00`,
        category: i % 2 === 0 ? HOSTILE_CATEGORY : "Kinh tế",
        author: `${payload} Tác giả`,
        summary: `Tóm tắt: ${payload}`,
        slug: `bai-${i}`,
      },
      HOSTILE_BODY,
    ),
  ]),
);

let site: FixtureSite;
before(async () => {
  // A copy of the project's settings with a hostile site title and category name.
  const data = mkdtempSync(path.join(tmpdir(), "toasoan-data-"));
  cpSync(path.join(PROJECT_ROOT, "_data"), data, { recursive: true });
  const siteJson = JSON.parse(readFileSync(path.join(data, "site.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(path.join(data, "site.json"), JSON.stringify({ ...siteJson, title: HOSTILE_SITE_TITLE }));
  const categories = JSON.parse(readFileSync(path.join(data, "categories.json"), "utf8")) as { name: string }[];
  writeFileSync(
    path.join(data, "categories.json"),
    JSON.stringify([...categories, { name: HOSTILE_CATEGORY, slug: "phap-luat-doi-song" }]),
  );
  const built = await buildFixture(articles, {
    now: "2025-05-06T12:00:00+07:00",
    env: { TOASOAN_DATA: data },
    media: { "anh.svg": "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1200 675'/>" },
  });
  assert.equal(built.result.code, 0, built.result.stderr);
  site = built.site;
});

type XmlNode = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
});

/** Parses a feed with a real XML parser after checking it is well-formed XML. */
function parseXml(sitePath: string): XmlNode {
  const text = site.read(sitePath);
  const valid = XMLValidator.validate(text);
  assert.equal(valid, true, `${sitePath} is not well-formed XML: ${JSON.stringify(valid)}`);
  return parser.parse(text) as XmlNode;
}

const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const textOf = (node: unknown): string => (typeof node === "string" ? node : String((node as XmlNode)["#text"] ?? ""));

/** What a reader sees of an element that feed readers render as HTML: no element may appear. */
function seenAsHtml(html: string): string {
  const $ = cheerio.load(html, null, false);
  assert.equal($("*").length, 0, `plain text became markup: ${html}`);
  return $.root().text();
}

/** An Atom text construct: shown as it is when typed text, rendered when typed html. */
function seenInAtom(node: unknown): string {
  const type = typeof node === "object" && node !== null ? (node as XmlNode)["@_type"] : undefined;
  return type === "html" ? seenAsHtml(textOf(node)) : textOf(node);
}

/** The rendered body: HTML, but never with a script or a javascript: link. */
function assertSafeBody(html: string): void {
  const $ = cheerio.load(html, null, false);
  assert.equal($("script").length, 0);
  assert.equal($('[href^="javascript:"]').length, 0);
  assert.match($.root().text(), /<script>alert\(2\)<\/script>/);
  assert.match(
    $("img").attr("src") ?? "",
    new RegExp(`^${FIXTURE_SITE_URL}/anh/[\\w-]+-1200\\.svg$`),
    "body photos are their published rendition, absolute, in feeds",
  );
}

const feeds = [
  { name: "the site", base: "/" },
  { name: "a category", base: "/chuyen-muc/phap-luat-doi-song/" },
];

for (const { name, base } of feeds) {
  describe(`feeds of ${name}: plain-text fields stay text for every payload`, () => {
    test("RSS 2.0: title, description, creator and category are HTML-escaped; the body is the only HTML", () => {
      const channel = (parseXml(`${base}feed.xml`).rss as XmlNode).channel as XmlNode;
      assert.ok(seenAsHtml(textOf(channel.title)).startsWith(HOSTILE_SITE_TITLE));
      const items = asList(channel.item as XmlNode[]);
      assert.ok(items.length >= 3);
      for (const item of items) {
        const payload = PAYLOADS.find((candidate) => seenAsHtml(textOf(item.title)) === candidate);
        assert.ok(payload !== undefined, `title reaches the reader unchanged: ${textOf(item.title)}`);
        assert.equal(seenAsHtml(textOf(item.description)), `Tóm tắt: ${payload}`);
        assert.equal(seenAsHtml(textOf(item["dc:creator"])), `${payload} Tác giả`);
        assert.ok([HOSTILE_CATEGORY, "Kinh tế"].includes(seenAsHtml(textOf(item.category))));
        assertSafeBody(textOf(item["content:encoded"]));
      }
    });

    test("Atom: plain-text constructs are typed text, the content is typed html", () => {
      const feed = parseXml(`${base}atom.xml`).feed as XmlNode;
      assert.ok(seenInAtom(feed.title).startsWith(HOSTILE_SITE_TITLE));
      for (const entry of asList(feed.entry as XmlNode[])) {
        assert.equal((entry.title as XmlNode)["@_type"], "text");
        assert.equal((entry.summary as XmlNode)["@_type"], "text");
        const payload = seenInAtom(entry.title);
        assert.ok(PAYLOADS.includes(payload), payload);
        assert.equal(seenInAtom(entry.summary), `Tóm tắt: ${payload}`);
        assert.equal(textOf((entry.author as XmlNode).name), `${payload} Tác giả`);
        assert.ok([HOSTILE_CATEGORY, "Kinh tế"].includes(String((entry.category as XmlNode)["@_label"])));
        assert.equal((entry.content as XmlNode)["@_type"], "html");
        assertSafeBody(textOf(entry.content));
      }
    });

    test("JSON Feed 1.1: title, summary and names are the plain strings; content_html is the body", () => {
      const feed = JSON.parse(site.read(`${base}feed.json`)) as {
        version: string;
        title: string;
        items: { title: string; summary: string; content_html: string; authors: { name: string }[]; tags: string[] }[];
      };
      assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
      assert.ok(feed.title.startsWith(HOSTILE_SITE_TITLE));
      for (const item of feed.items) {
        assert.ok(PAYLOADS.includes(item.title), item.title);
        assert.equal(item.summary, `Tóm tắt: ${item.title}`);
        assert.equal(item.authors[0]?.name, `${item.title} Tác giả`);
        assert.ok([HOSTILE_CATEGORY, "Kinh tế"].includes(item.tags[0]!));
        assertSafeBody(item.content_html);
      }
    });
  });
}

describe("every payload reaches every feed", () => {
  test("the site feeds carry all six payloads; the category feed only its own articles", () => {
    const titles = (sitePath: string) =>
      (JSON.parse(site.read(sitePath)) as { items: { title: string }[] }).items.map((item) => item.title);
    assert.deepEqual(new Set(titles("/feed.json")), new Set(PAYLOADS));
    assert.deepEqual(
      new Set(titles("/chuyen-muc/phap-luat-doi-song/feed.json")),
      new Set(PAYLOADS.filter((_, i) => i % 2 === 0)),
    );
  });

  test("the Google News sitemap is well-formed and carries the titles as text", () => {
    const urlset = parseXml("/sitemaps/tin-tuc.xml").urlset as XmlNode;
    const titles = asList(urlset.url as XmlNode[]).map((url) => textOf((url["news:news"] as XmlNode)["news:title"]));
    assert.ok(titles.length >= 2);
    for (const title of titles) assert.ok(PAYLOADS.includes(title), JSON.stringify(title));
  });
});
