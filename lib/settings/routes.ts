// Every URL shape of the site, defined once. The build code imports these, the templates read them
// as the global `routes`, and the browser scripts import this file as it is (no Node APIs here).

export const ROUTES = {
  home: "/",
  latest: "/tin-moi/",
  /** The Tin mới sidebar's items as the build made them (an HTML fragment), for pages refreshed in the browser. */
  latestFragment: "/tin-moi/moi-nhat.html",
  archive: "/luu-tru/",
  /** Every correction in the archive, newest first, with its own feeds. */
  corrections: "/dinh-chinh/",
  search: "/tim-kiem/",
  /** Which search shards exist, newest first (written by the search step). */
  searchShards: "/tim-kiem/chi-muc.json",
  /** Under which each search shard has its folder (Pagefind's files for the articles of one period). */
  searchShardFolders: "/tim-kiem/chi-muc/",
  /** The search routing index's buckets (which shards hold a syllable or a pair of syllables). */
  searchRouting: "/tim-kiem/dinh-tuyen/",
  notFound: "/404.html",
  media: "/media/",
  /** Photos as published: every rendition the photo step makes of a photo in the media folder. */
  images: "/anh/",
  assets: "/assets/",
  stylesheet: "/assets/site.css",
  favicon: "/assets/favicon.svg",
  /** The newsroom's logo as a raster image (512×512), for structured data and apps. */
  logo: "/assets/logo.png",
  commentsScript: "/assets/comments.js",
  searchScript: "/assets/search.js",
  latestScript: "/assets/latest.js",
  /** Đọc nhiều: counts the page's view and brings the box up to date from the endpoint. */
  mostReadScript: "/assets/most-read.js",
  /** Articles with a video, newest first. */
  video: "/video/",
  /** Photo stories, newest first. */
  photoStories: "/phong-su-anh/",
  /** The picture a video without a poster shows others (structured data, the video sitemap): the newsroom's card. */
  videoThumbnail: "/assets/video.jpg",
  /** Plays a hosted video once the reader presses play. */
  videoScript: "/assets/video.js",
  /** Opens a photo story's photos in a viewer (PhotoSwipe), and the viewer's styles. */
  galleryScript: "/assets/gallery.js",
  galleryStyles: "/assets/gallery.css",
  /** What the newsroom counts and keeps about its readers, and what it does not. */
  privacy: "/quyen-rieng-tu/",
  sitemapIndex: "/sitemap.xml",
  robots: "/robots.txt",
  commentsManifest: "/comments-manifest.json",
  /** The CMS editors use in the browser (Sveltia CMS). */
  admin: "/admin/",
  /** Under which every category's page lives. */
  categories: "/chuyen-muc/",
  authors: "/tac-gia/",
  tags: "/chu-de/",
  sitemaps: "/sitemaps/",
} as const;

/** The search page's query string: `/tim-kiem/?q=…&chuyen-muc=…&sap-xep=moi-nhat`. */
export const SEARCH_PARAMS = { query: "q", category: "chuyen-muc", sort: "sap-xep", newest: "moi-nhat" } as const;

const pad2 = (value: number) => String(value).padStart(2, "0");

export const categoryUrl = (slug: string) => `${ROUTES.categories}${slug}/`;
export const authorUrl = (slug: string) => `${ROUTES.authors}${slug}/`;
export const tagUrl = (slug: string) => `${ROUTES.tags}${slug}/`;
export const yearUrl = (year: number) => `/${year}/`;
export const monthUrl = (year: number, month: number) => `/${year}/${pad2(month)}/`;
export const dayUrl = (year: number, month: number, day: number) => `${monthUrl(year, month)}${pad2(day)}/`;
/** An article's URL never changes with its category: it is its local publication day and its slug. */
export const articleUrl = (year: number, month: number, day: number, slug: string) =>
  `${dayUrl(year, month, day)}${slug}/`;

/** The folder under a list's address that holds its numbered pages. */
const PAGES_FOLDER = "trang";

/** A list's numbered page (counted from its oldest articles); its newest are at the bare path. */
export function pageUrl(baseUrl: string, pageNumber: number): string {
  return `${baseUrl}${PAGES_FOLDER}/${pageNumber}/`;
}

export interface FeedLinks {
  title: string;
  /** The section the feeds follow. */
  home: string;
  rss: string;
  atom: string;
  json: string;
}

/** The file names of a section's feeds, by format. */
export const FEED_FILES = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" } as const;

/** Every section with a feed has the same three files under its own path. */
export function feedLinksFor(baseUrl: string, title: string): FeedLinks {
  const { rss, atom, json } = FEED_FILES;
  return { title, home: baseUrl, rss: baseUrl + rss, atom: baseUrl + atom, json: baseUrl + json };
}

export const sitemapUrl = (name: string) => `${ROUTES.sitemaps}${name}.xml`;

/** One search shard's folder (Pagefind's files for the articles of one period). */
export const searchShardUrl = (id: string) => `${ROUTES.searchShardFolders}${id}/`;

/** The anchor of an article's n-th correction (from 1, oldest first) on its page. */
export const correctionAnchor = (n: number) => `dinh-chinh-${n}`;

/** Whether a site path is an article page: /yyyy/mm/dd/slug/. */
export const ARTICLE_PATH = /^\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/;

/** Date archives (/2025/, /2025/05/, /2025/05/04/) and their pages and feeds. */
const DATE_ARCHIVE_PATH = new RegExp(
  `^/\\d{4}/(\\d{2}/(\\d{2}/)?)?(${PAGES_FOLDER}/\\d+/|${Object.values(FEED_FILES)
    .map((file) => file.replace(".", "\\."))
    .join("|")})?$`,
);

/** Where the home page's later pages live: /trang/. */
const HOME_PAGES = `${ROUTES.home}${PAGES_FOLDER}/`;

/**
 * Whether a site path is, or lies inside, something the build writes itself: a fixed page or file,
 * a section (assets, media, search, categories, authors, tags, sitemaps, Tin mới, the archive) or a
 * date archive. An article page (/yyyy/mm/dd/slug/) is not: which of those exist depends on the articles.
 */
export function isSiteOwnPath(sitePath: string): boolean {
  const page = sitePath.endsWith("/") || /\.[a-z0-9]+$/i.test(sitePath) ? sitePath : `${sitePath}/`;
  if (DATE_ARCHIVE_PATH.test(page) || page.startsWith(HOME_PAGES)) return true;
  if (Object.values(feedLinksFor(ROUTES.home, "")).includes(page)) return true;
  return Object.values(ROUTES).some((route) =>
    route.endsWith("/") && route !== ROUTES.home ? page.startsWith(route) : page === route,
  );
}
