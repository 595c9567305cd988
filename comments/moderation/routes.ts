// /quan-tri/: moderation in a browser. Moderators sign in with their own accounts (made with the
// admin CLI); a session lives in an HttpOnly SameSite=Strict cookie whose token is stored hashed;
// every form carries a CSRF token (@fastify/csrf-protection) and a post from another origin is
// refused before that; failed sign-ins are counted per network and per name in the database.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance, FastifyRequest } from "fastify";
import cookie from "@fastify/cookie";
import csrfProtection from "@fastify/csrf-protection";
import { ADMIN_PATHS } from "../shared/api-paths.ts";
import { foldVietnamese } from "../shared/fold.ts";
import { networkKey } from "../store/client-ip.ts";
import { FailureLimiter } from "../runtime/failure-limiter.ts";
import { type ModerationContext, type ModerationParts, sendPage } from "./context.ts";
import { text } from "./form-input.ts";
import { HttpProblem } from "../runtime/requests.ts";
import { CSRF_FIELD, MODERATION_VIEWS } from "./pages.ts";
import { verifyPassword } from "./passwords.ts";
import { mostReadRoutes } from "./most-read-routes.ts";
import { queueRoutes } from "./queue-routes.ts";
import { readerRequestRoutes } from "./reader-request-routes.ts";

export type { ModerationParts } from "./context.ts";
export { moderatorActor } from "./form-input.ts";

const SESSION_COOKIE = "toasoan_phien";
const CSRF_COOKIE = "toasoan_csrf";

const SECURITY_HEADERS = {
  "Cache-Control": "no-store",
  "Content-Security-Policy":
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "X-Frame-Options": "DENY",
  // Not no-referrer: with it Chromium posts forms with "Origin: null", and the origin check needs the origin.
  "Referrer-Policy": "same-origin",
  "X-Content-Type-Options": "nosniff",
};

const tokenHash = (token: string) => createHash("sha256").update(token).digest("base64url");

export async function moderationRoutes(app: FastifyInstance, parts: ModerationParts) {
  const { config, store, manifest } = parts;
  // Signed cookies; instances behind one load balancer share COMMENTS_FORM_SECRET, so any of them
  // accepts a form another one served.
  const secret = config.formSecret
    ? createHmac("sha256", config.formSecret).update("quan-tri-cookies").digest("base64url")
    : randomBytes(32).toString("base64url");
  const cookieOptions = { path: ADMIN_PATHS.queue, httpOnly: true, sameSite: "strict", secure: "auto" } as const;
  await app.register(cookie, { secret });
  await app.register(csrfProtection, {
    cookieKey: CSRF_COOKIE,
    cookieOpts: { ...cookieOptions, signed: true },
    getToken: (request) => text(request.body, CSRF_FIELD),
  });
  app.decorateRequest("moderatorName", "");
  const publicOrigin = config.notify.publicUrl ? new URL(config.notify.publicUrl).origin : undefined;
  const failures = new FailureLimiter(store, config.adminFailures.max, config.adminFailures.windowMs);
  const context: ModerationContext = {
    ...parts,
    names: { titleOf: (article: string) => manifest.titleOf(article), siteOrigin: config.origin },
  };
  const styles = readFileSync(path.join(MODERATION_VIEWS, "moderation.css"), "utf8");

  app.addHook(
    "onRequest",
    app.rateLimit({
      max: config.adminRateLimit.max,
      timeWindow: config.adminRateLimit.windowMs,
      groupId: "quan-tri",
      errorResponseBuilder: (_request, context) => {
        const problem = new HttpProblem(429, "Quá nhiều yêu cầu trong một phút. Vui lòng thử lại sau.");
        problem.retryAfter = String(Math.ceil(context.ttl / 1000));
        return problem;
      },
    }),
  );
  app.addHook("onRequest", async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (request.method !== "POST") return;
    // A browser names the page a form came from; one from any other origin is not ours. Ours is the
    // address this request came to or, behind a proxy that hides it, COMMENTS_PUBLIC_URL's.
    const origin = request.headers.origin;
    const ours = origin === `${request.protocol}://${request.host}` || origin === publicOrigin;
    if ((origin !== undefined && !ours) || request.headers["sec-fetch-site"] === "cross-site")
      throw new HttpProblem(403, "Biểu mẫu này không gửi từ trang quản trị nên bị từ chối.");
  });

  app.setErrorHandler(
    async (error: Error & { statusCode?: number; code?: string; retryAfter?: string }, request, reply) => {
      if (error.retryAfter) reply.header("Retry-After", error.retryAfter);
      let status = error.statusCode ?? 500;
      let message = error.message;
      if (error.code?.startsWith("FST_CSRF")) {
        status = 403;
        message = "Biểu mẫu đã cũ hoặc không hợp lệ (mã chống giả mạo). Tải lại trang rồi làm lại.";
      } else if (!(error instanceof HttpProblem)) {
        if (status >= 500) request.log.error(error);
        message = status >= 500 ? "Máy chủ gặp lỗi; việc vừa rồi có thể chưa được lưu." : "Yêu cầu không hợp lệ.";
      }
      const signedIn = await currentModerator(request);
      return sendPage(
        request,
        reply,
        "problem.njk",
        {
          title: "Không làm được",
          moderator: signedIn ? { name: signedIn } : undefined,
          notice: { kind: "error", text: message },
        },
        { back: signedIn ? ADMIN_PATHS.queue : ADMIN_PATHS.login },
        status,
      );
    },
  );

  async function currentModerator(request: FastifyRequest): Promise<string | undefined> {
    const token = request.cookies[SESSION_COOKIE];
    return token ? store.sessions.moderatorOf(tokenHash(token)) : undefined;
  }

  app.get(ADMIN_PATHS.styles, async (_request, reply) => reply.type("text/css; charset=utf-8").send(styles));

  app.get(ADMIN_PATHS.login, async (request, reply) => {
    if (await currentModerator(request)) return reply.redirect(ADMIN_PATHS.queue, 303);
    return sendPage(request, reply, "login.njk", { title: "Đăng nhập", notice: undefined }, { name: "" });
  });

  app.post(ADMIN_PATHS.login, { preHandler: app.csrfProtection }, async (request, reply) => {
    const name = text(request.body, "name").trim();
    const password = text(request.body, "password");
    const keys = [`net:${networkKey(request.ip)}`, `name:${foldVietnamese(name)}`];
    const refused = (status: number, notice: string) =>
      sendPage(
        request,
        reply,
        "login.njk",
        { title: "Đăng nhập", notice: { kind: "error", text: notice } },
        { name },
        status,
      );
    const blocked = await failures.blockedFor(...keys);
    if (blocked !== undefined) {
      reply.header("Retry-After", String(blocked));
      return refused(429, `Đăng nhập sai quá nhiều lần. Thử lại sau ${Math.ceil(blocked / 60)} phút.`);
    }
    if (!name || !password || !(await verifyPassword(password, await store.moderators.passwordHashOf(name)))) {
      await failures.fail(...keys);
      return refused(401, "Sai tên đăng nhập hoặc mật khẩu.");
    }
    const token = randomBytes(32).toString("base64url");
    await store.sessions.start(tokenHash(token), name, new Date(Date.now() + config.sessionMs));
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: Math.floor(config.sessionMs / 1000) });
    // A new CSRF secret for the new session: one planted before sign-in is worth nothing after it.
    reply.clearCookie(CSRF_COOKIE, cookieOptions);
    return reply.redirect(ADMIN_PATHS.queue, 303);
  });

  app.post(ADMIN_PATHS.logout, { preHandler: app.csrfProtection }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await store.sessions.end(tokenHash(token));
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    reply.clearCookie(CSRF_COOKIE, cookieOptions);
    return reply.redirect(ADMIN_PATHS.login, 303);
  });

  // Everything below needs a signed-in moderator: a page read goes to the sign-in form, a post is refused.
  await app.register(async (scope) => {
    scope.addHook("preHandler", async (request, reply) => {
      const name = await currentModerator(request);
      if (name) {
        request.moderatorName = name;
        return;
      }
      if (request.method === "GET") return reply.redirect(ADMIN_PATHS.login, 303);
      throw new HttpProblem(403, "Phiên đăng nhập đã hết hoặc chưa đăng nhập. Đăng nhập rồi làm lại.");
    });
    queueRoutes(scope, context);
    readerRequestRoutes(scope, context);
    mostReadRoutes(scope, context);
  });
}
