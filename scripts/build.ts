// npm run build [-- --output DIR] [--quiet] [--allow-empty] [--full]: validates every article,
// renders the site, writes the search index and removes whatever the content no longer defines.
// With the previous build's cache (.cache/toasoan/, or TOASOAN_CACHE) only what changed is redone;
// --full ignores the cache.
import { parseArgs } from "node:util";
import Eleventy from "@11ty/eleventy";
import { handOverBuild } from "../lib/build-handoff.ts";
import { ContentValidationError } from "../lib/content-errors.ts";
import { claimOutputFolder, OutputFolderError } from "../lib/output-folder.ts";
import { loadSettings, SettingsError } from "../lib/settings.ts";
import { SiteBuild } from "../lib/site-build.ts";

const { values } = parseArgs({
  options: {
    output: { type: "string", default: "_site" },
    quiet: { type: "boolean", default: false },
    "allow-empty": { type: "boolean", default: false },
    full: { type: "boolean", default: false },
  },
});
if (values["allow-empty"]) process.env.TOASOAN_ALLOW_EMPTY = "1";
if (values.quiet) process.env.TOASOAN_QUIET = "1";

/** Errors an editor or an operator can fix are printed as they are, without a stack trace. */
function failClearly(error: unknown): never {
  const cause = (error as { originalError?: unknown }).originalError ?? error;
  if (cause instanceof ContentValidationError || cause instanceof SettingsError || cause instanceof OutputFolderError) {
    console.error(cause.message);
    process.exit(1);
  }
  throw error;
}

let build: SiteBuild | undefined;
try {
  const settings = loadSettings(process.cwd());
  build = await SiteBuild.prepare(settings, values.output, { quiet: values.quiet, full: values.full });
  // Only a valid newsroom touches the output folder: a failed check leaves it as it was.
  claimOutputFolder(values.output);
  handOverBuild(build);
  await new Eleventy("content", values.output, { configPath: ".eleventy.ts", quietMode: true }).write();
} catch (error) {
  await build?.abort();
  failClearly(error);
}
