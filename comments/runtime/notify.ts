// Telling the newsroom a comment is waiting: a signed webhook and email through SMTP, one message per
// comment or a daily digest. Never on the reader's request path: deliveries run after the answer is
// sent, failures are retried with backoff and logged, and a reader never waits for them.
import { createHmac, randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import { ADMIN_PATHS } from "../shared/api-paths.ts";
import { COMMENTS_SECTION_ID } from "../shared/rules.ts";
import type { StoredComment } from "../store/store.ts";

export interface NotifyConfig {
  webhook?: { url: string; secret: string; attempts: number; retryMs: number };
  email?: { smtpUrl: string; from: string; to: string; mode: "each" | "digest"; digestHour: number };
  /** The site's origin, to link each comment to its article. */
  siteOrigin: string;
  /** The endpoint's own public address, to link each comment to its page in /quan-tri/. */
  publicUrl?: string;
}

export interface WebhookPayload {
  event: "comment.created";
  comment: Pick<StoredComment, "id" | "article" | "author" | "body" | "status" | "created_at"> & {
    url: string;
    /** The comment's page in /quan-tri/, when COMMENTS_PUBLIC_URL is set. */
    moderation_url?: string;
  };
}

/** `sha256=<hex>` of the exact body with the shared secret: the receiver recomputes and compares. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Worth another try: no answer, a server error, a timeout or "too many requests". */
const retryable = (status: number | undefined) =>
  status === undefined || status >= 500 || status === 408 || status === 429;

export async function deliverWebhook(
  webhook: NonNullable<NotifyConfig["webhook"]>,
  payload: WebhookPayload,
  log: (message: string) => void,
): Promise<boolean> {
  const body = JSON.stringify(payload);
  const delivery = randomUUID();
  for (let attempt = 1; attempt <= webhook.attempts; attempt++) {
    let status: number | undefined;
    try {
      const response = await fetch(webhook.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Toasoan-Event": payload.event,
          "X-Toasoan-Delivery": delivery,
          "X-Toasoan-Signature": webhookSignature(webhook.secret, body),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      if (response.ok) return true;
    } catch {
      status = undefined;
    }
    if (!retryable(status) || attempt === webhook.attempts) {
      log(
        `Webhook ${webhook.url}: bình luận #${payload.comment.id} không gửi được (${status ?? "không kết nối được"}, lần ${attempt}).`,
      );
      return false;
    }
    await sleep(webhook.retryMs * 2 ** (attempt - 1));
  }
  return false;
}

const commentUrl = (config: NotifyConfig, comment: StoredComment) =>
  `${config.siteOrigin}${comment.article}#${COMMENTS_SECTION_ID}`;

const moderationUrl = (config: NotifyConfig, comment: StoredComment) =>
  config.publicUrl ? `${config.publicUrl}${ADMIN_PATHS.comment(comment.id)}` : undefined;

function describe(config: NotifyConfig, comment: StoredComment): string {
  const moderate = moderationUrl(config, comment);
  return `#${comment.id} · ${comment.author} · ${comment.created_at}\n${commentUrl(config, comment)}\n${moderate ? `Duyệt: ${moderate}\n` : ""}\n${comment.body}\n`;
}

export class Notifier {
  private readonly transport;
  private pending: Promise<unknown>[] = [];

  constructor(
    private readonly config: NotifyConfig,
    private readonly log: (message: string) => void,
  ) {
    this.transport = config.email ? nodemailer.createTransport(config.email.smtpUrl) : undefined;
  }

  /** Called once a comment is stored; returns at once, the deliveries follow in the background. */
  commentReceived(comment: StoredComment): void {
    const work: Promise<unknown>[] = [];
    if (this.config.webhook) {
      const payload: WebhookPayload = {
        event: "comment.created",
        comment: {
          id: comment.id,
          article: comment.article,
          author: comment.author,
          body: comment.body,
          status: comment.status,
          created_at: comment.created_at,
          url: commentUrl(this.config, comment),
          moderation_url: moderationUrl(this.config, comment),
        },
      };
      work.push(deliverWebhook(this.config.webhook, payload, this.log));
    }
    if (this.config.email?.mode === "each" && comment.status === "pending")
      work.push(
        this.mail(`Bình luận mới chờ duyệt: ${comment.author}`, describe(this.config, comment)).catch((error: Error) =>
          this.log(`Email tới ${this.config.email!.to} không gửi được: ${error.message}`),
        ),
      );
    this.track(work);
  }

  /** The daily digest: every comment still waiting, or nothing when none is. Returns how many were listed; throws when the mail could not go. */
  async sendDigest(waiting: StoredComment[]): Promise<number> {
    if (!this.config.email || waiting.length === 0) return 0;
    const text = [
      `${waiting.length} bình luận đang chờ duyệt:`,
      "",
      ...waiting.map((comment) => describe(this.config, comment)),
    ].join("\n");
    await this.mail(`${waiting.length} bình luận chờ duyệt`, text);
    return waiting.length;
  }

  /** Milliseconds until the next digest hour in the newsroom's time (UTC+7, no daylight saving). */
  msUntilDigest(now = new Date()): number {
    const hour = this.config.email?.digestHour ?? 7;
    const local = new Date(now.getTime() + 7 * 3_600_000);
    const next = new Date(
      Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour) - 7 * 3_600_000,
    );
    if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
    return next.getTime() - now.getTime();
  }

  get digestMode(): boolean {
    return this.config.email?.mode === "digest";
  }

  private async mail(subject: string, text: string): Promise<void> {
    const email = this.config.email!;
    await this.transport!.sendMail({ from: email.from, to: email.to, subject, text });
  }

  private track(work: Promise<unknown>[]): void {
    for (const promise of work) {
      this.pending.push(promise);
      void promise.finally(() => (this.pending = this.pending.filter((other) => other !== promise)));
    }
  }

  /** Waits for deliveries under way (graceful shutdown). */
  async settle(): Promise<void> {
    await Promise.allSettled(this.pending);
    this.transport?.close();
  }
}
