import { existsSync } from "node:fs";
import { hostname } from "node:os";
import { z } from "zod";
import { EndpointMistake } from "../shared/mistakes.ts";
import type { NotifyConfig } from "./notify.ts";
export interface CommentsConfig {
  host: string;
  port: number;
  dbFile: string;
  /** A PostgreSQL URL: the store for several instances; undefined keeps SQLite in `dbFile`. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** How long a moderator stays signed in to /quan-tri/. */
  sessionMs: number;
  /** Undefined: moderation over HTTP is refused (the CLI still works on the database). */
  adminToken?: string;
  /** The site's origin: the only origin allowed by CORS, and where form posts are redirected. */
  origin: string;
  /** Fastify's trustProxy: false, a hop count, or a comma-separated list of proxy addresses/CIDRs. */
  trustProxy: boolean | number | string;
  rateLimit: { max: number; windowMs: number };
  /** Every admin request, before the token is checked. */
  adminRateLimit: { max: number; windowMs: number };
  /** Failed admin logins (token or moderator password) from one network, or for one moderator name, before it is shut out for the rest of the window. */
  adminFailures: { max: number; windowMs: number };
  /** Where the list of articles comes from: a file path, or the published site's URL. */
  manifest: { source: string; refreshMs: number; minGapMs: number };
  bodyLimit: number;
  rejectedRetentionDays: number;
  spam: {
    maxLinks: number;
    /** The newsroom's banned words file, or undefined for none. */
    bannedWordsFile: string | undefined;
    duplicateWindowMs: number;
    /** Approved comments (and none rejected) under one name and network before its next ones skip the queue; 0: every comment waits. */
    trustedAfter: number;
  };
  notify: NotifyConfig;
  /** Seconds a form must have been shown before its comment is taken (0: off), and the shared signing secret. */
  minSeconds: number;
  formSecret: string | undefined;
  log: LogConfig;
  views: ViewsConfig;
}

/** Đọc nhiều: how views are counted and how long the lists are served before they are worked out again. */
export interface ViewsConfig {
  /** How often counts held in memory are written: the most a kill -9 loses. */
  flushMs: number;
  /** Views of one article counted from one network (/24, /64) in an hour. */
  networkCap: number;
  listMaxAgeMs: number;
}

/**
 * What the endpoint logs (COMMENTS_LOG): "problems", the default, logs errors and requests slower
 * than `slowMs` (COMMENTS_LOG_SLOW_MS) and nothing else, so a busy endpoint never waits on its
 * terminal; "requests" logs every request (for debugging); "off" nothing.
 */
export interface LogConfig {
  level: "problems" | "requests" | "off";
  slowMs: number;
}

const DEFAULT_BANNED_WORDS = "data/banned-words.txt";

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The origins allowed to use the endpoint: the configured one and, when it is a loopback address
 * (development), the same port under the other loopback names, since a browser may open the dev
 * site as localhost or as 127.0.0.1.
 */
export function allowedOrigins(origin: string): string[] {
  const url = new URL(origin);
  if (!LOOPBACK_HOSTS.includes(url.hostname)) return [origin];
  return LOOPBACK_HOSTS.map((host) => `${url.protocol}//${host}${url.port ? `:${url.port}` : ""}`);
}

/** Variables whose value is a secret (or holds a password): a message names them, never shows them. */
const SECRET_VARIABLES = new Set([
  "COMMENTS_ADMIN_TOKEN",
  "COMMENTS_FORM_SECRET",
  "COMMENTS_WEBHOOK_SECRET",
  "COMMENTS_DATABASE_URL",
  "COMMENTS_SMTP_URL",
]);

/** An environment variable: unset and empty both mean "not given". */
const variable = z.preprocess((raw) => (raw === "" ? undefined : raw), z.string().optional());

/** A whole number in [min, max], or `fallback` when the variable is not given. */
const integer = (fallback: number, min: number, max: number) =>
  variable
    .pipe(
      z
        .string()
        .regex(/^\d+$/, { error: `phải là số nguyên từ ${min} đến ${max}` })
        .transform(Number)
        .pipe(
          z
            .number()
            .min(min, { error: `phải là số nguyên từ ${min} đến ${max}` })
            .max(max, { error: `phải là số nguyên từ ${min} đến ${max}` }),
        )
        .optional(),
    )
    .transform((value) => value ?? fallback);

const httpAddress = (error: string) =>
  variable.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^/]+/, { error })
      .optional(),
  );

/** Secrets shared between instances or with a receiver: long enough not to be guessed. */
const secret = (error: string) => variable.pipe(z.string().min(16, { error }).optional());

const ENVIRONMENT = z.object({
  COMMENTS_HOST: variable.transform((value) => value ?? "127.0.0.1"),
  COMMENTS_PORT: integer(8787, 0, 65535),
  COMMENTS_DB: variable.transform((value) => value ?? "data/comments.sqlite"),
  COMMENTS_DATABASE_URL: variable.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/./, { error: "phải có dạng postgres://tên:mật-khẩu@máy-chủ:5432/cơ-sở-dữ-liệu" })
      .optional(),
  ),
  COMMENTS_DATABASE_POOL: integer(10, 1, 1000),
  COMMENTS_SESSION_HOURS: integer(12, 1, 24 * 30),
  COMMENTS_ADMIN_TOKEN: secret("phải dài ít nhất 16 ký tự (ví dụ tạo bằng: openssl rand -hex 32)"),
  COMMENTS_ORIGIN: variable.pipe(
    z
      .string()
      .transform((origin) => origin.replace(/\/+$/, ""))
      .pipe(z.string().regex(/^https?:\/\/[^/]+$/, { error: "phải là một origin, ví dụ https://baosonla.vn" }))
      .default("http://localhost:8080"),
  ),
  COMMENTS_MANIFEST: variable.pipe(
    z
      .string()
      .refine((source) => !/^[a-z]+:/i.test(source) || /^https?:\/\/[^/]+\/./.test(source), {
        error: "phải là đường dẫn tệp hoặc địa chỉ http(s)://…/comments-manifest.json",
      })
      .default("_site/comments-manifest.json"),
  ),
  COMMENTS_MANIFEST_REFRESH_S: integer(60, 1, 86_400),
  COMMENTS_MANIFEST_MIN_GAP_S: integer(10, 1, 3600),
  COMMENTS_TRUST_PROXY: variable.pipe(
    z
      .string()
      .refine((raw) => raw !== "true", {
        // "true" would trust any X-Forwarded-For, letting anyone pick their own address.
        error: 'tin mọi X-Forwarded-For; hãy ghi địa chỉ proxy (ví dụ "127.0.0.1") hoặc số lớp proxy',
      })
      .transform((raw): CommentsConfig["trustProxy"] =>
        raw === "false" ? false : /^\d+$/.test(raw) ? Number(raw) : raw,
      )
      .default(false),
  ),
  COMMENTS_RATE_LIMIT: integer(5, 1, 1_000_000),
  COMMENTS_RATE_WINDOW_MS: integer(60_000, 1000, 86_400_000),
  COMMENTS_ADMIN_RATE_LIMIT: integer(120, 1, 1_000_000),
  COMMENTS_ADMIN_MAX_FAILURES: integer(10, 1, 1000),
  COMMENTS_ADMIN_FAILURE_WINDOW_S: integer(900, 1, 86_400),
  COMMENTS_BODY_LIMIT: integer(16 * 1024, 1024, 1024 * 1024),
  COMMENTS_REJECTED_RETENTION_DAYS: integer(30, 0, 36_500),
  COMMENTS_MAX_LINKS: integer(2, 0, 50),
  // Unset: the default list if there is one. Empty: none. A file the operator names must exist, or
  // it would silently ban nothing.
  COMMENTS_BANNED_WORDS: z
    .string()
    .optional()
    .refine((raw) => raw === undefined || raw === "" || existsSync(raw), {
      error: "không có tệp này (mỗi dòng một từ cấm; để trống biến để tắt)",
    })
    .transform((raw) =>
      raw === undefined ? (existsSync(DEFAULT_BANNED_WORDS) ? DEFAULT_BANNED_WORDS : undefined) : raw || undefined,
    ),
  COMMENTS_DUPLICATE_WINDOW_H: integer(24, 0, 24 * 365),
  COMMENTS_TRUSTED_AFTER: integer(0, 0, 1000),
  COMMENTS_PUBLIC_URL: variable.pipe(
    z
      .string()
      .transform((url) => url.replace(/\/+$/, ""))
      .pipe(
        z.string().regex(/^https?:\/\/[^/]+(\/.*)?$/, {
          error: "phải là địa chỉ của máy chủ bình luận, ví dụ https://binhluan.baosonla.vn",
        }),
      )
      .optional(),
  ),
  COMMENTS_WEBHOOK_URL: httpAddress("phải là địa chỉ http(s)://…"),
  COMMENTS_WEBHOOK_SECRET: secret("phải dài ít nhất 16 ký tự để ký webhook (ví dụ: openssl rand -hex 32)"),
  COMMENTS_WEBHOOK_ATTEMPTS: integer(5, 1, 20),
  COMMENTS_WEBHOOK_RETRY_MS: integer(1000, 1, 3_600_000),
  COMMENTS_SMTP_URL: variable.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, { error: "phải có dạng smtp://tên:mật-khẩu@máy-chủ:587 hoặc smtps://…" })
      .optional(),
  ),
  COMMENTS_EMAIL_TO: variable.pipe(
    z
      .string()
      .regex(/^[^@\s,]+@[^@\s,]+(\s*,\s*[^@\s,]+@[^@\s,]+)*$/, {
        error: "phải là địa chỉ email nhận thông báo (nhiều địa chỉ cách nhau bằng dấu phẩy)",
      })
      .optional(),
  ),
  COMMENTS_EMAIL_FROM: variable,
  COMMENTS_EMAIL_MODE: variable.pipe(
    z
      .enum(["each", "digest"], {
        error: 'phải là "each" (mỗi bình luận một thư) hoặc "digest" (một thư mỗi ngày)',
      })
      .default("each"),
  ),
  COMMENTS_DIGEST_HOUR: integer(7, 0, 23),
  COMMENTS_MIN_SECONDS: integer(3, 0, 600),
  COMMENTS_FORM_SECRET: secret("phải dài ít nhất 16 ký tự (mọi máy chủ bình luận của một trang dùng chung)"),
  COMMENTS_LOG: variable.pipe(
    z
      .enum(["problems", "requests", "off", "0"], {
        error: 'phải là "problems" (lỗi và yêu cầu chậm, mặc định), "requests" (mọi yêu cầu) hoặc "off"',
      })
      .transform((level) => (level === "0" ? "off" : level))
      .default("problems"),
  ),
  COMMENTS_LOG_SLOW_MS: integer(1000, 1, 600_000),
  COMMENTS_VIEWS_FLUSH_S: integer(5, 1, 300),
  COMMENTS_VIEWS_NETWORK_CAP: integer(30, 1, 1_000_000),
  COMMENTS_MOST_READ_MAX_AGE_S: integer(60, 1, 3600),
});

type Environment = z.output<typeof ENVIRONMENT>;

/** Rules between variables: what one needs when another is set. */
function requiredTogether(env: Environment): { variable: string; message: string }[] {
  const missing: { variable: string; message: string }[] = [];
  if (env.COMMENTS_DATABASE_URL && !env.COMMENTS_FORM_SECRET)
    missing.push({
      variable: "COMMENTS_FORM_SECRET",
      message:
        "chưa đặt: với COMMENTS_DATABASE_URL (nhiều máy chủ bình luận), đặt COMMENTS_FORM_SECRET giống nhau ở mọi máy (ví dụ: openssl rand -hex 32)",
    });
  if (env.COMMENTS_WEBHOOK_URL && !env.COMMENTS_WEBHOOK_SECRET)
    missing.push({
      variable: "COMMENTS_WEBHOOK_SECRET",
      message:
        "phải dài ít nhất 16 ký tự để ký webhook (chưa đặt, mà COMMENTS_WEBHOOK_URL cần nó; ví dụ: openssl rand -hex 32)",
    });
  if (env.COMMENTS_SMTP_URL && !env.COMMENTS_EMAIL_TO)
    missing.push({
      variable: "COMMENTS_EMAIL_TO",
      message:
        "phải là địa chỉ email nhận thông báo (chưa đặt, mà COMMENTS_SMTP_URL cần nó; nhiều địa chỉ cách nhau bằng dấu phẩy)",
    });
  return missing;
}

/** `NAME="value" what it must be`; a secret's value is never shown. */
function explain(name: string, raw: string | undefined, message: string): string {
  return SECRET_VARIABLES.has(name) || raw === undefined ? `${name} ${message}` : `${name}="${raw}" ${message}`;
}

export function isUrl(source: string): boolean {
  return /^https?:\/\//.test(source);
}

/** The endpoint's settings from its environment; every wrong variable is reported at once. */
export function loadCommentsConfig(env: NodeJS.ProcessEnv = process.env): CommentsConfig {
  const result = ENVIRONMENT.safeParse(env);
  const problems = result.success
    ? requiredTogether(result.data).map(({ variable, message }) => `${variable} ${message}`)
    : result.error.issues.map((issue) => {
        const name = String(issue.path[0]);
        return explain(name, env[name], issue.message);
      });
  if (!result.success || problems.length > 0)
    throw new EndpointMistake("comments.config-invalid", problems.join("; "), problems);
  const vars = result.data;
  return {
    host: vars.COMMENTS_HOST,
    port: vars.COMMENTS_PORT,
    dbFile: vars.COMMENTS_DB,
    databaseUrl: vars.COMMENTS_DATABASE_URL,
    databasePoolSize: vars.COMMENTS_DATABASE_POOL,
    sessionMs: vars.COMMENTS_SESSION_HOURS * 3_600_000,
    adminToken: vars.COMMENTS_ADMIN_TOKEN,
    origin: vars.COMMENTS_ORIGIN,
    manifest: {
      source: vars.COMMENTS_MANIFEST,
      refreshMs: vars.COMMENTS_MANIFEST_REFRESH_S * 1000,
      minGapMs: vars.COMMENTS_MANIFEST_MIN_GAP_S * 1000,
    },
    trustProxy: vars.COMMENTS_TRUST_PROXY,
    rateLimit: { max: vars.COMMENTS_RATE_LIMIT, windowMs: vars.COMMENTS_RATE_WINDOW_MS },
    adminRateLimit: { max: vars.COMMENTS_ADMIN_RATE_LIMIT, windowMs: 60_000 },
    adminFailures: { max: vars.COMMENTS_ADMIN_MAX_FAILURES, windowMs: vars.COMMENTS_ADMIN_FAILURE_WINDOW_S * 1000 },
    bodyLimit: vars.COMMENTS_BODY_LIMIT,
    rejectedRetentionDays: vars.COMMENTS_REJECTED_RETENTION_DAYS,
    spam: {
      maxLinks: vars.COMMENTS_MAX_LINKS,
      bannedWordsFile: vars.COMMENTS_BANNED_WORDS,
      duplicateWindowMs: vars.COMMENTS_DUPLICATE_WINDOW_H * 3_600_000,
      trustedAfter: vars.COMMENTS_TRUSTED_AFTER,
    },
    notify: notifyConfig(vars),
    minSeconds: vars.COMMENTS_MIN_SECONDS,
    formSecret: vars.COMMENTS_FORM_SECRET,
    log: { level: vars.COMMENTS_LOG, slowMs: vars.COMMENTS_LOG_SLOW_MS },
    views: {
      flushMs: vars.COMMENTS_VIEWS_FLUSH_S * 1000,
      networkCap: vars.COMMENTS_VIEWS_NETWORK_CAP,
      listMaxAgeMs: vars.COMMENTS_MOST_READ_MAX_AGE_S * 1000,
    },
  };
}

function notifyConfig(vars: Environment): NotifyConfig {
  const config: NotifyConfig = { siteOrigin: vars.COMMENTS_ORIGIN };
  if (vars.COMMENTS_PUBLIC_URL) config.publicUrl = vars.COMMENTS_PUBLIC_URL;
  if (vars.COMMENTS_WEBHOOK_URL && vars.COMMENTS_WEBHOOK_SECRET)
    config.webhook = {
      url: vars.COMMENTS_WEBHOOK_URL,
      secret: vars.COMMENTS_WEBHOOK_SECRET,
      attempts: vars.COMMENTS_WEBHOOK_ATTEMPTS,
      retryMs: vars.COMMENTS_WEBHOOK_RETRY_MS,
    };
  if (vars.COMMENTS_SMTP_URL && vars.COMMENTS_EMAIL_TO)
    config.email = {
      smtpUrl: vars.COMMENTS_SMTP_URL,
      to: vars.COMMENTS_EMAIL_TO,
      from: vars.COMMENTS_EMAIL_FROM ?? `Tòa soạn <toasoan@${hostname()}>`,
      mode: vars.COMMENTS_EMAIL_MODE,
      digestHour: vars.COMMENTS_DIGEST_HOUR,
    };
  return config;
}
