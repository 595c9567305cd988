import type { PagefindApi } from "../../client/search-engine.ts";
import { type ShardedIndex, searchShards } from "../../client/search-shards.ts";

/** Queries a reader types, and the article titles that answer them (test/fixtures/search). */
export const RELEVANCE_SET: { query: string; relevant: string[] }[] = [
  { query: "dien nong thon", relevant: ["Bắc Yên đẩy nhanh tiến độ cấp điện nông thôn"] },
  { query: "điện nông thôn", relevant: ["Bắc Yên đẩy nhanh tiến độ cấp điện nông thôn"] },
  { query: "Dak Lak", relevant: ["Đắk Lắk mở rộng vùng trồng cà phê đặc sản"] },
  { query: "dak lak ca phe", relevant: ["Đắk Lắk mở rộng vùng trồng cà phê đặc sản"] },
  { query: "dang bo", relevant: ["Đảng bộ huyện Sốp Cộp lãnh đạo phát triển kinh tế biên giới"] },
  { query: "dang bo huyen", relevant: ["Đảng bộ huyện Sốp Cộp lãnh đạo phát triển kinh tế biên giới"] },
  { query: "cai cach hanh chinh", relevant: ["Sơn La đẩy mạnh cải cách hành chính năm 2025"] },
  { query: "cải cách hành chính", relevant: ["Sơn La đẩy mạnh cải cách hành chính năm 2025"] },
  { query: "dien bien", relevant: ["Điện Biên đón đoàn công tác tỉnh bạn"] },
  { query: "diện tích", relevant: ["Mở rộng diện tích trồng xoài ở Yên Châu"] },
  {
    query: "duong giao thong",
    relevant: ["Hoàn thành đường giao thông liên xã ở Quỳnh Nhai", "Mai Sơn về đích nông thôn mới"],
  },
  { query: "nong thon moi", relevant: ["Mai Sơn về đích nông thôn mới"] },
  { query: "moc chau", relevant: ["Nhộn nhịp Khu du lịch quốc gia Mộc Châu"] },
  { query: "am duong", relevant: ["Lịch âm dương và mùa vụ của đồng bào vùng cao"] },
  { query: "lua dao qua mang", relevant: ['<img src=x onerror="window.__pwned=1"> Tin thử thách bảo mật'] },
  { query: "thoi tiet son la", relevant: ["Dự báo thời tiết toàn tỉnh Sơn La ngày 4/5/2025"] },
  // The phrase against its syllables scattered, repeated, and in a title.
  { query: "an toàn giao thông", relevant: ["Trường học ở Mường La ra quân đầu năm học"] },
  { query: "an toan giao thong", relevant: ["Trường học ở Mường La ra quân đầu năm học"] },
  { query: "nuoc sach", relevant: ["Bản Tà Số có công trình cấp nước mới"] },
  { query: "nước sạch", relevant: ["Bản Tà Số có công trình cấp nước mới"] },
  { query: "chuyển đổi số", relevant: ["Sở Thông tin ra mắt ứng dụng tra cứu hồ sơ"] },
  { query: "phong chong thien tai", relevant: ["Mai Sơn diễn tập ứng phó mưa lũ"] },
  // Tones: the exact tones and the whole phrase over another tone and part of the phrase.
  { query: "hạt giống lúa", relevant: ["Nông dân Phù Yên nhận hạt giống lúa mới cho vụ xuân"] },
  { query: "mùa vàng", relevant: ["Mùa vàng trên ruộng bậc thang Mù Cang Chải"] },
  { query: "mua vàng", relevant: ["Giá vàng tăng, người dân đổ xô đi mua vàng"] },
  // The archive: breaking news, an event of 2011, a person named only in the body, with and without accents.
  { query: "lũ quét ở Bắc Yên", relevant: ["Khẩn trương khắc phục hậu quả sau trận lũ quét đêm qua"] },
  { query: "lu quet bac yen", relevant: ["Khẩn trương khắc phục hậu quả sau trận lũ quét đêm qua"] },
  { query: "cầu treo Tạ Bú", relevant: ["Khánh thành cầu treo Tạ Bú nối đôi bờ sông Đà"] },
  { query: "cau treo ta bu", relevant: ["Khánh thành cầu treo Tạ Bú nối đôi bờ sông Đà"] },
  { query: "Lò Văn Puôn", relevant: ["Người giữ lửa điệu xòe Thái ở Mường Chiên"] },
  { query: "lo van puon", relevant: ["Người giữ lửa điệu xòe Thái ở Mường Chiên"] },
];

interface RankedTitles {
  titles: string[];
}

/** Reciprocal rank of the first relevant title within the top 10 (0 when none is there). */
function reciprocalRank(ranked: RankedTitles, relevant: readonly string[]): number {
  const index = ranked.titles.slice(0, 10).findIndex((title) => relevant.includes(title));
  return index < 0 ? 0 : 1 / (index + 1);
}

async function titlesOf(results: { data(): Promise<{ meta: Record<string, string> }> }[]): Promise<RankedTitles> {
  return {
    titles: await Promise.all(results.slice(0, 10).map(async (result) => (await result.data()).meta.title ?? "")),
  };
}

export async function stockRanking(pagefind: PagefindApi, query: string): Promise<RankedTitles> {
  return titlesOf((await pagefind.search(query))?.results ?? []);
}

/**
 * Our ranking as the search page shows it, with the site's budgets: its first answer, or after the
 * reader presses the archive button `presses` times.
 */
export async function ourRanking(
  index: ShardedIndex,
  query: string,
  { firstKilobytes = 150, moreKilobytes = 350, presses = 0 } = {},
): Promise<RankedTitles> {
  let outcome = await searchShards(index, query, undefined, "relevance", { enough: 10, kilobytes: firstKilobytes });
  for (let press = 0; press < presses && !outcome.complete; press++)
    outcome = await searchShards(index, query, undefined, "relevance", {
      enough: 10,
      kilobytes: moreKilobytes,
      moreThan: outcome.hits.length,
    });
  return titlesOf(outcome.hits);
}

/** Mean reciprocal rank at 10 over the set, with the rank each query got. */
export async function meanReciprocalRank(
  rank: (query: string) => Promise<RankedTitles>,
): Promise<{ mrr: number; perQuery: { query: string; rr: number }[] }> {
  const perQuery = [];
  for (const { query, relevant } of RELEVANCE_SET)
    perQuery.push({ query, rr: reciprocalRank(await rank(query), relevant) });
  return { mrr: perQuery.reduce((sum, entry) => sum + entry.rr, 0) / perQuery.length, perQuery };
}
