import { commentRulesForPages } from "./comments/page-rules.ts";
import { bundleClientScripts } from "./lib/client-bundle.ts";
import type { EleventyConfig } from "./lib/eleventy-config.ts";
import { registerFilters } from "./lib/filters.ts";
import { grayMatterOptions } from "./lib/frontmatter.ts";
import { takeNewsroom } from "./lib/newsroom-handoff.ts";
import { writeSearchIndexes } from "./lib/search-index.ts";
import { loadSettings } from "./lib/settings.ts";

// Articles are data, not templates (see DESIGN.md): lib/newsroom.ts reads and validates all of
// them before anything is rendered, and content/article.njk paginates over the result.
export default function (eleventyConfig: EleventyConfig) {
  const root = process.cwd();
  const settings = loadSettings(root);

  eleventyConfig.setFrontMatterParsingOptions(grayMatterOptions);
  eleventyConfig.addGlobalData("site", settings.site);
  // A function, so that watch mode re-reads the articles on every rebuild.
  eleventyConfig.addGlobalData("newsroom", () => takeNewsroom(loadSettings(root)));
  eleventyConfig.addWatchTarget(settings.articlesDir);
  eleventyConfig.addWatchTarget(settings.mediaDir);
  eleventyConfig.addWatchTarget(settings.approvedCommentsFile);
  // .gitignore lists data/ (the comments database), which would also hide the approved-comments
  // export from the watcher: approving a comment should rebuild the page. The database stays unwatched.
  eleventyConfig.setUseGitIgnore(false);
  eleventyConfig.watchIgnores.add("data/*.sqlite*");
  eleventyConfig.watchIgnores.add("node_modules/**");
  eleventyConfig.addPassthroughCopy({ [settings.mediaDir]: "media", "content/assets": "assets" });
  eleventyConfig.addGlobalData("commentRules", commentRulesForPages());
  registerFilters(eleventyConfig, settings.site);
  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    await bundleClientScripts(directories.output, root);
    await writeSearchIndexes(directories.output, settings.site.searchRecentArticles);
  });

  return {
    dir: { input: "content", includes: "../_includes", data: "../_data" },
    templateFormats: ["njk"],
    htmlTemplateEngine: "njk",
  };
}
