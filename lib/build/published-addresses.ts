import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { writeFileAtomically } from "../files/atomic-write.ts";
import { UserError } from "../messages/user-error.ts";

/**
 * Every address that has held a published article, kept beside the build cache but apart from it:
 * neither a change of code nor `--full` forgets it, so an article deleted from the repository
 * leaves a notice at its address for good, and a page still linking there (a Tin mới sidebar baked
 * before the deletion, another site) never leads to a 404.
 */
export const PUBLISHED_ADDRESSES_FILE = "published-addresses.json";

export function readPublishedAddresses(cacheDir: string): Set<string> {
  const file = path.join(cacheDir, PUBLISHED_ADDRESSES_FILE);
  if (!existsSync(file)) return new Set();
  let addresses: unknown;
  try {
    addresses = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    addresses = undefined;
  }
  // Forgetting them would turn the addresses of deleted articles into 404s: a damaged list stops the build.
  if (!Array.isArray(addresses) || addresses.some((item) => typeof item !== "string"))
    throw new UserError("cache.published-addresses", `${file} hỏng: không phải danh sách địa chỉ JSON`);
  return new Set(addresses as string[]);
}

export function savePublishedAddresses(cacheDir: string, addresses: Iterable<string>): void {
  writeFileAtomically(path.join(cacheDir, PUBLISHED_ADDRESSES_FILE), JSON.stringify([...new Set(addresses)].sort()));
}
