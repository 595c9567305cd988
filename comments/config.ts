import { existsSync } from "node:fs";
import { hostname } from "node:os";
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

export class ConfigError extends Error {
  override name = "ConfigError";
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(`${name}="${raw}" phải là số nguyên từ ${min} đến ${max}`);
  return value;
}

function parseTrustProxy(raw: string | undefined): CommentsConfig["trustProxy"] {
  if (raw === undefined || raw === "" || raw === "false") return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  // "true" would trust any X-Forwarded-For, letting anyone pick their own address: name the proxies.
  if (raw === "true")
    throw new ConfigError(
      'COMMENTS_TRUST_PROXY=true tin mọi X-Forwarded-For; hãy ghi địa chỉ proxy (ví dụ "127.0.0.1") hoặc số lớp proxy',
    );
  return raw;
}

/** A local file, or the manifest published with the site (http(s)://…/comments-manifest.json). */
function manifestSource(raw: string | undefined): string {
  if (!raw) return "_site/comments-manifest.json";
  if (/^[a-z]+:/i.test(raw) && !/^https?:\/\/[^/]+\/./.test(raw)) {
    throw new ConfigError(
      `COMMENTS_MANIFEST="${raw}" phải là đường dẫn tệp hoặc địa chỉ http(s)://…/comments-manifest.json`,
    );
  }
  return raw;
}

function databaseUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^postgres(ql)?:\/\/./.test(raw))
    throw new ConfigError("COMMENTS_DATABASE_URL phải có dạng postgres://tên:mật-khẩu@máy-chủ:5432/cơ-sở-dữ-liệu");
  return raw;
}

function formSecret(raw: string | undefined, sharedStore: boolean): string | undefined {
  if (!raw) {
    if (sharedStore)
      throw new ConfigError(
        "Với COMMENTS_DATABASE_URL (nhiều máy chủ bình luận), đặt COMMENTS_FORM_SECRET giống nhau ở mọi máy (ví dụ: openssl rand -hex 32)",
      );
    return undefined;
  }
  if (raw.length < 16)
    throw new ConfigError(
      "COMMENTS_FORM_SECRET phải dài ít nhất 16 ký tự (mọi máy chủ bình luận của một trang dùng chung)",
    );
  return raw;
}

function notifyConfig(env: NodeJS.ProcessEnv, siteOrigin: string): NotifyConfig {
  const config: NotifyConfig = { siteOrigin };
  const publicUrl = (env.COMMENTS_PUBLIC_URL ?? "").replace(/\/+$/, "");
  if (publicUrl) {
    if (!/^https?:\/\/[^/]+(\/.*)?$/.test(publicUrl))
      throw new ConfigError(
        `COMMENTS_PUBLIC_URL="${publicUrl}" phải là địa chỉ của máy chủ bình luận, ví dụ https://binhluan.baosonla.vn`,
      );
    config.publicUrl = publicUrl;
  }
  const url = env.COMMENTS_WEBHOOK_URL;
  if (url) {
    if (!/^https?:\/\/[^/]+/.test(url))
      throw new ConfigError(`COMMENTS_WEBHOOK_URL="${url}" phải là địa chỉ http(s)://…`);
    const secret = env.COMMENTS_WEBHOOK_SECRET ?? "";
    if (secret.length < 16)
      throw new ConfigError(
        "COMMENTS_WEBHOOK_SECRET phải dài ít nhất 16 ký tự để ký webhook (ví dụ: openssl rand -hex 32)",
      );
    config.webhook = {
      url,
      secret,
      attempts: integer(env, "COMMENTS_WEBHOOK_ATTEMPTS", 5, 1, 20),
      retryMs: integer(env, "COMMENTS_WEBHOOK_RETRY_MS", 1000, 1, 3_600_000),
    };
  }
  const smtpUrl = env.COMMENTS_SMTP_URL;
  if (smtpUrl) {
    if (!/^smtps?:\/\//.test(smtpUrl))
      throw new ConfigError("COMMENTS_SMTP_URL phải có dạng smtp://tên:mật-khẩu@máy-chủ:587 hoặc smtps://…");
    const to = env.COMMENTS_EMAIL_TO ?? "";
    if (!/^[^@\s]+@[^@\s]+$/.test(to.split(",")[0]!.trim()))
      throw new ConfigError(
        "COMMENTS_EMAIL_TO phải là địa chỉ email nhận thông báo (nhiều địa chỉ cách nhau bằng dấu phẩy)",
      );
    const mode = env.COMMENTS_EMAIL_MODE || "each";
    if (mode !== "each" && mode !== "digest")
      throw new ConfigError(
        `COMMENTS_EMAIL_MODE="${mode}" phải là "each" (mỗi bình luận một thư) hoặc "digest" (một thư mỗi ngày)`,
      );
    config.email = {
      smtpUrl,
      to,
      from: env.COMMENTS_EMAIL_FROM || `Tòa soạn <toasoan@${hostname()}>`,
      mode,
      digestHour: integer(env, "COMMENTS_DIGEST_HOUR", 7, 0, 23),
    };
  }
  return config;
}

/** The default list is optional; a file the operator names must exist, or it would silently ban nothing. */
function bannedWordsFile(raw: string | undefined): string | undefined {
  if (raw === undefined) return existsSync(DEFAULT_BANNED_WORDS) ? DEFAULT_BANNED_WORDS : undefined;
  if (raw === "") return undefined;
  if (!existsSync(raw))
    throw new ConfigError(
      `COMMENTS_BANNED_WORDS="${raw}": không có tệp này (mỗi dòng một từ cấm; để trống biến để tắt)`,
    );
  return raw;
}

function logConfig(env: NodeJS.ProcessEnv): LogConfig {
  const raw = env.COMMENTS_LOG || "problems";
  const level = raw === "0" ? "off" : raw;
  if (level !== "problems" && level !== "requests" && level !== "off")
    throw new ConfigError(
      `COMMENTS_LOG="${raw}" phải là "problems" (lỗi và yêu cầu chậm, mặc định), "requests" (mọi yêu cầu) hoặc "off"`,
    );
  return { level, slowMs: integer(env, "COMMENTS_LOG_SLOW_MS", 1000, 1, 600_000) };
}

export function isUrl(source: string): boolean {
  return /^https?:\/\//.test(source);
}

export function loadCommentsConfig(env: NodeJS.ProcessEnv = process.env): CommentsConfig {
  const adminToken = env.COMMENTS_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError("COMMENTS_ADMIN_TOKEN phải dài ít nhất 16 ký tự (ví dụ tạo bằng: openssl rand -hex 32)");
  }
  const origin = (env.COMMENTS_ORIGIN || "http://localhost:8080").replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+$/.test(origin))
    throw new ConfigError(`COMMENTS_ORIGIN="${origin}" phải là một origin, ví dụ https://baosonla.vn`);
  return {
    host: env.COMMENTS_HOST || "127.0.0.1",
    port: integer(env, "COMMENTS_PORT", 8787, 0, 65535),
    dbFile: env.COMMENTS_DB || "data/comments.sqlite",
    databaseUrl: databaseUrl(env.COMMENTS_DATABASE_URL),
    databasePoolSize: integer(env, "COMMENTS_DATABASE_POOL", 10, 1, 1000),
    sessionMs: integer(env, "COMMENTS_SESSION_HOURS", 12, 1, 24 * 30) * 3_600_000,
    adminToken,
    origin,
    manifest: {
      source: manifestSource(env.COMMENTS_MANIFEST),
      refreshMs: integer(env, "COMMENTS_MANIFEST_REFRESH_S", 60, 1, 86_400) * 1000,
      minGapMs: integer(env, "COMMENTS_MANIFEST_MIN_GAP_S", 10, 1, 3600) * 1000,
    },
    trustProxy: parseTrustProxy(env.COMMENTS_TRUST_PROXY),
    rateLimit: {
      max: integer(env, "COMMENTS_RATE_LIMIT", 5, 1, 1_000_000),
      windowMs: integer(env, "COMMENTS_RATE_WINDOW_MS", 60_000, 1000, 86_400_000),
    },
    adminRateLimit: { max: integer(env, "COMMENTS_ADMIN_RATE_LIMIT", 120, 1, 1_000_000), windowMs: 60_000 },
    adminFailures: {
      max: integer(env, "COMMENTS_ADMIN_MAX_FAILURES", 10, 1, 1000),
      windowMs: integer(env, "COMMENTS_ADMIN_FAILURE_WINDOW_S", 900, 1, 86_400) * 1000,
    },
    bodyLimit: integer(env, "COMMENTS_BODY_LIMIT", 16 * 1024, 1024, 1024 * 1024),
    /** Rejected comments are deleted this many days after rejection; 0 keeps them. */
    rejectedRetentionDays: integer(env, "COMMENTS_REJECTED_RETENTION_DAYS", 30, 0, 36_500),
    spam: {
      maxLinks: integer(env, "COMMENTS_MAX_LINKS", 2, 0, 50),
      bannedWordsFile: bannedWordsFile(env.COMMENTS_BANNED_WORDS),
      duplicateWindowMs: integer(env, "COMMENTS_DUPLICATE_WINDOW_H", 24, 0, 24 * 365) * 3_600_000,
      trustedAfter: integer(env, "COMMENTS_TRUSTED_AFTER", 0, 0, 1000),
    },
    notify: notifyConfig(env, origin),
    minSeconds: integer(env, "COMMENTS_MIN_SECONDS", 3, 0, 600),
    formSecret: formSecret(env.COMMENTS_FORM_SECRET, Boolean(env.COMMENTS_DATABASE_URL)),
    log: logConfig(env),
  };
}
