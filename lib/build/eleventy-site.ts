import path from "node:path";
import type { EleventyAfterEvent, EleventyConfig } from "../render/eleventy-config.ts";
import { grayMatterOptions } from "../text/frontmatter.ts";
import { siteTemplates } from "../render/site-templates.ts";
import type { Settings } from "../settings/settings.ts";
import { passthroughFolders, type SiteBuild } from "./site-build.ts";

/**
 * Where each Eleventy run gets its build: `npm run build` prepares one before Eleventy starts (so
 * that an editor's mistakes are printed as a plain list) and hands it over; the dev server prepares
 * a new one at every rebuild.
 */
export type BuildFor = (event: EleventyAfterEvent) => Promise<SiteBuild>;

/**
 * Eleventy's configuration for the site (articles are data, not templates: see docs/architecture.md): Eleventy
 * renders the whole-site pages in content/ with the site's template plugin (the workers' too), reading the
 * build's lists as the global `newsroom`; the build's workers write the article and list pages.
 */
export function configureSite(eleventyConfig: EleventyConfig, settings: Settings, buildFor: BuildFor): void {
  eleventyConfig.setInputDirectory("content");
  eleventyConfig.setIncludesDirectory("../_includes");
  eleventyConfig.setDataDirectory(path.relative(path.join(settings.root, "content"), settings.dataDir));
  eleventyConfig.setTemplateFormats("njk");
  eleventyConfig.setFrontMatterParsingOptions(grayMatterOptions);
  eleventyConfig.addPlugin(siteTemplates(settings));
  let current: SiteBuild | undefined;
  eleventyConfig.addGlobalData("newsroom", () => current!.templateData());
  eleventyConfig.addPassthroughCopy(passthroughFolders(settings));
  eleventyConfig.on("eleventy.before", async (event) => {
    current = await buildFor(event);
  });
  eleventyConfig.on("eleventy.after", async ({ results }) => {
    await current!.finish(results ?? []);
  });
}
