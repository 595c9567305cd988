// The build's worker threads (two on the newsroom's two-core machine): they read editors' files and
// write pages and search shards, while the main thread only computes lists. See lib/build/build-pool.ts.
import { closeSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import { writeFileAtomically } from "../files/atomic-write.ts";
import { withPictures } from "../content/pictures.ts";
import { ArticleReader, type ReadOutcome, sourceContextOf } from "../content/article-source.ts";
import type { BakedComment } from "../content/approved-comments.ts";
import type { Article, ArticleSummary } from "../content/article.ts";
import type { ListingPage, MostReadBox } from "../newsroom/listings.ts";
import { siteFeedsOf } from "../newsroom/newsroom.ts";
import { mostReadShown, outputFile, PageRenderer, pageShell, type PageShell } from "../render/page-renderer.ts";
import { closeSearchIndexer, ShardWriter } from "../outputs/search-index.ts";
import { md5Of, type OutputFile } from "./output-ledger.ts";
import { type Settings, type SettingsData, settingsFromData } from "../settings/settings.ts";

export interface ParseTask {
  kind: "parse";
  files: { file: string; display: string }[];
  /** Where the rendered bodies go, so that the pages and shards of this build need not parse again. */
  spillFile?: string;
}

/** Where one rendered body sits in a spill file. */
export interface BodyRef {
  file: string;
  offset: number;
  length: number;
}

/** A file read by a worker: the outcome, its body left in the spill file. */
export interface ParsedFile extends Omit<ReadOutcome, "bodyHtml"> {
  body?: BodyRef;
}

/**
 * What every page of one build may show of other articles: the summaries of all of them (newest
 * first), for lists and related articles, and Tin mới. Full records travel only with the tasks
 * that render them, so that each worker holds summaries, not the whole archive.
 */
export interface RenderContext {
  summaries: ArticleSummary[];
  latest: number[];
  mostRead: MostReadBox;
}

/** One article a task handles: its page (when it changed), its entry in the task's shard, or both. */
export interface ArticleJob {
  article: Article;
  related: number[];
  comments: BakedComment[];
  /** Where this build already rendered its body (absent: render it from the file). */
  body?: BodyRef;
  page: boolean;
}

export interface RenderTask {
  kind: "render";
  siteDir: string;
  /** A v8-serialised RenderContext, read once per worker and build. */
  contextFile: string;
  articles: ArticleJob[];
  listings: ListingPage[];
  /** A search shard to write from every article of the task; each body is rendered once for both. */
  shard?: string;
  /** Where the shard's routing (see lib/outputs/search-routing.ts) is kept for the next builds. */
  routingFile?: string;
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
  /** The pages written, relative to the site folder, with their hash. */
  written: [string, OutputFile][];
}

interface Loaded {
  settings: Settings;
  reader: ArticleReader;
  renderer: PageRenderer;
}

/** One set of tools per settings: a worker thread serves one build's settings, the main thread any number of builds. */
const toolsBySettings = new WeakMap<SettingsData, Loaded>();
function tools(data: SettingsData): Loaded {
  let loaded = toolsBySettings.get(data);
  if (!loaded) {
    const settings = settingsFromData(data);
    loaded = {
      settings,
      reader: new ArticleReader(sourceContextOf(settings)),
      renderer: new PageRenderer(settings),
    };
    toolsBySettings.set(data, loaded);
  }
  return loaded;
}

interface Context {
  file: string;
  summaries: ArticleSummary[];
  shell: PageShell;
  /** Folders this build has made already: one mkdir per folder, not per page. */
  madeFolders: Set<string>;
}
let context: Context | undefined;
function contextOf(file: string, settings: Settings): Context {
  if (context?.file !== file) {
    closeSpills();
    const { summaries, latest, mostRead } = deserialize(readFileSync(file)) as RenderContext;
    context = {
      file,
      summaries,
      madeFolders: new Set(),
      shell: pageShell({ categories: settings.categories.all, ...siteFeedsOf(settings), latest, mostRead }, summaries),
    };
  }
  return context;
}

/** Writes a page and returns its ledger entry: the hash is taken from the text in hand, not read back. */
function writePage(madeFolders: Set<string>, siteDir: string, sitePath: string, html: string): [string, OutputFile] {
  const file = outputFile(siteDir, sitePath);
  const folder = path.dirname(file);
  if (!madeFolders.has(folder)) {
    mkdirSync(folder, { recursive: true });
    madeFolders.add(folder);
  }
  const bytes = Buffer.from(html, "utf8");
  writeFileSync(file, bytes);
  return [path.relative(siteDir, file).split(path.sep).join("/"), { md5: md5Of(bytes), size: bytes.length }];
}

function parse(task: ParseTask, data: SettingsData): ParsedFile[] {
  const { reader } = tools(data);
  const chunks: Buffer[] = [];
  let offset = 0;
  const spillFile = task.spillFile;
  const parsed = task.files.map(({ file, display }): ParsedFile => {
    const { bodyHtml, ...outcome } = reader.read(file, display);
    if (bodyHtml === undefined || !spillFile) return outcome;
    const chunk = Buffer.from(bodyHtml, "utf8");
    chunks.push(chunk);
    offset += chunk.length;
    return { ...outcome, body: { file: spillFile, offset: offset - chunk.length, length: chunk.length } };
  });
  if (spillFile) writeFileSync(spillFile, Buffer.concat(chunks));
  return parsed;
}

const spills = new Map<string, number>();
/** A body rendered earlier in this build, read back from its spill file. */
function spilled(ref: BodyRef): string {
  let fd = spills.get(ref.file);
  if (fd === undefined) {
    fd = openSync(ref.file, "r");
    spills.set(ref.file, fd);
  }
  const buffer = Buffer.alloc(ref.length);
  readSync(fd, buffer, 0, ref.length, ref.offset);
  return buffer.toString("utf8");
}

/** Forgets the spill files of a finished build. */
function closeSpills(): void {
  for (const fd of spills.values()) closeSync(fd);
  spills.clear();
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

async function render(task: RenderTask, data: SettingsData): Promise<RenderResult> {
  const { settings, reader, renderer } = tools(data);
  const { summaries, shell, madeFolders } = contextOf(task.contextFile, settings);
  const timings: Record<string, number> = {};
  const timed = stopwatch(timings);
  const shard = task.shard ? await ShardWriter.open(task.siteDir, task.shard) : undefined;
  let pages = 0;
  const written: [string, OutputFile][] = [];
  for (const job of task.articles) {
    const { article } = job;
    const bodyHtml = job.body ? spilled(job.body) : timed("nội dung bài (Markdown)", () => reader.bodyHtml(article));
    if (job.page) {
      const related = job.related.map((position) => summaries[position]!);
      timed("trang bài viết", () =>
        written.push(
          writePage(
            madeFolders,
            task.siteDir,
            article.url,
            renderer.article(
              {
                ...article,
                bodyHtml: withPictures(bodyHtml, article.bodyPictures ?? {}, "page"),
                related,
                comments: job.comments,
              },
              shell,
            ),
          ),
        ),
      );
      pages++;
    }
    shard?.add(article, bodyHtml, renderer.searchDocument(article, bodyHtml));
  }
  for (const listing of task.listings) {
    const items = listing.items.map((position) => summaries[position]!);
    timed(`trang danh sách: ${listing.kind}`, () =>
      written.push(
        writePage(
          madeFolders,
          task.siteDir,
          listing.url,
          renderer.listing(listing, items, shell, listing.mostRead && mostReadShown(listing.mostRead, summaries)),
        ),
      ),
    );
  }
  let searchFiles: string[] = [];
  if (shard) {
    const started = performance.now();
    const finished = await shard.finish();
    searchFiles = finished.files;
    if (task.routingFile) writeFileAtomically(task.routingFile, serialize(finished.routing));
    timings["chỉ mục tìm kiếm (chờ Pagefind)"] = performance.now() - started;
  }
  return { pages: pages + task.listings.length, timings, searchFiles, written };
}

async function close(task: CloseTask): Promise<void> {
  await closeSearchIndexer();
  closeSpills();
  context = undefined;
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

export async function runTask(task: WorkerTask, settings: SettingsData): Promise<ParsedFile[] | RenderResult | void> {
  switch (task.kind) {
    case "parse":
      return parse(task, settings);
    case "render":
      return render(task, settings);
    case "close":
      return close(task);
  }
}
