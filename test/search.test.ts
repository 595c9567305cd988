import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { excerptParts, searchAcross, searchVietnamese, type SortOrder } from "../client/search-engine.ts";
import { compareVietnamese } from "../lib/vietnamese.ts";
import { meanReciprocalRank, ourRanking, stockRanking } from "./helpers/relevance.ts";
import { buildSearchSite, type SearchSite } from "./helpers/search-site.ts";

let search: SearchSite;
before(async () => {
  search = await buildSearchSite();
});
after(async () => {
  await search.server.close();
});

async function titles(query: string, options: { category?: string; sort?: SortOrder } = {}): Promise<string[]> {
  const outcome = await searchVietnamese(
    search.pagefind,
    query,
    options.category ? { category: options.category } : undefined,
    options.sort ?? "relevance",
  );
  return Promise.all(outcome.hits.map(async (hit) => (await hit.data()).meta.title ?? ""));
}

describe("Vietnamese search behaviour", () => {
  test("'dien nong thon' finds 'Bắc Yên đẩy nhanh tiến độ cấp điện nông thôn' first", async () => {
    assert.equal((await titles("dien nong thon"))[0], "Bắc Yên đẩy nhanh tiến độ cấp điện nông thôn");
  });

  test("'Dak Lak' finds 'Đắk Lắk mở rộng vùng trồng cà phê đặc sản' first", async () => {
    assert.equal((await titles("Dak Lak"))[0], "Đắk Lắk mở rộng vùng trồng cà phê đặc sản");
  });

  test("'dang bo' finds 'Đảng bộ huyện Sốp Cộp…' above 'Đa dạng các bộ sưu tập…'", async () => {
    const found = await titles("dang bo");
    assert.equal(found[0], "Đảng bộ huyện Sốp Cộp lãnh đạo phát triển kinh tế biên giới");
  });

  test("'cai cach hanh chinh' ranks the article with the exact phrase above the one with scattered syllables", async () => {
    const found = await titles("cai cach hanh chinh");
    assert.equal(found[0], "Sơn La đẩy mạnh cải cách hành chính năm 2025");
    assert.ok(found.indexOf("Hội nghị bàn cách làm mới trong quản lý") > 0);
  });

  test("'cải cách' and 'cai cach' find the same articles", async () => {
    assert.deepEqual(new Set(await titles("cải cách")), new Set(await titles("cai cach")));
  });

  test("an accented query ranks its exact-accent match first: 'điện' → Điện Biên, 'diện' → diện tích", async () => {
    assert.equal((await titles("điện biên"))[0], "Điện Biên đón đoàn công tác tỉnh bạn");
    assert.equal((await titles("diện tích"))[0], "Mở rộng diện tích trồng xoài ở Yên Châu");
    assert.ok(!(await titles("điện")).includes("Mở rộng diện tích trồng xoài ở Yên Châu"), "đ does not match plain d");
  });

  test("a query word that matches nothing is reported instead of silently dropped", async () => {
    const outcome = await searchVietnamese(search.pagefind, "xyzqw cai cach", undefined, "relevance");
    assert.deepEqual(outcome.unmatched, ["xyzqw"]);
  });

  test("the category filter keeps only that category", async () => {
    const found = await titles("nong thon", { category: "Nông thôn mới" });
    assert.ok(found.length >= 2);
    const all = await titles("nong thon");
    assert.ok(all.length >= found.length);
    for (const title of found)
      assert.ok(
        [
          "Bắc Yên đẩy nhanh tiến độ cấp điện nông thôn",
          "Mai Sơn về đích nông thôn mới",
          "Hoàn thành đường giao thông liên xã ở Quỳnh Nhai",
        ].includes(title),
        title,
      );
  });

  test("'newest' sorts by publication date, also across đ and d readings", async () => {
    const found = await titles("dien", { sort: "newest" });
    assert.deepEqual(found, [
      "Bắc Yên đẩy nhanh tiến độ cấp điện nông thôn",
      "Mở rộng diện tích trồng xoài ở Yên Châu",
      "Điện Biên đón đoàn công tác tỉnh bạn",
    ]);
  });

  test("only article bodies and titles are indexed: the site description in every footer is not found", async () => {
    assert.deepEqual(await titles("Tây Bắc"), []);
    assert.deepEqual(await titles("Bỏ qua đến nội dung chính"), []);
  });

  test("category and author are filters with the articles' values", async () => {
    const filters = await search.pagefind.filters();
    assert.equal(filters.category?.["Nông thôn mới"], 3);
    assert.equal(filters.author?.["Lò Thị Mai"], 4);
    assert.equal(filters.author?.["<b>Kẻ xấu</b>"], 1);
  });

  test("a hostile title is stored as plain text in the index", async () => {
    const outcome = await searchVietnamese(search.pagefind, "thu thach bao mat", undefined, "relevance");
    const data = await outcome.hits[0]!.data();
    assert.equal(data.meta.title, '<img src=x onerror="window.__pwned=1"> Tin thử thách bảo mật');
    assert.match(data.content, /<script>window\.__pwned=3<\/script>/, "body markup is text, not markup");
  });
});

describe("recent and archive indexes", () => {
  test("the newest months holding the configured number of articles form the first index; older months the archive", async () => {
    const manifest = search.site.json("/tim-kiem/chi-muc.json") as { bundles: unknown[] };
    assert.deepEqual(manifest.bundles, [
      { path: "/pagefind/", from: "2024-12", to: "2025-05", pages: 15 },
      { path: "/pagefind-luu-tru/", from: "2017-11", to: "2017-11", pages: 1 },
    ]);
  });

  test("when the recent years give too few results, the archive is searched and its hits come after", async () => {
    const outcome = await searchAcross(search.bundles, "cai cach hanh chinh", undefined, "relevance", 10);
    assert.equal(outcome.searched, 2);
    const found = await Promise.all(outcome.hits.map(async (hit) => (await hit.data()).meta.title));
    assert.equal(found[0], "Sơn La đẩy mạnh cải cách hành chính năm 2025");
    assert.equal(found[found.length - 1], "Những chuyển biến tích cực trong công tác cải cách hành chính");
  });

  test("when the recent years give enough results, the archive index is not loaded", async () => {
    let archiveLoaded = false;
    const outcome = await searchAcross(
      [async () => search.pagefind, async () => ((archiveLoaded = true), search.archive)],
      "cai cach",
      undefined,
      "relevance",
      1,
    );
    assert.equal(outcome.searched, 1);
    assert.equal(archiveLoaded, false);
  });

  test("a word unmatched in the recent years but present in the archive is not reported as unmatched", async () => {
    const outcome = await searchAcross(search.bundles, "hài lòng", undefined, "relevance", 10);
    assert.deepEqual(outcome.unmatched, []);
    const found = await Promise.all(outcome.hits.map(async (hit) => (await hit.data()).meta.title));
    assert.ok(found.includes("Những chuyển biến tích cực trong công tác cải cách hành chính"));
  });
});

describe("relevance against stock Pagefind", () => {
  test("our ranking beats stock Pagefind on the relevance set (MRR@10)", async (t) => {
    const stock = await meanReciprocalRank((query) => stockRanking(search.pagefind, query));
    const ours = await meanReciprocalRank((query) => ourRanking(search.bundles, query));
    t.diagnostic(
      `MRR@10: ours ${ours.mrr.toFixed(3)}, stock Pagefind ${stock.mrr.toFixed(3)} over ${ours.perQuery.length} queries`,
    );
    for (const [i, entry] of ours.perQuery.entries())
      t.diagnostic(`  ${entry.query}: ours ${entry.rr.toFixed(2)}, stock ${stock.perQuery[i]!.rr.toFixed(2)}`);
    assert.ok(ours.mrr > stock.mrr);
    assert.ok(ours.mrr >= 0.9, `ours ${ours.mrr}`);
  });
});

describe("excerpts and ordering helpers", () => {
  test("an excerpt marks folded matches and keeps the text as text", () => {
    const parts = excerptParts("Huyện Bắc Yên cấp điện nông thôn <b>cho</b> bản", ["dien", "nong"]);
    assert.deepEqual(
      parts.filter((part) => part.match).map((part) => part.text),
      ["điện", "nông"],
    );
    assert.equal(parts.map((part) => part.text).join(""), "Huyện Bắc Yên cấp điện nông thôn <b>cho</b> bản");
  });

  test("Vietnamese order puts Ă after A and Đ after D, unlike code-point order", () => {
    const names = ["Yên Bái", "Đà Nẵng", "Dak", "Ăn uống", "An Giang"];
    assert.deepEqual([...names].sort(compareVietnamese), ["An Giang", "Ăn uống", "Dak", "Đà Nẵng", "Yên Bái"]);
    assert.notDeepEqual([...names].sort(), [...names].sort(compareVietnamese));
  });
});
