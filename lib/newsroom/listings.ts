import { type FeedLinks, pageUrl } from "../settings/routes.ts";

export type ListingKind = "latest" | "category" | "author" | "tag" | "month" | "day";

/** One page of a paginated list of articles: what the listing template renders. */
export interface ListingPage {
  kind: ListingKind;
  heading: string;
  description: string;
  url: string;
  baseUrl: string;
  pageNumber: number;
  totalPages: number;
  /** Positions in the newsroom's articles (newest first); the renderer turns them into summaries. */
  items: number[];
  prevUrl?: string;
  nextUrl?: string;
  feeds?: FeedLinks;
  /** Links shown above the list, e.g. the year and month of a day archive. */
  trail: { name: string; url: string }[];
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

export function paginate(spec: ListingSpec, perPage: number): ListingPage[] {
  const totalPages = Math.max(1, Math.ceil(spec.items.length / perPage));
  const pages: ListingPage[] = [];
  for (let pageNumber = 1; pageNumber <= totalPages; pageNumber++) {
    pages.push({
      kind: spec.kind,
      heading: spec.heading,
      description: spec.description,
      baseUrl: spec.baseUrl,
      url: pageUrl(spec.baseUrl, pageNumber),
      pageNumber,
      totalPages,
      items: spec.items.slice((pageNumber - 1) * perPage, pageNumber * perPage),
      prevUrl: pageNumber > 1 ? pageUrl(spec.baseUrl, pageNumber - 1) : undefined,
      nextUrl: pageNumber < totalPages ? pageUrl(spec.baseUrl, pageNumber + 1) : undefined,
      feeds: spec.feeds,
      trail: spec.trail ?? [],
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
