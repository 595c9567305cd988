import type { BakedComment } from "./approved-comments.ts";

/** What templates see of an article in lists: everything is derived once, at load time. */
export interface ArticleSummary {
  url: string;
  title: string;
  summary: string;
  category: CategoryRef;
  dateIso: string;
  dateDisplay: string;
  image?: string;
  imageAlt?: string;
}

export interface CategoryRef {
  name: string;
  slug: string;
  url: string;
}

export interface LinkRef {
  name: string;
  url: string;
}

export interface Article extends ArticleSummary {
  sourcePath: string;
  slug: string;
  author: LinkRef;
  tags: LinkRef[];
  caption?: string;
  updatedIso?: string;
  updatedDisplay?: string;
  /** Milliseconds since the epoch: the one sort key for "newest first". */
  timestamp: number;
  year: number;
  month: number;
  day: number;
  /** The summary the editor wrote, shown as the article's lead; absent when the summary is derived from the body. */
  lead?: string;
  /** Summary, or the opening of the body when there is none: for meta description and feeds. */
  description: string;
  bodyHtml: string;
  wordCount: number;
  related: ArticleSummary[];
  /** Approved comments baked in at build time, oldest first. */
  comments: BakedComment[];
}

const summaries = new WeakMap<Article, ArticleSummary>();

/**
 * The list view of an article, made once and shared: the same article appears in many lists
 * (Tin mới, its category, author, tags, day and month, related), and at 100k articles separate
 * copies would multiply the data every page is rendered from.
 */
export function toSummary(article: Article): ArticleSummary {
  let summary = summaries.get(article);
  if (!summary) {
    const { url, title, summary: text, category, dateIso, dateDisplay, image, imageAlt } = article;
    summary = { url, title, summary: text, category, dateIso, dateDisplay, image, imageAlt };
    summaries.set(article, summary);
  }
  return summary;
}

export function newestFirst(a: { timestamp: number; url: string }, b: { timestamp: number; url: string }): number {
  return b.timestamp - a.timestamp || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
}
