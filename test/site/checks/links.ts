// Every internal link and asset of a served site, by linkinator: pages, stylesheets, scripts, images
// (srcset included), feeds, fragments. Links to other sites are left alone: the gate is about ours.
import { LinkChecker } from "linkinator";

export interface BrokenLink {
  url: string;
  status?: number;
  /** The page that links to it. */
  from?: string;
}

export async function brokenLinks(origin: string, pages: string[]): Promise<{ checked: number; broken: BrokenLink[] }> {
  const checker = new LinkChecker();
  const result = await checker.check({
    path: pages.map((page) => origin + page),
    recurse: true,
    concurrency: 16,
    checkFragments: true,
    checkCss: true,
    linksToSkip: async (link) => !link.startsWith(origin),
  });
  const checked = result.links.filter((link) => link.state !== "SKIPPED");
  // linkinator may report a missing fragment once per way it found it: one line per link and page.
  const broken = new Map<string, BrokenLink>();
  for (const link of checked.filter((candidate) => candidate.state === "BROKEN")) {
    const entry = { url: link.url.replace(origin, ""), status: link.status, from: link.parent?.replace(origin, "") };
    broken.set(`${entry.url} ${entry.from}`, entry);
  }
  return { checked: checked.length, broken: [...broken.values()] };
}
