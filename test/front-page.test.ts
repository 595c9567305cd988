import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { articleUrl } from "../lib/settings/routes.ts";
import { slugify } from "../lib/text/text.ts";
import { serveStatic, type StaticSite } from "./helpers/browser.ts";
import { browserForRun } from "./helpers/shared-services.ts";
import { articleFile, buildFixture, FIXTURE_SITE_URL, photo, type FixtureSite } from "./helpers/fixture-site.ts";

const HOSTILE_TITLE = 'Giá lúa "tăng" <img src=x onerror=alert(1)> & giảm';

/** Articles one day apart, newest first in `titles`; those named in `withPhoto` have the fixture's lead photo. */
function dailyArticles(titles: string[], withPhoto: string[]): Record<string, string> {
  return Object.fromEntries(
    titles.map((title, index) => {
      const day = String(28 - index).padStart(2, "0");
      const front = {
        title,
        date: `2025-04-${day} 08:00`,
        category: index % 2 ? "Kinh tế" : "Thể thao",
        author: "Thanh Huyền",
        summary: `Tóm tắt ${title}`,
        ...(withPhoto.includes(title) ? { image: "/media/anh-lon.jpg", image_alt: `Ảnh ${title}` } : {}),
      };
      return [`tin-${index}.md`, articleFile(front)];
    }),
  );
}

const titlesOf = ($: ReturnType<FixtureSite["html"]>, selector: string) =>
  $(selector)
    .map((_, element) => $(element).text().trim())
    .get();

describe("the front page: a lead story with its photo, secondary stories, Tin mới and the categories", () => {
  let site: FixtureSite;
  const titles = ["Tin một", "Tin hai có ảnh", "Tin ba", "Tin bốn có ảnh", "Tin năm", "Tin sáu", "Tin bảy"];

  before(async () => {
    const built = await buildFixture(dailyArticles(titles, ["Tin hai có ảnh", "Tin bốn có ảnh"]), {
      media: { "anh-lon.jpg": photo("anh-lon.jpg") },
    });
    assert.equal(built.result.code, 0, built.result.stderr);
    site = built.site;
  });

  test("the newest article with a photo leads, with its photo large, fetched first, its size reserved", () => {
    const $ = site.html("/");
    const lead = $(".front .lead-story");
    assert.equal(lead.length, 1);
    assert.equal(lead.find(".lead-story__title").text().trim(), "Tin hai có ảnh");
    assert.equal(lead.find(".lead-story__summary").text(), "Tóm tắt Tin hai có ảnh");
    const img = lead.find(".lead-story__image img");
    assert.equal(img.attr("loading"), "eager");
    assert.equal(img.attr("fetchpriority"), "high");
    assert.ok(Number(img.attr("width")) >= 800 && Number(img.attr("height")) > 0);
    assert.ok(lead.find("source[type='image/avif']").attr("srcset"));
    assert.equal($("img[fetchpriority='high']").length, 1, "only the lead photo is fetched first");
  });

  test("the next newest stories follow in order; a story without a photo has no empty photo box", () => {
    const $ = site.html("/");
    assert.deepEqual(titlesOf($, ".cards--secondary .card__title"), ["Tin một", "Tin ba", "Tin bốn có ảnh", "Tin năm"]);
    const cards = $(".cards--secondary .card");
    cards.each((_, card) => {
      const hasPhoto = $(card).find(".card__image").length === 1;
      assert.equal(hasPhoto, $(card).find(".card__title").text().includes("có ảnh"));
      assert.equal($(card).hasClass("card--photo"), hasPhoto);
    });
    const thumbnail = $(".cards--secondary .card__image img");
    assert.equal(thumbnail.attr("loading"), "lazy");
    assert.ok(thumbnail.attr("width") && thumbnail.attr("height"));
  });

  test("Tin mới and a block per category with articles are on the page too", () => {
    const $ = site.html("/");
    assert.deepEqual(titlesOf($, ".latest .latest__title"), titles);
    assert.deepEqual(titlesOf($, ".home-category h2"), ["Kinh tế", "Thể thao"], "in categories.json order");
  });

  test("headings run in order: one h1, then h2 sections, then h3 stories", () => {
    const $ = site.html("/");
    const levels = $("h1, h2, h3")
      .map((_, heading) => Number(heading.tagName.slice(1)))
      .get();
    assert.equal(levels[0], 1);
    for (let index = 1; index < levels.length; index++) assert.ok(levels[index]! - levels[index - 1]! <= 1);
  });
});

describe("the front page without photos, or with only old ones", () => {
  test("without any photo the newest article leads, without a photo box", async () => {
    const { site, result } = await buildFixture(dailyArticles(["Mới nhất", "Thứ hai", "Thứ ba"], []));
    assert.equal(result.code, 0, result.stderr);
    const $ = site.html("/");
    assert.equal($(".lead-story__title").text().trim(), "Mới nhất");
    assert.equal($(".lead-story__image").length, 0);
    assert.deepEqual(titlesOf($, ".cards--secondary .card__title"), ["Thứ hai", "Thứ ba"]);
  });

  test("a photo story older than the twenty newest articles never leads", async () => {
    const titles = Array.from({ length: 21 }, (_, index) => `Bài số ${index + 1}`);
    const { site, result } = await buildFixture(dailyArticles(titles, ["Bài số 21"]), {
      media: { "anh-lon.jpg": photo("anh-lon.jpg") },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(site.html("/")(".lead-story__title").text().trim(), "Bài số 1");
  });
});

describe("the article page: share links without third-party scripts, breadcrumbs", () => {
  let site: FixtureSite;
  const url = articleUrl(2025, 5, 4, slugify(HOSTILE_TITLE));

  before(async () => {
    const front = { title: HOSTILE_TITLE, date: "2025-05-04 08:00", category: "Kinh tế", author: "Thanh Huyền" };
    const built = await buildFixture({ "a.md": articleFile(front) });
    assert.equal(built.result.code, 0, built.result.stderr);
    site = built.site;
  });

  test("Facebook, X and email links carry the article's address and title, encoded", () => {
    const $ = site.html(url);
    const links = $(".share a")
      .map((_, a) => new URL($(a).attr("href")!))
      .get() as URL[];
    assert.deepEqual(
      links.map((link) => link.protocol + link.host),
      ["https:www.facebook.com", "https:twitter.com", "mailto:"],
    );
    const address = `${FIXTURE_SITE_URL}${url}`;
    assert.equal(links[0]!.searchParams.get("u"), address);
    assert.equal(links[1]!.searchParams.get("url"), address);
    assert.equal(links[1]!.searchParams.get("text"), HOSTILE_TITLE);
    assert.equal(links[2]!.searchParams.get("subject"), HOSTILE_TITLE);
    assert.equal(links[2]!.searchParams.get("body"), address);
    assert.equal($(".share img").length, 0, "the title stays text");
    assert.deepEqual(
      $("script[src]")
        .map((_, script) => $(script).attr("src"))
        .get()
        .filter((src: string) => /^(https?:)?\/\//.test(src)),
      [],
      "no third-party script",
    );
  });

  test("breadcrumbs lead home and to the category, named for screen readers", () => {
    const $ = site.html(url);
    const crumbs = $("nav.breadcrumbs");
    assert.equal(crumbs.attr("aria-label"), "Bạn đang ở");
    assert.deepEqual(
      crumbs
        .find("a")
        .map((_, a) => $(a).attr("href"))
        .get(),
      ["/", "/chuyen-muc/kinh-te/"],
    );
  });
});

describe("as a reader sees it in Chromium (phone and desktop, screen and print)", () => {
  let browser: Browser;
  let server: StaticSite;
  let site: FixtureSite;
  const titles = ["Tin một có ảnh", "Tin hai", "Tin ba có ảnh", "Tin bốn", "Tin năm"];

  before(async () => {
    const built = await buildFixture(dailyArticles(titles, ["Tin một có ảnh", "Tin ba có ảnh"]), {
      media: { "anh-lon.jpg": photo("anh-lon.jpg") },
    });
    assert.equal(built.result.code, 0, built.result.stderr);
    site = built.site;
    server = await serveStatic(site.outDir);
    browser = await browserForRun();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string, width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`${server.origin}${path}`);
    return page;
  }

  test("on a phone the header and categories take at most a quarter of the first screen, search in view", async () => {
    const page = await open("/", 390, 844);
    const header = await page.locator(".site-header").boundingBox();
    assert.ok(header && header.height <= 844 / 4, `header ${header?.height}px high`);
    assert.ok(await page.locator(".search-box input").isVisible());
    const search = await page.locator(".search-box").boundingBox();
    assert.ok(search && search.x + search.width <= 390, "the search box fits the screen");
    const links = await page
      .locator(".site-nav a")
      .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().top));
    assert.equal(new Set(links).size, 1, "the categories are one row that scrolls sideways");
    const scroll = await page.locator(".site-nav ul").evaluate((list) => list.scrollWidth > list.clientWidth);
    assert.ok(scroll);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(overflow, 0, "the page itself never scrolls sideways");
    await page.close();
  });

  test("on a phone, list photos are thumbnails beside the title", async () => {
    const page = await open("/", 390, 844);
    const card = page.locator(".cards--secondary .card--photo").first();
    const image = await card.locator(".card__image img").boundingBox();
    const title = await card.locator(".card__title").boundingBox();
    assert.ok(image && title && image.width <= 130 && title.x > image.x + image.width - 1);
    await page.close();
  });

  test("on a desktop the front page uses the screen's width: lead photo and text side by side, Tin mới beside", async () => {
    const page = await open("/", 1366, 900);
    const main = await page.locator(".page").boundingBox();
    assert.ok(main && main.width >= 1366 * 0.85, `content ${main?.width}px wide`);
    const photo = await page.locator(".lead-story__image img").boundingBox();
    const text = await page.locator(".lead-story__text").boundingBox();
    const latest = await page.locator(".latest").boundingBox();
    assert.ok(photo && text && latest);
    assert.ok(text.x >= photo.x + photo.width, "the lead's text beside its photo");
    assert.ok(photo.y + photo.height <= 900, "the lead photo is above the fold");
    assert.ok(latest.x > text.x + text.width - 1 && latest.y < 900, "Tin mới in its own column, above the fold");
    await page.close();
  });

  test("printing an article prints the article and its photo only", async () => {
    const page = await open("/2025/04/28/tin-mot-co-anh/", 1366, 900);
    await page.emulateMedia({ media: "print" });
    const visible = async (selector: string) => page.locator(selector).first().isVisible();
    for (const selector of [".article__title", ".article__figure img", ".article__body"])
      assert.ok(await visible(selector), `${selector} is printed`);
    for (const selector of [
      ".site-header",
      ".breadcrumbs",
      ".share",
      ".latest",
      ".comments",
      ".site-footer",
      ".skip-link",
    ])
      assert.equal(await visible(selector), false, `${selector} is not printed`);
    await page.close();
  });
});
