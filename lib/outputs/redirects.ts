import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import escapeHtml from "escape-html";
import type { Article } from "../content/article.ts";
import { writeFileAtomically } from "../files/atomic-write.ts";
import type { SiteSettings } from "../settings/settings.ts";

/** An old address of an article (from its `aliases`) and where it now lives. */
export interface Redirect {
  from: string;
  to: string;
  title: string;
}

export function redirectsOf(articles: readonly Article[]): Redirect[] {
  return articles.flatMap((article) =>
    article.aliases.map((alias) => ({ from: alias, to: article.url, title: article.title })),
  );
}

/** The site path of the page a redirect is written as: `/a/b.html` as it is, `/a/b` as `/a/b/`. */
export function redirectPagePath(from: string): string {
  return from.endsWith("/") || /\.[a-z0-9]+$/i.test(from) ? from : `${from}/`;
}

/**
 * A page at the old address that sends readers (and search engines, through the canonical link)
 * to the article: works on any static host, without JavaScript.
 */
export function redirectPage(redirect: Redirect, site: SiteSettings): string {
  const to = escapeHtml(redirect.to);
  const title = escapeHtml(redirect.title);
  return `<!doctype html>
<html lang="${escapeHtml(site.language)}"><head><meta charset="utf-8"><title>${title}</title>
<link rel="canonical" href="${escapeHtml(site.url)}${to}"><meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url=${to}">
</head><body><p>Bài viết đã chuyển tới <a href="${to}">${title}</a>.</p></body></html>
`;
}

export function writeRedirectPage(file: string, html: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, html);
}

/**
 * `_redirects` (Netlify, Cloudflare Pages): the same moves as permanent (301) redirects, for hosts
 * that read it. Returns its path relative to the site, or undefined when there is none to write.
 */
export function writeRedirectsFile(siteDir: string, redirects: readonly Redirect[]): string | undefined {
  if (redirects.length === 0) return undefined;
  writeFileAtomically(
    path.join(siteDir, "_redirects"),
    redirects.map((redirect) => `${redirect.from} ${redirect.to} 301`).join("\n") + "\n",
  );
  return "_redirects";
}
