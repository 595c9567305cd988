import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { browserForRun } from "./helpers/shared-services.ts";
import { buildSearchSite, type SearchSite } from "./helpers/search-site.ts";

let search: SearchSite;
let browser: Browser;

before(async () => {
  // A shard per month, and a first answer of one shard for a query of four syllables: more shards
  // than the page searches without asking.
  search = await buildSearchSite(1, { firstKilobytes: 150, moreKilobytes: 250 });
  browser = await browserForRun();
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
      /^Tìm thấy \d+ bài cho “dien nong thon” trong (toàn bộ kho lưu trữ|\d+\/\d+ phần của kho lưu trữ có thể chứa các từ này)\./,
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
    // The same search again: the shards the other searches loaded are searched too, so it may find more.
    await page.locator("[data-search-status]", { hasText: /^Tìm thấy \d+ bài cho “nong thon” trong / }).waitFor();
    assert.ok((await resultTitles(page)).length >= Math.min(unfiltered.length, 10));
    assert.equal(await page.locator("#search-page-q").inputValue(), "nong thon");
    assert.equal(await page.locator("#search-page-sort").inputValue(), "");
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

  test("a common phrase: the first answer says how much of the archive it searched, and each press of the archive button adds results until the whole archive is searched", async () => {
    const page = await open("/tim-kiem/?q=cai+cach+hanh+chinh");
    const archive = page.locator("[data-search-archive]");
    const status = page.locator("[data-search-status]");
    await archive.waitFor();
    const phraseShards = search.shards.length;
    assert.match(
      (await status.textContent()) ?? "",
      /^Tìm thấy (\d+) bài cho “cai cach hanh chinh” trong 1\/(\d+) phần của kho lưu trữ có thể chứa các từ này\. /,
    );
    const total = Number(/trong 1\/(\d+) phần/.exec((await status.textContent()) ?? "")![1]);
    assert.ok(total >= 2 && total <= phraseShards, `${total} parts may hold the words`);
    // 250 KB a press: two shards for a query of four syllables.
    assert.equal(await archive.textContent(), `Tìm thêm trong ${Math.min(2, total - 1)} phần khác của kho lưu trữ`);
    let found = (await resultTitles(page)).length;
    while (await archive.isVisible()) {
      const before = Number(/^Tìm thấy (\d+)/.exec((await status.textContent()) ?? "")![1]);
      await archive.click();
      await page.waitForFunction((before) => {
        const text = document.querySelector("[data-search-status]")?.textContent ?? "";
        return Number(/^Tìm thấy (\d+)/.exec(text)?.[1]) > before;
      }, before);
      const now = (await resultTitles(page)).length;
      assert.ok(now >= found, "a press never shows fewer results");
      found = now;
    }
    assert.match(
      (await status.textContent()) ?? "",
      /^Tìm thấy \d+ bài cho “cai cach hanh chinh” trong toàn bộ kho lưu trữ\.$/,
    );
    assert.equal(
      (await resultTitles(page))[0],
      "Sơn La đẩy mạnh cải cách hành chính năm 2025",
      "one ranking over every shard",
    );
    while (await page.locator("[data-search-more]").isVisible()) await page.locator("[data-search-more]").click();
    assert.ok((await resultTitles(page)).includes("Những chuyển biến tích cực trong công tác cải cách hành chính"));
    await page.context().close();
  });

  test("a phrase found in one old article: the page loads that shard only and says it searched the whole archive", async () => {
    const page = await open("/tim-kiem/?q=giai+phap+thuc+hien+quyet+liet");
    await page.locator(".search-result").first().waitFor();
    assert.deepEqual(await resultTitles(page), ["Những chuyển biến tích cực trong công tác cải cách hành chính"]);
    assert.equal(
      await page.locator("[data-search-status]").textContent(),
      "Tìm thấy 1 bài cho “giai phap thuc hien quyet liet” trong toàn bộ kho lưu trữ.",
    );
    assert.ok(await page.locator("[data-search-archive]").isHidden(), "nothing further to offer");
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

  test("when a further shard fails to load during the archive search, the page says so and 'Thử lại' recovers", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${search.server.origin}/tim-kiem/?q=cai+cach+hanh+chinh`);
    const archive = page.locator("[data-search-archive]");
    await archive.waitFor();
    // The first answer is in; every shard not loaded yet now fails.
    await page.route("**/pagefind-entry.json*", (route) => route.abort());
    await archive.click();
    await page.locator("[data-search-status]", { hasText: "Chưa tải được chỉ mục tìm kiếm" }).waitFor();
    assert.ok(await page.locator("[data-search-retry]").isVisible());
    await page.unroute("**/pagefind-entry.json*");
    await page.locator("[data-search-retry]").click();
    await archive.waitFor();
    await archive.click();
    await page.locator("[data-search-status]", { hasText: /trong \d+\/\d+ phần|toàn bộ/ }).waitFor();
    assert.ok((await page.locator(".search-result").count()) > 0);
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
