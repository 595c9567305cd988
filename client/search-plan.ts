// Which shards a query needs, and in which order, from the routing index (lib/outputs/search-routing.ts):
// only the buckets of the query's keys are read, each once per page.
import { bucketOf, queryKeys, type RoutingBucket, type SearchShardsManifest } from "../lib/outputs/search-routing.ts";
import type { SortOrder } from "./search-engine.ts";

/** Reads a JSON file of the site (fetch in the browser, the test server in Node). */
export type ReadJson = (sitePath: string) => Promise<unknown>;

/** The shards a query needs, in the order to load them. */
export interface SearchPlan {
  /** Shards that may hold a page with every matched syllable (by id), in the order to load them. */
  shards: string[];
  /** Those that may hold the whole query side by side (they come first for relevance). */
  phraseShards: ReadonlySet<string>;
  /** How many there are. */
  wholePhrase: number;
  /** An estimate of the best score a page of each shard gets for the query (by id). */
  estimate: ReadonlyMap<string, number>;
  /** Query syllables no article holds. */
  unmatched: string[];
}

/** What the routing index says of one key: its listed shards (number → best estimate), and the rest's. */
interface KeyRoute {
  listed: Map<number, number>;
  /** The best estimate among the shards not listed; 0 when every shard holding the key is listed. */
  residual: number;
}

const readRoute = (entry: number[] | undefined): KeyRoute => {
  const listed = new Map<number, number>();
  for (let i = 1; i + 2 < (entry?.length ?? 0); i += 3) listed.set(entry![i]!, entry![i + 2]!);
  return { listed, residual: entry?.[0] ?? 0 };
};

const holds = (route: KeyRoute) => route.listed.size > 0;

/** Whether a shard may hold a key, and how well its best page may score for it. */
const estimateIn = (route: KeyRoute, shard: number): number | undefined =>
  route.listed.get(shard) ?? (route.residual > 0 ? route.residual : undefined);

/** The sum of a shard's estimates for every key, or undefined when it cannot hold one of them. */
function sumOf(routes: readonly KeyRoute[], shard: number): number | undefined {
  let sum = 0;
  for (const route of routes) {
    const part = estimateIn(route, shard);
    if (part === undefined) return undefined;
    sum += part;
  }
  return sum;
}

export class RoutingIndex {
  private readonly buckets = new Map<number, Promise<RoutingBucket>>();

  constructor(
    private readonly manifest: SearchShardsManifest,
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

  private async route(key: string): Promise<KeyRoute> {
    return readRoute((await this.bucket(key))[key]);
  }

  /**
   * The shards that may hold a page with every syllable some article holds (Pagefind leaves out a
   * word no page holds and matches the others), in the category when there is one. For relevance,
   * those that may hold the whole phrase first, each group by its estimate; for newest first, by
   * period.
   */
  async plan(syllables: readonly string[], sort: SortOrder, category?: string): Promise<SearchPlan> {
    const { single, pairs } = queryKeys(syllables);
    const [singles, pairRoutes] = await Promise.all([
      Promise.all(single.map((key) => this.route(key))),
      Promise.all(pairs.map((key) => this.route(key))),
    ]);
    const unmatched = syllables.filter((_, i) => !holds(singles[i]!));
    const matched = singles.filter(holds);
    const categoryPlace = category === undefined ? undefined : this.manifest.categories.indexOf(category);
    const estimate = new Map<string, number>();
    const wholePhrase = new Set<string>();
    /** How many of the query's pairs each shard may hold (by id). */
    const pairsHeld = new Map<string, number>();
    const phrasePossible = unmatched.length === 0;
    for (const shard of matched.length > 0 ? this.manifest.shards : []) {
      if (categoryPlace !== undefined && !shard.categories.includes(categoryPlace)) continue;
      const sum = sumOf(matched, shard.n);
      if (sum === undefined) continue;
      // A shard that may hold the whole phrase is judged by its pairs: the page holding the phrase
      // scores as its best page for each pair, where single syllables' best pages may be others.
      pairsHeld.set(shard.id, pairRoutes.filter((route) => estimateIn(route, shard.n) !== undefined).length);
      // A query of one syllable is its own phrase: every shard holding it may hold the best page.
      const pairSum = !phrasePossible ? undefined : pairs.length === 0 ? sum : sumOf(pairRoutes, shard.n);
      if (pairSum !== undefined) wholePhrase.add(shard.id);
      estimate.set(shard.id, pairSum ?? sum);
    }
    // The manifest lists shards newest first: a stable sort keeps the newer of two equal estimates first.
    const newestFirst = this.manifest.shards.map((shard) => shard.id).filter((id) => estimate.has(id));
    const common = { phraseShards: wholePhrase, wholePhrase: wholePhrase.size, estimate, unmatched };
    if (sort === "newest") return { shards: newestFirst, ...common };
    // As results rank: the whole phrase first, then more of its pairs, then the estimate.
    const byRank = (a: string, b: string) =>
      Number(wholePhrase.has(b)) - Number(wholePhrase.has(a)) ||
      pairsHeld.get(b)! - pairsHeld.get(a)! ||
      estimate.get(b)! - estimate.get(a)!;
    return { shards: newestFirst.sort(byRank), ...common };
  }
}
