import type { ListingPage } from "../newsroom/listings.ts";
import type { RenderResult } from "./build-worker.ts";
import { count } from "./progress.ts";

/** Worker time by kind of work and page family (CPU seconds over all workers), per page this build rendered. */
export function printTimings(
  results: readonly RenderResult[],
  articlePages: number,
  listings: readonly Pick<ListingPage, "kind">[],
): void {
  const total: Record<string, number> = {};
  for (const result of results)
    for (const [kind, ms] of Object.entries(result.timings)) total[kind] = (total[kind] ?? 0) + ms;
  const pages: Record<string, number> = { "trang bài viết": articlePages };
  for (const listing of listings)
    pages[`trang danh sách: ${listing.kind}`] = (pages[`trang danh sách: ${listing.kind}`] ?? 0) + 1;
  console.log("Thời gian của các luồng theo loại việc (giây CPU, cộng mọi luồng):");
  for (const [kind, ms] of Object.entries(total).sort((a, b) => b[1] - a[1])) {
    const many = pages[kind];
    console.log(
      `  ${kind}: ${(ms / 1000).toFixed(1)} s${many ? ` cho ${count(many)} trang (${(ms / many).toFixed(2)} ms/trang)` : ""}`,
    );
  }
}
