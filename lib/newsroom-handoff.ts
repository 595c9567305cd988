import { buildNewsroom, type Newsroom } from "./newsroom.ts";
import type { Settings } from "./settings.ts";

let prepared: Newsroom | undefined;

/**
 * `npm run build` validates the content before starting Eleventy, so that an editor's mistakes are
 * printed as a plain list rather than inside Eleventy's error report; the configuration then takes
 * that same result instead of reading every article twice. In watch mode nothing is handed over
 * and each rebuild reads the articles afresh.
 */
export function handOverNewsroom(newsroom: Newsroom): void {
  prepared = newsroom;
}

export function takeNewsroom(settings: Settings): Newsroom {
  const newsroom = prepared ?? buildNewsroom(settings);
  prepared = undefined;
  return newsroom;
}
