export interface CommentsConfig {
  host: string;
  port: number;
  dbFile: string;
  /** Undefined: moderation over HTTP is refused (the CLI still works on the database). */
  adminToken?: string;
  /** The site's origin: the only origin allowed by CORS, and where form posts are redirected. */
  origin: string;
  manifestFile: string;
  /** Fastify's trustProxy: false, a hop count, or a comma-separated list of proxy addresses/CIDRs. */
  trustProxy: boolean | number | string;
  rateLimit: { max: number; windowMs: number };
  bodyLimit: number;
}

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
    adminToken,
    origin,
    manifestFile: env.COMMENTS_MANIFEST || "_site/comments-manifest.json",
    trustProxy: parseTrustProxy(env.COMMENTS_TRUST_PROXY),
    rateLimit: {
      max: integer(env, "COMMENTS_RATE_LIMIT", 5, 1, 1_000_000),
      windowMs: integer(env, "COMMENTS_RATE_WINDOW_MS", 60_000, 1000, 86_400_000),
    },
    bodyLimit: integer(env, "COMMENTS_BODY_LIMIT", 16 * 1024, 1024, 1024 * 1024),
  };
}
