// npm run build [-- --output DIR] [--quiet] [--allow-empty]: validates every article, renders the
// site, writes the search index and removes whatever the content no longer defines.
import { parseArgs } from "node:util";
import Eleventy from "@11ty/eleventy";
import { ContentValidationError } from "../lib/content-errors.ts";
import { buildNewsroom } from "../lib/newsroom.ts";
import { handOverNewsroom } from "../lib/newsroom-handoff.ts";
import { claimOutputFolder, OutputFolderError } from "../lib/output-folder.ts";
import { loadSettings, SettingsError } from "../lib/settings.ts";

const { values } = parseArgs({
  options: {
    output: { type: "string", default: "_site" },
    quiet: { type: "boolean", default: false },
    "allow-empty": { type: "boolean", default: false },
  },
});
if (values["allow-empty"]) process.env.TOASOAN_ALLOW_EMPTY = "1";

/** Errors an editor or an operator can fix are printed as they are, without a stack trace. */
function failClearly(error: unknown): never {
  if (error instanceof ContentValidationError || error instanceof SettingsError || error instanceof OutputFolderError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const started = performance.now();
try {
  handOverNewsroom(buildNewsroom(loadSettings(process.cwd())));
  claimOutputFolder(values.output);
  const eleventy = new Eleventy("content", values.output, { configPath: ".eleventy.ts", quietMode: true });
  await eleventy.write();
} catch (error) {
  failClearly((error as { originalError?: unknown }).originalError ?? error);
}
if (!values.quiet)
  console.log(`Đã dựng trang vào ${values.output}/ trong ${((performance.now() - started) / 1000).toFixed(1)} giây.`);
