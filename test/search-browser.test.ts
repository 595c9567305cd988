import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "./helpers/browser.ts";
import { buildSearchSite, type SearchSite } from "./helpers/search-site.ts";

let search: SearchSite;
let browser: Browser;

before(async () => {
  // A shard per month: more shards than the page searches without asking.
  search = await buildSearchSite(1, 4);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await search?.server.close();
});

async function open(path: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(search.server.origin + path);
  return page;
}

const resultTitles = (page: Page) => page.locator(".search-result h2 a").allTextContents();

describe("the search page in a real browser", () => {
  test("the header box sends a plain GET to /tim-kiem/?q=… and the page runs the search on load", async () => {
    const page = await open("/");
    await page.locator("#search-q").fill("dien nong thon");
    await Promise.all([page.waitForURL(/\/tim-kiem\/\?q=dien\+nong\+thon$/), page.locator("#search-q").press("Enter")]);
    await page.locator(".search-result").first().waitFor();
    assert.equal((await resultTitles(page))[0], "Bắc Yên đẩy nhanh tiến độ cấp điện nông thôn");
    const first = page.locator(".search-result").first();
    assert.ok(
      (await first.locator("mark").allTextContents()).includes("điện"),
      "the folded query highlights the accented word",
    );
    assert.match(
      (await first.locator(".search-result__meta").textContent()) ?? "",
      /^Nông thôn mới · Thứ Sáu, 02\/05\/2025 15:00$/,
    );
    assert.match(
      (await page.locator("[data-search-status]").textContent()) ?? "",
      /^Tìm thấy \d+ bài cho “dien nong thon”( \(tháng [^)]*\))?\./,
    );
    await page.context().close();
  });

  test("typing a query, filtering by category and sorting update the URL; back restores the previous search", async () => {
    const page = await open("/tim-kiem/");
    assert.equal(await page.locator("[data-search-status]").textContent(), "Nhập từ khóa rồi bấm Tìm kiếm.");
    await page.locator("#search-page-q").fill("nong thon");
    await page.locator("#search-page-q").press("Enter");
    await page.waitForURL(/\?q=nong\+thon$/);
    await page.locator(".search-result").first().waitFor();
    const unfiltered = await resultTitles(page);
    await page.locator("#search-page-category").selectOption({ label: "Kinh tế" });
    await page.waitForURL(/\?q=nong\+thon&chuyen-muc=kinh-te$/);
    await page.locator("[data-search-status]", { hasText: "trong chuyên mục Kinh tế" }).waitFor();
    const filtered = await resultTitles(page);
    assert.ok(filtered.length < unfiltered.length);
    await page.locator("#search-page-category").selectOption({ label: "Nông thôn mới" });
    await page.locator("#search-page-sort").selectOption({ label: "Mới nhất" });
    await page.waitForURL(/chuyen-muc=nong-thon-moi&sap-xep=moi-nhat$/);
    await page.locator("[data-search-status]", { hasText: "trong chuyên mục Nông thôn mới" }).waitFor();
    await page.locator(".search-result").first().waitFor();
    const metas = await page.locator(".search-result__meta").allTextContents();
    assert.ok(metas.length >= 2);
    for (const meta of metas) assert.match(meta, /^Nông thôn mới · /);
    const dates = await page
      .locator(".search-result__meta time")
      .evaluateAll((times) => times.map((time) => Date.parse(time.getAttribute("datetime") ?? "")));
    assert.deepEqual(
      dates,
      [...dates].sort((a, b) => b - a),
      "newest first",
    );
    await page.goBack();
    await page.waitForURL(/\?q=nong\+thon&chuyen-muc=nong-thon-moi$/);
    await page.goBack();
    await page.goBack();
    await page.waitForURL(/\?q=nong\+thon$/);
    await page.waitForFunction(
      (count) => document.querySelectorAll(".search-result").length === count,
      unfiltered.length,
    );
    assert.equal(await page.locator("#search-page-q").inputValue(), "nong thon");
    assert.equal(await page.locator("#search-page-category").inputValue(), "");
    await page.context().close();
  });

  test("following a result opens the article", async () => {
    const page = await open("/tim-kiem/?q=Dak%20Lak");
    await page.locator(".search-result h2 a").first().click();
    await page.waitForURL(/\/2025\/03\/11\/dak-lak-mo-rong-vung-trong-ca-phe-dac-san\/$/);
    assert.equal(await page.locator("h1").textContent(), "Đắk Lắk mở rộng vùng trồng cà phê đặc sản");
    await page.context().close();
  });

  test("a hostile title shows as text in results and runs nothing", async () => {
    const page = await open("/tim-kiem/?q=lua%20dao%20qua%20mang");
    await page.locator(".search-result").first().waitFor();
    assert.equal((await resultTitles(page))[0], '<img src=x onerror="window.__pwned=1"> Tin thử thách bảo mật');
    assert.equal(await page.locator(".search-results img").count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await page.context().close();
  });

  test("too few whole-phrase results in the newest months: the page says which months it searched and offers the rest", async () => {
    const page = await open("/tim-kiem/?q=cai+cach+hanh+chinh");
    const archive = page.locator("[data-search-archive]");
    await archive.waitFor();
    const newest = search.shards.slice(0, 4);
    const month = (yyyymm: string) => `tháng ${Number(yyyymm.slice(5))}/${yyyymm.slice(0, 4)}`;
    assert.match(
      (await page.locator("[data-search-status]").textContent()) ?? "",
      new RegExp(`\\(${month(newest[3]!.from)} – ${month(newest[0]!.to)}\\)`),
    );
    assert.equal(
      await archive.textContent(),
      `Tìm thêm trong lưu trữ ${month(search.shards.at(-1)!.from)} – ${month(search.shards[4]!.to)}`,
    );
    assert.ok(!(await resultTitles(page)).includes("Những chuyển biến tích cực trong công tác cải cách hành chính"));
    await archive.click();
    await page.locator(".search-result h2 a", { hasText: "Những chuyển biến tích cực" }).waitFor();
    assert.ok(await archive.isHidden());
    assert.match(
      (await page.locator("[data-search-status]").textContent()) ?? "",
      /^Tìm thấy \d+ bài cho “cai cach hanh chinh”\.$/,
    );
    assert.equal(
      (await resultTitles(page))[0],
      "Sơn La đẩy mạnh cải cách hành chính năm 2025",
      "one ranking over every shard",
    );
    await page.context().close();
  });

  test("when the list of shards cannot be loaded the page says so, and 'Thử lại' searches again", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route("**/tim-kiem/chi-muc.json", (route) => route.abort());
    await page.goto(`${search.server.origin}/tim-kiem/?q=cai+cach`);
    await page.locator("[data-search-status]", { hasText: "Chưa tải được chỉ mục tìm kiếm" }).waitFor();
    assert.equal(await page.locator(".search-result").count(), 0);
    const retry = page.locator("[data-search-retry]");
    assert.ok(await retry.isVisible());
    await page.unroute("**/tim-kiem/chi-muc.json");
    await retry.click();
    await page.locator(".search-result").first().waitFor();
    assert.ok(await retry.isHidden());
    await context.close();
  });

  test("when an older shard fails to load during the archive search, the page says so and 'Thử lại' recovers", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const oldest = `**${search.shards.at(-1)!.path}pagefind-entry.json*`;
    await page.route(oldest, (route) => route.abort());
    await page.goto(`${search.server.origin}/tim-kiem/?q=cai+cach+hanh+chinh`);
    await page.locator("[data-search-archive]").click();
    await page.locator("[data-search-status]", { hasText: "Chưa tải được chỉ mục tìm kiếm" }).waitFor();
    assert.ok(await page.locator("[data-search-archive]").isEnabled());
    await page.unroute(oldest);
    await page.locator("[data-search-retry]").click();
    await page.locator("[data-search-archive]").click();
    await page.locator(".search-result h2 a", { hasText: "Những chuyển biến tích cực" }).waitFor();
    await context.close();
  });

  test("category names in the filter are in Vietnamese alphabetical order", async () => {
    const page = await open("/tim-kiem/");
    const names = (await page.locator("#search-page-category option").allTextContents()).slice(1);
    assert.deepEqual(names, [...names].sort(new Intl.Collator("vi").compare));
    assert.equal(names[0], "Bản tin thời tiết");
    await page.context().close();
  });

  test("without JavaScript the search page says what is needed and offers other ways in", async () => {
    const page = await open("/tim-kiem/?q=cai+cach", false);
    const notice = page.locator(".search-page__noscript");
    assert.ok(await notice.isVisible());
    assert.match((await notice.textContent()) ?? "", /cần bật JavaScript/);
    assert.equal(await notice.locator('a[href="/tin-moi/"]').count(), 1);
    await page.context().close();
  });
});
