// npm run test:site: the quality gates every page must pass, on the sample newspaper and on a fixture
// newsroom with every page family, built and served as readers get them. Each failure names the site,
// the page and what is wrong there.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import * as cheerio from "cheerio";
import { DateTime } from "luxon";
import type { Browser, Page } from "playwright-core";
import type { Article } from "../../lib/content/article.ts";
import type { ListingPage } from "../../lib/newsroom/listings.ts";
import { loadSettings } from "../../lib/settings/settings.ts";
import { buildSitemaps } from "../../lib/outputs/sitemaps.ts";
import { ARTICLE_PATH, ROUTES } from "../../lib/settings/routes.ts";
import { browserForRun } from "../helpers/shared-services.ts";
import { PROJECT_ROOT } from "../helpers/fixture-site.ts";
import { axeViolations } from "./checks/accessibility.ts";
import {
  atomProblems,
  jsonFeedProblems,
  NEWS_SITEMAP_LIMIT,
  newsSitemapProblems,
  rssProblems,
  SITEMAP_URL_LIMIT,
  sitemapProblems,
} from "./checks/feed-formats.ts";
import { LIGHTHOUSE_CATEGORIES, type LighthouseReport, runLighthouse } from "./checks/lighthouse.ts";
import { brokenLinks } from "./checks/links.ts";
import { nuErrors } from "./checks/nu-html.ts";
import { structuredDataProblems } from "./checks/structured-data.ts";
import { startSitesUnderTest, type PageSample, type SiteUnderTest } from "./sites-under-test.ts";
import { listFiles } from "../../lib/files/list-files.ts";

const LIGHTHOUSE_MINIMUM = 95;
const PAGE_WEIGHT_LIMIT = 30 * 1024;
/** The only scripts a page may load: search, the comment box, and the Tin mới refresh (all modules). */
const ALLOWED_SCRIPTS = [
  ROUTES.searchScript,
  ROUTES.commentsScript,
  ROUTES.latestScript,
  ROUTES.mostReadScript,
  ROUTES.videoScript,
  ROUTES.galleryScript,
];

let sites: SiteUnderTest[];
let stopSites: () => Promise<void>;
let browser: Browser;

before(async () => {
  const running = await startSitesUnderTest();
  sites = running.sites;
  stopSites = running.stop;
  browser = await browserForRun();
});
after(async () => {
  await browser?.close();
  await stopSites?.();
});

const samplePages = (site: SiteUnderTest) =>
  Object.entries(site.pages).filter((entry): entry is [keyof PageSample, string] => Boolean(entry[1]));

/** Opens a page as a reader would and waits until its scripts have done their work. */
async function open(site: SiteUnderTest, pagePath: string, colorScheme: "light" | "dark" = "light"): Promise<Page> {
  const page = await browser.newPage({ colorScheme, viewport: { width: 1366, height: 900 } });
  await page.goto(site.origin + pagePath, { waitUntil: "networkidle" });
  if (pagePath.startsWith(ROUTES.search)) await page.locator("[data-search-results] li").first().waitFor();
  return page;
}

const report = (problems: string[]) => (problems.length ? `\n  ${problems.join("\n  ")}` : "");

describe("HTML: the Nu HTML Checker finds no error on any page", () => {
  for (const which of [0, 1])
    test(`site ${which + 1}`, async (t) => {
      const site = sites[which]!;
      const errors = await nuErrors(site.dir);
      t.diagnostic(`${site.name}: ${site.htmlPages.length} HTML pages checked`);
      assert.deepEqual(
        errors.map((error) => `${site.name} /${error.page}:${error.line ?? "?"}: ${error.message}`),
        [],
      );
    });
});

describe("accessibility: axe-core finds no violation, light or dark", () => {
  for (const which of [0, 1])
    test(`site ${which + 1}: home, article with the comment box, category, search results, archive, 404`, async () => {
      const site = sites[which]!;
      const problems: string[] = [];
      for (const [name, pagePath] of samplePages(site)) {
        for (const scheme of ["light", "dark"] as const) {
          const page = await open(site, pagePath, scheme);
          for (const violation of await axeViolations(page))
            problems.push(
              `${site.name} ${name} ${pagePath} (${scheme}): ${violation.rule} — ${violation.help}: ${violation.targets.join(", ")}`,
            );
          await page.close();
        }
      }
      assert.equal(problems.length, 0, report(problems));
    });
});

describe("keyboard: a reader without a mouse", () => {
  const focused = (page: Page) =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        classes: element.className,
        text: (element.textContent ?? "").trim().slice(0, 40),
        /** A visible focus ring: an outline, or a box shadow drawn for it. */
        ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none",
        inView: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight,
      };
    });

  test("skip link first, then the header and search; every stop shows where focus is", async () => {
    const site = sites[1]!;
    const page = await open(site, ROUTES.home);
    await page.keyboard.press("Tab");
    const skip = await focused(page);
    assert.match(String(skip.classes), /skip-link/, "the first Tab reaches the skip link");
    assert.ok(skip.inView && skip.ring, "the skip link shows when focused");
    await page.keyboard.press("Enter");
    assert.equal((await focused(page)).id, "noi-dung", "Enter on the skip link moves focus to the content");

    await page.goto(site.origin + ROUTES.home);
    const stops = [];
    for (let tab = 0; tab < 6; tab++) {
      await page.keyboard.press("Tab");
      stops.push(await focused(page));
    }
    const noRing = stops.filter((stop) => !stop.ring).map((stop) => `${stop.tag} ${stop.text}`);
    assert.deepEqual(noRing, [], "every focused element has a visible focus ring");
    assert.ok(
      stops.some((stop) => stop.tag === "input"),
      "the search box is among the first stops",
    );
    await page.focus(".search-box input");
    await page.keyboard.type("cây ăn quả");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/tim-kiem\/\?q=/);
    await page.locator("[data-search-results] li a").first().waitFor();
    await page.close();
  });

  test("on an article, Tab reaches the comment form and its button, focus always visible", async () => {
    const site = sites[1]!;
    const page = await open(site, site.pages.article);
    const path: string[] = [];
    for (let tab = 0; tab < 80; tab++) {
      await page.keyboard.press("Tab");
      const stop = await focused(page);
      assert.ok(stop.ring, `no visible focus on ${stop.tag} "${stop.text}"`);
      path.push(stop.tag);
      if (stop.tag === "button" && path.includes("textarea")) break;
    }
    assert.ok(path.includes("textarea"), "the comment box is reachable");
    assert.equal(path.at(-1), "button", "its send button follows");
    await page.close();
  });
});

describe("links: every internal link and asset resolves", () => {
  for (const which of [0, 1])
    test(`site ${which + 1}`, async (t) => {
      const site = sites[which]!;
      const { checked, broken } = await brokenLinks(site.origin, site.htmlPages);
      t.diagnostic(`${site.name}: ${checked} links and assets checked`);
      assert.deepEqual(
        broken.map((link) => `${site.name}: ${link.url} (${link.status ?? "no answer"}) linked from ${link.from}`),
        [],
      );
    });
});

describe("feeds and sitemaps: what each format requires", () => {
  const checkers: [RegExp, (source: string) => string[]][] = [
    [/(^|\/)feed\.xml$/, rssProblems],
    [/(^|\/)atom\.xml$/, atomProblems],
    [/(^|\/)feed\.json$/, jsonFeedProblems],
    [/^sitemap\.xml$|^sitemaps\/(?!tin-tuc)[^/]+\.xml$/, sitemapProblems],
    [/^sitemaps\/tin-tuc\.xml$/, newsSitemapProblems],
  ];

  for (const which of [0, 1])
    test(`site ${which + 1}: every RSS, Atom and JSON feed, the sitemaps and the news sitemap`, () => {
      const site = sites[which]!;
      const problems: string[] = [];
      const seen = new Set<RegExp>();
      for (const file of listFiles(site.dir)) {
        for (const [pattern, check] of checkers) {
          if (!pattern.test(file)) continue;
          seen.add(pattern);
          for (const problem of check(readFileSync(path.join(site.dir, file), "utf8")))
            problems.push(`${site.name} /${file}: ${problem}`);
        }
      }
      assert.equal(seen.size, checkers.length, "every format is present");
      assert.equal(problems.length, 0, report(problems));
    });

  test("60,000 articles: no sitemap over 50,000 URLs, every URL listed once, the news sitemap at most 1,000", () => {
    const settings = loadSettings(PROJECT_ROOT);
    const now = DateTime.fromISO("2025-05-05T12:00:00+07:00");
    const articles = Array.from({ length: 60_000 }, (_, index) => {
      const date = now.minus({ minutes: index });
      return {
        url: `/${date.toFormat("yyyy/MM/dd")}/bai-${index}/`,
        title: `Bài ${index}`,
        dateIso: date.toISO()!,
        timestamp: date.toMillis(),
      } as unknown as Article;
    });
    const listings = Array.from({ length: 55_000 }, (_, index) => ({
      url: `/chu-de/chu-de-${index}/`,
      items: [index],
    })) as unknown as ListingPage[];
    const sitemaps = buildSitemaps(settings.site, articles, listings, now);
    for (const file of sitemaps.files)
      assert.ok(file.entries.length <= SITEMAP_URL_LIMIT, `${file.url}: ${file.entries.length}`);
    const locs = sitemaps.files.flatMap((file) => file.entries.map((entry) => entry.loc));
    assert.equal(new Set(locs).size, locs.length, "no URL twice");
    assert.equal(locs.length, 60_000 + 55_000 + 2, "every article, every section, home and archive");
    assert.equal(new Set(sitemaps.files.map((file) => file.url)).size, sitemaps.files.length);
    assert.equal(
      sitemaps.news.entries.length,
      NEWS_SITEMAP_LIMIT,
      "the news sitemap stops at 1,000 (two days hold 2,880)",
    );
    assert.equal(sitemaps.news.entries[0]!.loc, settings.site.url + articles[0]!.url, "the newest first");
  });
});

describe("structured data and social tags on every article", () => {
  for (const which of [0, 1])
    test(`site ${which + 1}`, () => {
      const site = sites[which]!;
      const problems: string[] = [];
      // An article taken down leaves a notice at its address (with the marker nginx answers 410 by).
      const atArticlePaths = site.htmlPages.filter((page) => ARTICLE_PATH.test(page));
      const isNotice = (page: string) => existsSync(path.join(site.dir, page, ".410"));
      const articles = atArticlePaths.filter((page) => !isNotice(page));
      assert.ok(articles.length > 0);
      const page$ = (pagePath: string) =>
        cheerio.load(readFileSync(path.join(site.dir, pagePath, "index.html"), "utf8"));
      for (const pagePath of articles)
        for (const problem of structuredDataProblems(page$(pagePath)))
          problems.push(`${site.name} ${pagePath}: ${problem}`);
      for (const pagePath of atArticlePaths.filter(isNotice)) {
        const $ = page$(pagePath);
        if ($('meta[name="robots"]').attr("content") !== "noindex")
          problems.push(`${site.name} ${pagePath}: a notice without noindex`);
        if ($('script[type="application/ld+json"]').text().includes("NewsArticle"))
          problems.push(`${site.name} ${pagePath}: a notice that claims to be an article`);
      }
      assert.equal(problems.length, 0, report(problems));
    });
});

describe("page weight and scripts", () => {
  for (const which of [0, 1])
    test(`site ${which + 1}: the article page's HTML and CSS stay under 30 KB compressed; scripts never block`, async (t) => {
      const site = sites[which]!;
      const html = readFileSync(path.join(site.dir, site.pages.article, "index.html"));
      const css = readFileSync(path.join(site.dir, ROUTES.stylesheet));
      const weight = gzipSync(html, { level: 9 }).length + gzipSync(css, { level: 9 }).length;
      t.diagnostic(`${site.name} ${site.pages.article}: ${(weight / 1024).toFixed(1)} KB compressed (HTML + CSS)`);
      assert.ok(weight <= PAGE_WEIGHT_LIMIT, `${(weight / 1024).toFixed(1)} KB`);
      const problems: string[] = [];
      for (const [name, pagePath] of samplePages(site)) {
        const file = pagePath.endsWith(".html") ? pagePath : `${pagePath.replace(/\?.*$/, "")}index.html`;
        const $ = cheerio.load(readFileSync(path.join(site.dir, file), "utf8"));
        $("script[src]").each((_, script) => {
          const src = $(script).attr("src")!;
          if (!ALLOWED_SCRIPTS.includes(src as (typeof ALLOWED_SCRIPTS)[number]))
            problems.push(`${name}: script ${src} is not one of the site's own scripts`);
          if ($(script).attr("type") !== "module" && $(script).attr("defer") === undefined)
            problems.push(`${name}: script ${src} blocks rendering`);
        });
        $("link[rel=stylesheet], script[src]").each((_, element) => {
          const url = $(element).attr("href") ?? $(element).attr("src") ?? "";
          if (/^(https?:)?\/\//.test(url)) problems.push(`${name}: ${url} comes from another site`);
        });
      }
      assert.equal(problems.length, 0, report(problems));
    });
});

describe("page weight of the readers' features", () => {
  test("a video article, a video file, a photo story and a long-form page stay under 30 KB compressed (HTML and CSS)", (t) => {
    const site = sites[1]!;
    const css = gzipSync(readFileSync(path.join(site.dir, ROUTES.stylesheet)), { level: 9 }).length;
    const problems: string[] = [];
    for (const name of ["video", "videoFile", "photoStory", "longform"] as const) {
      const pagePath = site.pages[name]!;
      const html = readFileSync(path.join(site.dir, pagePath, "index.html"));
      const extraCss =
        name === "photoStory"
          ? gzipSync(readFileSync(path.join(site.dir, ROUTES.galleryStyles)), { level: 9 }).length
          : 0;
      const weight = gzipSync(html, { level: 9 }).length + css + extraCss;
      t.diagnostic(
        `${name} ${pagePath}: ${(weight / 1024).toFixed(1)} KB compressed (HTML + CSS${extraCss ? " + the viewer's CSS" : ""})`,
      );
      if (weight > PAGE_WEIGHT_LIMIT) problems.push(`${name}: ${(weight / 1024).toFixed(1)} KB`);
    }
    assert.deepEqual(problems, []);
  });
});

describe("Lighthouse (mobile): performance, accessibility, best practices and SEO at least 95", () => {
  // Lighthouse's own advice: scores vary from run to run, so judge the median of several.
  const RUNS = 3;
  const pages = [
    [0, "home"],
    [0, "article"],
    [1, "video"],
    [1, "photoStory"],
    [1, "longform"],
  ] as const;
  for (const [which, name] of pages)
    test(`${which === 0 ? "the sample newspaper" : "the fixture newsroom"}: ${name}, median of ${RUNS} runs`, async (t) => {
      const site = sites[which]!;
      const results: LighthouseReport[] = [];
      for (let run = 0; run < RUNS; run++) results.push(await runLighthouse(site.origin + site.pages[name]!));
      const middle = <T>(values: T[], of: (value: T) => number) =>
        values.map(of).sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const scores = Object.fromEntries(
        LIGHTHOUSE_CATEGORIES.map((id) => [id, middle(results, (result) => result.scores[id])]),
      ) as Record<(typeof LIGHTHOUSE_CATEGORIES)[number], number>;
      t.diagnostic(
        `${site.name} ${name}: ${LIGHTHOUSE_CATEGORIES.map((id) => `${id} ${scores[id]}`).join(", ")}; ` +
          `LCP ${(middle(results, (result) => result.lcpMs) / 1000).toFixed(1)} s, CLS ${middle(results, (result) => result.cls).toFixed(3)} ` +
          `(runs: ${results.map((result) => result.scores.performance).join("/")})`,
      );
      const low = LIGHTHOUSE_CATEGORIES.filter((id) => scores[id] < LIGHTHOUSE_MINIMUM);
      assert.deepEqual(
        low,
        [],
        `${site.name} ${name}: ${report([...new Set(results.flatMap((result) => result.failing))])}`,
      );
    });
});
