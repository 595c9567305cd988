import path from "node:path";
import nunjucks from "nunjucks";
import type { Article, ArticleSummary } from "../content/article.ts";
import type { BakedComment } from "../content/approved-comments.ts";
import type { Category } from "../settings/categories.ts";
import type { SiteDocuments } from "../outputs/site-documents.ts";
import { commentRulesForPages } from "../settings/comment-rules.ts";
import { siteFilters } from "./filters.ts";
import type { ListingPage } from "../newsroom/listings.ts";
import type { CorrectionEntry, Newsroom, SiteFeeds } from "../newsroom/newsroom.ts";
import { correctionAnchor, ROUTES, SEARCH_PARAMS } from "../settings/routes.ts";
import type { Settings } from "../settings/settings.ts";
import type { PageNotice } from "../outputs/withdrawals.ts";
import { type Redirect, redirectPagePath } from "../outputs/redirects.ts";

/** What every page's template may read besides its own data (Eleventy's global data too). */
export function pageGlobals(settings: Settings) {
  return {
    site: settings.site,
    ui: settings.ui,
    routes: ROUTES,
    searchParams: SEARCH_PARAMS,
    commentRules: commentRulesForPages(),
    correctionAnchor,
  };
}

/** The part of the newsroom every page shows: header, Tin mới sidebar, feed links. */
export interface PageShell extends SiteFeeds {
  latest: ArticleSummary[];
  categories: readonly Category[];
}

/**
 * The one Nunjucks environment of the site: Eleventy renders the few whole-site pages with it, the
 * build's worker threads render the article and list pages with it, so both read the same
 * templates with the same filters and escaping.
 */
export function createNunjucks(settings: Settings): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(path.join(settings.root, "_includes")), {
    autoescape: true,
  });
  for (const [name, filter] of Object.entries(siteFilters(settings.site))) env.addFilter(name, filter);
  for (const [name, value] of Object.entries(pageGlobals(settings))) env.addGlobal(name, value);
  return env;
}

/** The view of an article page: the record, its rendered body, its related articles as summaries. */
export interface ArticlePageData extends Omit<Article, "related"> {
  bodyHtml: string;
  related: ArticleSummary[];
  comments: BakedComment[];
}

export class PageRenderer {
  private readonly env: nunjucks.Environment;

  constructor(settings: Settings) {
    this.env = createNunjucks(settings);
  }

  article(article: ArticlePageData, shell: PageShell): string {
    return this.env.render("pages/article.njk", { page: { url: article.url }, article, newsroom: shell });
  }

  /** The notice at an address of an article taken down or deleted. */
  withdrawn(notice: PageNotice, shell: PageShell): string {
    return this.env.render("pages/withdrawn.njk", { page: { url: notice.address }, notice, newsroom: shell });
  }

  /** The page at an article's old address, sending readers to where it lives now. */
  redirect(redirect: Redirect): string {
    return this.env.render("pages/redirect.njk", { page: { url: redirectPagePath(redirect.from) }, redirect });
  }

  listing(listing: ListingPage, items: ArticleSummary[], shell: PageShell): string {
    return this.env.render("pages/listing.njk", {
      page: { url: listing.url },
      listing: { ...listing, items },
      newsroom: shell,
    });
  }
}

/** The file a site path is written to: `/a/b/` → `<site>/a/b/index.html`. */
export function outputFile(siteDir: string, sitePath: string): string {
  const relative = sitePath.replace(/^\//, "");
  return path.join(siteDir, relative === "" || relative.endsWith("/") ? `${relative}index.html` : relative);
}

/**
 * What the whole-site templates (home, archives, search, feeds, sitemaps) read as `newsroom`: the
 * same shell every article and list page has, extended with only what these pages show (Eleventy
 * merges global data into every template's data). Templates thus see one shape of `newsroom`.
 */
export interface WholeSiteNewsroom extends PageShell {
  frontLead: ArticleSummary | undefined;
  frontSecondary: ArticleSummary[];
  categoriesAlphabetical: Newsroom["categoriesAlphabetical"];
  categoryBlocks: Newsroom["categoryBlocks"];
  archiveYears: Newsroom["archiveYears"];
  /** Every correction, newest first, with the article it corrects. */
  corrections: (CorrectionEntry & { item: ArticleSummary })[];
  correctionFeeds: Newsroom["correctionFeeds"];
  sitemaps: SiteDocuments["sitemaps"];
  feeds: SiteDocuments["feeds"];
}

export function templateNewsroom(newsroom: Newsroom, documents: SiteDocuments): WholeSiteNewsroom {
  const summary = (index: number) => newsroom.summaries[index]!;
  return {
    ...pageShell(newsroom, newsroom.latest.map(summary)),
    frontLead: newsroom.frontPage.lead === undefined ? undefined : summary(newsroom.frontPage.lead),
    frontSecondary: newsroom.frontPage.secondary.map(summary),
    categoriesAlphabetical: newsroom.categoriesAlphabetical,
    categoryBlocks: newsroom.categoryBlocks,
    archiveYears: newsroom.archiveYears,
    corrections: newsroom.corrections.map((correction) => ({ ...correction, item: summary(correction.article) })),
    correctionFeeds: newsroom.correctionFeeds,
    sitemaps: documents.sitemaps,
    feeds: documents.feeds,
  };
}

/** The part of the newsroom every page reads, from the newsroom and the Tin mới list it shows. */
export function pageShell(
  newsroom: Pick<Newsroom, "categories" | "siteFeeds" | "categoryFeeds">,
  latest: ArticleSummary[],
): PageShell {
  return {
    latest,
    categories: newsroom.categories,
    siteFeeds: newsroom.siteFeeds,
    categoryFeeds: newsroom.categoryFeeds,
  };
}
