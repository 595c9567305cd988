import type { Article } from "../content/article.ts";
import type { Newsroom } from "../newsroom/newsroom.ts";
import type { Settings } from "../settings/settings.ts";
import { buildFeeds, channelDocuments, correctionFeedEntry, type FeedChannel, type FeedDocument } from "./feeds.ts";
import { fill } from "../text/fill.ts";
import { newestChange } from "../text/dates.ts";
import { ROUTES } from "../settings/routes.ts";
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
  const { site, ui } = settings;
  const corrections: FeedChannel = {
    links: newsroom.correctionFeeds,
    title: newsroom.correctionFeeds.title,
    description: fill(ui.correctionsDescription, { site: site.title }),
    homeUrl: site.url + ROUTES.corrections,
    updated:
      newsroom.corrections[0]?.dateIso ??
      newestChange(newsroom.articles.slice(0, site.feedSize)) ??
      settings.now.toISO()!,
    entries: newsroom.corrections
      .slice(0, site.feedSize)
      .map((correction) =>
        correctionFeedEntry(correction, newsroom.articles[correction.article]!, ui.correctionOf, site),
      ),
  };
  return {
    feeds: [
      ...buildFeeds(settings.site, newsroom.feedSections, bodyOf, settings.now.toISO()!),
      ...channelDocuments(corrections, site),
    ],
    sitemaps: buildSitemaps(settings.site, newsroom.articles, newsroom.listings, settings.now),
  };
}
