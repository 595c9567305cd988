/**
 * What a long build says while it runs: each phase with its counts and elapsed time, and during
 * the longest ones a line every few seconds. Silent with --quiet (and so in the tests).
 */
export class Progress {
  private readonly started = performance.now();
  private phaseStarted = performance.now();
  private lastTick = 0;

  constructor(private readonly quiet: boolean) {}

  private seconds(since: number): string {
    return `${((performance.now() - since) / 1000).toFixed(1).replace(".", ",")} giây`;
  }

  private say(line: string): void {
    if (!this.quiet) console.log(line);
  }

  start(phase: string): void {
    this.phaseStarted = performance.now();
    this.lastTick = this.phaseStarted;
    this.say(`▸ ${phase}…`);
  }

  /** A running count, printed at most every five seconds. */
  tick(status: () => string): void {
    const now = performance.now();
    if (now - this.lastTick < 5000) return;
    this.lastTick = now;
    this.say(`  ${status()} (${this.seconds(this.phaseStarted)})`);
  }

  done(summary: string): void {
    this.say(`  ${summary} — ${this.seconds(this.phaseStarted)}`);
  }

  total(summary: string): void {
    this.say(`${summary} trong ${this.seconds(this.started)}.`);
  }
}

/** Vietnamese thousands: 100000 → "100.000". */
export function count(value: number): string {
  return value.toLocaleString("vi-VN");
}
