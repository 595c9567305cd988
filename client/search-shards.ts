// The archive's search shards as one search: the routing index's plan says which shards to load and
// in which order; they are merged into one Pagefind instance and searched as one archive.
import {
  hasMarks,
  type MergeablePagefind,
  type PagefindApi,
  querySyllables,
  type SearchOptions,
  type SearchOutcome,
  type SearchTarget,
  SHARD_FILTER,
  searchVietnamese,
  type SortOrder,
  syllableVariants,
} from "./search-engine.ts";
import type { SearchShard, SearchShardsManifest } from "../lib/outputs/search-routing.ts";
import type { RoutingIndex, SearchPlan } from "./search-plan.ts";

/** Makes the Pagefind instance with its first shard, with instance options (the shard's filters). */
export type CreatePagefind = (first: SearchShard, options: Record<string, unknown>) => Promise<MergeablePagefind>;

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
  private readonly byId: Map<string, SearchShard>;

  /** `origin` prefixes the shards' site paths where they are not resolved by a page (in Node). */
  constructor(
    readonly manifest: SearchShardsManifest,
    private readonly create: CreatePagefind,
    readonly routing: RoutingIndex,
    private readonly origin = "",
  ) {
    this.byId = new Map(manifest.shards.map((shard) => [shard.id, shard]));
  }

  get shards(): readonly SearchShard[] {
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
      metaCacheTag: this.byId.get(id)!.tag,
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
  /**
   * The first page is the whole archive's first page, though not every shard was searched: no
   * shard left out can hold a page that ranks there (older shards for "newest"; for relevance,
   * shards that cannot hold the whole phrase when the first page has it).
   */
  firstPageCertain: boolean;
  /** Every shard that may hold the whole phrase is searched: every page holding it is in the results. */
  phraseComplete: boolean;
}

export interface ShardedSearchOptions {
  /** A first page of results. */
  enough: number;
  /** About how many kilobytes of shards this search may download (at least one shard): see shardsFor. */
  kilobytes: number;
  /**
   * Keep loading until more than this many hits are found (or every shard is in): what the
   * archive button asks, so that pressing it adds results or searches the whole archive.
   */
  moreThan?: number;
}

// What a shard of about 500 articles costs a query, gzipped (measured on the reference corpus): its
// metadata, and an index chunk per syllable (Pagefind cuts an index into chunks of 20,000 word
// positions, so a chunk weighs the same in any shard of more than a few dozen articles).
const SHARD_METADATA_KB = 6;
const INDEX_CHUNK_KB = 28;

/**
 * How many shards a download budget allows for a query: at least one. Each syllable reads a chunk
 * (two for a syllable typed with a plain d), so a long query loads fewer shards for the same bytes.
 */
export function shardsFor(syllables: readonly string[], kilobytes: number): number {
  const chunks = syllables.reduce((sum, syllable) => sum + syllableVariants(syllable).length, 0);
  return Math.max(1, Math.floor(kilobytes / (SHARD_METADATA_KB + INDEX_CHUNK_KB * Math.max(1, chunks))));
}

function isFirstPageCertain(outcome: SearchOutcome, phraseComplete: boolean, enough: number, sort: SortOrder) {
  if (outcome.hits.length < enough) return false;
  // Shards load in the plan's order: for "newest", the newest first, and every shard left holds older articles.
  if (sort === "newest") return true;
  // For relevance, once every shard that may hold the whole phrase is in and the first page holds
  // the whole phrase, a shard left out can only add pages of a lower level.
  const whole = outcome.syllables.length;
  return phraseComplete && outcome.hits.slice(0, enough).every((hit) => hit.phrase === whole);
}

/**
 * Loads the query's shards in the routing index's order and searches them as one archive: the next
 * shards the budget allows (for "newest", one at a time until a first page is found, since older
 * shards hold only older articles), then more when asked for more results than are found.
 */
export async function searchShards(
  index: ShardedIndex,
  query: string,
  filters: SearchOptions["filters"],
  sort: SortOrder,
  options: ShardedSearchOptions,
): Promise<ShardedOutcome> {
  const syllables = querySyllables(query);
  const category = typeof filters?.category === "string" ? filters.category : undefined;
  const plan = await index.routing.plan(syllables, sort, category);
  if (plan.shards.length === 0)
    return {
      syllables,
      unmatched: plan.unmatched,
      hits: [],
      plan,
      searched: 0,
      complete: true,
      firstPageCertain: true,
      phraseComplete: true,
    };
  const exact = syllables.some(hasMarks);
  const allowed = shardsFor(syllables, options.kilobytes);
  let added = 0;
  for (;;) {
    const next = plan.shards.filter((id) => !index.has(id)).slice(0, sort === "newest" ? 1 : allowed - added);
    if (next.length > 0) await index.load(next, exact);
    added += next.length;
    const searched = plan.shards.filter((id) => index.has(id)).length;
    const complete = searched === plan.shards.length;
    const outcome = await searchVietnamese(await index.target(), query, filters, sort);
    const phraseComplete = [...plan.phraseShards].every((id) => index.has(id));
    const firstPageCertain = complete || isFirstPageCertain(outcome, phraseComplete, options.enough, sort);
    const result = {
      ...outcome,
      unmatched: plan.unmatched,
      plan,
      searched,
      complete,
      firstPageCertain,
      phraseComplete,
    };
    if (complete || (firstPageCertain && options.moreThan === undefined)) return result;
    if (options.moreThan !== undefined) {
      if (outcome.hits.length > options.moreThan && added >= allowed) return result;
      if (added >= allowed) added = 0;
      continue;
    }
    if (sort === "newest" ? firstPageCertain || added >= allowed : added >= allowed) return result;
  }
}
