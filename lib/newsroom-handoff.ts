import { buildNewsroom, type Newsroom } from "./newsroom.ts";
import type { Settings } from "./settings.ts";

let current: Newsroom | undefined;
let prepared: Newsroom | undefined;

/**
 * `npm run build` validates the content before starting Eleventy, so that an editor's mistakes are
 * printed as a plain list rather than inside Eleventy's error report; the build then takes that same
 * result instead of reading every article twice. In watch mode nothing is handed over and each
 * rebuild reads the articles afresh.
 */
export function handOverNewsroom(newsroom: Newsroom): void {
  prepared = newsroom;
}

/** Called once at the start of each build (eleventy.before). */
export function prepareNewsroom(settings: Settings): Newsroom {
  current = prepared ?? buildNewsroom(settings);
  prepared = undefined;
  return current;
}

/** The newsroom of the build under way: what templates and the after-build steps read. */
export function currentNewsroom(): Newsroom {
  if (!current) throw new Error("newsroom chưa được chuẩn bị: prepareNewsroom chạy ở eleventy.before");
  return current;
}
