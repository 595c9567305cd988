import { readdirSync } from "node:fs";
import path from "node:path";
import { writeFileAtomically } from "./atomic-write.ts";
import { bundleClientScripts } from "./client-bundle.ts";
import type { Newsroom } from "./newsroom.ts";
import { claimOutputFolder, pruneOutput } from "./output-folder.ts";
import { ROUTES } from "./routes.ts";
import { writeSearchIndexes } from "./search-index.ts";
import type { Settings } from "./settings.ts";

/** Folders copied as they are into the site, by site folder (Eleventy's passthrough copy). */
export function passthroughFolders(settings: Settings): Record<string, string> {
  return {
    [settings.mediaDir]: ROUTES.media.replace(/\//g, ""),
    [path.join(settings.root, "content/assets")]: ROUTES.assets.replace(/\//g, ""),
  };
}

/** The site paths a passthrough copy produces: every file of each source folder. */
function passthroughOutputs(settings: Settings): string[] {
  return Object.entries(passthroughFolders(settings)).flatMap(([source, target]) =>
    readdirSync(source, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map(
        (entry) =>
          `${target}/${path.relative(source, path.join(entry.parentPath, entry.name)).split(path.sep).join("/")}`,
      ),
  );
}

/** The list of articles that take comments, read by the comments endpoint (locally or over HTTP). */
export function writeCommentsManifest(siteDir: string, newsroom: Newsroom, settings: Settings): string {
  const relative = ROUTES.commentsManifest.replace(/^\//, "");
  writeFileAtomically(
    path.join(siteDir, relative),
    JSON.stringify({ generated_at: settings.now.toUTC().toISO(), articles: newsroom.articleUrls }),
  );
  return relative;
}

export interface EleventyResult {
  outputPath: string | false;
}

export function beforeSite(siteDir: string): void {
  claimOutputFolder(siteDir);
}

/**
 * Everything after Eleventy has written its templates: the browser scripts, the comments manifest,
 * the search index (from the newsroom's records), then the removal of every file the content no
 * longer defines.
 */
export async function afterSite(
  siteDir: string,
  settings: Settings,
  newsroom: Newsroom,
  results: readonly EleventyResult[],
): Promise<string[]> {
  const produced = new Set<string>(passthroughOutputs(settings));
  for (const result of results) {
    if (result.outputPath) produced.add(path.relative(siteDir, result.outputPath).split(path.sep).join("/"));
  }
  for (const file of await bundleClientScripts(siteDir, settings.root, settings.ui)) produced.add(file);
  produced.add(writeCommentsManifest(siteDir, newsroom, settings));
  for (const file of await writeSearchIndexes(siteDir, newsroom.articles, settings.site.searchShardMonths))
    produced.add(file);
  return pruneOutput(siteDir, produced);
}
