import type { EleventyConfig } from "./lib/render/eleventy-config.ts";
import { configureSite } from "./lib/build/eleventy-site.ts";
import { loadSettings } from "./lib/settings/settings.ts";
import { type BuildSession, SiteBuild } from "./lib/build/site-build.ts";

// The dev server's configuration (npm start): `npm run build` hands Eleventy its build directly
// (lib/build/run-build.ts). Here each rebuild prepares a new build; the session keeps the worker threads
// and the cache between rebuilds, and writes search shards after the pages so that an edit shows at once.
export default function (eleventyConfig: EleventyConfig) {
  const root = process.cwd();
  const settings = loadSettings(root);
  const quiet = process.env.TOASOAN_QUIET === "1";
  const session: BuildSession = { deferSearch: true };
  configureSite(eleventyConfig, settings, ({ directories }) =>
    // Every rebuild reads the settings (TOASOAN_NOW) and the changed articles afresh.
    SiteBuild.prepare(loadSettings(root), directories.output, { quiet }, session),
  );
  eleventyConfig.addWatchTarget(settings.articlesDir);
  eleventyConfig.addWatchTarget(settings.mediaDir);
  eleventyConfig.addWatchTarget(settings.approvedCommentsFile);
  // .gitignore lists data/ (the comments database), which would also hide the approved-comments
  // export from the watcher: approving a comment should rebuild the page. The database stays unwatched.
  eleventyConfig.setUseGitIgnore(false);
  eleventyConfig.watchIgnores.add("data/*.sqlite*");
  eleventyConfig.watchIgnores.add("node_modules/**");
}
