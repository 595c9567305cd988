import { configureSite } from "./eleventy-site.ts";
import type { EleventyConfig } from "../render/eleventy-config.ts";
import type { Settings } from "../settings/settings.ts";
import { type BuildOptions, SiteBuild } from "./site-build.ts";

export interface RunBuildOptions extends BuildOptions {
  output: string;
}

/**
 * One build of the site, as `npm run build` runs it (and `npm run deploy` when a destination needs
 * files the last build did not write): the articles are read and checked before Eleventy starts,
 * so an editor's mistakes stop the build before anything is written, then Eleventy renders with
 * this build handed to it explicitly.
 */
export async function runBuild(settings: Settings, options: RunBuildOptions): Promise<SiteBuild> {
  const build = await SiteBuild.prepare(settings, options.output, options);
  // A part renders no whole-site page: Eleventy has nothing to do there.
  if (options.part) {
    await build.finish([]);
    return build;
  }
  try {
    // Loaded here: a part, which renders no whole-site page, does without it.
    const { default: Eleventy } = await import("@11ty/eleventy");
    await new Eleventy("content", options.output, {
      configPath: false,
      quietMode: true,
      config: (eleventyConfig: EleventyConfig) => configureSite(eleventyConfig, settings, async () => build),
    }).write();
    return build;
  } catch (error) {
    await build.abort();
    throw (error as { originalError?: unknown }).originalError ?? error;
  }
}
