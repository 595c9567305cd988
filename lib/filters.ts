import type { Article } from "./article.ts";
import { absoluteUrl } from "./feeds.ts";
import type { SiteSettings } from "./settings.ts";
import { newsArticleJsonLd, websiteJsonLd } from "./structured-data.ts";

/** Filters are formatting only; every list and date is already computed in lib/newsroom.ts. */
export function siteFilters(site: SiteSettings): Record<string, (value: never) => string> {
  return {
    absoluteUrl: (pathOrUrl: string) => absoluteUrl(site, pathOrUrl),
    newsArticleJsonLd: (article: Article) => newsArticleJsonLd(article, site),
    websiteJsonLd: (value: SiteSettings) => websiteJsonLd(value),
  };
}
