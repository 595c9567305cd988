// The small files beside the pages that other programs read: the endpoint's list of articles, the
// Tin mới items that pages the build did not rewrite load in the browser, and the newsroom's card
// for a video without a poster.
import path from "node:path";
import sharp from "sharp";
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

/**
 * The picture search engines show for a video without a poster: the newsroom's logo on its colour
 * with a play mark (1280×720 JPEG), made from `logoFile`, never taken from the video's host; its site file.
 */
export async function writeVideoThumbnail(siteDir: string, logoFile: string): Promise<string> {
  const relative = ROUTES.videoThumbnail.replace(/^\//, "");
  const [width, height] = [1280, 720];
  const playMark = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><circle cx="1100" cy="580" r="80" fill="#a3201b"/><polygon points="1072,535 1072,625 1145,580" fill="#ffffff"/></svg>`,
  );
  const logo = await sharp(logoFile).resize(320, 320, { fit: "inside" }).toBuffer();
  const card = await sharp({ create: { width, height, channels: 3, background: "#1d3557" } })
    .composite([{ input: logo, gravity: "centre" }, { input: playMark }])
    .jpeg({ quality: 82 })
    .toBuffer();
  writeFileAtomically(path.join(siteDir, relative), card);
  return relative;
}
