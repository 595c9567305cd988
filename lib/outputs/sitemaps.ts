import type { DateTime } from "luxon";
import type { Article } from "../content/article.ts";
import { videoThumbnailOf } from "../content/video.ts";
import { absoluteUrl } from "./feeds.ts";
import { newestChange, newestDate } from "../text/dates.ts";
import type { ListingPage } from "../newsroom/listings.ts";
import { ROUTES, sitemapUrl } from "../settings/routes.ts";
import type { SiteSettings } from "../settings/settings.ts";

export interface SitemapEntry {
  loc: string;
  lastmod?: string;
}

export interface SitemapFile {
  url: string;
  /** The newest change among its entries: what the sitemap index says of the file. */
  lastmod?: string;
  entries: SitemapEntry[];
}

export interface NewsSitemapEntry {
  loc: string;
  title: string;
  dateIso: string;
}

/** A video as Google's video sitemap gives it: where it is shown, its picture, its words, where it plays. */
export interface VideoSitemapEntry {
  loc: string;
  thumbnail: string;
  title: string;
  description: string;
  /** A file's address; a hosted video has `player` instead. */
  content?: string;
  player?: string;
  dateIso: string;
}

export interface Sitemaps {
  /** The files listed by /sitemap.xml (a sitemap index, since one file may hold at most 50,000 URLs). */
  files: SitemapFile[];
  news: { url: string; entries: NewsSitemapEntry[] };
  /** Every article's video (the index lists the file only when there is one). */
  video: { url: string; entries: VideoSitemapEntry[] };
}

const URLS_PER_SITEMAP = 45_000;
/** Google News reads at most 1,000 articles from a news sitemap. */
const NEWS_SITEMAP_LIMIT = 1_000;

export function buildSitemaps(
  site: SiteSettings,
  articles: readonly Article[],
  listings: readonly ListingPage[],
  now: DateTime,
): Sitemaps {
  const abs = (path: string) => site.url + path;
  const sections: SitemapEntry[] = [
    { loc: abs(ROUTES.home), lastmod: newestChange(articles) },
    { loc: abs(ROUTES.archive) },
    ...listings
      .filter((page) => page.number === undefined)
      .map((page) => ({ loc: abs(page.url), lastmod: newestChange(page.items.map((index) => articles[index]!)) })),
  ];
  const articleEntries = articles.map((article) => ({
    loc: abs(article.url),
    lastmod: article.updatedIso ?? article.dateIso,
  }));
  // Sections first (their first file keeps its old name), then the articles; no file over the limit.
  const files: SitemapFile[] = [
    ...chunks(sections).map((entries, index) =>
      sitemapFile(sitemapUrl(index ? `chuyen-muc-${index + 1}` : "chuyen-muc"), entries),
    ),
    ...chunks(articleEntries).map((entries, index) => sitemapFile(sitemapUrl(`bai-viet-${index + 1}`), entries)),
  ];
  const since = now.minus({ days: site.newsSitemapDays }).toMillis();
  const recent = articles
    .filter((article) => article.timestamp >= since && article.timestamp <= now.toMillis())
    .slice(0, NEWS_SITEMAP_LIMIT);
  return {
    files,
    video: {
      url: sitemapUrl("video"),
      entries: articles
        .filter((article) => article.video)
        .slice(0, URLS_PER_SITEMAP)
        .map((article) => {
          const video = article.video!;
          return {
            loc: abs(article.url),
            thumbnail: absoluteUrl(site, videoThumbnailOf(video, article.bodyPictures)),
            title: article.title,
            description: article.description,
            content: video.kind === "file" ? abs(video.source) : undefined,
            player: video.embedUrl,
            dateIso: article.dateIso,
          };
        }),
    },
    news: {
      url: sitemapUrl("tin-tuc"),
      entries: recent.map((article) => ({ loc: abs(article.url), title: article.title, dateIso: article.dateIso })),
    },
  };
}

function chunks<T>(entries: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < entries.length; start += URLS_PER_SITEMAP)
    result.push(entries.slice(start, start + URLS_PER_SITEMAP));
  return result;
}

function sitemapFile(url: string, entries: SitemapEntry[]): SitemapFile {
  return { url, lastmod: newestDate(entries.map((entry) => entry.lastmod)), entries };
}
