// The search routing index's buckets in the site, from each shard's routing kept in the cache.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { deserialize } from "node:v8";
import { writeFileAtomically } from "../files/atomic-write.ts";
import { type ShardPlan, shardNumbers } from "../outputs/search-index.ts";
import { type RoutingManifest, routingBuckets, type ShardRouting } from "../outputs/search-routing.ts";
import { ROUTES } from "../settings/routes.ts";
import { md5Of, type OutputFile, type OutputLedger } from "./output-ledger.ts";

/** Where the routing of a shard is kept in the cache. */
export function routingFileOf(cacheDir: string, shard: string): string {
  return path.join(cacheDir, "search-routing", `${shard}.v8`);
}

export interface RoutingWhere {
  cacheDir: string;
  siteDir: string;
  /** The previous build's ledger: a bucket it wrote with the same bytes is left as it is. */
  previous: OutputLedger | undefined;
  /** Files the destination must be sent again whatever their bytes. */
  rewrite: ReadonlySet<string>;
}

/**
 * The routing index's buckets, from every shard's routing kept in the cache (the changed shards'
 * just written by the workers). A bucket whose bytes are what the previous build wrote is left
 * as it is, so a push rewrites only the buckets of the syllables it changed.
 */
export function writeRoutingBuckets(
  where: RoutingWhere,
  shards: readonly ShardPlan[],
  ledger: { hashed: Map<string, OutputFile>; carried: Set<string> },
): { manifest: RoutingManifest; files: string[] } {
  const numbers = shardNumbers(shards);
  const parts = new Map<number, ShardRouting>();
  for (const plan of shards)
    parts.set(numbers.get(plan.id)!, deserialize(readFileSync(routingFileOf(where.cacheDir, plan.id))) as ShardRouting);
  const folder = path.join(where.cacheDir, "search-routing");
  const current = new Set(shards.map((plan) => `${plan.id}.v8`));
  for (const name of existsSync(folder) ? readdirSync(folder) : [])
    if (!current.has(name)) rmSync(path.join(folder, name), { force: true });
  const relativeFolder = ROUTES.searchRouting.replace(/^\//, "");
  const buckets = routingBuckets(parts);
  parts.clear();
  const files = buckets.map((bucket, n) => {
    const file = `${relativeFolder}${n}.json`;
    const json = JSON.stringify(bucket);
    const md5 = md5Of(json);
    if (where.previous?.files.get(file)?.md5 === md5 && !where.rewrite.has(file)) {
      ledger.carried.add(file);
    } else {
      writeFileAtomically(path.join(where.siteDir, file), json);
      ledger.hashed.set(file, { md5, size: Buffer.byteLength(json) });
    }
    return file;
  });
  return { manifest: { buckets: buckets.length, path: ROUTES.searchRouting }, files };
}
