// Vietnamese search on top of Pagefind, shared by the search page, the Node tests and the benchmark.
// Pagefind already matches across tone and vowel marks (preferring exact marks); this adds what it
// lacks for Vietnamese, where a word is several syllables:
//  - the number of query syllables found together, in order, orders the results first (a page
//    saying "an toàn giao thông" beats one repeating "an", "toàn", "giao", "thông" apart); Pagefind's
//    score breaks ties within the same phrase level. Measured from word positions: no extra download;
//  - "d" also finds "đ" (Pagefind treats đ as its own letter): a syllable typed with a plain d is
//    searched both ways and the results merged;
//  - query words that match nothing are reported instead of silently dropped;
//  - the archive is cut into period shards, searched newest first, merged into one ranking, and
//    left unloaded once the loaded ones already give a full page of whole-phrase matches.
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

/** Where each page holds a syllable (any of its d/đ variants), by page id. */
async function positionsOf(pagefind: PagefindApi, syllable: string): Promise<Map<string, Set<number>>> {
  const positions = new Map<string, Set<number>>();
  const answers = await Promise.all(syllableVariants(syllable).map((variant) => pagefind.search(variant)));
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
  const hits = [...merged.values()];
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

/** Makes a Pagefind instance for the newest shard, with instance options (the shard filter, exact diacritics). */
export type CreatePagefind = (newest: ShardInfo, options: Record<string, unknown>) => Promise<MergeablePagefind>;

/**
 * The archive's shards, merged into one Pagefind instance one at a time, newest first. Pagefind
 * loads its WebAssembly once for the first shard; every later shard adds only its own metadata and
 * the index chunks a query needs. Each shard carries a synthetic filter naming it.
 */
export class ShardedIndex {
  private main?: Promise<MergeablePagefind>;
  private exactDiacritics?: Promise<MergeablePagefind>;
  /** Creating an instance and merging shards happen one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  loaded = 0;

  /** `origin` prefixes the shards' site paths where they are not resolved by a page (in Node). */
  constructor(
    readonly shards: readonly ShardInfo[],
    private readonly create: CreatePagefind,
    private readonly origin = "",
  ) {}

  get complete(): boolean {
    return this.loaded >= this.shards.length;
  }

  private shardOptions(shard: ShardInfo): Record<string, unknown> {
    return { mergeFilter: { [SHARD_FILTER]: shard.id } };
  }

  private instance(options: Record<string, unknown>, upTo: number): Promise<MergeablePagefind> {
    const newest = this.shards[0];
    if (!newest) return Promise.reject(new Error("Chưa có chỉ mục tìm kiếm nào."));
    return this.create(newest, { ...this.shardOptions(newest), ...options }).then(async (instance) => {
      for (const shard of this.shards.slice(1, upTo))
        await instance.mergeIndex(this.origin + shard.path, { ...this.shardOptions(shard), ...options });
      return instance;
    });
  }

  /** The instance holding the shards loaded so far (the newest one at first); a failed load can be retried. */
  async target(): Promise<SearchTarget> {
    if (!this.main) {
      this.main = this.instance({}, 1);
      this.main.catch(() => (this.main = undefined));
    }
    const api = await this.main;
    this.loaded = Math.max(this.loaded, 1);
    return {
      api,
      shardIds: this.shards.slice(0, this.loaded).map((shard) => shard.id),
      exact: () => {
        // Made when first needed, with the shards loaded by then (in turn with merges, so none is
        // missed); later ones are merged into both.
        if (!this.exactDiacritics) {
          const made = this.serially(() => this.instance({ exactDiacritics: true }, this.loaded));
          made.catch(() => (this.exactDiacritics = undefined));
          this.exactDiacritics = made;
        }
        return this.exactDiacritics;
      },
    };
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const result = this.queue.then(step);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Merges the next older shard; false when every shard is already in. Pagefind keeps a shard that
   * failed to load in its instance, so a failure drops both instances: the next search starts over
   * (the files already fetched come from the browser's cache).
   */
  async loadMore(): Promise<boolean> {
    await this.target();
    const api = await this.main!;
    return this.serially(async () => {
      if (this.complete) return false;
      const shard = this.shards[this.loaded]!;
      try {
        await api.mergeIndex(this.origin + shard.path, this.shardOptions(shard));
        if (this.exactDiacritics)
          await (
            await this.exactDiacritics
          ).mergeIndex(this.origin + shard.path, { ...this.shardOptions(shard), exactDiacritics: true });
      } catch (error) {
        this.main = this.exactDiacritics = undefined;
        this.loaded = 0;
        throw error;
      }
      this.loaded++;
      return true;
    });
  }
}

export interface ShardedOutcome extends SearchOutcome {
  /** How many shards (newest first) the results come from. */
  searched: number;
  complete: boolean;
}

export interface ShardedSearchOptions {
  /** Stop once this many hits are certain to lead the ranking (the first page of results). */
  enough: number;
  /** Load at most this many shards in all (the search page searches the rest when asked). */
  maxShards?: number;
}

/**
 * Searches newest shards first and merges older ones only while they could still change the first
 * page: for relevance, until `enough` hits hold the whole phrase (no older page can rank above
 * them); for newest-first, until `enough` hits are found (older shards hold only older articles).
 */
export async function searchShards(
  index: ShardedIndex,
  query: string,
  filters: SearchOptions["filters"],
  sort: SortOrder,
  options: ShardedSearchOptions,
): Promise<ShardedOutcome> {
  for (;;) {
    const outcome = await searchVietnamese(await index.target(), query, filters, sort);
    const certain =
      sort === "newest"
        ? outcome.hits.length
        : outcome.hits.filter((hit) => hit.phrase === outcome.syllables.length).length;
    const budgetSpent = options.maxShards !== undefined && index.loaded >= options.maxShards;
    if (outcome.syllables.length === 0 || certain >= options.enough || index.complete || budgetSpent) {
      return { ...outcome, searched: index.loaded, complete: index.complete };
    }
    await index.loadMore();
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
