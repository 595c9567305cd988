// Đọc nhiều: the most-read published articles of the site and of each category, over the last 24
// hours and 7 days. Worked out from the database at most once per `maxAgeMs`, then served as it is.
import { createHash } from "node:crypto";
import type { ArticleList } from "./article-manifest.ts";
import {
  MOST_READ_PERIODS,
  MOST_READ_SIZE,
  type MostReadExport,
  type MostReadItem,
  type MostReadLists,
} from "../shared/most-read.ts";
import type { ArticleViews, ViewCounts } from "../store/views.ts";

/** The lists from every article's counts: only articles the site publishes, none an editor left out. */
export function mostReadLists(
  views: readonly ArticleViews[],
  manifest: Pick<ArticleList, "knows" | "titleOf" | "categoryOf">,
  excluded: ReadonlySet<string>,
  now = new Date(),
): MostReadExport {
  const listed = views.filter((row) => manifest.knows(row.article) && !excluded.has(row.article));
  const byCategory = new Map<string, ArticleViews[]>();
  for (const row of listed) {
    const category = manifest.categoryOf(row.article);
    if (!category) continue;
    const rows = byCategory.get(category) ?? [];
    rows.push(row);
    byCategory.set(category, rows);
  }
  const listsOf = (rows: readonly ArticleViews[]): MostReadLists => {
    const lists = {} as MostReadLists;
    for (const period of MOST_READ_PERIODS)
      lists[period] = rows
        .filter((row) => row[period] > 0)
        .sort((a, b) => b[period] - a[period] || (a.article < b.article ? -1 : 1))
        .slice(0, MOST_READ_SIZE)
        .map((row): MostReadItem => ({
          url: row.article,
          title: manifest.titleOf(row.article) ?? "",
          views: row[period],
        }));
    return lists;
  };
  return {
    generated_at: now.toISOString(),
    site: listsOf(listed),
    categories: Object.fromEntries(
      [...byCategory].sort(([a], [b]) => (a < b ? -1 : 1)).map(([slug, rows]) => [slug, listsOf(rows)]),
    ),
  };
}

/** The lists as JSON text with its ETag, kept for `maxAgeMs`. */
export class MostReadCache {
  private cached?: { at: number; json: string; etag: string };
  private computing?: Promise<{ json: string; etag: string }>;

  constructor(
    private readonly counts: ViewCounts,
    private readonly manifest: ArticleList,
    private readonly maxAgeMs: number,
  ) {}

  async get(): Promise<{ json: string; etag: string }> {
    if (this.cached && Date.now() - this.cached.at < this.maxAgeMs) return this.cached;
    this.computing ??= this.compute().finally(() => (this.computing = undefined));
    return this.computing;
  }

  private async compute(): Promise<{ json: string; etag: string }> {
    const [views, excluded] = await Promise.all([this.counts.recent(), this.counts.excluded()]);
    const json = JSON.stringify(mostReadLists(views, this.manifest, excluded));
    this.cached = { at: Date.now(), json, etag: `"${createHash("sha1").update(json).digest("base64url")}"` };
    return this.cached;
  }

  /** An editor's choice shows at the next request, not a minute later. */
  forget(): void {
    this.cached = undefined;
  }
}
