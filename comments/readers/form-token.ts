// A signed "form shown at" time: a comment posted sooner than a person could write one is a bot's.
// The page asks the endpoint for a token when its script runs; a form posted without JavaScript gets
// a confirmation page carrying one, so the rule holds with or without scripts.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** A token older than this has expired (a page left open overnight): the reader confirms again. */
const TOKEN_LIFETIME_MS = 24 * 3_600_000;

export type TokenVerdict = "ok" | "missing" | "invalid" | "too-fast" | "expired";

export class FormTokens {
  private readonly secret: Buffer;

  /** `secret`: shared by every instance behind one site; without it, tokens last as long as this process. */
  constructor(
    secret: string | undefined,
    private readonly minMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.secret = secret ? Buffer.from(secret) : randomBytes(32);
  }

  get enabled(): boolean {
    return this.minMs > 0;
  }

  issue(): string {
    const issuedAt = String(this.now());
    return `${issuedAt}.${this.sign(issuedAt)}`;
  }

  check(token: unknown): TokenVerdict {
    if (!this.enabled) return "ok";
    if (typeof token !== "string" || token === "") return "missing";
    const [issuedAt = "", signature = ""] = token.split(".");
    const expected = Buffer.from(this.sign(issuedAt));
    const given = Buffer.from(signature);
    if (!/^\d{1,15}$/.test(issuedAt) || given.length !== expected.length || !timingSafeEqual(given, expected))
      return "invalid";
    const age = this.now() - Number(issuedAt);
    if (age < this.minMs) return "too-fast";
    if (age > TOKEN_LIFETIME_MS) return "expired";
    return "ok";
  }

  private sign(value: string): string {
    return createHmac("sha256", this.secret).update(value).digest("base64url");
  }
}
