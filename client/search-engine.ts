// Vietnamese search on top of Pagefind, shared by the search page, the Node tests and the benchmark.
// Pagefind already ignores tone and vowel marks; this adds what it lacks for Vietnamese:
//  - "d" also finds "đ" (Pagefind treats đ as its own letter): a syllable typed with a plain d is
//    searched both ways and the results merged;
//  - syllables that stand together in the text rank above the same syllables scattered (Pagefind
//    ignores adjacency), measured from word positions, which costs no extra download;
//  - query words that match nothing are reported instead of silently dropped.
import { foldVietnamese, words } from "../lib/vietnamese.ts";

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

export type SortOrder = "relevance" | "newest";

export interface Hit {
  id: string;
  /** Pagefind's score, times the adjacency bonus. */
  score: number;
  /** Share of neighbouring query syllables found side by side in the page (0 to 1). */
  adjacency: number;
  data(): Promise<PagefindData>;
}

export interface SearchOutcome {
  syllables: string[];
  /** Query syllables that match no article at all (shown to the reader, not silently dropped). */
  unmatched: string[];
  hits: Hit[];
}

/** How much a page where all the query's syllables stand together gains over a scattered one. */
export const ADJACENCY_WEIGHT = 1.5;
/** Re-ranking by adjacency looks at this many of Pagefind's best results. */
export const RERANK_WINDOW = 60;
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
    // Past the cap, further d-syllables keep their plain form: the adjacency pass still folds them.
    variants = next.length <= MAX_VARIANTS ? next : variants.map((prefix) => [...prefix, syllable]);
  }
  return variants;
}

async function positionsOf(
  pagefind: PagefindApi,
  syllable: string,
  options: SearchOptions,
): Promise<Map<string, Set<number>>> {
  const positions = new Map<string, Set<number>>();
  const answers = await Promise.all(
    syllableVariants(syllable).map((variant) => pagefind.search(variant, { filters: options.filters })),
  );
  for (const answer of answers) {
    for (const result of answer?.results ?? []) {
      const set = positions.get(result.id) ?? new Set<number>();
      for (const position of result.words) set.add(position);
      positions.set(result.id, set);
    }
  }
  return positions;
}

function adjacencyOf(id: string, perSyllable: readonly Map<string, Set<number>>[]): number {
  if (perSyllable.length < 2) return 0;
  let adjacentPairs = 0;
  for (let i = 0; i + 1 < perSyllable.length; i++) {
    const here = perSyllable[i]!.get(id);
    const next = perSyllable[i + 1]!.get(id);
    if (!here || !next) continue;
    for (const position of here) {
      if (next.has(position + 1)) {
        adjacentPairs++;
        break;
      }
    }
  }
  return adjacentPairs / (perSyllable.length - 1);
}

export async function searchVietnamese(
  pagefind: PagefindApi,
  query: string,
  filters: SearchOptions["filters"],
  sort: SortOrder,
): Promise<SearchOutcome> {
  const syllables = querySyllables(query);
  if (syllables.length === 0) return { syllables, unmatched: [], hits: [] };
  const options: SearchOptions = { filters, sort: sort === "newest" ? { date: "desc" } : undefined };
  const [answers, perSyllable] = await Promise.all([
    Promise.all(queryVariants(syllables).map((variant) => pagefind.search(variant.join(" "), options))),
    Promise.all(syllables.map((syllable) => positionsOf(pagefind, syllable, { filters: undefined }))),
  ]);
  const unmatched = syllables.filter((_, i) => perSyllable[i]!.size === 0);

  const merged = new Map<string, Hit>();
  for (const answer of answers) {
    for (const result of answer?.results ?? []) {
      const known = merged.get(result.id);
      if (!known || known.score < result.score)
        merged.set(result.id, { id: result.id, score: result.score, adjacency: 0, data: result.data });
    }
  }
  let hits = [...merged.values()];
  if (sort === "newest") {
    hits =
      answers.filter((answer) => (answer?.results.length ?? 0) > 0).length > 1 ? await byNewest(pagefind, hits) : hits;
    return { syllables, unmatched, hits };
  }
  hits.sort((a, b) => b.score - a.score);
  const window = hits.slice(0, RERANK_WINDOW);
  for (const hit of window) {
    hit.adjacency = adjacencyOf(hit.id, perSyllable);
    hit.score *= 1 + ADJACENCY_WEIGHT * hit.adjacency;
  }
  window.sort((a, b) => b.score - a.score);
  return { syllables, unmatched, hits: [...window, ...hits.slice(RERANK_WINDOW)] };
}

/**
 * Searches the bundles in order (newest years first) and stops once `enough` hits are found, so a
 * reader's first query usually loads only the small recent index. `searched` says how many bundles
 * were used; the page can search the rest later and append their hits.
 */
export async function searchAcross(
  bundles: readonly (() => Promise<PagefindApi>)[],
  query: string,
  filters: SearchOptions["filters"],
  sort: SortOrder,
  enough: number,
): Promise<SearchOutcome & { searched: number }> {
  const combined: SearchOutcome & { searched: number } = {
    syllables: querySyllables(query),
    unmatched: [],
    hits: [],
    searched: 0,
  };
  let unmatchedEverywhere: Set<string> | undefined;
  for (const load of bundles) {
    const outcome = await searchVietnamese(await load(), query, filters, sort);
    combined.searched++;
    combined.hits.push(...outcome.hits);
    unmatchedEverywhere = new Set(outcome.unmatched.filter((syllable) => unmatchedEverywhere?.has(syllable) ?? true));
    if (combined.hits.length >= enough) break;
  }
  combined.unmatched = [...(unmatchedEverywhere ?? [])];
  return combined;
}

/**
 * Results of several variant queries interleaved by date. Pagefind lists every page in date order
 * for a null search, without loading any fragment, so the merge costs no download per result.
 */
async function byNewest(pagefind: PagefindApi, hits: Hit[]): Promise<Hit[]> {
  const everyPage = (await pagefind.search(null, { sort: { date: "desc" } }))?.results ?? [];
  const rank = new Map(everyPage.map((result, index) => [result.id, index]));
  return [...hits].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
}

export interface ExcerptPart {
  text: string;
  match: boolean;
}

/**
 * The stretch of an article's text with the most query syllables (folded, so "dien" marks "điện"),
 * split into parts for the page to render as text and <mark>: never as HTML.
 */
export function excerptParts(content: string, syllables: readonly string[], length = 32): ExcerptPart[] {
  const tokens = content.split(/\s+/).filter(Boolean);
  const wanted = new Set(syllables.map(foldVietnamese));
  const matches = tokens.map((token) =>
    wanted.has(foldVietnamese(token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))),
  );
  // Sliding window: the first stretch of `length` words holding the most matches.
  let count = matches.slice(0, length).filter(Boolean).length;
  let best = { start: 0, count };
  for (let start = 1; start + length <= tokens.length; start++) {
    count += (matches[start + length - 1] ? 1 : 0) - (matches[start - 1] ? 1 : 0);
    if (count > best.count) best = { start, count };
  }
  const parts: ExcerptPart[] = [];
  const push = (text: string, match: boolean) => {
    const last = parts[parts.length - 1];
    if (last && !last.match && !match) last.text += text;
    else parts.push({ text, match });
  };
  const end = Math.min(tokens.length, best.start + length);
  if (best.start > 0) push("… ", false);
  for (let i = best.start; i < end; i++) {
    if (i > best.start) push(" ", false);
    push(tokens[i]!, matches[i]!);
  }
  if (end < tokens.length) push(" …", false);
  return parts;
}
