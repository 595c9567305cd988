import path from "node:path";
import { build } from "esbuild";

/**
 * Bundles the browser scripts (client/*.ts) into <site>/assets/. The comment script imports
 * comments/rules.ts itself, so the page counts characters exactly as the server does.
 */
export async function bundleClientScripts(siteDir: string, root: string): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: { comments: "client/comments.ts", search: "client/search.ts" },
    outdir: path.join(siteDir, "assets"),
    bundle: true,
    format: "esm",
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    minify: true,
    target: ["es2020"],
    logLevel: "warning",
    legalComments: "none",
  });
}
