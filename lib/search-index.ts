import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as pagefind from "pagefind";

/** One Pagefind bundle and the years of articles it holds. */
export interface SearchBundle {
  path: string;
  fromYear: number;
  toYear: number;
  pages: number;
}

/** How many of the newest years of articles go in the first bundle a search loads. */
export const RECENT_YEARS = 2;
export const RECENT_BUNDLE = "pagefind";
export const ARCHIVE_BUNDLE = "pagefind-luu-tru";
export const BUNDLES_MANIFEST = "tim-kiem/chi-muc.json";

/**
 * Writes the search indexes for the built site: the newest years in /pagefind/, older years in
 * /pagefind-luu-tru/. A reader's first query loads only the small recent index (what a newspaper's
 * reader mostly wants, and what keeps the first query's download small however large the archive
 * grows); the page searches the archive too when the recent years do not fill a page of results, or
 * when asked. Only article pages are indexed, and within them only `data-pagefind-body`.
 */
export async function writeSearchIndexes(siteDir: string): Promise<SearchBundle[]> {
  const years = readdirSync(siteDir)
    .filter((name) => /^\d{4}$/.test(name))
    .map(Number)
    .sort((a, b) => b - a);
  const groups = [
    { name: RECENT_BUNDLE, years: years.slice(0, RECENT_YEARS) },
    { name: ARCHIVE_BUNDLE, years: years.slice(RECENT_YEARS) },
  ];
  const bundles: SearchBundle[] = [];
  for (const group of groups) {
    const outputPath = path.join(siteDir, group.name);
    rmSync(outputPath, { recursive: true, force: true });
    if (group.years.length === 0) continue;
    const pages = await writeBundle(siteDir, outputPath, group.years);
    bundles.push({ path: `/${group.name}/`, fromYear: Math.min(...group.years), toYear: Math.max(...group.years), pages });
  }
  const manifest = path.join(siteDir, BUNDLES_MANIFEST);
  if (existsSync(path.dirname(manifest))) writeFileSync(manifest, JSON.stringify({ bundles }));
  return bundles;
}

export async function writeBundle(siteDir: string, outputPath: string, years: readonly number[]): Promise<number> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: "vi" });
  try {
    if (!index) throw new Error(`Pagefind không khởi tạo được chỉ mục: ${errors.join("; ")}`);
    const yearPattern = years.length === 1 ? String(years[0]) : `{${years.join(",")}}`;
    // Article pages only (yyyy/mm/dd/slug/): archive listings are not parsed at all.
    const added = await index.addDirectory({ path: siteDir, glob: `${yearPattern}/[0-9][0-9]/[0-9][0-9]/*/index.html` });
    if (added.errors.length > 0) throw new Error(`Pagefind lỗi khi đọc trang: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new Error(`Pagefind lỗi khi ghi chỉ mục: ${written.errors.join("; ")}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}
