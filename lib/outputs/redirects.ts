import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Article } from "../content/article.ts";
import { writeFileAtomically } from "../files/atomic-write.ts";

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
