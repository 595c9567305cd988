// The small files beside the pages that other programs read: the endpoint's list of articles, and
// the Tin mới items that pages the build did not rewrite load in the browser.
import path from "node:path";
import type { DateTime } from "luxon";
import type { ArticleSummary } from "../content/article.ts";
import { writeFileAtomically } from "../files/atomic-write.ts";
import type { Newsroom } from "../newsroom/newsroom.ts";
import type { PageRenderer } from "../render/page-renderer.ts";
import { ROUTES } from "../settings/routes.ts";

/** The list of articles that take comments, read by the comments endpoint (locally or over HTTP); its site file. */
export function writeCommentsManifest(siteDir: string, newsroom: Newsroom, now: DateTime): string {
  const relative = ROUTES.commentsManifest.replace(/^\//, "");
  writeFileAtomically(
    path.join(siteDir, relative),
    JSON.stringify({
      generated_at: now.toUTC().toISO(),
      articles: newsroom.articleUrls,
      titles: newsroom.articleTitles,
      categories: newsroom.articles.map((article) => article.category.slug),
    }),
  );
  return relative;
}

/** Tin mới's items, from the sidebar's own partial; its site file. */
export function writeLatestFragment(siteDir: string, latest: ArticleSummary[], renderer: PageRenderer): string {
  const relative = ROUTES.latestFragment.replace(/^\//, "");
  writeFileAtomically(path.join(siteDir, relative), renderer.latestFragment(latest));
  return relative;
}
