import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { BODY_FIELD, type SourceResult } from "../content/article-source.ts";
import type { Article } from "../content/article.ts";
import { newestFirst } from "../content/article.ts";
import { unchangedSource, type SourceEntry } from "./build-cache.ts";
import type { BuildPool } from "./build-pool.ts";
import type { BodyRef, ParsedFile } from "./build-worker.ts";
import { type ContentProblem, lineOf } from "../messages/content-errors.ts";
import { checkMediaPath } from "../content/media.ts";
import { redirectPagePath } from "../outputs/redirects.ts";
import { ARTICLE_PATH, isSiteOwnPath, ROUTES } from "../settings/routes.ts";

export interface LoadResult {
  /** Articles to publish (now or at their time), newest first. */
  articles: Article[];
  /** Articles taken down (`withdrawn:`), newest first: their addresses show a notice. */
  withdrawn: Article[];
  /** What is worth telling but publishes all the same: links to articles taken down. */
  warnings: ContentProblem[];
  drafts: number;
  problems: ContentProblem[];
  /** What the next build's cache keeps of every file. */
  sources: Map<string, SourceEntry>;
  /** Files read and parsed this time (the rest came unchanged from the cache). */
  parsed: number;
  /** Whether `sources` is exactly what the previous build kept (nothing parsed, added, removed or touched). */
  sameSources: boolean;
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
  /** The categories' URLs, for links to category pages. */
  categoryUrls: ReadonlySet<string>;
  /** Whether `files` is the whole archive: only then can links between articles be checked. */
  wholeArchive?: boolean;
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
  categoryUrls,
  wholeArchive = true,
}: LoadOptions): Promise<LoadResult> {
  const mediaExists = (sitePath: string) => checkMediaPath(mediaDir, sitePath) === undefined;
  const sources = new Map<string, SourceEntry>();
  const results = new Map<string, SourceResult>();
  const toRead: { file: string; display: string; mtimeMs: number; size: number }[] = [];
  let touched = 0;
  for (const file of files) {
    const entry = previous?.get(file);
    const check = unchangedSource(file, entry, mediaExists);
    if (check.unchanged && entry) {
      if (check.mtimeMs !== entry.mtimeMs) touched++;
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
  const withdrawn: Article[] = [];
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
          code: "content.url-duplicate",
          file: article.sourcePath,
          line: lineOf(readFileSync(file, "utf8"), "slug"),
          field: "slug",
          message: `trùng đường dẫn ${article.url} với ${owner} — đặt \`slug\` khác cho một trong hai bài`,
        });
        continue;
      }
      ownerOfUrl.set(article.url, article.sourcePath);
      (article.withdrawn ? withdrawn : articles).push(article);
    }
  }
  const warnings: ContentProblem[] = [];
  if (wholeArchive) {
    const links = siteLinkProblems(articles, withdrawn, categoryUrls, mediaExists);
    problems.push(...links.broken, ...clashingAliases([...articles, ...withdrawn]));
    warnings.push(...links.toWithdrawn);
  }
  articles.sort(newestFirst);
  withdrawn.sort(newestFirst);
  const sameSources = toRead.length === 0 && touched === 0 && sources.size === previous?.size;
  return { articles, withdrawn, warnings, drafts, problems, sources, parsed: toRead.length, sameSources, bodies };
}

/**
 * Links between articles that lead nowhere: a link to an article URL that no article has (a typo,
 * a deleted or unpublished article), to a category that does not exist, or to a photo that is not
 * in the media folder. Other site paths (lists, archives) are not checked. A link to an article
 * taken down is no error (its address shows a notice), only a warning: the editor may want to
 * reword the sentence around it.
 */
function siteLinkProblems(
  articles: readonly Article[],
  withdrawn: readonly Article[],
  categoryUrls: ReadonlySet<string>,
  mediaExists: (sitePath: string) => boolean,
): { broken: ContentProblem[]; toWithdrawn: ContentProblem[] } {
  const urls = new Set(articles.map((article) => article.url));
  const withdrawnAddresses = new Set(
    withdrawn.flatMap((article) => [article.url, ...article.aliases.map(redirectPagePath)]),
  );
  const problems: ContentProblem[] = [];
  const toWithdrawn: ContentProblem[] = [];
  for (const article of articles) {
    for (const href of article.siteLinks) {
      const target = href.replace(/[?#].*$/, "");
      const page = target.endsWith("/") ? target : `${target}/`;
      let message: string | undefined;
      if (withdrawnAddresses.has(page) || withdrawnAddresses.has(target)) {
        toWithdrawn.push({
          code: "content.link-withdrawn",
          file: article.sourcePath,
          line: lineOf(readFileSync(article.sourceFile, "utf8"), BODY_FIELD, href),
          field: BODY_FIELD,
          message: `liên kết tới bài đã gỡ "${href}" — người đọc sẽ thấy thông báo gỡ bài; cân nhắc bỏ liên kết`,
        });
        continue;
      }
      if (ARTICLE_PATH.test(page) && !urls.has(page))
        message = `liên kết tới bài "${href}" không có trên trang (sai đường dẫn, bài nháp hoặc đã gỡ) — sửa hoặc bỏ liên kết`;
      else if (page.startsWith(ROUTES.categories) && page !== ROUTES.categories && !categoryUrls.has(page))
        message = `liên kết tới chuyên mục "${href}" không có — xem _data/categories.json`;
      else if (target.startsWith(ROUTES.media) && !mediaExists(target))
        message = `liên kết tới tệp "${href}" không có trong thư mục ảnh`;
      if (message)
        problems.push({
          code: "content.link-broken",
          file: article.sourcePath,
          line: lineOf(readFileSync(article.sourceFile, "utf8"), BODY_FIELD, href),
          field: BODY_FIELD,
          message,
        });
    }
  }
  return { broken: problems, toWithdrawn };
}

/** An old address may lead to one article only, and never hide a page of the site. */
function clashingAliases(articles: readonly Article[]): ContentProblem[] {
  const owners = new Map<string, string>();
  for (const article of articles) owners.set(article.url, `bài ${article.sourcePath}`);
  const problems: ContentProblem[] = [];
  for (const article of articles) {
    for (const alias of article.aliases) {
      const page = redirectPagePath(alias);
      const owner = isSiteOwnPath(page)
        ? "một trang hoặc tệp do báo tự tạo (trang chủ, chuyên mục, lưu trữ, tìm kiếm, tài nguyên…)"
        : (owners.get(page) ?? owners.get(page.endsWith("/") ? page : `${page}/`));
      if (owner) {
        problems.push({
          code: "content.alias-taken",
          file: article.sourcePath,
          line: lineOf(readFileSync(article.sourceFile, "utf8"), "aliases"),
          field: "aliases",
          message: `địa chỉ cũ "${alias}" trùng với ${owner} — bỏ hoặc sửa địa chỉ này`,
        });
      } else {
        owners.set(page, `địa chỉ cũ của bài ${article.sourcePath}`);
      }
    }
  }
  return problems;
}
