import type { CommentStore } from "../store/store.ts";

/**
 * Counts failed logins (admin token, moderator password) per key and shuts a key out once it fails
 * too often, for the rest of the window. Counted in the database, so every instance behind a load
 * balancer sees the same count and a restart does not reset it.
 */
export class FailureLimiter {
  constructor(
    private readonly store: CommentStore,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until the first of these keys that is shut out may try again, or undefined. */
  async blockedFor(...keys: string[]): Promise<number | undefined> {
    const now = Date.now();
    for (const key of keys) {
      const state = await this.store.counters.peek(`failed:${key}`, now);
      if (state && state.count >= this.max) return Math.max(1, Math.ceil((state.resetAt - now) / 1000));
    }
    return undefined;
  }

  async fail(...keys: string[]): Promise<void> {
    for (const key of keys) await this.store.counters.hit(`failed:${key}`, this.windowMs);
  }
}
