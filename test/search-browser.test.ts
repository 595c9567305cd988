import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "./helpers/browser.ts";
import { buildSearchSite, type SearchSite } from "./helpers/search-site.ts";

let search: SearchSite;
let browser: Browser;

before(async () => {
  search = await buildSearchSite();
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
      /^Tìm thấy \d+ bài cho “dien nong thon”\./,
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
    await page.waitForFunction(() => document.querySelectorAll(".search-result").length === 3);
    assert.deepEqual(await resultTitles(page), [
      "Bắc Yên đẩy nhanh tiến độ cấp điện nông thôn",
      "Mai Sơn về đích nông thôn mới",
      "Hoàn thành đường giao thông liên xã ở Quỳnh Nhai",
    ]);
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

  test("few recent results: the archive is searched at once and its articles follow", async () => {
    const page = await open("/tim-kiem/?q=cai+cach+hanh+chinh");
    await page.locator(".search-result h2 a", { hasText: "Những chuyển biến tích cực" }).waitFor();
    const titles = await resultTitles(page);
    assert.equal(titles[0], "Sơn La đẩy mạnh cải cách hành chính năm 2025");
    assert.equal(titles[titles.length - 1], "Những chuyển biến tích cực trong công tác cải cách hành chính");
    assert.ok(await page.locator("[data-search-archive]").isHidden());
    await page.context().close();
  });

  test("a full page of recent results offers the archive on request", async () => {
    const page = await open("/tim-kiem/?q=v%C3%A0");
    await page.locator(".search-result").first().waitFor();
    const status = (await page.locator("[data-search-status]").textContent()) ?? "";
    assert.match(status, /\(tháng 12\/2024 – tháng 5\/2025\)/);
    const archive = page.locator("[data-search-archive]");
    assert.equal(await archive.textContent(), "Tìm thêm trong lưu trữ tháng 11/2017");
    assert.ok(!(await resultTitles(page)).includes("Những chuyển biến tích cực trong công tác cải cách hành chính"));
    await archive.click();
    await page.locator("[data-search-status]", { hasText: /^Tìm thấy \d+ bài cho “và”\.$/ }).waitFor();
    assert.ok(await archive.isHidden());
    for (let pages = 0; pages < 5 && (await page.locator("[data-search-more]").isVisible()); pages++)
      await page.locator("[data-search-more]").click();
    await page.locator(".search-result h2 a", { hasText: "Những chuyển biến tích cực" }).waitFor();
    await page.context().close();
  });

  test("when the search index cannot be loaded the page says so", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route("**/tim-kiem/chi-muc.json", (route) => route.abort());
    await page.goto(`${search.server.origin}/tim-kiem/?q=cai+cach`);
    await page
      .locator("[data-search-status]", { hasText: "Chưa tải được bộ tìm kiếm. Bạn vui lòng tải lại trang." })
      .waitFor();
    assert.equal(await page.locator(".search-result").count(), 0);
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
