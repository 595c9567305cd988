import type { Article, ArticleSummary, CategoryRef, LinkRef } from "./article.ts";
import type { Category } from "./categories.ts";
import { toSummary } from "./article.ts";
import { attachApprovedComments } from "./approved-comments.ts";
import { ContentValidationError } from "./content-errors.ts";
import { dayLabel, monthLabel } from "./dates.ts";
import { buildFeeds, type FeedDocument } from "./feeds.ts";
import { groupBy, paginate, type ListingPage } from "./listings.ts";
import { loadArticles } from "./load-articles.ts";
import { dayUrl, type FeedLinks, feedLinksFor, monthUrl, ROUTES, yearUrl } from "./routes.ts";
import { requireContentFolders, type Settings, type SiteSettings } from "./settings.ts";
import { buildSitemaps, type Sitemaps } from "./sitemaps.ts";
import { compareVietnamese } from "./vietnamese.ts";

export interface CategoryBlock {
  category: CategoryRef & { description: string };
  count: number;
  items: ArticleSummary[];
}

export interface ArchiveYear {
  year: number;
  url: string;
  count: number;
  months: { month: number; label: string; url: string; count: number }[];
}

/** Everything the templates read, computed once per build. Templates never sort or filter. */
export interface Newsroom {
  site: SiteSettings;
  categories: readonly Category[];
  /** The same categories in Vietnamese alphabetical order, for filters. */
  categoriesAlphabetical: readonly Category[];
  articles: Article[];
  latest: ArticleSummary[];
  categoryBlocks: CategoryBlock[];
  listings: ListingPage[];
  archiveYears: ArchiveYear[];
  feeds: FeedDocument[];
  siteFeeds: FeedLinks;
  /** Each category's feeds, by category slug. */
  categoryFeeds: Record<string, FeedLinks>;
  sitemaps: Sitemaps;
  /** Article URL paths, for the comments endpoint (only existing articles take comments). */
  articleUrls: string[];
  drafts: number;
}

export function buildNewsroom(settings: Settings): Newsroom {
  const { site } = settings;
  requireContentFolders(settings);
  const loaded = loadArticles({
    articlesDir: settings.articlesDir,
    mediaDir: settings.mediaDir,
    categories: settings.categories,
    displayRoot: settings.root,
  });
  if (loaded.problems.length > 0) throw new ContentValidationError(loaded.problems);
  if (loaded.articles.length === 0 && !settings.allowEmpty) {
    const drafts = loaded.drafts > 0 ? ` (chỉ có ${loaded.drafts} bản nháp)` : "";
    throw new ContentValidationError([
      {
        file: settings.articlesDir,
        message: `không có bài viết nào để xuất bản${drafts} — kiểm tra TOASOAN_ARTICLES; tòa soạn mới chưa có bài thì dựng với --allow-empty`,
      },
    ]);
  }

  const articles = loaded.articles;
  const summaries = articles.map(toSummary);
  const byCategory = groupBy(articles, (article) => article.category.slug);
  attachRelated(byCategory, site.relatedCount);
  attachApprovedComments(articles, settings.approvedCommentsFile);

  const siteFeeds = feedLinksFor(ROUTES.home, `${site.title} — Tin mới`);
  const categoryFeeds = Object.fromEntries(
    settings.categories.all.map((category) => [
      category.slug,
      feedLinksFor(category.url, `${site.title} — ${category.name}`),
    ]),
  );
  const categoryBlocks: CategoryBlock[] = settings.categories.all
    .map((category) => {
      const inCategory = byCategory.get(category.slug) ?? [];
      return { category, count: inCategory.length, items: inCategory.slice(0, site.homeCategoryCount).map(toSummary) };
    })
    .filter((block) => block.count > 0);

  const listings: ListingPage[] = [
    ...paginate(
      {
        kind: "latest",
        heading: "Tin mới",
        description: `Tin mới nhất của ${site.title}.`,
        baseUrl: ROUTES.latest,
        items: summaries,
        feeds: siteFeeds,
      },
      site.perPage,
    ),
    ...settings.categories.all.flatMap((category) =>
      paginate(
        {
          kind: "category",
          heading: category.name,
          description: category.description || `Tin ${category.name} của ${site.title}.`,
          baseUrl: category.url,
          items: (byCategory.get(category.slug) ?? []).map(toSummary),
          feeds: categoryFeeds[category.slug],
        },
        site.perPage,
      ),
    ),
    ...groupedListings(
      articles.map((article) => ({ key: article.author, article })),
      "author",
      (name) => `Bài viết của tác giả ${name}.`,
      site.perPage,
    ),
    ...groupedListings(
      articles.flatMap((article) => article.tags.map((key) => ({ key, article }))),
      "tag",
      (name) => `Bài viết về chủ đề ${name}.`,
      site.perPage,
    ),
    ...dateListings(articles, site.perPage),
  ];

  return {
    site,
    categories: settings.categories.all,
    categoriesAlphabetical: [...settings.categories.all].sort((a, b) => compareVietnamese(a.name, b.name)),
    articles,
    latest: summaries.slice(0, site.latestCount),
    categoryBlocks,
    listings,
    archiveYears: archiveYears(articles),
    feeds: buildFeeds(site, [
      { links: siteFeeds, description: site.description, items: articles },
      ...settings.categories.all.map((category) => ({
        links: categoryFeeds[category.slug]!,
        description: category.description || `Tin ${category.name}`,
        items: byCategory.get(category.slug) ?? [],
      })),
    ]),
    siteFeeds,
    categoryFeeds,
    sitemaps: buildSitemaps(site, articles, listings, settings.now),
    articleUrls: articles.map((article) => article.url),
    drafts: loaded.drafts,
  };
}

/** Related: the nearest older articles of the same category, then newer ones if there are too few. */
function attachRelated(byCategory: Map<string, Article[]>, count: number): void {
  for (const group of byCategory.values()) {
    group.forEach((article, index) => {
      const older = group.slice(index + 1, index + 1 + count);
      const newer =
        older.length < count ? group.slice(Math.max(0, index - (count - older.length)), index).reverse() : [];
      article.related = [...older, ...newer].map(toSummary);
    });
  }
}

interface Tagged {
  key: LinkRef;
  article: Article;
}

/** Author and tag pages: one paginated listing per key, in Vietnamese alphabetical order. */
function groupedListings(
  pairs: readonly Tagged[],
  kind: "author" | "tag",
  describe: (name: string) => string,
  perPage: number,
): ListingPage[] {
  return [...groupBy(pairs, (pair) => pair.key.url).values()]
    .sort((a, b) => compareVietnamese(a[0]!.key.name, b[0]!.key.name))
    .flatMap((group) => {
      const { name, url } = group[0]!.key;
      return paginate(
        {
          kind,
          heading: name,
          description: describe(name),
          baseUrl: url,
          items: group.map((pair) => toSummary(pair.article)),
        },
        perPage,
      );
    });
}

function dateListings(articles: readonly Article[], perPage: number): ListingPage[] {
  const byMonth = groupBy(articles, (a) => monthUrl(a.year, a.month));
  const byDay = groupBy(articles, (a) => dayUrl(a.year, a.month, a.day));
  const yearTrail = (a: Article) => ({ name: `Năm ${a.year}`, url: yearUrl(a.year) });
  return [
    ...[...byMonth].flatMap(([url, group]) => {
      const first = group[0]!;
      return paginate(
        {
          kind: "month",
          heading: monthLabel(first.year, first.month),
          description: `Tin tức ${monthLabel(first.year, first.month).toLowerCase()}.`,
          baseUrl: url,
          items: group.map(toSummary),
          trail: [yearTrail(first)],
        },
        perPage,
      );
    }),
    ...[...byDay].flatMap(([url, group]) => {
      const first = group[0]!;
      const heading = dayLabel(first.year, first.month, first.day);
      return paginate(
        {
          kind: "day",
          heading,
          description: `Tin tức ngày ${heading}.`,
          baseUrl: url,
          items: group.map(toSummary),
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

function archiveYears(articles: readonly Article[]): ArchiveYear[] {
  return [...groupBy(articles, (a) => a.year)].map(([year, group]) => ({
    year,
    url: yearUrl(year),
    count: group.length,
    months: [...groupBy(group, (a) => a.month)].map(([month, inMonth]) => ({
      month,
      label: monthLabel(year, month),
      url: monthUrl(year, month),
      count: inMonth.length,
    })),
  }));
}
