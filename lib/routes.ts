// Every URL shape of the site, defined once. The build code imports these, the templates read them
// as the global `routes`, and the browser scripts import this file as it is (no Node APIs here).

export const ROUTES = {
  home: "/",
  latest: "/tin-moi/",
  /** A small JSON list of the newest articles, for the Tin mới sidebar refreshed in the browser. */
  latestJson: "/tin-moi/moi-nhat.json",
  archive: "/luu-tru/",
  search: "/tim-kiem/",
  /** Which search shards exist, newest first (written by the search step). */
  searchShards: "/tim-kiem/chi-muc.json",
  /** Pagefind's runtime, shared by every shard. */
  searchRuntime: "/tim-kiem/pagefind/pagefind.js",
  notFound: "/404.html",
  media: "/media/",
  assets: "/assets/",
  stylesheet: "/assets/site.css",
  favicon: "/assets/favicon.svg",
  commentsScript: "/assets/comments.js",
  searchScript: "/assets/search.js",
  latestScript: "/assets/latest.js",
  sitemapIndex: "/sitemap.xml",
  robots: "/robots.txt",
  commentsManifest: "/comments-manifest.json",
} as const;

/** The search page's query string: `/tim-kiem/?q=…&chuyen-muc=…&sap-xep=moi-nhat`. */
export const SEARCH_PARAMS = { query: "q", category: "chuyen-muc", sort: "sap-xep", newest: "moi-nhat" } as const;

const pad2 = (value: number) => String(value).padStart(2, "0");

export const categoryUrl = (slug: string) => `/chuyen-muc/${slug}/`;
export const authorUrl = (slug: string) => `/tac-gia/${slug}/`;
export const tagUrl = (slug: string) => `/chu-de/${slug}/`;
export const yearUrl = (year: number) => `/${year}/`;
export const monthUrl = (year: number, month: number) => `/${year}/${pad2(month)}/`;
export const dayUrl = (year: number, month: number, day: number) => `${monthUrl(year, month)}${pad2(day)}/`;
/** An article's URL never changes with its category: it is its local publication day and its slug. */
export const articleUrl = (year: number, month: number, day: number, slug: string) =>
  `${dayUrl(year, month, day)}${slug}/`;

/** Page 1 stays at the bare path so links to a section never break when it grows. */
export function pageUrl(baseUrl: string, pageNumber: number): string {
  return pageNumber === 1 ? baseUrl : `${baseUrl}trang/${pageNumber}/`;
}

export interface FeedLinks {
  title: string;
  /** The section the feeds follow. */
  home: string;
  rss: string;
  atom: string;
  json: string;
}

/** Every section with a feed has the same three files under its own path. */
export function feedLinksFor(baseUrl: string, title: string): FeedLinks {
  return { title, home: baseUrl, rss: `${baseUrl}feed.xml`, atom: `${baseUrl}atom.xml`, json: `${baseUrl}feed.json` };
}

export const sitemapUrl = (name: string) => `/sitemaps/${name}.xml`;

/** One search shard's folder (Pagefind's files for the articles of one period). */
export const searchShardUrl = (id: string) => `/tim-kiem/chi-muc/${id}/`;

/** Whether a site path is an article page: /yyyy/mm/dd/slug/. */
export const ARTICLE_PATH = /^\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/;
