import { type FeedLinks, pageUrl } from "../settings/routes.ts";

export type ListingKind = "latest" | "category" | "video" | "photo-story" | "author" | "tag" | "month" | "day";

/** One page of a paginated list of articles: what the listing template renders. */
export interface ListingPage {
  kind: ListingKind;
  heading: string;
  description: string;
  url: string;
  baseUrl: string;
  /**
   * The page's number, counted from the oldest articles (absent on the list's own address, which
   * shows the newest). A page keeps its number and its articles while newer ones arrive.
   */
  number?: number;
  /** Positions in the newsroom's articles (newest first); the renderer turns them into summaries. */
  items: number[];
  /** The page of newer articles. */
  prevUrl?: string;
  /** The page of older articles. */
  nextUrl?: string;
  feeds?: FeedLinks;
  /** Links shown above the list, e.g. the year and month of a day archive. */
  trail: { name: string; url: string }[];
  /** Đọc nhiều of the page's own section: on a category's own page (its newest), baked at every build. */
  mostRead?: MostReadBox;
}

/** Đọc nhiều as a page bakes it: positions of the most-read articles, and whose lists they are. */
export interface MostReadBox {
  /** The category's slug, or "" for the whole site: which of the endpoint's lists the page's script reads. */
  scope: string;
  day: number[];
  week: number[];
}

export interface ListingSpec {
  kind: ListingKind;
  heading: string;
  description: string;
  baseUrl: string;
  items: readonly number[];
  feeds?: FeedLinks;
  trail?: { name: string; url: string }[];
}

/**
 * A list as pages. The list's address shows its newest `perPage` articles; the numbered pages cut
 * the whole list into runs of `perPage` counted from the oldest (page 1 the oldest run, the last
 * page the newest, maybe not yet full). A new article therefore changes the list's address and its
 * newest numbered page and no other: numbered from the newest, every page of the list shifted.
 */
export function paginate(spec: ListingSpec, perPage: number): ListingPage[] {
  const total = spec.items.length;
  const numbered = total > perPage ? Math.ceil(total / perPage) : 0;
  const shared = { kind: spec.kind, heading: spec.heading, description: spec.description, feeds: spec.feeds };
  const trail = spec.trail ?? [];
  /** The numbered page holding the article at `index` of the list, newest first. */
  const pageHolding = (index: number) => Math.floor((total - 1 - index) / perPage) + 1;
  const pages: ListingPage[] = [
    {
      ...shared,
      baseUrl: spec.baseUrl,
      url: spec.baseUrl,
      items: spec.items.slice(0, perPage),
      nextUrl: numbered > 0 ? pageUrl(spec.baseUrl, pageHolding(perPage)) : undefined,
      trail,
    },
  ];
  for (let number = 1; number <= numbered; number++) {
    pages.push({
      ...shared,
      baseUrl: spec.baseUrl,
      url: pageUrl(spec.baseUrl, number),
      number,
      items: spec.items.slice(Math.max(0, total - number * perPage), total - (number - 1) * perPage),
      prevUrl: number < numbered ? pageUrl(spec.baseUrl, number + 1) : spec.baseUrl,
      nextUrl: number > 1 ? pageUrl(spec.baseUrl, number - 1) : undefined,
      trail,
    });
  }
  return pages;
}

/** Groups items by a key, keeping each group in the input order (callers pass newest first). */
export function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
