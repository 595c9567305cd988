import type { SqlDatabase } from "./sql-database.ts";

export interface CounterState {
  count: number;
  /** Milliseconds since the epoch when the count starts again from zero. */
  resetAt: number;
}

/** Counters shared by every instance on the database: rate limits and failed sign-ins. */
export class Counters {
  constructor(private readonly db: SqlDatabase) {}

  /** Counts one more event under `key` in a window of `windowMs`; returns the count so far. */
  async hit(key: string, windowMs: number, now = Date.now()): Promise<CounterState> {
    const row = await this.db.get<{ count: number; reset_at: number | string }>(
      `INSERT INTO counters (key, count, reset_at) VALUES (?, 1, ?)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN counters.reset_at <= ? THEN 1 ELSE counters.count + 1 END,
         reset_at = CASE WHEN counters.reset_at <= ? THEN excluded.reset_at ELSE counters.reset_at END
       RETURNING count, reset_at`,
      [key, now + windowMs, now, now],
    );
    return { count: row!.count, resetAt: Number(row!.reset_at) };
  }

  async peek(key: string, now = Date.now()): Promise<CounterState | undefined> {
    const row = await this.db.get<{ count: number; reset_at: number | string }>(
      "SELECT count, reset_at FROM counters WHERE key = ? AND reset_at > ?",
      [key, now],
    );
    return row && { count: row.count, resetAt: Number(row.reset_at) };
  }

  /** Expired counters go. */
  async sweep(now = new Date()): Promise<void> {
    await this.db.run("DELETE FROM counters WHERE reset_at <= ?", [now.getTime()]);
  }
}
