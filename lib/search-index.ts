import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as pagefind from "pagefind";

/** One Pagefind bundle and the months of articles it holds ("yyyy-mm"). */
export interface SearchBundle {
  path: string;
  from: string;
  to: string;
  pages: number;
}

export const RECENT_BUNDLE = "pagefind";
export const ARCHIVE_BUNDLE = "pagefind-luu-tru";
export const BUNDLES_MANIFEST = "tim-kiem/chi-muc.json";

interface MonthFolder {
  path: string;
  articles: number;
}

/** The yyyy/mm folders of the built site, newest first, with how many article pages each holds. */
function articleMonths(siteDir: string): MonthFolder[] {
  const months: MonthFolder[] = [];
  const numbered = (dir: string, digits: number) =>
    existsSync(dir) ? readdirSync(dir).filter((name) => new RegExp(`^\\d{${digits}}$`).test(name)) : [];
  for (const year of numbered(siteDir, 4)) {
    for (const month of numbered(path.join(siteDir, year), 2)) {
      const monthDir = path.join(siteDir, year, month);
      let articles = 0;
      for (const day of numbered(monthDir, 2)) {
        const dayDir = path.join(monthDir, day);
        articles += readdirSync(dayDir).filter((slug) => existsSync(path.join(dayDir, slug, "index.html"))).length;
      }
      if (articles > 0) months.push({ path: `${year}/${month}`, articles });
    }
  }
  return months.sort((a, b) => (a.path < b.path ? 1 : -1));
}

/**
 * Writes the search indexes for the built site: the newest months holding at least
 * `recentArticles` articles in /pagefind/, everything older in /pagefind-luu-tru/. A reader's first
 * query loads only the recent index, so its download depends on how much the newsroom publishes,
 * not on how large the archive has grown; the page searches the archive too when the recent index
 * does not fill a page of results, or when asked. Only article pages are indexed, and within them
 * only `data-pagefind-body`.
 */
export async function writeSearchIndexes(siteDir: string, recentArticles: number): Promise<SearchBundle[]> {
  const months = articleMonths(siteDir);
  let recentCount = 0;
  let split = 0;
  while (split < months.length && recentCount < recentArticles) recentCount += months[split++]!.articles;
  const groups = [
    { name: RECENT_BUNDLE, months: months.slice(0, split) },
    { name: ARCHIVE_BUNDLE, months: months.slice(split) },
  ];
  const bundles: SearchBundle[] = [];
  for (const group of groups) {
    const outputPath = path.join(siteDir, group.name);
    rmSync(outputPath, { recursive: true, force: true });
    if (group.months.length === 0) continue;
    const pages = await writeBundle(
      siteDir,
      outputPath,
      group.months.map((month) => month.path),
    );
    const monthOf = (folder: MonthFolder) => folder.path.replace("/", "-");
    bundles.push({
      path: `/${group.name}/`,
      from: monthOf(group.months[group.months.length - 1]!),
      to: monthOf(group.months[0]!),
      pages,
    });
  }
  const manifest = path.join(siteDir, BUNDLES_MANIFEST);
  if (existsSync(path.dirname(manifest))) writeFileSync(manifest, JSON.stringify({ bundles }));
  return bundles;
}

/** One Pagefind index of the article pages under the given yyyy/mm folders. */
export async function writeBundle(
  siteDir: string,
  outputPath: string,
  monthFolders: readonly string[],
): Promise<number> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: "vi" });
  try {
    if (!index) throw new Error(`Pagefind không khởi tạo được chỉ mục: ${errors.join("; ")}`);
    const folders = monthFolders.length === 1 ? monthFolders[0]! : `{${monthFolders.join(",")}}`;
    // Article pages only (yyyy/mm/dd/slug/): archive listings are not parsed at all.
    const added = await index.addDirectory({ path: siteDir, glob: `${folders}/[0-9][0-9]/*/index.html` });
    if (added.errors.length > 0) throw new Error(`Pagefind lỗi khi đọc trang: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new Error(`Pagefind lỗi khi ghi chỉ mục: ${written.errors.join("; ")}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}
