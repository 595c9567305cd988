import type { Article } from "./article.ts";
import type { EleventyConfig } from "./eleventy-config.ts";
import { absoluteUrl } from "./feeds.ts";
import type { SiteSettings } from "./settings.ts";
import { newsArticleJsonLd, websiteJsonLd } from "./structured-data.ts";

/** Filters are formatting only; every list and date is already computed in lib/newsroom.ts. */
export function registerFilters(config: EleventyConfig, site: SiteSettings): void {
  config.addFilter("absoluteUrl", (pathOrUrl: string) => absoluteUrl(site, pathOrUrl));
  config.addFilter("newsArticleJsonLd", (article: Article) => newsArticleJsonLd(article, site));
  config.addFilter("websiteJsonLd", (value: SiteSettings) => websiteJsonLd(value));
}
