// What each page and shard is made from, as one hash: a build rewrites an output whose hash changed.
import type { ListingPage } from "../newsroom/listings.ts";
import type { Newsroom } from "../newsroom/newsroom.ts";
import type { ShardPlan } from "../outputs/search-index.ts";
import { hashOf } from "./build-cache.ts";

/**
 * Each article's and each summary's hash, computed once and only when asked for: a page's inputs are
 * hashed from these, so an article shown in many lists is serialised once, not once per list (at
 * 100,000 articles that was the larger part of a push's build), and a part of a build across
 * machines hashes only its own articles and what their pages show.
 */
export interface InputHashes {
  article(index: number): string;
  summary(index: number): string;
}

/** `hash(values[i])`, computed the first time it is asked for. */
function memoised<T>(values: readonly T[]): (index: number) => string {
  const known: string[] = [];
  return (index) => (known[index] ??= hashOf(values[index]));
}

export function inputHashesOf(newsroom: Newsroom): InputHashes {
  return { article: memoised(newsroom.articles), summary: memoised(newsroom.summaries) };
}

/** Everything an article page shows but the Tin mới and Đọc nhiều boxes: if it is unchanged, so is the page. */
export function articlePageHash(index: number, newsroom: Newsroom, hashes: InputHashes, template: string): string {
  return hashOf({
    template,
    article: hashes.article(index),
    related: newsroom.related[index]!.map((position) => hashes.summary(position)),
    comments: newsroom.comments[index],
  });
}

export function listingPageHash(listing: ListingPage, hashes: InputHashes, template: string): string {
  const summariesOf = (positions: number[]) => positions.map((index) => hashes.summary(index));
  return hashOf({
    template,
    ...listing,
    items: summariesOf(listing.items),
    mostRead: listing.mostRead && { day: summariesOf(listing.mostRead.day), week: summariesOf(listing.mostRead.week) },
  });
}

/** What a search shard is made from: its articles' records (the body by its hash) and the search code. */
export function shardHash(plan: ShardPlan, hashes: InputHashes, code: string): string {
  return hashOf({ code, articles: plan.articles.map((index) => hashes.article(index)) });
}
