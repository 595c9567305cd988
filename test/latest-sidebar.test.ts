import assert from "node:assert/strict";
import * as cheerio from "cheerio";
import { rmSync, writeFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { serveStatic, type StaticSite } from "./helpers/browser.ts";
import { browserForRun } from "./helpers/shared-services.ts";
import { ROUTES } from "../lib/settings/routes.ts";
import { articleFile, buildFixture, type FixtureSite } from "./helpers/fixture-site.ts";

let site: FixtureSite;
let server: StaticSite;
let browser: Browser;

before(async () => {
  const built = await buildFixture({
    "a.md": articleFile({ title: "Tin cũ một", date: "2025-05-01 08:00", category: "Kinh tế", author: "Lê Văn Bình" }),
    "b.md": articleFile({ title: "Tin cũ hai", date: "2025-05-02 08:00", category: "Kinh tế", author: "Lê Văn Bình" }),
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

const HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1"> Tin mới hơn';

/** The Tin mới fragment of a later build, with one more article whose title and summary hold markup. */
async function newerFragment(): Promise<string> {
  const newer = await buildFixture({
    "c.md": articleFile({
      title: HOSTILE_TITLE,
      summary: "Tóm tắt <b>mới</b>.",
      date: "2025-05-03 08:00",
      category: "Du lịch",
      author: "Lê Văn Bình",
    }),
  });
  assert.equal(newer.result.code, 0, newer.result.stderr);
  const fragment = newer.site.read(ROUTES.latestFragment);
  const items = (html: string) => cheerio.load(html)("[data-latest-list]").html()!.trim();
  const page = newer.site.read("/2025/05/03/img-src-x-onerror-window-pwned-1-tin-moi-hon/");
  assert.equal(items(fragment), items(page), "the page's own items");
  assert.equal(cheerio.load(fragment)('meta[name="robots"]').attr("content"), "noindex");
  return fragment;
}

async function sidebarTitles(javaScriptEnabled: boolean): Promise<string[]> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(`${server.origin}/2025/05/01/tin-cu-mot/`);
  if (javaScriptEnabled) await page.waitForLoadState("networkidle");
  const titles = await page.locator("[data-latest-list] .latest__title").allTextContents();
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator("[data-latest-list] img").count(), 0);
  await context.close();
  return titles;
}

describe("the Tin mới sidebar of a page the last build did not rewrite", () => {
  test("is brought up to date from the fragment the build made of the sidebar's items, as text", async () => {
    writeFileSync(site.file(ROUTES.latestFragment), await newerFragment());
    assert.deepEqual(await sidebarTitles(true), [HOSTILE_TITLE]);
  });

  test("keeps the baked list without JavaScript, or when the fragment cannot be loaded", async () => {
    assert.deepEqual(await sidebarTitles(false), ["Tin cũ hai", "Tin cũ một"]);
    rmSync(site.file(ROUTES.latestFragment));
    assert.deepEqual(await sidebarTitles(true), ["Tin cũ hai", "Tin cũ một"]);
  });
});
