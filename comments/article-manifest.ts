import { readFileSync, statSync } from "node:fs";

/** The manifest the site build writes: which article paths exist (only those take comments). */
export interface ArticleManifestFile {
  generated_at: string;
  articles: string[];
}

const RECHECK_MS = 2000;

/** Reads the manifest, and reads it again when a new build replaces it, without a restart. */
export class ArticleManifest {
  private articles = new Set<string>();
  private loadedMtime = -1;
  private checkedAt = 0;

  constructor(private readonly file: string) {
    this.refresh(true);
  }

  get size(): number {
    return this.articles.size;
  }

  has(articlePath: string): boolean {
    this.refresh(false);
    return this.articles.has(articlePath);
  }

  private refresh(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.checkedAt < RECHECK_MS) return;
    this.checkedAt = now;
    let mtime: number;
    try {
      mtime = statSync(this.file).mtimeMs;
    } catch {
      this.articles = new Set();
      this.loadedMtime = -1;
      return;
    }
    if (mtime === this.loadedMtime) return;
    const parsed = JSON.parse(readFileSync(this.file, "utf8")) as ArticleManifestFile;
    if (!Array.isArray(parsed.articles)) throw new Error(`${this.file}: thiếu danh sách "articles"`);
    this.articles = new Set(parsed.articles);
    this.loadedMtime = mtime;
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
