import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { decodeHTML } from "entities";
import * as pagefind from "pagefind";
import type { Article } from "../content/article.ts";
import { listFiles } from "../files/list-files.ts";
import { ROUTES, searchShardUrl } from "../settings/routes.ts";
import { type RoutingManifest, type SearchShardsManifest, ShardTerms, type ShardRouting } from "./search-routing.ts";

export interface ShardPlan {
  id: string;
  from: string;
  to: string;
  /** Positions of the shard's articles in the newsroom's list, newest first. */
  articles: number[];
}

const pad2 = (value: number) => String(value).padStart(2, "0");

/**
 * The archive cut into shards of about `articlesPerShard` articles, newest first. A shard is a run
 * of whole calendar periods of `monthsPerShard` months, so a new article, an edit or a deletion
 * changes only the shard of its own period. Where the previous build cut the archive (`previousStarts`,
 * the first period of each shard) stays: only the newest shard grows, and it closes once it holds
 * `articlesPerShard` articles, so no shard is ever re-cut by what happens to another. Without a
 * previous build the periods are grouped from the oldest.
 */
export function planShards(
  articles: readonly Pick<Article, "year" | "month">[],
  monthsPerShard: number,
  articlesPerShard: number,
  previousStarts: readonly string[] = [],
): ShardPlan[] {
  const periods = new Map<string, number[]>();
  articles.forEach((article, index) => {
    const startMonth = Math.floor((article.month - 1) / monthsPerShard) * monthsPerShard + 1;
    const id = `${article.year}-${pad2(startMonth)}`;
    const list = periods.get(id) ?? [];
    list.push(index);
    periods.set(id, list);
  });
  const periodEnd = (id: string) => {
    const [year, month] = id.split("-").map(Number) as [number, number];
    return `${year}-${pad2(month + monthsPerShard - 1)}`;
  };
  const starts = [...previousStarts].sort();
  const lastStart = starts.at(-1);
  const plans: ShardPlan[] = [];
  for (const id of [...periods.keys()].sort()) {
    const current = plans.at(-1);
    const kept = starts.filter((start) => start <= id).at(-1);
    let key: string | undefined;
    if (!current) key = kept ?? id;
    else if (kept !== undefined && kept > current.id) key = kept;
    else if (kept === undefined || kept === lastStart) {
      // Before the first kept shard, or in the newest one: that shard grows until full.
      if (current.articles.length >= articlesPerShard) key = id;
    }
    if (key === undefined && current) {
      current.to = periodEnd(id);
      current.articles.push(...periods.get(id)!);
    } else {
      plans.push({ id: key ?? id, from: id, to: periodEnd(id), articles: [...periods.get(id)!] });
    }
  }
  for (const plan of plans) plan.articles.sort((a, b) => a - b);
  return plans.reverse();
}

// Pagefind writes its UI bundles into every index; the search page uses only the runtime, its worker and the WebAssembly.
const UNUSED_PAGEFIND_FILES = /^pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$/;

/**
 * One shard's Pagefind index being written. Documents are handed to Pagefind's process as they are
 * made and not awaited one by one, so that the thread keeps rendering pages and bodies while
 * Pagefind reads the previous ones: both sides of the pipe stay busy.
 */
export class ShardWriter {
  private readonly added: Promise<void>[] = [];
  private readonly terms = new ShardTerms();

  private constructor(
    private readonly siteDir: string,
    readonly id: string,
    private readonly index: NonNullable<Awaited<ReturnType<typeof pagefind.createIndex>>["index"]>,
  ) {}

  static async open(siteDir: string, id: string): Promise<ShardWriter> {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: "vi" });
    if (!index) throw new Error(`Pagefind không khởi tạo được chỉ mục: ${errors.join("; ")}`);
    return new ShardWriter(siteDir, id, index);
  }

  /** An article, its body as HTML, and the document Pagefind reads of it (_includes/search/document.njk). */
  add(article: Article, bodyHtml: string, document: string): void {
    // The body's text as Pagefind reads it: our own Markdown output, so its tags hold no ">".
    const bodyText = decodeHTML(bodyHtml.replace(/<[^>]*>/g, " "));
    this.terms.add(article.title, [article.lead ?? "", article.caption ?? "", bodyText].join(" "));
    this.added.push(
      this.index.addHTMLFile({ url: article.url, content: document }).then((added) => {
        if (added.errors.length > 0)
          throw new Error(`Pagefind lỗi khi đọc ${article.sourcePath}: ${added.errors.join("; ")}`);
      }),
    );
  }

  /**
   * Writes the shard's folder (replacing what was there); returns its files, relative to the site
   * folder, and what the routing index needs to know of it.
   */
  async finish(): Promise<{ files: string[]; routing: ShardRouting }> {
    const relativeFolder = searchShardUrl(this.id).replace(/^\//, "");
    const outputPath = path.join(this.siteDir, relativeFolder);
    try {
      await Promise.all(this.added);
      rmSync(outputPath, { recursive: true, force: true });
      const written = await this.index.writeFiles({ outputPath });
      if (written.errors.length > 0)
        throw new Error(`Pagefind lỗi khi ghi chỉ mục ${this.id}: ${written.errors.join("; ")}`);
      // The index is dropped, the Pagefind process kept for the next shard (closeSearchIndexer ends it).
      await this.index.deleteIndex();
    } catch (error) {
      await pagefind.close();
      throw error;
    }
    for (const name of readdirSync(outputPath)) {
      if (UNUSED_PAGEFIND_FILES.test(name)) rmSync(path.join(outputPath, name));
    }
    return { files: listFiles(outputPath).map((file) => `${relativeFolder}${file}`), routing: this.terms.finish() };
  }
}

/** Ends this thread's Pagefind process (at the end of a build). */
export function closeSearchIndexer(): Promise<null> {
  return pagefind.close();
}

/** Each shard's number in the routing index: its place among the shards, oldest first. */
export function shardNumbers(plans: readonly ShardPlan[]): Map<string, number> {
  return new Map(
    plans
      .map((plan) => plan.id)
      .sort()
      .map((id, n) => [id, n]),
  );
}

/** A shard's Pagefind entry file, relative to the site folder. */
export const shardEntryFile = (id: string): string => `${searchShardUrl(id).replace(/^\//, "")}pagefind-entry.json`;

/**
 * The list the search page reads first. `entryMd5` gives the MD5 (hex) of a shard's entry file: a
 * build from the cache alone does not have the shards it left unchanged in its output folder.
 * Returns the list's path relative to the site folder.
 */
export function writeShardsManifest(
  siteDir: string,
  plans: readonly ShardPlan[],
  articles: readonly Pick<Article, "category">[],
  routing: RoutingManifest,
  entryMd5: (shard: string) => string,
): string {
  const relative = ROUTES.searchShards.replace(/^\//, "");
  const file = path.join(siteDir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  const categories = [...new Set(articles.map((article) => article.category.name))].sort();
  const place = new Map(categories.map((name, i) => [name, i]));
  const numbers = shardNumbers(plans);
  const manifest: SearchShardsManifest = {
    categories,
    shards: plans.map((plan) => ({
      id: plan.id,
      n: numbers.get(plan.id)!,
      path: searchShardUrl(plan.id),
      from: plan.from,
      to: plan.to,
      articles: plan.articles.length,
      categories: [...new Set(plan.articles.map((index) => place.get(articles[index]!.category.name)!))].sort(
        (a, b) => a - b,
      ),
      tag: entryMd5(plan.id).slice(0, 10),
    })),
    routing,
  };
  writeFileSync(file, JSON.stringify(manifest));
  return relative;
}
