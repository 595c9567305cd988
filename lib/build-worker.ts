// The build's worker threads (two on the newsroom's two-core machine): they read editors' files and
// write pages and search shards, while the main thread only computes lists. See lib/build-pool.ts.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deserialize } from "node:v8";
import { ArticleReader, type ReadOutcome } from "./article-source.ts";
import type { Article, ArticleSummary } from "./article.ts";
import { toSummary } from "./article.ts";
import type { ListingPage } from "./listings.ts";
import { siteFeedsOf } from "./newsroom.ts";
import { outputFile, PageRenderer, pageShell, type PageShell } from "./page-renderer.ts";
import { closeSearchIndexer, writeShard } from "./search-index.ts";
import { loadSettings, type Settings } from "./settings.ts";

export interface ParseTask {
  kind: "parse";
  root: string;
  files: { file: string; display: string }[];
}

/** What the pages of one build share: every article record (newest first) and Tin mới. */
export interface RenderContext {
  articles: Article[];
  latest: number[];
}

export interface ShardJob {
  id: string;
  /** Positions of the shard's articles, newest first. */
  articles: number[];
}

export interface RenderTask {
  kind: "render";
  root: string;
  siteDir: string;
  /** A v8-serialised RenderContext, read once per worker and build. */
  contextFile: string;
  /** Article pages to write (positions). */
  articles: number[];
  listings: ListingPage[];
  /** A search shard to write; its articles' bodies are rendered once for both pages and index. */
  shard?: ShardJob;
}

/**
 * Ends the worker's Pagefind process. A worker thread's child processes belong to the whole
 * process and outlive the thread, so each worker closes its own before the pool ends; every close
 * task waits for the others (a shared counter), so that each lands on a different worker.
 */
export interface CloseTask {
  kind: "close";
  workers: number;
  arrived: SharedArrayBuffer;
}

export type WorkerTask = ParseTask | RenderTask | CloseTask;

export interface RenderResult {
  pages: number;
  /** Milliseconds of this task spent per kind of work, for `npm run bench -- --timings`. */
  timings: Record<string, number>;
  /** Files of the shard written, relative to the site folder. */
  searchFiles: string[];
}

interface Loaded {
  settings: Settings;
  reader: ArticleReader;
  renderer: PageRenderer;
}

let loaded: Loaded | undefined;
function tools(root: string): Loaded {
  if (!loaded) {
    const settings = loadSettings(root);
    loaded = {
      settings,
      reader: new ArticleReader({ categories: settings.categories, mediaDir: settings.mediaDir }),
      renderer: new PageRenderer(settings),
    };
  }
  return loaded;
}

interface Context {
  file: string;
  articles: Article[];
  summaries: ArticleSummary[];
  shell: PageShell;
}
let context: Context | undefined;
function contextOf(file: string, settings: Settings): Context {
  if (context?.file !== file) {
    const { articles, latest } = deserialize(readFileSync(file)) as RenderContext;
    const summaries = articles.map(toSummary);
    context = {
      file,
      articles,
      summaries,
      shell: pageShell(
        { categories: settings.categories.all, ...siteFeedsOf(settings) },
        latest.map((index) => summaries[index]!),
      ),
    };
  }
  return context;
}

const madeFolders = new Set<string>();
function writePage(siteDir: string, sitePath: string, html: string): void {
  const file = outputFile(siteDir, sitePath);
  const folder = path.dirname(file);
  if (!madeFolders.has(folder)) {
    mkdirSync(folder, { recursive: true });
    madeFolders.add(folder);
  }
  writeFileSync(file, html);
}

function parse(task: ParseTask): ReadOutcome[] {
  const { reader } = tools(task.root);
  return task.files.map(({ file, display }) => reader.read(file, display));
}

function stopwatch(timings: Record<string, number>) {
  return <T>(kind: string, work: () => T): T => {
    const started = performance.now();
    try {
      return work();
    } finally {
      timings[kind] = (timings[kind] ?? 0) + performance.now() - started;
    }
  };
}

async function render(task: RenderTask): Promise<RenderResult> {
  const { settings, reader, renderer } = tools(task.root);
  const { articles, summaries, shell } = contextOf(task.contextFile, settings);
  const timings: Record<string, number> = {};
  const timed = stopwatch(timings);
  const bodies = new Map<number, string>();
  const bodyOf = (index: number) =>
    bodies.get(index) ?? timed("nội dung bài (Markdown)", () => reader.bodyHtml(articles[index]!));
  for (const index of task.articles) {
    const article = articles[index]!;
    const bodyHtml = bodyOf(index);
    if (task.shard) bodies.set(index, bodyHtml);
    const related = article.related.map((position) => summaries[position]!);
    timed("trang bài viết", () =>
      writePage(task.siteDir, article.url, renderer.article({ ...article, bodyHtml, related }, shell)),
    );
  }
  for (const listing of task.listings) {
    const items = listing.items.map((position) => summaries[position]!);
    timed(`trang danh sách: ${listing.kind}`, () =>
      writePage(task.siteDir, listing.url, renderer.listing(listing, items, shell)),
    );
  }
  let searchFiles: string[] = [];
  if (task.shard) {
    const started = performance.now();
    searchFiles = await writeShard(
      task.siteDir,
      task.shard.id,
      task.shard.articles.map((index) => ({ article: articles[index]!, body: () => bodyOf(index) })),
    );
    timings["chỉ mục tìm kiếm (Pagefind)"] = performance.now() - started;
  }
  return { pages: task.articles.length + task.listings.length, timings, searchFiles };
}

async function close(task: CloseTask): Promise<void> {
  await closeSearchIndexer();
  const arrived = new Int32Array(task.arrived);
  Atomics.add(arrived, 0, 1);
  Atomics.notify(arrived, 0);
  const deadline = Date.now() + 10_000;
  for (
    let seen = Atomics.load(arrived, 0);
    seen < task.workers && Date.now() < deadline;
    seen = Atomics.load(arrived, 0)
  ) {
    Atomics.wait(arrived, 0, seen, 100);
  }
}

export async function runTask(task: WorkerTask): Promise<ReadOutcome[] | RenderResult | void> {
  switch (task.kind) {
    case "parse":
      return parse(task);
    case "render":
      return render(task);
    case "close":
      return close(task);
  }
}
