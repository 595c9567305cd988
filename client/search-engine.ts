// Vietnamese search on top of Pagefind, shared by the search page, the Node tests and the benchmark.
// Pagefind already matches across tone and vowel marks (preferring exact marks); this adds what it
// lacks for Vietnamese, where a word is several syllables:
//  - the number of query syllables found together, in order, orders the results first (a page
//    saying "an toàn giao thông" beats one repeating "an", "toàn", "giao", "thông" apart); Pagefind's
//    score breaks ties within the same phrase level. Measured from word positions: no extra download;
//  - "d" also finds "đ" (Pagefind treats đ as its own letter): a syllable typed with a plain d is
//    searched both ways and the results merged;
//  - query words that match nothing are reported instead of silently dropped;
//  - the archive is cut into shards; a routing index says which shards hold the query's syllables
//    and pairs of syllables, so only those are loaded, the likeliest first, into one ranking.
import {
  bucketOf,
  queryKeys,
  type RoutingBucket,
  type RoutingEntry,
  type RoutingManifest,
} from "../lib/search-routing.ts";
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

/** Whole phrase first, then longer partial phrases, then Pagefind's score. */
export function byPhraseThenScore(a: Hit, b: Hit): number {
  return b.phrase - a.phrase || b.score - a.score;
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
  const exact = syllables.some(hasMarks) ? await target.exact() : pagefind;
  const [answers, perSyllable, anyTone] = await Promise.all([
    Promise.all(queryVariants(syllables).map((variant) => pagefind.search(variant.join(" "), { filters }))),
    // A syllable typed with marks stands in a phrase only where the page has the same marks.
    Promise.all(syllables.map((syllable) => positionsOf(hasMarks(syllable) ? exact : pagefind, syllable))),
    Promise.all(syllables.map((syllable) => (hasMarks(syllable) ? positionsOf(pagefind, syllable) : undefined))),
  ]);
  const unmatched = syllables.filter((_, i) => perSyllable[i]!.size === 0 && (anyTone[i]?.size ?? 0) === 0);

  const merged = new Map<string, Hit>();
  for (const answer of answers) {
    for (const result of answer?.results ?? []) {
      const known = merged.get(result.id);
      if (!known || known.score < result.score)
        merged.set(result.id, { id: result.id, score: result.score, phrase: 0, data: result.data });
    }
  }
  // A page holds each query syllable that some page holds, as a whole syllable (any tone marks):
  // Pagefind's prefix matching alone would also take a page with only longer syllables.
  const present = syllables.map((_, i) => anyTone[i] ?? perSyllable[i]!).filter((pages) => pages.size > 0);
  const hits = [...merged.values()].filter((hit) => present.every((pages) => pages.has(hit.id)));
  for (const hit of hits) hit.phrase = phraseLevel(hit.id, perSyllable);
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

/** One search shard as listed in the site's shard manifest (newest first). */
export interface ShardInfo {
  id: string;
  path: string;
  /** "yyyy-mm" */
  from: string;
  to: string;
  articles: number;
}

export interface ShardsManifest {
  shards: ShardInfo[];
  routing: RoutingManifest;
}

/** Reads a JSON file of the site (fetch in the browser, the test server in Node). */
export type ReadJson = (sitePath: string) => Promise<unknown>;

/** The shards a query needs, in the order to load them. */
export interface SearchPlan {
  /** Shards that may hold a page with every matched syllable, best first (newest first for "newest"). */
  shards: string[];
  /** How many of them may hold the whole query side by side (they come first for relevance). */
  wholePhrase: number;
  /** Query syllables no article holds. */
  unmatched: string[];
}

/**
 * The routing index (lib/search-routing.ts): which shards hold each folded syllable and pair of
 * syllables. Only the buckets of the query's syllables are read, each once per page.
 */
export class RoutingIndex {
  private readonly buckets = new Map<number, Promise<RoutingBucket>>();

  constructor(
    private readonly manifest: ShardsManifest,
    private readonly readJson: ReadJson,
  ) {}

  private bucket(key: string): Promise<RoutingBucket> {
    const n = bucketOf(key, this.manifest.routing.buckets);
    let bucket = this.buckets.get(n);
    if (!bucket) {
      bucket = this.readJson(`${this.manifest.routing.path}${n}.json`) as Promise<RoutingBucket>;
      bucket.catch(() => this.buckets.delete(n));
      this.buckets.set(n, bucket);
    }
    return bucket;
  }

  private async entries(key: string): Promise<RoutingEntry[]> {
    return (await this.bucket(key))[key] ?? [];
  }

  async plan(syllables: readonly string[], sort: SortOrder): Promise<SearchPlan> {
    const { single, pairs } = queryKeys(syllables);
    const [singles, pairEntries] = await Promise.all([
      Promise.all(single.map((key) => this.entries(key))),
      Promise.all(pairs.map((key) => this.entries(key))),
    ]);
    const unmatched = syllables.filter((_, i) => singles[i]!.length === 0);
    // Pagefind leaves out a word no page holds and matches the others.
    const matched = singles.filter((entries) => entries.length > 0);
    const newestFirst = new Map(this.manifest.shards.map((shard, i) => [shard.id, i]));
    const holdingAll = (lists: RoutingEntry[][]) => {
      const score = new Map<string, number>();
      lists.forEach((entries, i) => {
        for (const [shard, , best] of entries)
          if (i === 0 || score.has(shard)) score.set(shard, (i === 0 ? 0 : score.get(shard)!) + best);
        for (const shard of [...score.keys()]) if (!entries.some(([id]) => id === shard)) score.delete(shard);
      });
      return score;
    };
    const allWords = matched.length > 0 ? holdingAll(matched) : new Map<string, number>();
    const phrase = unmatched.length === 0 && pairs.length > 0 ? holdingAll(pairEntries) : new Map<string, number>();
    for (const shard of phrase.keys()) if (!allWords.has(shard)) phrase.delete(shard);
    const byNewest = (a: string, b: string) => newestFirst.get(a)! - newestFirst.get(b)!;
    if (sort === "newest") return { shards: [...allWords.keys()].sort(byNewest), wholePhrase: phrase.size, unmatched };
    const best = (scores: Map<string, number>) =>
      [...scores.keys()].sort((a, b) => scores.get(b)! - scores.get(a)! || byNewest(a, b));
    const first = best(phrase);
    return {
      shards: [...first, ...best(allWords).filter((shard) => !phrase.has(shard))],
      wholePhrase: first.length,
      unmatched,
    };
  }
}

/** Makes the Pagefind instance with its first shard, with instance options (the shard's filters). */
export type CreatePagefind = (first: ShardInfo, options: Record<string, unknown>) => Promise<MergeablePagefind>;

/** The synthetic filter telling a shard's two copies apart: any tone marks, or only the query's. */
export const TONES_FILTER = "tones";
const ANY_TONES = "any";
const EXACT_TONES = "exact";

/**
 * The shards a reader's searches have loaded, merged into one Pagefind instance: one WebAssembly
 * module, each shard's metadata and only the index chunks a query needs. Each shard is merged a
 * second time with Pagefind's exact diacritics, when a query with tone marks first needs it, to
 * tell "hạt" from "hát"; the second copy reads the same files, which the browser already holds.
 * Synthetic filters name each copy's shard and kind.
 */
export class ShardedIndex {
  private instance?: Promise<MergeablePagefind>;
  private readonly loadedIds = new Set<string>();
  private readonly exactIds = new Set<string>();
  /** Merges happen one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly byId: Map<string, ShardInfo>;

  /** `origin` prefixes the shards' site paths where they are not resolved by a page (in Node). */
  constructor(
    readonly manifest: ShardsManifest,
    private readonly create: CreatePagefind,
    readonly routing: RoutingIndex,
    private readonly origin = "",
  ) {
    this.byId = new Map(manifest.shards.map((shard) => [shard.id, shard]));
  }

  get shards(): readonly ShardInfo[] {
    return this.manifest.shards;
  }

  has(id: string): boolean {
    return this.loadedIds.has(id);
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const result = this.queue.then(step);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private copyOptions(id: string, tones: string): Record<string, unknown> {
    return {
      mergeFilter: { [SHARD_FILTER]: id, [TONES_FILTER]: tones },
      ...(tones === EXACT_TONES ? { exactDiacritics: true } : {}),
    };
  }

  /**
   * Loads the given shards (those not loaded yet), and their exact-tone copies when asked. Pagefind
   * keeps a shard that failed to load in its instance, so a failure drops the instance: the next
   * search starts over (the files already fetched come from the browser's cache).
   */
  load(ids: readonly string[], exact: boolean): Promise<void> {
    return this.serially(async () => {
      try {
        for (const id of ids) {
          const shard = this.byId.get(id)!;
          if (!this.instance) {
            this.instance = this.create(shard, this.copyOptions(id, ANY_TONES));
            this.loadedIds.add(id);
          } else if (!this.loadedIds.has(id)) {
            await (await this.instance).mergeIndex(this.origin + shard.path, this.copyOptions(id, ANY_TONES));
            this.loadedIds.add(id);
          }
          await this.instance;
        }
        if (exact)
          for (const id of this.loadedIds) {
            if (this.exactIds.has(id)) continue;
            // "./" makes another address for the same files, which Pagefind would otherwise skip as the first shard.
            await (
              await this.instance!
            ).mergeIndex(`${this.origin}${this.byId.get(id)!.path}./`, this.copyOptions(id, EXACT_TONES));
            this.exactIds.add(id);
          }
      } catch (error) {
        this.instance = undefined;
        this.loadedIds.clear();
        this.exactIds.clear();
        throw error;
      }
    });
  }

  /** The loaded shards as one search target. */
  async target(): Promise<SearchTarget> {
    const instance = await this.instance!;
    const copy = (tones: string): PagefindApi => ({
      search: (term, options) =>
        instance.search(term, { ...options, filters: { ...options?.filters, [TONES_FILTER]: tones } }),
    });
    return {
      api: copy(ANY_TONES),
      shardIds: this.manifest.shards.filter((shard) => this.loadedIds.has(shard.id)).map((shard) => shard.id),
      exact: async () => {
        await this.load([], true);
        return copy(EXACT_TONES);
      },
    };
  }
}

export interface ShardedOutcome extends SearchOutcome {
  /** The shards that may hold results, in load order, and how many of them are loaded. */
  plan: SearchPlan;
  searched: number;
  /** Every shard that may hold a result is searched: the results are those of the whole archive. */
  complete: boolean;
}

export interface ShardedSearchOptions {
  /** A first page of results. */
  enough: number;
  /** Load at most this many more shards of the plan (the search page loads the rest when asked). */
  batch: number;
  /**
   * Keep loading batches until more than this many hits are found (or every shard is in): what
   * the archive button asks, so that pressing it adds results or searches the whole archive.
   */
  moreThan?: number;
}

/**
 * Loads the query's shards as the routing index orders them and searches them as one archive.
 * For relevance, the next `batch` shards most likely to hold the best pages (those that may hold
 * the whole phrase first); for newest first, the newest shards that may hold a match, until a
 * first page is found (older shards hold only older articles).
 */
export async function searchShards(
  index: ShardedIndex,
  query: string,
  filters: SearchOptions["filters"],
  sort: SortOrder,
  options: ShardedSearchOptions,
): Promise<ShardedOutcome> {
  const syllables = querySyllables(query);
  const plan = await index.routing.plan(syllables, sort);
  const exact = syllables.some(hasMarks);
  let added = 0;
  for (;;) {
    const next = plan.shards.filter((id) => !index.has(id)).slice(0, sort === "newest" ? 1 : options.batch - added);
    if (next.length > 0) await index.load(next, exact);
    added += next.length;
    const searched = plan.shards.filter((id) => index.has(id)).length;
    const complete = searched === plan.shards.length;
    if (plan.shards.length === 0)
      return { syllables, unmatched: plan.unmatched, hits: [], plan, searched: 0, complete: true };
    const outcome = await searchVietnamese(await index.target(), query, filters, sort);
    const wanted = outcome.hits.length > (options.moreThan ?? -1);
    if (
      complete ||
      (wanted && (added >= options.batch || (sort === "newest" && outcome.hits.length >= options.enough)))
    )
      return { ...outcome, unmatched: plan.unmatched, plan, searched, complete };
    if (added >= options.batch) added = 0;
  }
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
