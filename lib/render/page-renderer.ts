import path from "node:path";
import nunjucks from "nunjucks";
import type { Article, ArticleSummary } from "../content/article.ts";
import { thumbnailOf } from "../content/pictures.ts";
import type { BakedComment } from "../content/approved-comments.ts";
import type { Category } from "../settings/categories.ts";
import type { SiteDocuments } from "../outputs/site-documents.ts";
import { siteTemplates } from "./site-templates.ts";
import type { ListingPage, MostReadBox } from "../newsroom/listings.ts";
import type { CorrectionEntry, Newsroom, SiteFeeds } from "../newsroom/newsroom.ts";
import type { Settings } from "../settings/settings.ts";
import type { PageNotice } from "../outputs/withdrawals.ts";
import { type Redirect, redirectPagePath } from "../outputs/redirects.ts";

/** Đọc nhiều as a page shows it: whose lists, and the articles of each. */
export interface MostReadShown {
  scope: string;
  day: ArticleSummary[];
  week: ArticleSummary[];
}

/** The part of the newsroom every page shows: header, Tin mới and Đọc nhiều, feed links. */
export interface PageShell extends SiteFeeds {
  latest: ArticleSummary[];
  mostRead: MostReadShown;
  categories: readonly Category[];
}

export function mostReadShown(box: MostReadBox, summaries: readonly ArticleSummary[]): MostReadShown {
  return {
    scope: box.scope,
    day: box.day.map((index) => summaries[index]!),
    week: box.week.map((index) => summaries[index]!),
  };
}

/**
 * The Nunjucks environment of the build's worker threads, for the article, list, notice and redirect
 * pages: the templates of _includes/ with the plugin Eleventy uses for the whole-site pages.
 */
export function createNunjucks(settings: Settings): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(path.join(settings.root, "_includes")), {
    autoescape: true,
  });
  siteTemplates(settings)({
    addNunjucksFilter: (name, filter) => env.addFilter(name, filter),
    addGlobalData: (name, value) => env.addGlobal(name, value),
  });
  return env;
}

/** The view of an article page: the record, its rendered body, its related articles as summaries. */
export interface ArticlePageData extends Omit<Article, "related"> {
  bodyHtml: string;
  related: ArticleSummary[];
  comments: BakedComment[];
}

/** What the templates read of Eleventy's `page`: its address. The workers give their pages the same. */
export interface PageData {
  url: string;
}

export class PageRenderer {
  private readonly env: nunjucks.Environment;
  /** The sidebar as rendered for each shell: every page of a worker shares one shell, so one rendering. */
  private readonly sidebars = new WeakMap<PageShell, string>();

  constructor(settings: Settings) {
    this.env = createNunjucks(settings);
  }

  article(article: ArticlePageData, shell: PageShell): string {
    return this.render("article", article.url, { article, ...this.shellData(shell) });
  }

  /** The notice at an address of an article taken down or deleted. */
  withdrawn(notice: PageNotice, shell: PageShell): string {
    return this.render("withdrawn", notice.address, { notice, ...this.shellData(shell) });
  }

  /** The page at an article's old address, sending readers to where it lives now. */
  redirect(redirect: Redirect): string {
    return this.render("redirect", redirectPagePath(redirect.from), { redirect });
  }

  /** A list's page; a section's own page shows its own Đọc nhiều (`mostRead`) instead of the site's. */
  listing(listing: ListingPage, items: ArticleSummary[], shell: PageShell, mostRead?: MostReadShown): string {
    return this.render("listing", listing.url, {
      listing: { ...listing, items },
      ...this.shellData(mostRead ? { ...shell, mostRead } : shell),
    });
  }

  /** Tin mới alone, its items from the sidebar's partial: pages the build did not rewrite load it. */
  latestFragment(items: ArticleSummary[]): string {
    return this.env.render("fragments/latest.njk", { items });
  }

  /** What Pagefind reads of an article: a document of its own, not the page (_includes/search/document.njk). */
  searchDocument(article: Article, bodyHtml: string): string {
    return this.env.render("search/document.njk", { article, bodyHtml, thumbnail: thumbnailOf(article) });
  }

  /** What a page reads of the shell: `newsroom`, and its sidebar already rendered (partials/sidebar.njk). */
  private shellData(shell: PageShell): { newsroom: PageShell; sidebarHtml: string } {
    let sidebarHtml = this.sidebars.get(shell);
    if (sidebarHtml === undefined) {
      sidebarHtml = this.env.render("partials/sidebar.njk", { newsroom: shell });
      this.sidebars.set(shell, sidebarHtml);
    }
    return { newsroom: shell, sidebarHtml };
  }

  /** Every page is rendered with the same `page` as Eleventy gives its own pages, as far as templates read it. */
  private render(template: string, url: string, data: object): string {
    return this.env.render(`pages/${template}.njk`, { page: { url } satisfies PageData, ...data });
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
    ...pageShell(newsroom, newsroom.summaries),
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

/** The part of the newsroom every page reads, with the summaries its lists point at. */
export function pageShell(
  newsroom: Pick<Newsroom, "categories" | "siteFeeds" | "categoryFeeds" | "latest" | "mostRead">,
  summaries: readonly ArticleSummary[],
): PageShell {
  return {
    latest: newsroom.latest.map((index) => summaries[index]!),
    mostRead: mostReadShown(newsroom.mostRead, summaries),
    categories: newsroom.categories,
    siteFeeds: newsroom.siteFeeds,
    categoryFeeds: newsroom.categoryFeeds,
  };
}
