import type { Article } from "../content/article.ts";
import type { Newsroom } from "../newsroom/newsroom.ts";
import type { Settings } from "../settings/settings.ts";
import { buildFeeds, type FeedDocument } from "./feeds.ts";
import { buildSitemaps, type Sitemaps } from "./sitemaps.ts";

/** The whole-site documents made from the newsroom's lists: its feeds and its sitemaps. */
export interface SiteDocuments {
  feeds: FeedDocument[];
  sitemaps: Sitemaps;
}

/** `bodyOf` renders an article's body for the feeds: only their few dozen articles need it. */
export function siteDocuments(
  settings: Settings,
  newsroom: Newsroom,
  bodyOf: (article: Article) => string,
): SiteDocuments {
  return {
    feeds: buildFeeds(settings.site, newsroom.feedSections, bodyOf, settings.now.toISO()!),
    sitemaps: buildSitemaps(settings.site, newsroom.articles, newsroom.listings, settings.now),
  };
}
