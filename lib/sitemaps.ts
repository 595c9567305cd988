import type { DateTime } from "luxon";
import type { Article } from "./article.ts";
import type { ListingPage } from "./listings.ts";
import type { SiteSettings } from "./settings.ts";

export interface SitemapEntry {
  loc: string;
  lastmod?: string;
}

export interface SitemapFile {
  url: string;
  entries: SitemapEntry[];
}

export interface NewsSitemapEntry {
  loc: string;
  title: string;
  dateIso: string;
}

export interface Sitemaps {
  /** The files listed by /sitemap.xml (a sitemap index, since one file may hold at most 50,000 URLs). */
  files: SitemapFile[];
  news: { url: string; entries: NewsSitemapEntry[] };
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
    { loc: abs("/"), lastmod: articles[0]?.dateIso },
    { loc: abs("/luu-tru/") },
    ...listings
      .filter((page) => page.pageNumber === 1)
      .map((page) => ({ loc: abs(page.url), lastmod: page.items[0]?.dateIso })),
  ];
  const articleEntries = articles.map((article) => ({
    loc: abs(article.url),
    lastmod: article.updatedIso ?? article.dateIso,
  }));
  const files: SitemapFile[] = [{ url: "/sitemaps/chuyen-muc.xml", entries: sections }];
  for (let start = 0; start < articleEntries.length; start += URLS_PER_SITEMAP) {
    files.push({
      url: `/sitemaps/bai-viet-${start / URLS_PER_SITEMAP + 1}.xml`,
      entries: articleEntries.slice(start, start + URLS_PER_SITEMAP),
    });
  }
  const since = now.minus({ days: site.newsSitemapDays }).toMillis();
  const recent = articles
    .filter((article) => article.timestamp >= since && article.timestamp <= now.toMillis())
    .slice(0, NEWS_SITEMAP_LIMIT);
  return {
    files,
    news: {
      url: "/sitemaps/tin-tuc.xml",
      entries: recent.map((article) => ({ loc: abs(article.url), title: article.title, dateIso: article.dateIso })),
    },
  };
}
