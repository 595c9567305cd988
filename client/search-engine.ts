// Vietnamese search over the shards a search has loaded, shared by the search page, the Node tests
// and the benchmark. Pagefind already matches across tone and vowel marks (preferring exact marks);
// this adds what it lacks for Vietnamese, where a word is several syllables:
//  - the number of query syllables found together, in order, orders the results first (a page
//    saying "an toàn giao thông" beats one repeating "an", "toàn", "giao", "thông" apart), then how
//    many of the query's pairs stand together; Pagefind's score breaks ties within the same phrase
//    level. Measured from word positions: no extra download;
//  - "d" also finds "đ" (Pagefind treats đ as its own letter): a syllable typed with a plain d is
//    searched both ways and the results merged;
//  - query words that match nothing are reported instead of silently dropped.
// Which shards a search loads is decided in search-plan.ts and search-shards.ts.
import { words } from "../lib/text/vietnamese.ts";

export interface PagefindData {
  url: string;
  content: string;
  excerpt: string;
  word_count: number;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}

export interface PagefindResult {
  id: string;
  score: number;
  words: number[];
  data(): Promise<PagefindData>;
}

export interface SearchOptions {
  filters?: Record<string, string | string[]>;
  sort?: Record<string, "asc" | "desc">;
}

/** The part of Pagefind's browser API that the engine uses. */
export interface PagefindApi {
  /** A null term lists every page (in sort order when asked): used to order merged results by date. */
  search(term: string | null, options?: SearchOptions): Promise<{ results: PagefindResult[] } | null>;
}

/** A Pagefind instance that more indexes can be merged into (`createInstance()` in pagefind.js). */
export interface MergeablePagefind extends PagefindApi {
  mergeIndex(indexPath: string, options?: Record<string, unknown>): Promise<void>;
}

/** The synthetic filter each shard gets when it is loaded: which shard a page comes from. */
export const SHARD_FILTER = "shard";

/**
 * What a search runs on: the merged shards, and (for queries typed with tone marks) the same shards
 * with Pagefind's exact-diacritics matching, to tell "hạt" from "hát".
 */
export interface SearchTarget {
  api: PagefindApi;
  /** The loaded shards' ids, newest first. */
  shardIds: readonly string[];
  exact(): Promise<PagefindApi>;
}

export type SortOrder = "relevance" | "newest";

export interface Hit {
  id: string;
  /** Pagefind's score (the best over the d/đ variants). */
  score: number;
  /** How many query syllables the page holds side by side, in the query's order (the longest run). */
  phrase: number;
  /** How many of the query's adjacent pairs of syllables the page holds side by side. */
  pairs: number;
  data(): Promise<PagefindData>;
}

export interface SearchOutcome {
  syllables: string[];
  /** Query syllables that match no article at all (shown to the reader, not silently dropped). */
  unmatched: string[];
  hits: Hit[];
}

const MAX_VARIANTS = 8;

export function querySyllables(query: string): string[] {
  return words(query).slice(0, 12);
}

/** Each syllable typed with a plain initial d may mean đ: ["dien"] → [["dien"], ["đien"]]. */
export function syllableVariants(syllable: string): string[] {
  return syllable.startsWith("d") ? [syllable, `đ${syllable.slice(1)}`] : [syllable];
}

export function queryVariants(syllables: readonly string[]): string[][] {
  let variants: string[][] = [[]];
  for (const syllable of syllables) {
    const options = syllableVariants(syllable);
    const next = variants.flatMap((prefix) => options.map((option) => [...prefix, option]));
    // Past the cap, further d-syllables keep their plain form; their positions still fold d and đ.
    variants = next.length <= MAX_VARIANTS ? next : variants.map((prefix) => [...prefix, syllable]);
  }
  return variants;
}

/** Whether a syllable was typed with tone or vowel marks (then only the same marks match it in a phrase). */
export function hasMarks(syllable: string): boolean {
  return /\p{M}/u.test(syllable.normalize("NFD"));
}

/**
 * Where each page holds a syllable (any of its d/đ variants), by page id. Quoted, Pagefind looks
 * the word up whole: "thon" finds thôn, not thông, which its prefix matching would also take.
 */
async function positionsOf(pagefind: PagefindApi, syllable: string): Promise<Map<string, Set<number>>> {
  const positions = new Map<string, Set<number>>();
  const answers = await Promise.all(syllableVariants(syllable).map((variant) => pagefind.search(`"${variant}"`)));
  for (const answer of answers) {
    for (const result of answer?.results ?? []) {
      const set = positions.get(result.id) ?? new Set<number>();
      for (const position of result.words) set.add(position);
      positions.set(result.id, set);
    }
  }
  return positions;
}

/** The longest run of consecutive query syllables that stand side by side, in order, in the page. */
export function phraseLevel(id: string, perSyllable: readonly Map<string, Set<number>>[]): number {
  let best = 0;
  for (let first = 0; first < perSyllable.length && best < perSyllable.length - first; first++) {
    for (const start of perSyllable[first]!.get(id) ?? []) {
      let length = 1;
      while (first + length < perSyllable.length && perSyllable[first + length]!.get(id)?.has(start + length)) length++;
      best = Math.max(best, length);
    }
  }
  return best;
}

/** How many of the query's adjacent pairs of syllables stand side by side, in order, in the page. */
export function pairsFound(id: string, perSyllable: readonly Map<string, Set<number>>[]): number {
  let found = 0;
  for (let i = 0; i + 1 < perSyllable.length; i++) {
    const next = perSyllable[i + 1]!.get(id);
    if (next && [...(perSyllable[i]!.get(id) ?? [])].some((start) => next.has(start + 1))) found++;
  }
  return found;
}

/**
 * Whole phrase first, then longer partial phrases, then more of the query's pairs (a page saying
 * "lũ quét" and "Bắc Yên" before one saying "lũ quét" alone), then Pagefind's score.
 */
export function byPhraseThenScore(a: Hit, b: Hit): number {
  return b.phrase - a.phrase || b.pairs - a.pairs || b.score - a.score;
}

export async function searchVietnamese(
  target: SearchTarget,
  query: string,
  filters: SearchOptions["filters"],
  sort: SortOrder,
): Promise<SearchOutcome> {
  const syllables = querySyllables(query);
  if (syllables.length === 0) return { syllables, unmatched: [], hits: [] };
  const pagefind = target.api;
  const [answers, anyTone] = await Promise.all([
    Promise.all(queryVariants(syllables).map((variant) => pagefind.search(variant.join(" "), { filters }))),
    Promise.all(syllables.map((syllable) => positionsOf(pagefind, syllable))),
  ]);
  // A syllable typed with marks stands in a phrase only where the page has the same marks. The
  // exact-tone copies search after the others, so they read the index chunks the browser now holds.
  const exact = syllables.some(hasMarks) ? await target.exact() : undefined;
  const perSyllable = await Promise.all(
    syllables.map((syllable, i) => (exact && hasMarks(syllable) ? positionsOf(exact, syllable) : anyTone[i]!)),
  );
  const unmatched = syllables.filter((_, i) => anyTone[i]!.size === 0);

  const merged = new Map<string, Hit>();
  for (const answer of answers) {
    for (const result of answer?.results ?? []) {
      const known = merged.get(result.id);
      if (!known || known.score < result.score)
        merged.set(result.id, { id: result.id, score: result.score, phrase: 0, pairs: 0, data: result.data });
    }
  }
  // A page holds each query syllable that some page holds, as a whole syllable (any tone marks):
  // Pagefind's prefix matching alone would also take a page with only longer syllables.
  const present = anyTone.filter((pages) => pages.size > 0);
  const hits = [...merged.values()].filter((hit) => present.every((pages) => pages.has(hit.id)));
  for (const hit of hits) {
    hit.phrase = phraseLevel(hit.id, perSyllable);
    hit.pairs = pairsFound(hit.id, perSyllable);
  }
  return {
    syllables,
    unmatched,
    hits: sort === "newest" ? await byNewest(target, hits) : hits.sort(byPhraseThenScore),
  };
}

/**
 * Results in date order. Pagefind lists a shard's pages in date order for a null search filtered to
 * that shard, without loading any fragment; shards are periods, so newest shard first, then each
 * shard's own order, is the order of the whole archive.
 */
async function byNewest(target: SearchTarget, hits: Hit[]): Promise<Hit[]> {
  const rank = new Map<string, number>();
  for (const id of target.shardIds) {
    const pages =
      (await target.api.search(null, { filters: { [SHARD_FILTER]: id }, sort: { date: "desc" } }))?.results ?? [];
    for (const page of pages) rank.set(page.id, rank.size);
  }
  return [...hits].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
}
