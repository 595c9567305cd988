import path from "node:path";
import type { Article } from "../content/article.ts";
import { resolveMediaPath } from "../content/media.ts";
import { linkOrCopy } from "../files/link-file.ts";
import { ROUTES } from "../settings/routes.ts";

/**
 * The files of the media folder that published articles show or link to, as site paths. Only these
 * reach readers: a photo uploaded for an article still in review, a draft's, or one only an article
 * taken down used, stays off the site.
 */
export function usedMediaPaths(articles: readonly Article[]): string[] {
  const used = new Set<string>();
  const add = (address: string) => {
    const sitePath = address.replace(/[?#].*$/, "");
    if (sitePath.startsWith(ROUTES.media)) used.add(sitePath);
  };
  for (const article of articles) {
    if (article.image) add(article.image);
    for (const image of article.bodyImages) add(image);
    for (const photo of article.otherPhotos) add(photo);
    if (article.video?.kind === "file") add(article.video.source);
    if (article.video?.captions) add(article.video.captions);
    for (const link of article.siteLinks) add(link);
  }
  return [...used].sort();
}

/** Puts each used media file in the site (linked, not copied, where it can) and returns the site files written. */
export function publishMedia(siteDir: string, mediaDir: string, sitePaths: readonly string[]): string[] {
  const produced: string[] = [];
  for (const sitePath of sitePaths) {
    const resolved = resolveMediaPath(mediaDir, sitePath);
    if (!("file" in resolved)) continue;
    const relative = path.relative(mediaDir, resolved.file).split(path.sep).join("/");
    const siteFile = `${ROUTES.media.replace(/^\//, "")}${relative}`;
    linkOrCopy(resolved.file, path.join(siteDir, siteFile));
    produced.push(siteFile);
  }
  return produced;
}
