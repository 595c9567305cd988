// The worker threads' share of a build: the changed article pages, grouped with their search shard
// when that shard changes too (each body is rendered once for both), and the changed list pages in
// batches.
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { serialize } from "node:v8";
import type { Newsroom } from "../newsroom/newsroom.ts";
import type { ListingPage } from "../newsroom/listings.ts";
import type { ShardPlan } from "../outputs/search-index.ts";
import type { BuildPool } from "./build-pool.ts";
import type { ArticleJob, RenderContext, RenderResult, RenderTask } from "./build-worker.ts";
import type { LoadResult } from "./load-articles.ts";
import { count, type Progress } from "./progress.ts";

/** Pages a worker renders in one task: big enough to pay the task's cost, small enough to share the load. */
const PAGES_PER_TASK = 500;

export interface RenderInput {
  pool: BuildPool;
  newsroom: Newsroom;
  /** Bodies rendered when the articles were read (a full build), by source file. */
  bodies: LoadResult["bodies"];
  siteDir: string;
  /** The build's scratch folder: the context every task reads is written there once. */
  workDir: string;
  /** Where the pages and shards done are counted (none for the list pages started early). */
  progress: Progress | undefined;
  /** Where the routing of a shard is kept in the cache. */
  routingFile: (shard: string) => string;
}

export interface ChangedOutputs {
  articles: ReadonlySet<number>;
  listings: ListingPage[];
  shards: ShardPlan[];
  /** Each shard's hash and files, updated as its task ends. */
  shardState: Map<string, { hash: string; files: string[] }>;
}

export async function renderChanged(input: RenderInput, changed: ChangedOutputs): Promise<RenderResult[]> {
  const { newsroom, siteDir, progress, pool, bodies, workDir, routingFile } = input;
  const { articles, listings, shards, shardState } = changed;
  const contextFile = path.join(workDir, "context.bin");
  if (!existsSync(contextFile)) {
    const context: RenderContext = {
      summaries: newsroom.summaries,
      latest: newsroom.latest,
      mostRead: newsroom.mostRead,
    };
    writeFileSync(contextFile, serialize(context));
  }
  {
    const base = { siteDir, contextFile };
    const job = (index: number, page: boolean): ArticleJob => ({
      article: newsroom.articles[index]!,
      related: newsroom.related[index]!,
      comments: newsroom.comments[index]!,
      body: bodies.get(newsroom.articles[index]!.sourceFile),
      page,
    });
    const withShard = new Set<number>();
    const shardTasks: Omit<RenderTask, "kind">[] = shards.map((plan) => {
      for (const index of plan.articles) if (articles.has(index)) withShard.add(index);
      return {
        ...base,
        articles: plan.articles.map((index) => job(index, articles.has(index))),
        listings: [],
        shard: plan.id,
        routingFile: routingFile(plan.id),
      };
    });
    const pageTasks: Omit<RenderTask, "kind">[] = [];
    const alone = [...articles].filter((index) => !withShard.has(index));
    for (let start = 0; start < alone.length; start += PAGES_PER_TASK)
      pageTasks.push({
        ...base,
        articles: alone.slice(start, start + PAGES_PER_TASK).map((index) => job(index, true)),
        listings: [],
      });
    for (let start = 0; start < listings.length; start += PAGES_PER_TASK)
      pageTasks.push({ ...base, articles: [], listings: listings.slice(start, start + PAGES_PER_TASK) });

    let pagesDone = 0;
    let shardsDone = 0;
    const run = (task: Omit<RenderTask, "kind">) =>
      pool.render(task).then((result) => {
        pagesDone += result.pages;
        if (task.shard) {
          shardsDone++;
          shardState.get(task.shard)!.files = result.searchFiles;
        }
        progress?.tick(() => `${count(pagesDone)} trang, ${count(shardsDone)}/${count(shards.length)} phần chỉ mục`);
        return result;
      });
    // Shards (the heavy tasks) and page batches alternate, so both cores stay busy to the end.
    const tasks: Promise<RenderResult>[] = [];
    for (let i = 0; i < Math.max(shardTasks.length, pageTasks.length); i++) {
      if (shardTasks[i]) tasks.push(run(shardTasks[i]!));
      if (pageTasks[i]) tasks.push(run(pageTasks[i]!));
    }
    return await Promise.all(tasks);
  }
}
