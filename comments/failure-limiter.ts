/**
 * Counts failed admin logins per network and blocks a network that fails too often, for the rest of
 * the window. In memory: one endpoint process guards its own door.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the network may try again, or undefined when it may try now. */
  blockedFor(key: string): number | undefined {
    const entry = this.current(key);
    return entry && entry.count >= this.max ? Math.ceil((entry.resetAt - this.now()) / 1000) : undefined;
  }

  fail(key: string): void {
    // An attack from many networks must not grow the table without end.
    if (this.failures.size > 10_000) for (const known of [...this.failures.keys()]) this.current(known);
    const entry = this.current(key) ?? { count: 0, resetAt: this.now() + this.windowMs };
    entry.count++;
    this.failures.set(key, entry);
  }

  private current(key: string) {
    const entry = this.failures.get(key);
    if (entry && entry.resetAt <= this.now()) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }
}
