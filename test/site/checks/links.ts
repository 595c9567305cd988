// Every internal link and asset of a served site, by linkinator: pages, stylesheets, scripts, images
// (srcset included), feeds. Links to other sites are left alone: the gate is about ours.
// Fragments are checked here, not by linkinator: it validates a fragment only if the page that links
// to it is parsed before the target page is fetched, so on a crawl a missing anchor can pass unseen.
import * as cheerio from "cheerio";
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
    checkCss: true,
    linksToSkip: async (link) => !link.startsWith(origin),
  });
  const checked = result.links.filter((link) => link.state !== "SKIPPED");
  const broken = checked
    .filter((link) => link.state === "BROKEN")
    .map((link) => ({
      url: link.url.replace(origin, ""),
      status: link.status,
      from: link.parent?.replace(origin, ""),
    }));
  const anchors = await missingAnchors(origin, pages);
  return { checked: checked.length + anchors.checked, broken: [...broken, ...anchors.broken] };
}

interface ParsedPage {
  ids: Set<string>;
  /** Links of this page into the site that name a fragment. */
  fragmentLinks: URL[];
}

/** Every link from the given pages to `page#fragment` on this site whose page has no such id. */
async function missingAnchors(origin: string, pages: string[]): Promise<{ checked: number; broken: BrokenLink[] }> {
  const parsed = new Map<string, Promise<ParsedPage | undefined>>();
  const parse = (pathname: string) => {
    if (!parsed.has(pathname)) parsed.set(pathname, parsePage(origin, pathname));
    return parsed.get(pathname)!;
  };
  const broken = new Map<string, BrokenLink>();
  let checked = 0;
  for (const page of pages) {
    for (const link of (await parse(page))?.fragmentLinks ?? []) {
      checked += 1;
      const fragment = decodeURIComponent(link.hash.slice(1));
      const target = await parse(link.pathname);
      // "#top" needs no id: browsers scroll to the top of the page.
      if (target && !target.ids.has(fragment) && fragment.toLowerCase() !== "top") {
        const url = link.pathname + link.search + link.hash;
        broken.set(`${url} ${page}`, { url, from: page });
      }
    }
  }
  return { checked, broken: [...broken.values()] };
}

async function parsePage(origin: string, pathname: string): Promise<ParsedPage | undefined> {
  const response = await fetch(origin + pathname);
  // A missing page is linkinator's to report; only HTML has anchors.
  if (!response.ok || !response.headers.get("content-type")?.includes("text/html")) return undefined;
  const $ = cheerio.load(await response.text());
  const ids = new Set<string>();
  $("[id]").each((_, element) => void ids.add($(element).attr("id")!));
  $("a[name]").each((_, element) => void ids.add($(element).attr("name")!));
  const fragmentLinks = $("a[href], area[href]")
    .map((_, element) => URL.parse($(element).attr("href")!, origin + pathname) ?? [])
    .get()
    .filter((url) => url.origin === origin && url.hash.length > 1);
  return { ids, fragmentLinks };
}
