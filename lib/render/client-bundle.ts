import path from "node:path";
import { build } from "esbuild";
import type { UiWords } from "../settings/settings.ts";
import { ROUTES } from "../settings/routes.ts";

/**
 * Bundles the browser scripts (client/*.ts) into <site>/assets/. The comment script imports
 * comments/shared/rules.ts itself, so the page counts characters exactly as the server does. Returns the
 * files written, relative to the site folder.
 */
export async function bundleClientScripts(siteDir: string, root: string, ui: UiWords): Promise<string[]> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      comments: "client/comments.ts",
      search: "client/search.ts",
      latest: "client/latest.ts",
      "most-read": "client/most-read.ts",
      video: "client/video.ts",
      gallery: "client/gallery.ts",
    },
    outdir: path.join(siteDir, "assets"),
    bundle: true,
    format: "esm",
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    minify: true,
    target: ["es2020"],
    logLevel: "warning",
    legalComments: "none",
    metafile: true,
    // The interface words, validated with the other settings, go into the scripts as a constant.
    define: { TOASOAN_UI: JSON.stringify(ui) },
  });
  return Object.keys(result.metafile.outputs).map((output) =>
    path.relative(siteDir, path.resolve(root, output)).split(path.sep).join("/"),
  );
}

/**
 * The CMS's two scripts into <site>/admin/: the service worker that answers its CDN requests from
 * local copies, and the starter that waits for it. Classic scripts: a service worker must be one
 * to run in every browser the CMS supports.
 */
export async function bundleCmsScripts(siteDir: string, root: string): Promise<string[]> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { sw: "client/cms-offline-worker.ts", start: "client/cms-start.ts" },
    outdir: path.join(siteDir, ROUTES.admin),
    bundle: true,
    format: "iife",
    minify: true,
    target: ["es2020"],
    logLevel: "warning",
    legalComments: "none",
    metafile: true,
  });
  return Object.keys(result.metafile.outputs).map((output) =>
    path.relative(siteDir, path.resolve(root, output)).split(path.sep).join("/"),
  );
}
