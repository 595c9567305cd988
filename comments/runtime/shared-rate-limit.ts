import type { CommentStore } from "../store/store.ts";

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

interface LimitParams {
  /** Names a limit of our own (the admin scope); a route's limit is named by its method and URL. */
  groupId?: string;
  routeInfo?: { method?: string | string[]; url?: string };
}

/**
 * A store for @fastify/rate-limit that counts in the database, so a limit holds across every
 * instance behind the load balancer (its own store counts in one process's memory).
 */
export function sharedRateLimitStore(store: CommentStore) {
  return class SharedRateLimitStore {
    /** The plugin passes its options first; children pass the name of their limit. */
    constructor(
      _options?: unknown,
      private readonly name = "global",
    ) {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = Date.now();
      store.counters.hit(`limit:${this.name}:${key}`, timeWindow, now).then(
        ({ count, resetAt }) => callback(null, { current: count, ttl: resetAt - now }),
        (error: Error) => callback(error),
      );
    }

    child(options: object) {
      // The plugin passes a route's options merged with its own: these two are what names the limit.
      const params = options as LimitParams;
      const route = params.routeInfo?.url ? `${String(params.routeInfo.method)} ${params.routeInfo.url}` : undefined;
      return new SharedRateLimitStore(undefined, params.groupId ?? route ?? this.name);
    }
  };
}
