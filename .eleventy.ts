import path from "node:path";
import { commentRulesForPages } from "./lib/comment-rules.ts";
import type { EleventyConfig } from "./lib/eleventy-config.ts";
import { registerFilters } from "./lib/filters.ts";
import { grayMatterOptions } from "./lib/frontmatter.ts";
import { currentNewsroom, prepareNewsroom } from "./lib/newsroom-handoff.ts";
import { ROUTES, SEARCH_PARAMS } from "./lib/routes.ts";
import { afterSite, beforeSite, passthroughFolders } from "./lib/site-steps.ts";
import { loadSettings } from "./lib/settings.ts";

// Articles are data, not templates (see DESIGN.md): lib/newsroom.ts reads and validates all of
// them before anything is rendered, and content/article.njk paginates over the result.
export default function (eleventyConfig: EleventyConfig) {
  const root = process.cwd();
  const settings = loadSettings(root);

  eleventyConfig.setFrontMatterParsingOptions(grayMatterOptions);
  // Validated settings win over Eleventy's own reading of the data folder.
  eleventyConfig.addGlobalData("site", settings.site);
  eleventyConfig.addGlobalData("ui", settings.ui);
  eleventyConfig.addGlobalData("routes", ROUTES);
  eleventyConfig.addGlobalData("searchParams", SEARCH_PARAMS);
  eleventyConfig.addGlobalData("commentRules", commentRulesForPages());
  eleventyConfig.addGlobalData("newsroom", () => currentNewsroom());
  eleventyConfig.addWatchTarget(settings.articlesDir);
  eleventyConfig.addWatchTarget(settings.mediaDir);
  eleventyConfig.addWatchTarget(settings.approvedCommentsFile);
  // .gitignore lists data/ (the comments database), which would also hide the approved-comments
  // export from the watcher: approving a comment should rebuild the page. The database stays unwatched.
  eleventyConfig.setUseGitIgnore(false);
  eleventyConfig.watchIgnores.add("data/*.sqlite*");
  eleventyConfig.watchIgnores.add("node_modules/**");
  eleventyConfig.addPassthroughCopy(passthroughFolders(settings));
  registerFilters(eleventyConfig, settings.site);
  eleventyConfig.on("eleventy.before", ({ directories }) => {
    beforeSite(directories.output);
    // Watch mode: every rebuild reads the articles afresh (and the settings, for TOASOAN_NOW).
    prepareNewsroom(loadSettings(root));
  });
  eleventyConfig.on("eleventy.after", async ({ directories, results }) => {
    await afterSite(directories.output, settings, currentNewsroom(), results ?? []);
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
