import { readdirSync } from "node:fs";
import path from "node:path";
import type { SourceResult } from "./article-source.ts";
import type { Article } from "./article.ts";
import { newestFirst } from "./article.ts";
import { unchangedSource, type SourceEntry } from "./build-cache.ts";
import type { BuildPool } from "./build-pool.ts";
import type { BodyRef, ParsedFile } from "./build-worker.ts";
import type { ContentProblem } from "./content-errors.ts";
import { checkMediaPath } from "./media.ts";

export interface LoadResult {
  /** Published articles, newest first. */
  articles: Article[];
  drafts: number;
  problems: ContentProblem[];
  /** What the next build's cache keeps of every file. */
  sources: Map<string, SourceEntry>;
  /** Files read and parsed this time (the rest came unchanged from the cache). */
  parsed: number;
  /** Bodies rendered while reading, by file: the pages and shards of this build read them back. */
  bodies: Map<string, BodyRef>;
}

/** Files read by one worker task: enough to keep both cores busy without a message per file. */
const FILES_PER_TASK = 250;

export function listMarkdownFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
    .filter((name) => name.endsWith(".md"))
    .map((name) => path.join(dir, name))
    .sort();
}

/** A file as messages name it: relative to the project when it is inside it. */
export function displayPath(file: string, root: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith("..") ? file : relative;
}

export interface LoadOptions {
  /** Every Markdown file of the articles folder (listMarkdownFiles). */
  files: string[];
  mediaDir: string;
  root: string;
  pool: BuildPool;
  /** A folder of this build for the rendered bodies (removed with the build); without it none are kept. */
  spillDir?: string;
  /** What the previous build learnt of each file: unchanged files are not read again. */
  previous?: ReadonlyMap<string, SourceEntry>;
}

/**
 * Reads every article in the worker threads (only the changed ones when the previous build's cache
 * is given), then checks what only the whole archive shows (two files claiming one URL). All
 * problems are collected, none stops the reading early.
 */
export async function loadArticles({
  files,
  mediaDir,
  root,
  pool,
  spillDir,
  previous,
}: LoadOptions): Promise<LoadResult> {
  const mediaExists = (sitePath: string) => checkMediaPath(mediaDir, sitePath) === undefined;
  const sources = new Map<string, SourceEntry>();
  const results = new Map<string, SourceResult>();
  const toRead: { file: string; display: string; mtimeMs: number; size: number }[] = [];
  for (const file of files) {
    const entry = previous?.get(file);
    const check = unchangedSource(file, entry, mediaExists);
    if (check.unchanged && entry) {
      sources.set(file, { ...entry, mtimeMs: check.mtimeMs });
      results.set(file, entry.result);
    } else {
      toRead.push({ file, display: displayPath(file, root), mtimeMs: check.mtimeMs, size: check.size });
    }
  }
  const tasks: Promise<ParsedFile[]>[] = [];
  for (let start = 0; start < toRead.length; start += FILES_PER_TASK) {
    tasks.push(
      pool.parse({
        root,
        files: toRead.slice(start, start + FILES_PER_TASK).map(({ file, display }) => ({ file, display })),
        spillFile: spillDir && path.join(spillDir, `bodies-${start}.bin`),
      }),
    );
  }
  const bodies = new Map<string, BodyRef>();
  (await Promise.all(tasks)).flat().forEach((outcome, i) => {
    const { file, mtimeMs, size } = toRead[i]!;
    if (outcome.body) bodies.set(file, outcome.body);
    sources.set(file, {
      mtimeMs,
      size,
      contentHash: outcome.contentHash,
      result: outcome.result,
      media: outcome.media.map((sitePath) => ({ sitePath, exists: mediaExists(sitePath) })),
    });
    results.set(file, outcome.result);
  });

  const problems: ContentProblem[] = [];
  const articles: Article[] = [];
  const ownerOfUrl = new Map<string, string>();
  let drafts = 0;
  for (const file of files) {
    const result = results.get(file)!;
    if (result.kind === "draft") drafts++;
    else if (result.kind === "invalid") problems.push(...result.problems);
    else {
      const { article } = result;
      const owner = ownerOfUrl.get(article.url);
      if (owner) {
        problems.push({
          file: article.sourcePath,
          field: "slug",
          message: `trùng đường dẫn ${article.url} với ${owner} — đặt \`slug\` khác cho một trong hai bài`,
        });
        continue;
      }
      ownerOfUrl.set(article.url, article.sourcePath);
      articles.push(article);
    }
  }
  articles.sort(newestFirst);
  return { articles, drafts, problems, sources, parsed: toRead.length, bodies };
}
