// Đọc nhiều as the endpoint last gave it (npm run comments:fetch, or comments:admin -- most-read):
// read and checked, so a damaged file stops the build with its name and the fix.
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import type { MostReadExport } from "../../comments/shared/most-read.ts";
import { parseCheckedJson } from "./checked-json.ts";

const item = z.object({ url: z.string().startsWith("/"), title: z.string(), views: z.number().int().min(0) });
const lists = z.object({ day: z.array(item), week: z.array(item) });
const exportSchema = z.object({
  generated_at: z.string(),
  site: lists,
  categories: z.record(z.string(), lists),
}) satisfies z.ZodType<MostReadExport, unknown>;

const NONE: MostReadExport = { generated_at: "", site: { day: [], week: [] }, categories: {} };

/** The lists in `file`; none when there is no file yet (the box waits for the page's script). */
export function readMostRead(file: string): MostReadExport {
  return existsSync(file) ? parseMostRead(readFileSync(file, "utf8"), file) : NONE;
}

/** The lists in a text (a file's, or the endpoint's answer), checked; `file` names it in every error. */
export function parseMostRead(text: string, file: string): MostReadExport {
  return parseCheckedJson(text, file, exportSchema, "most-read.invalid", "tệp Đọc nhiều");
}
