import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { excerptParts } from "../client/excerpt.ts";
import {
  phraseLevel,
  querySyllables,
  type SearchTarget,
  searchVietnamese,
  type SortOrder,
} from "../client/search-engine.ts";
import { searchShards } from "../client/search-shards.ts";
import { planShards } from "../lib/outputs/search-index.ts";
import { compareVietnamese } from "../lib/text/vietnamese.ts";
import { meanReciprocalRank, ourRanking, stockRanking } from "./helpers/relevance.ts";
import { buildSearchSite, type PagefindRuntime, SEARCH_FIXTURES, type SearchSite } from "./helpers/search-site.ts";

let search: SearchSite;
let everything: SearchTarget;
let stock: PagefindRuntime;
before(async () => {
  search = await buildSearchSite();
  ({ target: everything, pagefind: stock } = await search.everyShard());
});
after(async () => {
  await search.server.close();
});

/** The fixtures' front matter, to check results against the rule rather than a fixed list. */
const fixtures = readdirSync(SEARCH_FIXTURES)
  .filter((name) => name.endsWith(".md"))
  .map((name) => {
    const text = readFileSync(path.join(SEARCH_FIXTURES, name), "utf8");
    const field = (key: string) => new RegExp(`^${key}: "?(.*?)"?$`, "m").exec(text)?.[1] ?? "";
    return { title: field("title"), date: field("date"), category: field("category"), author: field("author") };
  });

async function titles(query: string, options: { category?: string; sort?: SortOrder } = {}): Promise<string[]> {
  const outcome = await searchVietnamese(
    everything,
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
    const outcome = await searchVietnamese(everything, "xyzqw cai cach", undefined, "relevance");
    assert.deepEqual(outcome.unmatched, ["xyzqw"]);
  });

  test("the category filter keeps only that category", async () => {
    const outcome = await searchVietnamese(everything, "giao thong", { category: "Nông thôn mới" }, "relevance");
    assert.ok(outcome.hits.length >= 2);
    for (const hit of outcome.hits) assert.deepEqual((await hit.data()).filters.category, ["Nông thôn mới"]);
    assert.ok((await titles("giao thong")).length > outcome.hits.length);
  });

  test("'newest' sorts by publication date, across shards and across đ and d readings", async () => {
    const outcome = await searchVietnamese(everything, "dien", undefined, "newest");
    const dates = await Promise.all(outcome.hits.map(async (hit) => Date.parse((await hit.data()).meta.date ?? "")));
    assert.ok(dates.length >= 4);
    assert.deepEqual(
      dates,
      [...dates].sort((a, b) => b - a),
    );
    const found = await titles("dien", { sort: "newest" });
    assert.ok(found.includes("Điện Biên đón đoàn công tác tỉnh bạn"));
    assert.ok(found.includes("Mở rộng diện tích trồng xoài ở Yên Châu"));
  });

  test("only articles are indexed: the words of every page's footer links match nothing", async () => {
    const outcome = await searchVietnamese(everything, "RSS Atom", undefined, "relevance");
    assert.deepEqual(outcome.unmatched, ["rss", "atom"]);
    assert.deepEqual(outcome.hits, []);
  });

  test("category and author are filters with the articles' values", async () => {
    const filters = await stock.filters();
    const count = (key: "category" | "author", value: string) =>
      fixtures.filter((fixture) => fixture[key] === value).length;
    for (const category of new Set(fixtures.map((fixture) => fixture.category))) {
      assert.equal(filters.category?.[category], count("category", category), category);
    }
    assert.equal(filters.author?.["Lò Thị Mai"], count("author", "Lò Thị Mai"));
    assert.equal(filters.author?.["<b>Kẻ xấu</b>"], 1);
  });

  test("a hostile title is stored as plain text in the index", async () => {
    const outcome = await searchVietnamese(everything, "thu thach bao mat", undefined, "relevance");
    const data = await outcome.hits[0]!.data();
    assert.equal(data.meta.title, '<img src=x onerror="window.__pwned=1"> Tin thử thách bảo mật');
    assert.match(data.content, /<script>window\.__pwned=3<\/script>/, "body markup is text, not markup");
  });
});

describe("search shards by period", () => {
  const quarter = (date: string) =>
    `${date.slice(0, 4)}-${String(Math.floor((Number(date.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, "0")}`;

  test("each shard holds one calendar quarter, newest first, and together they hold every article", () => {
    const expected = [...new Set(fixtures.map((fixture) => quarter(fixture.date)))].sort().reverse();
    assert.deepEqual(
      search.shards.map((shard) => shard.id),
      expected,
    );
    for (const shard of search.shards) {
      assert.equal(shard.articles, fixtures.filter((fixture) => quarter(fixture.date) === shard.id).length, shard.id);
    }
  });

  const ids = async (hits: readonly { data(): Promise<{ url: string }> }[]) =>
    Promise.all(hits.map(async (hit) => (await hit.data()).url));

  test("a phrase found in one old article loads only that article's shard, and says it searched the whole archive", async () => {
    const index = search.index();
    const outcome = await searchShards(index, "giải pháp thực hiện quyết liệt", undefined, "relevance", {
      enough: 10,
      kilobytes: 100,
    });
    assert.deepEqual(outcome.plan.shards, ["2017-10"]);
    assert.equal(outcome.searched, 1);
    assert.equal(outcome.complete, true);
    const found = await Promise.all(outcome.hits.map(async (hit) => (await hit.data()).meta.title));
    assert.deepEqual(found, ["Những chuyển biến tích cực trong công tác cải cách hành chính"]);
  });

  test("every loaded shard holds the query's words, and no shard left out holds them all", async () => {
    const { target } = await search.everyShard();
    const shardOf = new Map<string, string>();
    for (const shard of search.shards)
      for (const page of (await target.api.search(null, { filters: { shard: shard.id } }))?.results ?? [])
        shardOf.set(page.id, shard.id);
    for (const query of ["nong thon", "cải cách hành chính", "Điện Biên", "an toan giao thong", "mùa vàng"]) {
      const outcome = await searchShards(search.index(), query, undefined, "relevance", {
        enough: 10,
        kilobytes: 100_000,
      });
      const everywhere = await searchVietnamese(target, query, undefined, "relevance");
      assert.equal(outcome.complete, true, query);
      assert.ok(everywhere.hits.length > 0, query);
      for (const hit of everywhere.hits) assert.ok(outcome.plan.shards.includes(shardOf.get(hit.id)!), query);
      // The same ranking as with every shard loaded: the routing index changes what is downloaded, not what is found.
      assert.deepEqual(await ids(outcome.hits), await ids(everywhere.hits), query);
    }
  });

  test("shards that may hold the whole phrase come first, best estimate first", async () => {
    const outcome = await searchShards(search.index(), "cai cach hanh chinh", undefined, "relevance", {
      enough: 10,
      kilobytes: 1,
    });
    assert.ok(outcome.plan.wholePhrase >= 2, "the phrase is in several shards");
    assert.equal(outcome.searched, 1);
    assert.equal(outcome.complete, false);
    assert.equal(outcome.hits[0]!.phrase, 4);
  });

  test("once every shard that may hold the whole phrase is searched, every page holding it is in the results, in the archive's order", async () => {
    for (const query of [
      "cai cach hanh chinh",
      "cải cách hành chính",
      "nuoc sach",
      "an toàn giao thông",
      "hạt giống lúa",
    ]) {
      const whole = querySyllables(query).length;
      const everywhere = (await searchVietnamese(everything, query, undefined, "relevance")).hits.filter(
        (hit) => hit.phrase === whole,
      );
      const index = search.index();
      let outcome = await searchShards(index, query, undefined, "relevance", { enough: 10, kilobytes: 1 });
      while (!outcome.phraseComplete)
        outcome = await searchShards(index, query, undefined, "relevance", {
          enough: 10,
          kilobytes: 1,
          moreThan: outcome.hits.length,
        });
      assert.ok(outcome.searched <= outcome.plan.shards.length, query);
      assert.deepEqual(await ids(outcome.hits.filter((hit) => hit.phrase === whole)), await ids(everywhere), query);
    }
  });

  test("the archive button's search adds results each time, until the whole archive is searched", async () => {
    const index = search.index();
    let outcome = await searchShards(index, "hài lòng", undefined, "relevance", { enough: 10, kilobytes: 1 });
    assert.ok(outcome.plan.shards.length >= 2);
    assert.equal(outcome.searched, 1);
    while (!outcome.complete) {
      const before = outcome.hits.length;
      outcome = await searchShards(index, "hài lòng", undefined, "relevance", {
        enough: 10,
        kilobytes: 1,
        moreThan: before,
      });
      assert.ok(outcome.hits.length > before || outcome.complete, "a press adds results or ends the search");
    }
    assert.equal(outcome.searched, outcome.plan.shards.length);
  });

  test("a word no article holds is reported without loading anything for it; one found only in an older shard is not", async () => {
    const index = search.index();
    const nothing = await searchShards(index, "xyzqw", undefined, "relevance", { enough: 10, kilobytes: 100 });
    assert.deepEqual(nothing.unmatched, ["xyzqw"]);
    assert.deepEqual(nothing.plan.shards, []);
    assert.equal(nothing.hits.length, 0);
    assert.equal(nothing.complete, true);
    const outcome = await searchShards(index, "hài lòng xyzqw", undefined, "relevance", {
      enough: 10,
      kilobytes: 100_000,
    });
    assert.deepEqual(outcome.unmatched, ["xyzqw"]);
    const found = await Promise.all(outcome.hits.map(async (hit) => (await hit.data()).meta.title));
    assert.ok(found.includes("Những chuyển biến tích cực trong công tác cải cách hành chính"));
  });

  test("'newest' loads the newest shards holding the words until a page of results is found, newest first", async () => {
    const { target } = await search.everyShard();
    const outcome = await searchShards(search.index(), "nong thon", undefined, "newest", { enough: 2, kilobytes: 100 });
    assert.ok(outcome.searched < outcome.plan.shards.length);
    const everywhere = await searchVietnamese(target, "nong thon", undefined, "newest");
    assert.deepEqual((await ids(outcome.hits)).slice(0, 2), (await ids(everywhere.hits)).slice(0, 2));
    const dates = await Promise.all(outcome.hits.map(async (hit) => Date.parse((await hit.data()).meta.date ?? "")));
    assert.deepEqual(
      dates,
      [...dates].sort((a, b) => b - a),
    );
  });
});

describe("shards sized by article count", () => {
  const months = (list: string[]) =>
    list.map((month) => ({ year: Number(month.slice(0, 4)), month: Number(month.slice(5)) }));
  // Newest first, as the newsroom lists them: 2 in 2025-03, 1 in 2025-02, 3 in 2025-01, 1 in 2024-12.
  const archive = months(["2025-03", "2025-03", "2025-02", "2025-01", "2025-01", "2025-01", "2024-12"]);

  test("whole months are grouped from the oldest until a shard holds the target", () => {
    const plans = planShards(archive, 1, 3);
    assert.deepEqual(
      plans.map((plan) => [plan.id, plan.from, plan.to, plan.articles]),
      [
        ["2025-02", "2025-02", "2025-03", [0, 1, 2]],
        ["2024-12", "2024-12", "2025-01", [3, 4, 5, 6]],
      ],
    );
  });

  test("the previous build's cuts stay: a backdated article joins its shard and only the newest shard grows", () => {
    const before = planShards(archive, 1, 3).map((plan) => plan.id);
    const monthOf = (article: { year: number; month: number }) =>
      `${article.year}-${String(article.month).padStart(2, "0")}`;
    const later = months([
      ...["2025-05", "2025-04", "2025-04", "2025-04"],
      ...archive.map(monthOf),
      // Backdated: one into a month an existing shard covers, three before the oldest shard.
      ...["2025-01", "2024-11", "2024-11", "2024-11"],
    ]);
    assert.deepEqual(
      planShards(later, 1, 3, before).map((plan) => [plan.id, plan.articles.length]),
      [
        ["2025-05", 1],
        ["2025-04", 3],
        ["2025-02", 3],
        ["2024-12", 5],
        ["2024-11", 3],
      ],
    );
  });
});

describe("phrase level orders the results first", () => {
  const cases: { query: string; phrase: string; scattered: string }[] = [
    {
      query: "an toàn giao thông",
      phrase: "Trường học ở Mường La ra quân đầu năm học",
      scattered: "Giao thông nông thôn: an cư và toàn cảnh đổi thay",
    },
    {
      query: "an toan giao thong",
      phrase: "Trường học ở Mường La ra quân đầu năm học",
      scattered: "Giao thông nông thôn: an cư và toàn cảnh đổi thay",
    },
    {
      query: "nuoc sach",
      phrase: "Bản Tà Số có công trình cấp nước mới",
      scattered: "Sạch đẹp đường làng, trong xanh nước suối",
    },
    {
      query: "chuyen doi so",
      phrase: "Sở Thông tin ra mắt ứng dụng tra cứu hồ sơ",
      scattered: "Số liệu chuyển về, đổi mới cách làm: số hóa sổ sách",
    },
    {
      query: "phòng chống thiên tai",
      phrase: "Mai Sơn diễn tập ứng phó mưa lũ",
      scattered: "Phòng tai nạn, chống trượt ngã trên đường thiên lý",
    },
    {
      query: "hạt giống lúa",
      phrase: "Nông dân Phù Yên nhận hạt giống lúa mới cho vụ xuân",
      scattered: "Tiếng hát giống lời ru bên đồng lúa chín",
    },
  ];
  for (const { query, phrase, scattered } of cases) {
    test(`"${query}": the page with the phrase ranks above the page repeating its syllables apart, even in its title`, async () => {
      const found = await titles(query);
      assert.ok(found.includes(scattered), `the scattered page is a result too: ${found.join(" | ")}`);
      assert.ok(found.indexOf(phrase) >= 0 && found.indexOf(phrase) < found.indexOf(scattered), found.join(" | "));
    });
  }

  test("Pagefind's own ranking puts several of the scattered pages first (why the rule is needed)", async () => {
    let scatteredFirst = 0;
    for (const { query, phrase, scattered } of cases) {
      const results = (await stock.search(query))?.results ?? [];
      const ranked = await Promise.all(results.map(async (result) => (await result.data()).meta.title));
      const scatteredAt = ranked.indexOf(scattered);
      if (scatteredAt >= 0 && (ranked.indexOf(phrase) < 0 || scatteredAt < ranked.indexOf(phrase))) scatteredFirst++;
    }
    assert.ok(scatteredFirst >= 2, `${scatteredFirst} of ${cases.length}`);
  });

  test("at the same phrase level, the page holding more of the query's pairs ranks first, above a higher Pagefind score", async () => {
    const repeating = "Lũ quét phía bắc: bản làng yên tâm vượt lũ quét";
    const both = "Khẩn trương khắc phục hậu quả sau trận lũ quét đêm qua";
    const stockTitles = await Promise.all(
      ((await stock.search("lu quet bac yen"))?.results ?? []).map(async (result) => (await result.data()).meta.title),
    );
    assert.ok(stockTitles.indexOf(repeating) < stockTitles.indexOf(both), "Pagefind alone ranks the repetition first");
    const ours = await titles("lu quet bac yen");
    assert.ok(ours.indexOf(both) < ours.indexOf(repeating), ours.join(" | "));
    assert.equal(ours[0], both);
  });

  test("among pages with the whole phrase, the exact tones win: 'mùa vàng' and 'mua vàng'", async () => {
    assert.equal((await titles("mùa vàng"))[0], "Mùa vàng trên ruộng bậc thang Mù Cang Chải");
    assert.equal((await titles("mua vàng"))[0], "Giá vàng tăng, người dân đổ xô đi mua vàng");
  });

  test("the phrase level is the longest run of query syllables in the query's order", () => {
    const at = (...positions: number[]) => new Map([["p", new Set(positions)]]);
    assert.equal(phraseLevel("p", [at(4), at(5), at(9), at(10)]), 2);
    assert.equal(phraseLevel("p", [at(4), at(5), at(6), at(7)]), 4);
    assert.equal(phraseLevel("p", [at(5), at(4)]), 1, "in the query's order only");
    assert.equal(phraseLevel("p", [at(1), new Map(), at(3)]), 1);
    assert.equal(phraseLevel("q", [at(1)]), 0);
  });
});

describe("relevance against stock Pagefind", () => {
  test("our ranking beats stock Pagefind on the relevance set (MRR@10)", async (t) => {
    const stockMrr = await meanReciprocalRank((query) => stockRanking(stock, query));
    const ours = await meanReciprocalRank((query) => ourRanking(search.index(), query));
    t.diagnostic(
      `MRR@10: ours ${ours.mrr.toFixed(3)}, stock Pagefind ${stockMrr.mrr.toFixed(3)} over ${ours.perQuery.length} queries`,
    );
    for (const [i, entry] of ours.perQuery.entries())
      t.diagnostic(`  ${entry.query}: ours ${entry.rr.toFixed(2)}, stock ${stockMrr.perQuery[i]!.rr.toFixed(2)}`);
    assert.ok(ours.mrr > stockMrr.mrr);
    assert.equal(
      ours.mrr,
      1,
      `every query's answer first: ${ours.perQuery
        .filter((entry) => entry.rr < 1)
        .map((entry) => entry.query)
        .join(", ")}`,
    );
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
