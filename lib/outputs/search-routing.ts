// The search routing index: for each syllable and each pair of adjacent syllables of the archive
// (folded: no tone or vowel marks, đ as d), which shards hold it, in how many pages, and an estimate
// of the best score a page there gets for it. The search page reads only the buckets of the query's
// keys and loads only the shards that can hold what it looks for, the likeliest first. Shared by the
// build (which writes it) and the search page (which reads it): no Node modules here.
import { foldVietnamese, words } from "../text/vietnamese.ts";

/**
 * A key's entry in a bucket: `[residual, n1, p1, b1, n2, p2, b2, …]`. Each triple is a shard (its
 * number in the shards manifest), the pages of that shard holding the key and the best score
 * estimate there, best first. Only the `ROUTING_TOP` best shards are listed: `residual` is the best
 * estimate among those left out (0 when every shard holding the key is listed).
 */
export type RoutingEntry = number[];

/** A bucket file: key → its entry. */
export type RoutingBucket = Record<string, RoutingEntry>;

/** One search shard as the shards manifest lists it (newest first): what the search page knows of it. */
export interface SearchShard {
  id: string;
  /** The shard's number in the routing index: its place among the shards, oldest first. */
  n: number;
  path: string;
  /** "yyyy-mm": the first and last month the shard covers. */
  from: string;
  to: string;
  articles: number;
  /** The categories its articles are in (places in the manifest's list of categories). */
  categories: number[];
  /**
   * Changes when the shard's index changes: Pagefind reads the shard's entry file with it
   * (metaCacheTag), so a browser may keep that file, where Pagefind's default asks anew each time.
   */
  tag: string;
}

/** The list the search page reads first (/tim-kiem/chi-muc.json). */
export interface SearchShardsManifest {
  /** Category names, as the search filter names them. */
  categories: string[];
  shards: SearchShard[];
  routing: RoutingManifest;
}

export interface RoutingManifest {
  /** How many bucket files there are (a power of two). */
  buckets: number;
  /** Bucket `n` is at `${path}${n}.json`. */
  path: string;
}

/** Shards listed per key; the rest of a common key's shards are covered by its residual estimate. */
export const ROUTING_TOP = 12;

/** What one shard holds, per key: computed while the shard is written, kept in the build cache. */
export interface ShardRouting {
  keys: string[];
  pages: number[];
  best: number[];
}

/** A key as the routing index knows it: one folded syllable, or two separated by a space. */
export function queryKeys(syllables: readonly string[]): { single: string[]; pairs: string[] } {
  const single = syllables.map(foldVietnamese);
  return { single, pairs: single.slice(1).map((syllable, i) => `${single[i]} ${syllable}`) };
}

/** Which bucket holds a key: FNV-1a over the UTF-16 code units, the same number in Node and every browser. */
export function bucketOf(key: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % buckets;
}

/** About this many bytes of JSON per bucket, so a query reads a few kilobytes whatever the archive's size. */
const BUCKET_TARGET_BYTES = 3_000;

/** Enough buckets for the entries: a power of two, so it changes only when the archive's index doubles. */
export function bucketCount(entryBytes: number): number {
  let buckets = 16;
  while (buckets * BUCKET_TARGET_BYTES < entryBytes) buckets *= 2;
  return buckets;
}

// BM25 as Pagefind applies it by default (term saturation 1.4, page length 0.75), with a title's
// words weighted as Pagefind weighs an h1 (7) and boosted as its title metadata (5): an estimate of
// how a page ranks for a key, used to choose which shards to load first, never to rank results.
const K1 = 1.4;
const B = 0.75;
const TITLE_WEIGHT = 7;
const TITLE_BOOST = 5;

/** Pair keys are numbers: `(first + 1) * PAIR_SCALE + second`, apart from any syllable's id. */
const PAIR_SCALE = 2 ** 24;

interface PageTerms {
  length: number;
  /** key (a syllable's id, or a pair's number) → weighted occurrences × 2, + 1 when the title holds it */
  terms: Map<number, number>;
}

/**
 * Collects a shard's pages, then gives each key its page count and best estimated score. Syllables
 * are folded once each and counted by id: at 10,000 articles, folding every word and building a
 * string for every pair was a tenth of the build.
 */
export class ShardTerms {
  private readonly pages: PageTerms[] = [];
  /** Each syllable as written (lower case, NFC) → its folded form's id. */
  private readonly idOfWord = new Map<string, number>();
  private readonly idOfKey = new Map<string, number>();
  private readonly keyOfId: string[] = [];

  private idsOf(text: string): number[] {
    return words(text).map((word) => {
      let id = this.idOfWord.get(word);
      if (id === undefined) {
        const key = foldVietnamese(word);
        id = this.idOfKey.get(key);
        if (id === undefined) {
          id = this.keyOfId.length;
          if (id >= PAIR_SCALE) throw new Error("quá nhiều âm tiết khác nhau trong một phần chỉ mục tìm kiếm");
          this.keyOfId.push(key);
          this.idOfKey.set(key, id);
        }
        this.idOfWord.set(word, id);
      }
      return id;
    });
  }

  add(title: string, text: string): void {
    const terms = new Map<number, number>();
    const tally = (key: number, weight: number, inTitle: boolean) => {
      const known = terms.get(key) ?? 0;
      terms.set(key, (known + weight * 2) | (inTitle ? 1 : known & 1));
    };
    const count = (ids: number[], weight: number, inTitle: boolean) => {
      ids.forEach((id, i) => {
        tally(id, weight, inTitle);
        if (i > 0) tally((ids[i - 1]! + 1) * PAIR_SCALE + id, weight, inTitle);
      });
      return ids.length;
    };
    const titleIds = this.idsOf(title);
    // Pagefind reads the title and then the text as one run of words: a pair may span the two.
    const textIds = this.idsOf(text);
    const length = count(titleIds, TITLE_WEIGHT, true) + count(textIds, 1, false);
    if (titleIds.length > 0 && textIds.length > 0) tally((titleIds.at(-1)! + 1) * PAIR_SCALE + textIds[0]!, 1, false);
    this.pages.push({ length, terms });
  }

  private keyOf(key: number): string {
    if (key < PAIR_SCALE) return this.keyOfId[key]!;
    const first = Math.floor(key / PAIR_SCALE) - 1;
    return `${this.keyOfId[first]!} ${this.keyOfId[key - (first + 1) * PAIR_SCALE]!}`;
  }

  finish(): ShardRouting {
    const total = this.pages.length;
    const averageLength = this.pages.reduce((sum, page) => sum + page.length, 0) / Math.max(1, total);
    const pages = new Map<number, number>();
    for (const page of this.pages) for (const key of page.terms.keys()) pages.set(key, (pages.get(key) ?? 0) + 1);
    const best = new Map<number, number>();
    for (const page of this.pages) {
      const norm = K1 * (1 - B + (B * page.length) / Math.max(1, averageLength));
      for (const [key, tallied] of page.terms) {
        const weight = tallied >> 1;
        const n = pages.get(key)!;
        const idf = Math.log((total - n + 0.5) / (n + 0.5) + 1);
        const score = idf * (((K1 + 1) * weight) / (norm + weight)) + (tallied & 1 ? TITLE_BOOST * idf : 0);
        if (score > (best.get(key) ?? 0)) best.set(key, score);
      }
    }
    const keys = [...pages.keys()];
    return {
      keys: keys.map((key) => this.keyOf(key)),
      pages: keys.map((key) => pages.get(key)!),
      // One decimal: an estimate, and a push that barely moves a shard's statistics rewrites no bucket.
      best: keys.map((key) => Math.round(best.get(key)! * 10) / 10),
    };
  }
}

/**
 * The bucket files of the whole archive, from every shard's routing (by shard number). Each key
 * lists its best `ROUTING_TOP` shards; keys and entries in a fixed order, so that an unchanged
 * bucket is written byte for byte the same.
 */
export function routingBuckets(parts: ReadonlyMap<number, ShardRouting>): RoutingBucket[] {
  // Per key, its best ROUTING_TOP + 1 shards so far as flat triples, best first: kept short while
  // every shard is read, so memory follows the keys, not the keys times the shards.
  const byKey = new Map<string, number[]>();
  const better = (list: number[], at: number, shard: number, best: number) =>
    best > list[at + 2]! || (best === list[at + 2]! && shard > list[at]!);
  for (const [shard, part] of parts) {
    part.keys.forEach((key, i) => {
      const best = part.best[i]!;
      let list = byKey.get(key);
      if (!list) byKey.set(key, (list = []));
      let at = list.length;
      while (at > 0 && better(list, at - 3, shard, best)) at -= 3;
      if (at > ROUTING_TOP * 3) return;
      list.splice(at, 0, shard, part.pages[i]!, best);
      if (list.length > (ROUTING_TOP + 1) * 3) list.length = (ROUTING_TOP + 1) * 3;
    });
  }
  const entries: [string, RoutingEntry][] = [];
  let entryBytes = 0;
  for (const [key, list] of byKey) {
    const entry = [list[ROUTING_TOP * 3 + 2] ?? 0, ...list.slice(0, ROUTING_TOP * 3)];
    entries.push([key, entry]);
    entryBytes += key.length + 6 + entry.join(",").length;
  }
  byKey.clear();
  const buckets = bucketCount(entryBytes);
  const files: RoutingBucket[] = Array.from({ length: buckets }, () => ({}));
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, entry] of entries) files[bucketOf(key, buckets)]![key] = entry;
  return files;
}
