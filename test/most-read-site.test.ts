// Đọc nhiều on the built site: the lists the endpoint gave the build, baked into the home page and
// each category's own page (and, like Tin mới, into article pages without ever rewriting them for
// fresh lists); and in real Chromium, the view counted with and without JavaScript and the box
// brought up to date from the endpoint.
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { CheerioAPI } from "cheerio";
import type { Browser } from "playwright-core";
import type { MostReadExport, MostReadItem } from "../comments/shared/most-read.ts";
import { hintLine } from "../lib/messages/catalogue.ts";
import { articleFile, createFixture, fixtureEnv, type FixtureSite, runCommand } from "./helpers/fixture-site.ts";
import { browserForRun } from "./helpers/shared-services.ts";
import { serveWithComments, type SiteWithComments } from "./helpers/site-with-comments.ts";

const HOSTILE = 'Lúa "được mùa" <img src=x onerror="window.__pwned=1"> & giá tăng';
const CHROME_UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

const articles: Record<string, string> = {};
for (let index = 0; index < 22; index++)
  articles[`kinh-te-${index}.md`] = articleFile({
    title: `Kinh tế số ${index}`,
    date: `2025-04-${String(1 + index).padStart(2, "0")} 08:00`,
    category: "Kinh tế",
    author: "Thanh Huyền",
  });
articles["hostile.md"] = articleFile({ title: HOSTILE, date: "2025-05-03 08:00", category: "Du lịch", author: "A" });
articles["nhap.md"] = articleFile({
  title: "Bản nháp",
  date: "2025-05-02 08:00",
  category: "Du lịch",
  author: "A",
  draft: true,
});
articles["go.md"] = articleFile({
  title: "Bài đã gỡ",
  date: "2025-05-01 08:00",
  category: "Du lịch",
  author: "A",
  withdrawn: { date: "2025-05-02 08:00", reason: "Gỡ theo yêu cầu." },
});

const url = (index: number) => `/2025/04/${String(1 + index).padStart(2, "0")}/kinh-te-so-${index}/`;
const HOSTILE_URL = "/2025/05/03/lua-duoc-mua-img-src-x-onerror-window-pwned-1-va-gia-tang/";
const item = (address: string, views: number, title = "Tiêu đề trong tệp"): MostReadItem => ({
  url: address,
  title,
  views,
});

/** What the endpoint gave: the site's lists name a withdrawn, a draft and an unknown article too. */
const FIRST: MostReadExport = {
  generated_at: "2025-05-05T04:00:00Z",
  site: {
    day: [
      item(HOSTILE_URL, 90),
      item("/2025/05/01/bai-da-go/", 80),
      item("/2025/05/02/ban-nhap/", 70),
      item("/khong-co/", 60),
      item(url(3), 50),
    ],
    week: [item(url(5), 400)],
  },
  categories: { "kinh-te": { day: [item(url(3), 50), item(HOSTILE_URL, 40)], week: [] } },
};
const SECOND: MostReadExport = {
  generated_at: "2025-05-05T05:00:00Z",
  site: { day: [item(url(7), 99)], week: [item(url(7), 500)] },
  categories: { "kinh-te": { day: [item(url(7), 99)], week: [item(url(8), 10)] } },
};

const box = ($: CheerioAPI, period: "day" | "week") =>
  $(`[data-most-read-period="${period}"] [data-most-read-list] .most-read__title`)
    .map((_, link) => $(link).attr("href"))
    .get();

let site: FixtureSite;
const build = async (lists: MostReadExport | undefined) => {
  const file = path.join(site.root, "most-read.json");
  if (lists) writeFileSync(file, JSON.stringify(lists));
  else rmSync(file, { force: true });
  const result = await runCommand("build", ["--output", site.outDir, "--quiet"], fixtureEnv(site));
  assert.equal(result.code, 0, result.stderr);
};

describe("the box as the build bakes it", () => {
  before(async () => {
    site = createFixture(articles);
    await build(FIRST);
  });

  test("the home page shows the site's lists, only articles published now, the title as text", () => {
    const $ = site.html("/");
    assert.deepEqual(box($, "day"), [HOSTILE_URL, url(3)]);
    assert.deepEqual(box($, "week"), [url(5)]);
    assert.equal($("[data-most-read]").attr("data-scope"), "");
    assert.equal($("[data-most-read]").attr("hidden"), undefined);
    const first = $('[data-most-read-period="day"] .most-read__title').first();
    assert.equal(first.text(), HOSTILE, "the build's own title, as text");
    assert.equal($("[data-most-read] img").length, 0);
    assert.equal($("template[data-most-read-item]").length, 1);
  });

  test("a category's own page shows the category's lists; its older pages and article pages the site's", () => {
    const own = site.html("/chuyen-muc/kinh-te/");
    assert.equal(own("[data-most-read]").attr("data-scope"), "kinh-te");
    assert.deepEqual(box(own, "day"), [url(3)], "an article of another category is left out");
    assert.notEqual(own(`[data-most-read-period="week"]`).attr("hidden"), undefined, "an empty list is hidden");
    for (const address of ["/chuyen-muc/kinh-te/trang/1/", url(10)]) {
      const $ = site.html(address);
      assert.equal($("[data-most-read]").attr("data-scope"), "", address);
      assert.deepEqual(box($, "day"), [HOSTILE_URL, url(3)], address);
    }
  });

  test("an article page reports its view: a picture inside <noscript>, with the article's address", () => {
    const $ = site.html(url(10));
    const marker = $("noscript[data-views]");
    assert.equal(marker.attr("data-article"), url(10));
    const pixel = $.load(marker.html()!)("img");
    assert.equal(pixel.attr("alt"), "");
    assert.equal(
      new URL(pixel.attr("src")!).searchParams.get("article"),
      url(10),
      "the picture names the article it counts",
    );
  });

  test("fresh lists rewrite the home page and the category's own page, never an article page or an older list page", async () => {
    const unchanged = [url(10), url(3), HOSTILE_URL, "/chuyen-muc/kinh-te/trang/1/"].map((address) => [
      address,
      readFileSync(site.file(address)),
    ]);
    await build(SECOND);
    for (const [address, bytes] of unchanged)
      assert.ok(readFileSync(site.file(address as string)).equals(bytes as Buffer), `${address} was rewritten`);
    assert.deepEqual(box(site.html("/"), "day"), [url(7)]);
    assert.deepEqual(box(site.html("/chuyen-muc/kinh-te/"), "week"), [url(8)]);
  });

  test("without lists the box waits hidden, its <template> ready for the page's script", async () => {
    await build(undefined);
    const $ = site.html("/");
    assert.notEqual($("[data-most-read]").attr("hidden"), undefined);
    assert.equal($("template[data-most-read-item]").length, 1);
    assert.deepEqual(box($, "day"), []);
  });

  test("a damaged file stops the build: one line naming it, its code and the fix", async () => {
    writeFileSync(path.join(site.root, "most-read.json"), '{"site": {"day": [{"url": "javascript:alert(1)"}]}}');
    const result = await runCommand("build", ["--output", site.outDir, "--quiet"], fixtureEnv(site));
    assert.equal(result.code, 1);
    const lines = result.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0]!, /most-read\.json: không phải tệp Đọc nhiều hợp lệ — /);
    assert.ok(lines[0]!.endsWith(`${hintLine("most-read.invalid")} [most-read.invalid]`), lines[0]);
  });
});

describe("in a browser, with the endpoint", () => {
  let served: SiteWithComments;
  let browser: Browser;
  let fixture: FixtureSite;
  before(async () => {
    fixture = createFixture(articles);
    served = await serveWithComments({
      outDir: fixture.outDir,
      buildEnv: fixtureEnv(fixture),
      commentsEnv: { COMMENTS_MOST_READ_MAX_AGE_S: "1" },
    });
    browser = await browserForRun();
  });
  after(async () => {
    await browser?.close();
    await served?.stop();
  });

  /** Views stored per article once the endpoint's counts in memory are written (its lists live a second). */
  async function stored(): Promise<Record<string, number>> {
    await served.comments.app.viewCounter.flush();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const lists = (await (await served.comments.admin("GET", "/api/admin/most-read")).json()) as MostReadExport;
    return Object.fromEntries(lists.site.week.map((entry) => [entry.url, entry.views]));
  }

  async function visit(address: string, javaScriptEnabled: boolean, headers: Record<string, string> = {}) {
    const context = await browser.newContext({ javaScriptEnabled, userAgent: CHROME_UA, extraHTTPHeaders: headers });
    const page = await context.newPage();
    await page.goto(served.origin + address);
    await page.waitForLoadState("networkidle");
    return { page, context };
  }

  test("with JavaScript the page's beacon counts one view; a reload within the hour does not count again", async () => {
    const { page, context } = await visit(url(10), true);
    await page.reload();
    await page.waitForLoadState("networkidle");
    await context.close();
    assert.equal((await stored())[url(10)], 1);
  });

  test("without JavaScript the picture counts the view", async () => {
    const { context } = await visit(url(11), false);
    await context.close();
    assert.equal((await stored())[url(11)], 1);
  });

  test("a reader with Do Not Track or Global Privacy Control is not counted", async () => {
    for (const headers of [{ DNT: "1" }, { "Sec-GPC": "1" }] as Record<string, string>[]) {
      const { context } = await visit(url(12), false, headers);
      await context.close();
    }
    assert.equal((await stored())[url(12)], undefined);
  });

  test("the box is brought up to date from the endpoint, titles as text, links only to the site", async () => {
    const { page, context } = await visit("/", true);
    const titles = await page.locator('[data-most-read-period="day"] .most-read__title').allTextContents();
    assert.deepEqual(titles.sort(), ["Kinh tế số 10", "Kinh tế số 11"]);
    assert.equal(await page.locator("[data-most-read]").isVisible(), true);
    assert.equal(await page.locator("[data-most-read] img").count(), 0);
    await context.close();
  });

  test("the hostile title fills the box as text when it is read most", async () => {
    const { context: reading } = await visit(HOSTILE_URL, true);
    await reading.close();
    await stored();
    const { page, context } = await visit(url(3), true);
    const titles = await page.locator('[data-most-read-period="day"] .most-read__title').allTextContents();
    assert.ok(titles.includes(HOSTILE), titles.join(" | "));
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator("[data-most-read] img").count(), 0);
    await context.close();
  });
});
