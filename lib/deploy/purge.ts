import { cacheControlOf, sitePathOf } from "./file-roles.ts";
import { goneMarkerPath } from "../outputs/withdrawals.ts";

/** What a file is cached for when a host sends it with the site's headers: a minute for pages and lists. */
const SHORT_LIVED = cacheControlOf("index.html");

/**
 * The addresses a CDN in front of the destination may still serve as they were, and that a deploy
 * should therefore purge: every file deleted, every file replaced that is cached longer than a
 * minute (a photo is cached for a year), and every address that has just become a takedown
 * notice. Absolute URLs, sorted.
 */
export function addressesToPurge(
  uploads: readonly string[],
  deletions: readonly string[],
  before: ReadonlyMap<string, unknown>,
  siteUrl: string,
): string[] {
  const marker = goneMarkerPath("");
  const addresses = new Set<string>();
  for (const file of deletions) if (!file.endsWith(marker)) addresses.add(sitePathOf(file));
  for (const file of uploads) {
    if (!before.has(file)) {
      if (file.endsWith(marker)) addresses.add(sitePathOf(file.slice(0, -marker.length)));
    } else if (cacheControlOf(file) !== SHORT_LIVED) {
      addresses.add(sitePathOf(file));
    }
  }
  return [...addresses].sort().map((address) => `${siteUrl}${address}`);
}
