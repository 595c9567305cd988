// npm run build: validates every article, renders the site and writes the search index into _site/.
import { parseArgs } from "node:util";
import Eleventy from "@11ty/eleventy";
import { ContentValidationError } from "../lib/content-errors.ts";
import { buildNewsroom } from "../lib/newsroom.ts";
import { handOverNewsroom } from "../lib/newsroom-handoff.ts";
import { loadSettings } from "../lib/settings.ts";

const { values } = parseArgs({
  options: { output: { type: "string", default: "_site" }, quiet: { type: "boolean", default: false } },
});

const started = performance.now();
try {
  handOverNewsroom(buildNewsroom(loadSettings(process.cwd())));
} catch (error) {
  if (!(error instanceof ContentValidationError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const eleventy = new Eleventy("content", values.output, { configPath: ".eleventy.ts", quietMode: true });
await eleventy.write();
if (!values.quiet)
  console.log(`Đã dựng trang vào ${values.output}/ trong ${((performance.now() - started) / 1000).toFixed(1)} giây.`);
