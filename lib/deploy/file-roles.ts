import mime from "mime-types";
import { FEED_FILES, isSiteOwnPath, ROUTES } from "../settings/routes.ts";

/**
 * When a changed file goes up in a deploy (new files all go first, see plan.ts): articles, photos,
 * assets and search shards ("content") before the files that link to them ("lists": home,
 * categories, archives, feeds, sitemaps, the search and comments manifests).
 */
export type FileRole = "content" | "lists";

const CONTENT_SECTIONS = [ROUTES.media, ROUTES.images, ROUTES.assets, ROUTES.admin, ROUTES.searchShardFolders].map(
  (route) => route.replace(/^\//, ""),
);

/** A site file (`a/b/index.html`) as the site path a reader asks for (`/a/b/`). */
export function sitePathOf(file: string): string {
  if (file === "index.html") return "/";
  return file.endsWith("/index.html") ? `/${file.slice(0, -"index.html".length)}` : `/${file}`;
}

export function roleOf(file: string): FileRole {
  if (CONTENT_SECTIONS.some((section) => file.startsWith(section))) return "content";
  // The site's own sections and fixed files link to articles; what is left is an article's page or
  // an old address redirecting to one.
  return isSiteOwnPath(sitePathOf(file)) ? "lists" : "content";
}

const SHORT = "public, max-age=60, must-revalidate";
const HOUR = "public, max-age=3600";
const FOREVER = "public, max-age=31536000, immutable";

/** Files whose name changes when their bytes do: Pagefind's index pieces, script chunks, photo renditions. */
const FINGERPRINTED = [
  /^tim-kiem\/.*\.pf_(meta|index|fragment|filter)$/,
  new RegExp(`^${ROUTES.assets.slice(1)}chunks/`),
  new RegExp(`^${ROUTES.images.slice(1)}`),
];

/**
 * How long browsers and CDNs keep a file: pages, feeds and JSON lists a minute (they change with
 * every article), fingerprinted files for ever, other assets an hour.
 */
export function cacheControlOf(file: string): string {
  if (FINGERPRINTED.some((pattern) => pattern.test(file))) return FOREVER;
  if (/(\.html|\.xml|\.json|\.txt|\.yml|^_redirects)$/.test(file)) return SHORT;
  return HOUR;
}

const FEEDS: Record<string, string> = {
  [FEED_FILES.rss]: "application/rss+xml",
  [FEED_FILES.atom]: "application/atom+xml",
  [FEED_FILES.json]: "application/feed+json",
};

const isText = (type: string) => /^text\/|[/+](json|xml|javascript|yaml)$/.test(type) || type === "image/svg+xml";

/** The Content-Type a host should send for a file, with the charset for text (every file of the site is UTF-8). */
export function contentTypeOf(file: string): string {
  const name = file.slice(file.lastIndexOf("/") + 1);
  const type =
    FEEDS[name] ??
    (name === "_redirects" ? "text/plain" : undefined) ??
    // Pagefind's pieces are gzip-compressed binary it decompresses itself.
    (/\.(pf_\w+|pagefind)$/.test(name) ? "application/octet-stream" : undefined) ??
    (mime.lookup(name) || "application/octet-stream");
  return isText(type) ? `${type}; charset=utf-8` : type;
}
