import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { MergeablePagefind, SearchTarget } from "../../client/search-engine.ts";
import { RoutingIndex } from "../../client/search-plan.ts";
import type { SearchShard, SearchShardsManifest } from "../../lib/outputs/search-routing.ts";
import { ShardedIndex } from "../../client/search-shards.ts";
import { serveStatic, type StaticSite } from "./browser.ts";
import { buildFixture, dataWithSiteSettings, PROJECT_ROOT, type FixtureSite } from "./fixture-site.ts";

export const SEARCH_FIXTURES = path.join(PROJECT_ROOT, "test/fixtures/search");

export interface PagefindRuntime extends MergeablePagefind {
  init(): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

interface PagefindModule {
  createInstance(options: Record<string, unknown> & { basePath: string }): PagefindRuntime;
}

export interface SearchSite {
  site: FixtureSite;
  server: StaticSite;
  shards: SearchShard[];
  /** A fresh index as the search page has it: the newest shard, older ones merged when a search needs them. */
  index(): ShardedIndex;
  /** Every shard loaded at once: the search target, and its Pagefind instance for Pagefind's own ranking. */
  everyShard(): Promise<{ target: SearchTarget; pagefind: PagefindRuntime }>;
}

/** Pagefind's own browser runtime from a shard's folder, running in Node against the served files. */
export async function pagefindFor(
  siteDir: string,
  server: StaticSite,
  shardPath: string,
  options: Record<string, unknown> = {},
): Promise<PagefindRuntime> {
  const runtime = (await import(pathToFileURL(path.join(siteDir, shardPath, "pagefind.js")).href)) as PagefindModule;
  const instance = runtime.createInstance({ ...options, basePath: `${server.origin}${shardPath}` });
  await instance.init();
  return instance;
}

/** A built site's search as the search page has it, in Node: a fresh index per call, no shard loaded. */
export function shardedIndexOf(
  siteDir: string,
  server: StaticSite,
): { manifest: SearchShardsManifest; index(): ShardedIndex } {
  const manifest = JSON.parse(
    readFileSync(path.join(siteDir, "tim-kiem/chi-muc.json"), "utf8"),
  ) as SearchShardsManifest;
  const create = async (shard: SearchShard, options: Record<string, unknown>) =>
    pagefindFor(siteDir, server, shard.path, options);
  return {
    manifest,
    index: () =>
      new ShardedIndex(
        manifest,
        create,
        new RoutingIndex(manifest, async (sitePath) => (await fetch(`${server.origin}${sitePath}`)).json()),
        server.origin,
      ),
  };
}

/**
 * The search fixtures built with shards of `monthsPerShard` months (3: quarters, 1: months), the
 * search page downloading about `firstKilobytes` of shards for a first answer and `moreKilobytes`
 * per press of its archive button.
 */
export async function buildSearchSite(
  monthsPerShard = 3,
  { firstKilobytes = 150, moreKilobytes = 350 } = {},
): Promise<SearchSite> {
  const articles = Object.fromEntries(
    readdirSync(SEARCH_FIXTURES)
      .filter((name) => name.endsWith(".md"))
      .map((name) => [name, readFileSync(path.join(SEARCH_FIXTURES, name), "utf8")]),
  );
  // The 2017 article sits alone in the oldest shard, the rest spread over 2024–2025.
  const data = dataWithSiteSettings({
    searchShardMonths: monthsPerShard,
    searchShardArticles: 1,
    searchFirstKilobytes: firstKilobytes,
    searchMoreKilobytes: moreKilobytes,
  });
  const { site, result } = await buildFixture(articles, { env: { TOASOAN_DATA: data } });
  if (result.code !== 0) throw new Error(result.stderr);
  const server = await serveStatic(site.outDir);
  const { manifest, index } = shardedIndexOf(site.outDir, server);
  return {
    site,
    server,
    shards: manifest.shards,
    index,
    everyShard: async () => {
      const sharded = index();
      await sharded.load(
        manifest.shards.map((shard) => shard.id),
        false,
      );
      const target = await sharded.target();
      return { target, pagefind: await buildIndexFor(site, server) };
    },
  };
}

/** Every shard of a built site merged into one Pagefind instance, for tests that only need to search. */
export async function buildIndexFor(site: FixtureSite, server: StaticSite): Promise<PagefindRuntime> {
  const { shards } = site.json("/tim-kiem/chi-muc.json") as { shards: SearchShard[] };
  const instance = await pagefindFor(site.outDir, server, shards[0]!.path);
  for (const shard of shards.slice(1)) await instance.mergeIndex(`${server.origin}${shard.path}`);
  return instance;
}
