// The search routing index: for each syllable and each pair of adjacent syllables of the archive
// (folded: no tone or vowel marks, đ as d), which shards hold it, in how many pages, and how well
// its best page there is likely to rank. The search page reads only the buckets of the query's
// syllables and loads only the shards that can hold what it looks for. Shared by the build (which
// writes it) and the search page (which reads it): no Node modules here.
import { foldVietnamese, words } from "./vietnamese.ts";

/** One shard's entry under a key: [shard id, pages holding the key, the likely score of its best page]. */
export type RoutingEntry = [shard: string, pages: number, best: number];

/** A bucket file: key → its shards, the best first. */
export type RoutingBucket = Record<string, RoutingEntry[]>;

export interface RoutingManifest {
  /** How many bucket files there are (a power of two). */
  buckets: number;
  /** Bucket `n` is at `${path}${n}.json`. */
  path: string;
}

/** What one shard holds, per key: computed while the shard is written, kept in the build cache. */
export interface ShardRouting {
  keys: string[];
  pages: number[];
  best: number[];
}

export const folded = (syllable: string): string => foldVietnamese(syllable);

/** The routing keys of a query: its folded syllables and, when it has several, each adjacent pair. */
export function queryKeys(syllables: readonly string[]): { single: string[]; pairs: string[] } {
  const single = syllables.map(folded);
  return { single, pairs: single.slice(1).map((syllable, i) => `${single[i]} ${syllable}`) };
}

/** A key lives in the bucket of its first syllable, so a query reads at most one bucket per syllable. */
export function bucketOf(key: string, buckets: number): number {
  const first = key.split(" ", 1)[0]!;
  // FNV-1a over the UTF-16 code units: the same number in Node and in every browser.
  let hash = 0x811c9dc5;
  for (let i = 0; i < first.length; i++) hash = Math.imul(hash ^ first.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % buckets;
}

/** Enough buckets that each stays a few kilobytes: a power of two, so it changes only as the archive doubles. */
export function bucketCount(articles: number): number {
  let buckets = 16;
  while (buckets * 64 < articles) buckets *= 2;
  return buckets;
}

// BM25 as Pagefind applies it by default (term saturation 1.4, page length 0.75), with a title's
// words weighted as Pagefind weighs an h1 (7) and boosted as its title metadata (5): an estimate of
// how a page ranks for a key, used to choose which shards to load first, never to rank results.
const K1 = 1.4;
const B = 0.75;
const TITLE_WEIGHT = 7;
const TITLE_BOOST = 5;

interface PageTerms {
  length: number;
  /** key → [weighted occurrences, whether the title holds it] */
  terms: Map<string, [number, boolean]>;
}

/** Collects a shard's pages, then gives each key its page count and best estimated score. */
export class ShardTerms {
  private readonly pages: PageTerms[] = [];

  add(title: string, text: string): void {
    const terms = new Map<string, [number, boolean]>();
    const count = (tokens: string[], weight: number, inTitle: boolean) => {
      const keys = tokens.map(folded);
      keys.forEach((key, i) => {
        for (const term of i > 0 ? [key, `${keys[i - 1]} ${key}`] : [key]) {
          const known = terms.get(term) ?? [0, false];
          known[0] += weight;
          known[1] ||= inTitle;
          terms.set(term, known);
        }
      });
      return tokens.length;
    };
    const titleWords = words(title);
    // Pagefind reads the title and then the text as one run of words: a pair may span the two.
    const textWords = words(text);
    const length = count(titleWords, TITLE_WEIGHT, true) + count(textWords, 1, false);
    if (titleWords.length > 0 && textWords.length > 0) {
      const bridge = `${folded(titleWords.at(-1)!)} ${folded(textWords[0]!)}`;
      const known = terms.get(bridge) ?? [0, false];
      known[0] += 1;
      terms.set(bridge, known);
    }
    this.pages.push({ length, terms });
  }

  finish(): ShardRouting {
    const total = this.pages.length;
    const averageLength = this.pages.reduce((sum, page) => sum + page.length, 0) / Math.max(1, total);
    const pages = new Map<string, number>();
    for (const page of this.pages) for (const key of page.terms.keys()) pages.set(key, (pages.get(key) ?? 0) + 1);
    const best = new Map<string, number>();
    for (const page of this.pages) {
      const norm = K1 * (1 - B + (B * page.length) / Math.max(1, averageLength));
      for (const [key, [weight, inTitle]] of page.terms) {
        const n = pages.get(key)!;
        const idf = Math.log((total - n + 0.5) / (n + 0.5) + 1);
        const score = idf * (((K1 + 1) * weight) / (norm + weight)) + (inTitle ? TITLE_BOOST * idf : 0);
        if (score > (best.get(key) ?? 0)) best.set(key, score);
      }
    }
    const keys = [...pages.keys()];
    return {
      keys,
      pages: keys.map((key) => pages.get(key)!),
      best: keys.map((key) => Math.round(best.get(key)! * 100) / 100),
    };
  }
}

/** The bucket files of the whole archive, from every shard's routing, each entry's shards best first. */
export function routingBuckets(parts: ReadonlyMap<string, ShardRouting>, buckets: number): RoutingBucket[] {
  const files: RoutingBucket[] = Array.from({ length: buckets }, () => ({}));
  for (const [shard, part] of parts) {
    part.keys.forEach((key, i) => {
      const file = files[bucketOf(key, buckets)]!;
      (file[key] ??= []).push([shard, part.pages[i]!, part.best[i]!]);
    });
  }
  for (const file of files)
    for (const entries of Object.values(file))
      entries.sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0));
  // Keys in a fixed order, so that an unchanged bucket is written byte for byte the same.
  return files.map((file) => Object.fromEntries(Object.entries(file).sort(([a], [b]) => (a < b ? -1 : 1))));
}
