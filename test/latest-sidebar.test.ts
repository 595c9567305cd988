import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { serveStatic, type StaticSite } from "./helpers/browser.ts";
import { browserForRun } from "./helpers/shared-services.ts";
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

const newerList = {
  items: [
    {
      url: "/2025/05/03/tin-moi-hon/",
      title: '<img src=x onerror="window.__pwned=1"> Tin mới hơn',
      summary: "Tóm tắt <b>mới</b>.",
      category: { name: "Du lịch", slug: "du-lich", url: "/chuyen-muc/du-lich/" },
      dateIso: "2025-05-03T08:00:00+07:00",
      dateDisplay: "Thứ Bảy, 03/05/2025 08:00",
    },
  ],
};

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
  test("is brought up to date from /tin-moi/moi-nhat.json, as text", async () => {
    writeFileSync(site.file("/tin-moi/moi-nhat.json"), JSON.stringify(newerList));
    assert.deepEqual(await sidebarTitles(true), [newerList.items[0]!.title]);
  });

  test("keeps the baked list without JavaScript, or when the JSON cannot be loaded", async () => {
    assert.deepEqual(await sidebarTitles(false), ["Tin cũ hai", "Tin cũ một"]);
    rmSync(site.file("/tin-moi/moi-nhat.json"));
    assert.deepEqual(await sidebarTitles(true), ["Tin cũ hai", "Tin cũ một"]);
  });
});
