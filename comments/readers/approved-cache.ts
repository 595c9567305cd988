import { createHash } from "node:crypto";

/** An article's approved comments as the endpoint sends them: the JSON text and its ETag. */
export interface CachedList {
  json: string;
  etag: string;
}

/**
 * Approved lists kept serialised between requests, so a read costs a map lookup instead of a query,
 * a serialisation and a hash. Whatever changes the data (this process or the admin CLI on the same
 * file) changes `version`, and the next read after that starts from an empty cache.
 */
export class ApprovedListCache {
  private readonly lists = new Map<string, CachedList>();
  private version: string | undefined;

  constructor(private readonly maxArticles = 20_000) {}

  async get(article: string, version: string, load: () => Promise<unknown>): Promise<CachedList> {
    if (version !== this.version) {
      this.lists.clear();
      this.version = version;
    }
    const cached = this.lists.get(article);
    if (cached) return cached;
    const json = JSON.stringify(await load());
    const list = { json, etag: `"${createHash("sha1").update(json).digest("base64url")}"` };
    // The oldest entry goes first when full: Maps keep insertion order.
    if (this.lists.size >= this.maxArticles) this.lists.delete(this.lists.keys().next().value!);
    // Data read while another request saw a newer version may be stale: serve it, keep it not.
    if (this.version === version) this.lists.set(article, list);
    return list;
  }
}
