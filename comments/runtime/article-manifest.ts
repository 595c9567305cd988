import { readFileSync, statSync } from "node:fs";
import { foldVietnamese } from "../shared/fold.ts";
import { type CommentsConfig, isUrl } from "./config.ts";

/** The manifest the site build writes: which article paths exist (only those take comments). */
export interface ArticleManifestFile {
  generated_at: string;
  articles: string[];
  /** Each article's title, in the same order (for the moderation page); older manifests lack it. */
  titles?: string[];
  /** Each article's category (its slug), in the same order (for Đọc nhiều by category); older manifests lack it. */
  categories?: string[];
}

/** What the endpoint knows of a published article ("" where the manifest says nothing). */
interface ArticleEntry {
  title: string;
  category: string;
}

/** Article paths and what the manifest says of each. */
type Articles = Map<string, ArticleEntry>;

/** The articles that take comments, from wherever the published site's manifest lives. */
export interface ArticleList {
  /** Whether the article takes comments, looking the list up again if it may have changed. */
  has(articlePath: string): Promise<boolean>;
  /** Whether the list as it stands names the article (no look-up: for links on error pages). */
  knows(articlePath: string): boolean;
  /** The article's title as the manifest has it, or undefined. */
  titleOf(articlePath: string): string | undefined;
  /** The slug of the article's category as the manifest has it, or undefined. */
  categoryOf(articlePath: string): string | undefined;
  /** Paths of the articles whose titles hold every word (accents and case aside), at most `limit`. */
  withTitle(words: string, limit: number): string[];
  readonly size: number;
  /** Where the list comes from, for messages. */
  readonly source: string;
  close(): void;
}

export type Log = (message: string) => void;

/** The list in a manifest's text, or why the text is not a manifest. */
export function parseManifest(text: string, source: string): Articles {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: không phải JSON (${error instanceof Error ? error.message : String(error)})`, {
      cause: error,
    });
  }
  const manifest = parsed as Partial<ArticleManifestFile> | null;
  const articles = manifest?.articles;
  if (!Array.isArray(articles) || !articles.every((item) => typeof item === "string")) {
    throw new Error(`${source}: thiếu danh sách "articles" (các đường dẫn bài viết)`);
  }
  const titles = Array.isArray(manifest?.titles) ? manifest.titles : [];
  const categories = Array.isArray(manifest?.categories) ? manifest.categories : [];
  return new Map(
    articles.map((article, index) => [
      article,
      { title: String(titles[index] ?? ""), category: String(categories[index] ?? "") },
    ]),
  );
}

/** Looking articles up by title, shared by both kinds of manifest. */
abstract class TitledList {
  protected articles: Articles = new Map();
  private folded?: { articles: Articles; titles: [string, string][] };

  titleOf(articlePath: string): string | undefined {
    return this.articles.get(articlePath)?.title || undefined;
  }

  categoryOf(articlePath: string): string | undefined {
    return this.articles.get(articlePath)?.category || undefined;
  }

  withTitle(words: string, limit: number): string[] {
    const wanted = foldVietnamese(words).split(/\s+/).filter(Boolean);
    if (this.folded?.articles !== this.articles)
      this.folded = {
        articles: this.articles,
        titles: [...this.articles].map(([article, { title }]) => [article, foldVietnamese(title)]),
      };
    const found: string[] = [];
    for (const [article, title] of this.folded.titles) {
      if (found.length >= limit) break;
      if (wanted.every((word) => title.includes(word))) found.push(article);
    }
    return found;
  }
}

const RECHECK_MS = 2000;

/**
 * The manifest in a local file (the endpoint runs next to the built site): re-read when a new build
 * replaces it. A file caught half-written or broken keeps the previous list until it is whole.
 */
export class FileManifest extends TitledList implements ArticleList {
  private loadedMtime = -1;
  private checkedAt = 0;

  constructor(
    private readonly file: string,
    private readonly log: Log = () => undefined,
  ) {
    super();
    this.refresh(true);
  }

  get source(): string {
    return this.file;
  }

  get size(): number {
    return this.articles.size;
  }

  async has(articlePath: string): Promise<boolean> {
    this.refresh(false);
    return this.articles.has(articlePath);
  }

  knows(articlePath: string): boolean {
    return this.articles.has(articlePath);
  }

  close(): void {}

  private refresh(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.checkedAt < RECHECK_MS) return;
    this.checkedAt = now;
    let mtime: number;
    try {
      mtime = statSync(this.file).mtimeMs;
    } catch {
      this.articles = new Map();
      this.loadedMtime = -1;
      return;
    }
    if (mtime === this.loadedMtime) return;
    try {
      this.articles = parseManifest(readFileSync(this.file, "utf8"), this.file);
      this.loadedMtime = mtime;
    } catch (error) {
      this.log(`Giữ danh sách bài cũ: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export interface RemoteManifestOptions {
  /** How often the list is fetched again in any case. */
  refreshMs: number;
  /** At most one fetch in this time, however many unknown articles readers post to. */
  minGapMs: number;
  timeoutMs: number;
  log?: Log;
  fetch?: typeof fetch;
}

/**
 * The manifest published with the site (`https://site/comments-manifest.json`), for an endpoint
 * that runs apart from the site: fetched with a conditional GET on an interval, and again when a
 * reader posts to an article it does not know yet (a new one just deployed) — but never more than
 * once per `minGapMs`, so unknown articles cannot make it fetch in a loop. A failed fetch keeps the
 * last good list.
 */
export class RemoteManifest extends TitledList implements ArticleList {
  private etag?: string;
  private lastModified?: string;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private inFlight?: Promise<void>;
  private readonly timer: NodeJS.Timeout;
  /** How many requests went to the site: for the tests and the health check. */
  fetches = 0;

  constructor(
    readonly source: string,
    private readonly options: RemoteManifestOptions,
  ) {
    super();
    this.timer = setInterval(() => void this.refresh(), options.refreshMs);
    this.timer.unref();
  }

  get size(): number {
    return this.articles.size;
  }

  /** The first fetch; the endpoint starts even when the site cannot be reached, and retries. */
  async load(): Promise<void> {
    await this.refresh();
  }

  knows(articlePath: string): boolean {
    return this.articles.has(articlePath);
  }

  async has(articlePath: string): Promise<boolean> {
    if (this.articles.has(articlePath)) return true;
    if (Date.now() - this.fetchedAt >= this.options.minGapMs) await this.refresh();
    return this.articles.has(articlePath);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.fetchOnce().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async fetchOnce(): Promise<void> {
    this.fetchedAt = Date.now();
    this.fetches++;
    const log = this.options.log ?? (() => undefined);
    const headers: Record<string, string> = {};
    if (this.etag) headers["If-None-Match"] = this.etag;
    if (this.lastModified) headers["If-Modified-Since"] = this.lastModified;
    try {
      const response = await (this.options.fetch ?? fetch)(this.source, {
        headers,
        signal: AbortSignal.timeout(this.options.timeoutMs),
        redirect: "follow",
      });
      if (response.status === 304) return;
      if (!response.ok) throw new Error(`${this.source}: máy chủ trang trả về ${response.status}`);
      this.articles = parseManifest(await response.text(), this.source);
      this.etag = response.headers.get("etag") ?? undefined;
      this.lastModified = response.headers.get("last-modified") ?? undefined;
    } catch (error) {
      log(
        `Chưa cập nhật được danh sách bài, giữ danh sách cũ (${this.articles.size} bài): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/** An article path as pages post it: "/2025/05/04/slug/", without origin, query or fragment. */
export function normaliseArticlePath(value: string, origin: string): string {
  let candidate = value.trim();
  if (candidate.startsWith(origin)) candidate = candidate.slice(origin.length);
  candidate = candidate.replace(/[?#].*$/, "");
  // Article URLs end with a slash; "/2025/05/04/slug" means the same page.
  if (candidate.startsWith("/") && !candidate.endsWith("/")) candidate += "/";
  return candidate;
}

/** The list of articles where the configuration says it is: a file beside the site, or the site's URL (loaded once). */
export async function openManifest(config: CommentsConfig, log: Log): Promise<ArticleList> {
  if (!isUrl(config.manifest.source)) return new FileManifest(config.manifest.source, log);
  const remote = new RemoteManifest(config.manifest.source, { ...config.manifest, timeoutMs: 10_000, log });
  await remote.load();
  return remote;
}
