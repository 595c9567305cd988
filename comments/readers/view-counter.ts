// Counting views without keeping anything about a reader. A view is recognised as a reload only by a
// salted hash of the reader's address and user agent with the article, kept in memory for an hour; the
// salt is new every day, so yesterday's hashes match nothing. Counts wait in memory and are written
// together every few seconds: a kill -9 loses at most those seconds of counts.
import { createHash, randomBytes } from "node:crypto";
import { hourOf, type ViewCounts } from "../store/views.ts";
import { viewNetworkOf } from "../store/client-ip.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** The newsroom's day starts at midnight in Vietnam (UTC+7, no summer time): the salt changes then. */
const NEWSROOM_OFFSET_MS = 7 * HOUR_MS;
/** At most this many recent readers are remembered; past it the oldest are forgotten first. */
const MAX_REMEMBERED = 500_000;

export interface ViewCounterOptions {
  /** How often counts are written to the database: the most a kill -9 can lose. */
  flushMs: number;
  /** Views counted per network (/24, /64) per article per hour. */
  networkCap: number;
  now?: () => number;
  /** Where a failed write is reported (its counts are kept for the next write). */
  warn?: (message: string) => void;
}

/** What became of a view: counted, a reload within the hour, or over its network's cap. */
export type ViewVerdict = "counted" | "reload" | "capped";

export class ViewCounter {
  private salt = randomBytes(32);
  private saltDay = -1;
  /** Hash of (address, user agent, article) → when it is forgotten; in the order they were seen. */
  private readonly recentReaders = new Map<string, number>();
  /** "network article" → views counted this hour. */
  private networkViews = new Map<string, number>();
  private networkHour = -1;
  /** Hour → article → views not yet written. */
  private pending = new Map<number, Map<string, number>>();
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(
    private readonly counts: ViewCounts,
    private readonly options: ViewCounterOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.timer = setInterval(() => void this.flush(), options.flushMs);
    this.timer.unref();
  }

  record(article: string, address: string, userAgent: string): ViewVerdict {
    const now = this.now();
    this.forgetOld(now);
    const reader = createHash("sha256")
      .update(this.salt)
      .update(`${address}\n${userAgent}\n${article}`)
      .digest("base64url");
    if (this.recentReaders.has(reader)) return "reload";
    const hour = hourOf(now);
    if (hour !== this.networkHour) {
      this.networkViews = new Map();
      this.networkHour = hour;
    }
    const networkKey = `${viewNetworkOf(address)} ${article}`;
    const counted = this.networkViews.get(networkKey) ?? 0;
    if (counted >= this.options.networkCap) return "capped";
    this.networkViews.set(networkKey, counted + 1);
    this.recentReaders.set(reader, now + HOUR_MS);
    if (this.recentReaders.size > MAX_REMEMBERED) this.recentReaders.delete(this.recentReaders.keys().next().value!);
    let hourCounts = this.pending.get(hour);
    if (!hourCounts) this.pending.set(hour, (hourCounts = new Map()));
    hourCounts.set(article, (hourCounts.get(article) ?? 0) + 1);
    return "counted";
  }

  /** Writes the counts waiting in memory; one write at a time, in order. */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.writePending());
    return this.writing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private async writePending(): Promise<void> {
    const batch = this.pending;
    if (batch.size === 0) return;
    this.pending = new Map();
    for (const [hour, counts] of batch) {
      try {
        await this.counts.add(hour, counts);
      } catch (error) {
        // Kept for the next write: a database that is away for a moment loses no views.
        const waiting = this.pending.get(hour) ?? new Map<string, number>();
        for (const [article, views] of counts) waiting.set(article, (waiting.get(article) ?? 0) + views);
        this.pending.set(hour, waiting);
        this.options.warn?.(`Chưa ghi được lượt xem, thử lại sau: ${(error as Error).message}`);
      }
    }
  }

  /** Readers seen over an hour ago are forgotten, and every hash is forgotten when the day's salt changes. */
  private forgetOld(now: number): void {
    const day = Math.floor((now + NEWSROOM_OFFSET_MS) / DAY_MS);
    if (day !== this.saltDay) {
      this.salt = randomBytes(32);
      this.saltDay = day;
      this.recentReaders.clear();
      return;
    }
    for (const [reader, forgetAt] of this.recentReaders) {
      if (forgetAt > now) break;
      this.recentReaders.delete(reader);
    }
  }
}
