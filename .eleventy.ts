import path from "node:path";
import { currentBuild, startBuild } from "./lib/build-handoff.ts";
import type { EleventyConfig } from "./lib/eleventy-config.ts";
import { grayMatterOptions } from "./lib/frontmatter.ts";
import { claimOutputFolder } from "./lib/output-folder.ts";
import { createNunjucks, pageGlobals } from "./lib/page-renderer.ts";
import { loadSettings } from "./lib/settings.ts";
import { type BuildSession, passthroughFolders } from "./lib/site-build.ts";

// Articles are data, not templates (see DESIGN.md): lib/site-build.ts reads and validates all of
// them, worker threads write the article and list pages, and Eleventy renders the whole-site pages
// (home, archives, search, feeds, sitemaps) in content/ with the same Nunjucks environment.
export default function (eleventyConfig: EleventyConfig) {
  const root = process.cwd();
  const settings = loadSettings(root);
  const quiet = process.argv.includes("--quiet") || process.env.TOASOAN_QUIET === "1";

  eleventyConfig.setFrontMatterParsingOptions(grayMatterOptions);
  eleventyConfig.setLibrary("njk", createNunjucks(settings));
  // Validated settings win over Eleventy's own reading of the data folder.
  for (const [name, value] of Object.entries(pageGlobals(settings))) eleventyConfig.addGlobalData(name, value);
  eleventyConfig.addGlobalData("newsroom", () => currentBuild().templateData());
  eleventyConfig.addWatchTarget(settings.articlesDir);
  eleventyConfig.addWatchTarget(settings.mediaDir);
  eleventyConfig.addWatchTarget(settings.approvedCommentsFile);
  // .gitignore lists data/ (the comments database), which would also hide the approved-comments
  // export from the watcher: approving a comment should rebuild the page. The database stays unwatched.
  eleventyConfig.setUseGitIgnore(false);
  eleventyConfig.watchIgnores.add("data/*.sqlite*");
  eleventyConfig.watchIgnores.add("node_modules/**");
  eleventyConfig.addPassthroughCopy(passthroughFolders(settings));
  // The dev server keeps its worker threads and cache between rebuilds, and writes search shards
  // after the pages so that an edit shows at once.
  const session: BuildSession = { deferSearch: true };
  eleventyConfig.on("eleventy.before", async ({ directories, runMode }) => {
    claimOutputFolder(directories.output);
    // Every rebuild reads the settings (TOASOAN_NOW) and the changed articles afresh.
    await startBuild(loadSettings(root), directories.output, quiet, runMode === "build" ? undefined : session);
  });
  eleventyConfig.on("eleventy.after", async ({ results }) => {
    await currentBuild().finish(results ?? []);
  });

  return {
    dir: {
      input: "content",
      includes: "../_includes",
      data: path.relative(path.join(root, "content"), settings.dataDir),
    },
    templateFormats: ["njk"],
    htmlTemplateEngine: "njk",
  };
}
