import type { BakedComment } from "../content/approved-comments.ts";
import type { Article, ArticleSummary, CategoryRef, Correction, LinkRef } from "../content/article.ts";
import { toSummary } from "../content/article.ts";
import type { Category } from "../settings/categories.ts";
import { dayLabel } from "../text/dates.ts";
import { fill } from "../text/fill.ts";
import type { MostReadExport, MostReadLists } from "../../comments/shared/most-read.ts";
import { groupBy, type ListingPage, type MostReadBox, paginate } from "./listings.ts";
import {
  correctionAnchor,
  dayUrl,
  type FeedLinks,
  feedLinksFor,
  monthUrl,
  ROUTES,
  yearUrl,
} from "../settings/routes.ts";
import type { Settings, SiteSettings, UiWords } from "../settings/settings.ts";
import { compareVietnamese } from "../text/vietnamese.ts";

export interface CategoryBlock {
  category: CategoryRef & { description: string };
  count: number;
  items: ArticleSummary[];
}

/** The top of the home page: the lead story and the ones beside it (positions). */
export interface FrontPage {
  /** The newest recent article with a photo, else the newest article. */
  lead: number | undefined;
  secondary: number[];
}

/** How many of the newest articles may lead the front page: an old photo story never does. */
const FRONT_PAGE_WINDOW = 20;
const FRONT_PAGE_SECONDARY = 4;

export function frontPageOf(articles: readonly Pick<Article, "image">[]): FrontPage {
  const recent = articles.slice(0, FRONT_PAGE_WINDOW).map((_, index) => index);
  const lead = recent.find((index) => articles[index]!.image) ?? recent[0];
  return { lead, secondary: recent.filter((index) => index !== lead).slice(0, FRONT_PAGE_SECONDARY) };
}

export interface ArchiveYear {
  year: number;
  url: string;
  count: number;
  months: { month: number; label: string; url: string; count: number }[];
}

/** The feeds every page links to: the site's, and each category's by slug. */
/** A feed the newsroom publishes: the whole site's or a category's, its newest articles first. */
export interface FeedSection {
  links: FeedLinks;
  description: string;
  items: readonly Article[];
}

/** A correction as /dinh-chinh/ and its feeds list it: which article, and where on its page. */
export interface CorrectionEntry extends Correction {
  /** The article's position. */
  article: number;
  /** The correction's anchor on the article's page. */
  anchor: string;
}

export interface SiteFeeds {
  siteFeeds: FeedLinks;
  categoryFeeds: Record<string, FeedLinks>;
}

/**
 * Everything the pages read, computed once per build from the article records. Templates never
 * sort or filter. Lists hold positions in `articles` (newest first), so that the worker threads
 * that render pages share one copy of the records instead of a copy per list.
 */
export interface Newsroom extends SiteFeeds {
  site: SiteSettings;
  categories: readonly Category[];
  /** The same categories in Vietnamese alphabetical order, for filters. */
  categoriesAlphabetical: readonly Category[];
  articles: Article[];
  summaries: ArticleSummary[];
  /** Each article's related articles (positions), by position. */
  related: number[][];
  /** Each article's approved comments, by position, oldest first. */
  comments: BakedComment[][];
  /** Tin mới: positions of the newest articles. */
  latest: number[];
  /** Đọc nhiều of the whole site, as the endpoint last gave it (only articles published now). */
  mostRead: MostReadBox;
  frontPage: FrontPage;
  categoryBlocks: CategoryBlock[];
  listings: ListingPage[];
  archiveYears: ArchiveYear[];
  feedSections: FeedSection[];
  /** Article URL paths, for the comments endpoint (only existing articles take comments). */
  articleUrls: string[];
  /** Their titles, in the same order (the moderation page names articles by them). */
  articleTitles: string[];
  /** Every correction of the archive, newest first. */
  corrections: CorrectionEntry[];
  correctionFeeds: FeedLinks;
}

export function siteFeedsOf(settings: Settings): SiteFeeds {
  return {
    siteFeeds: feedLinksFor(ROUTES.home, `${settings.site.title} — ${settings.ui.latest}`),
    categoryFeeds: Object.fromEntries(
      settings.categories.all.map((category) => [
        category.slug,
        feedLinksFor(category.url, `${settings.site.title} — ${category.name}`),
      ]),
    ),
  };
}

const NO_LISTS: MostReadExport = { generated_at: "", site: { day: [], week: [] }, categories: {} };

/** Đọc nhiều's lists as positions: articles the build does not publish (or not in `scope`) left out. */
function mostReadBox(
  lists: MostReadLists | undefined,
  scope: string,
  positionOf: ReadonlyMap<string, number>,
  articles: readonly Article[],
  count: number,
): MostReadBox {
  const positions = (items: MostReadLists["day"] = []) =>
    items
      .map((item) => positionOf.get(item.url))
      .filter((index): index is number => index !== undefined && (!scope || articles[index]!.category.slug === scope))
      .slice(0, count);
  return { scope, day: positions(lists?.day), week: positions(lists?.week) };
}

/** `articles` newest first; `comments` their approved comments, by position; `mostRead` the endpoint's lists. */
export function buildNewsroom(
  settings: Settings,
  articles: Article[],
  comments: BakedComment[][],
  mostRead: MostReadExport = NO_LISTS,
): Newsroom {
  const { site, ui } = settings;
  const summaries = articles.map(toSummary);
  const positions = articles.map((_, index) => index);
  const byCategory = groupBy(positions, (index) => articles[index]!.category.slug);
  const related = relatedOf(articles.length, byCategory, site.relatedCount);
  const feeds = siteFeedsOf(settings);
  const positionOf = new Map(articles.map((article, index) => [article.url, index]));
  const boxOf = (scope: string) =>
    mostReadBox(scope ? mostRead.categories[scope] : mostRead.site, scope, positionOf, articles, site.mostReadCount);

  const categoryBlocks: CategoryBlock[] = settings.categories.all
    .map((category) => {
      const inCategory = byCategory.get(category.slug) ?? [];
      return {
        category,
        count: inCategory.length,
        items: inCategory.slice(0, site.homeCategoryCount).map((index) => summaries[index]!),
      };
    })
    .filter((block) => block.count > 0);

  const listings: ListingPage[] = [
    ...paginate(
      {
        kind: "latest",
        heading: ui.latest,
        description: fill(ui.latestDescription, { site: site.title }),
        baseUrl: ROUTES.latest,
        items: positions,
        feeds: feeds.siteFeeds,
      },
      site.perPage,
    ),
    ...settings.categories.all.flatMap((category) =>
      withMostRead(
        paginate(
          {
            kind: "category",
            heading: category.name,
            description:
              category.description || fill(ui.categoryDescription, { category: category.name, site: site.title }),
            baseUrl: category.url,
            items: byCategory.get(category.slug) ?? [],
            feeds: feeds.categoryFeeds[category.slug],
          },
          site.perPage,
        ),
        boxOf(category.slug),
      ),
    ),
    ...paginate(
      {
        kind: "video",
        heading: ui.video,
        description: fill(ui.videoDescription, { site: site.title }),
        baseUrl: ROUTES.video,
        items: positions.filter((index) => articles[index]!.video),
      },
      site.perPage,
    ),
    ...paginate(
      {
        kind: "photo-story",
        heading: ui.photoStories,
        description: fill(ui.photoStoriesDescription, { site: site.title }),
        baseUrl: ROUTES.photoStories,
        items: positions.filter((index) => articles[index]!.gallery.length > 0),
      },
      site.perPage,
    ),
    ...groupedListings(
      articles,
      (article) => [article.author],
      "author",
      (name) => fill(ui.authorDescription, { author: name }),
      site.perPage,
    ),
    ...groupedListings(
      articles,
      (article) => article.tags,
      "tag",
      (name) => fill(ui.tagDescription, { tag: name }),
      site.perPage,
    ),
    ...dateListings(articles, site.perPage, ui),
  ];

  return {
    site,
    categories: settings.categories.all,
    categoriesAlphabetical: [...settings.categories.all].sort((a, b) => compareVietnamese(a.name, b.name)),
    articles,
    summaries,
    related,
    comments,
    latest: positions.slice(0, site.latestCount),
    mostRead: boxOf(""),
    frontPage: frontPageOf(articles),
    categoryBlocks,
    listings,
    archiveYears: archiveYears(articles, ui),
    feedSections: [
      { links: feeds.siteFeeds, description: site.description, items: articles.slice(0, site.feedSize) },
      ...settings.categories.all.map((category) => ({
        links: feeds.categoryFeeds[category.slug]!,
        description: category.description || fill(ui.categoryFeedDescription, { category: category.name }),
        items: (byCategory.get(category.slug) ?? []).slice(0, site.feedSize).map((index) => articles[index]!),
      })),
    ],
    ...feeds,
    articleUrls: articles.map((article) => article.url),
    articleTitles: articles.map((article) => article.title),
    corrections: correctionsOf(articles),
    correctionFeeds: feedLinksFor(ROUTES.corrections, `${site.title} — ${ui.correctionsFeed}`),
  };
}

/** A section's pages, its own (newest) page with its Đọc nhiều. */
function withMostRead(pages: ListingPage[], box: MostReadBox): ListingPage[] {
  return pages.map((page) => (page.number === undefined ? { ...page, mostRead: box } : page));
}

function correctionsOf(articles: readonly Article[]): CorrectionEntry[] {
  return articles
    .flatMap((article, position) =>
      article.corrections.map((correction, index) => ({
        ...correction,
        article: position,
        anchor: correctionAnchor(index + 1),
      })),
    )
    .sort((a, b) => (a.dateIso < b.dateIso ? 1 : a.dateIso > b.dateIso ? -1 : a.article - b.article));
}

/** Related: the nearest older articles of the same category, then newer ones if there are too few. */
function relatedOf(total: number, byCategory: Map<string, number[]>, count: number): number[][] {
  const related: number[][] = Array.from({ length: total }, () => []);
  for (const group of byCategory.values()) {
    group.forEach((articleIndex, index) => {
      const older = group.slice(index + 1, index + 1 + count);
      const newer =
        older.length < count ? group.slice(Math.max(0, index - (count - older.length)), index).reverse() : [];
      related[articleIndex] = [...older, ...newer];
    });
  }
  return related;
}

/** Author and tag pages: one paginated listing per key, in Vietnamese alphabetical order. */
function groupedListings(
  articles: readonly Article[],
  keysOf: (article: Article) => readonly LinkRef[],
  kind: "author" | "tag",
  describe: (name: string) => string,
  perPage: number,
): ListingPage[] {
  const groups = new Map<string, { key: LinkRef; items: number[] }>();
  articles.forEach((article, index) => {
    for (const key of keysOf(article)) {
      const group = groups.get(key.url);
      if (group) group.items.push(index);
      else groups.set(key.url, { key, items: [index] });
    }
  });
  return [...groups.values()]
    .sort((a, b) => compareVietnamese(a.key.name, b.key.name))
    .flatMap(({ key, items }) =>
      paginate({ kind, heading: key.name, description: describe(key.name), baseUrl: key.url, items }, perPage),
    );
}

function dateListings(articles: readonly Article[], perPage: number, ui: UiWords): ListingPage[] {
  const positions = articles.map((_, index) => index);
  const at = (index: number) => articles[index]!;
  const byMonth = groupBy(positions, (index) => monthUrl(at(index).year, at(index).month));
  const byDay = groupBy(positions, (index) => dayUrl(at(index).year, at(index).month, at(index).day));
  const yearTrail = (a: Article) => ({ name: fill(ui.archiveYear, { year: a.year }), url: yearUrl(a.year) });
  const monthLabel = (year: number, month: number) => fill(ui.archiveMonth, { year, month });
  return [
    ...[...byMonth].flatMap(([url, group]) => {
      const first = at(group[0]!);
      const heading = monthLabel(first.year, first.month);
      return paginate(
        {
          kind: "month",
          heading,
          description: fill(ui.archiveMonthDescription, { year: first.year, month: first.month }),
          baseUrl: url,
          items: group,
          trail: [yearTrail(first)],
        },
        perPage,
      );
    }),
    ...[...byDay].flatMap(([url, group]) => {
      const first = at(group[0]!);
      const heading = dayLabel(first.year, first.month, first.day);
      return paginate(
        {
          kind: "day",
          heading,
          description: fill(ui.archiveDayDescription, { day: heading }),
          baseUrl: url,
          items: group,
          trail: [
            yearTrail(first),
            { name: monthLabel(first.year, first.month), url: monthUrl(first.year, first.month) },
          ],
        },
        perPage,
      );
    }),
  ];
}

function archiveYears(articles: readonly Article[], ui: UiWords): ArchiveYear[] {
  return [...groupBy(articles, (a) => a.year)].map(([year, group]) => ({
    year,
    url: yearUrl(year),
    count: group.length,
    months: [...groupBy(group, (a) => a.month)].map(([month, inMonth]) => ({
      month,
      label: fill(ui.archiveMonth, { year, month }),
      url: monthUrl(year, month),
      count: inMonth.length,
    })),
  }));
}
