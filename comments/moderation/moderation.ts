// /quan-tri/: moderation in a browser. Moderators sign in with their own accounts (made with the
// admin CLI); a session lives in an HttpOnly SameSite=Strict cookie whose token is stored hashed;
// every form carries a CSRF token (@fastify/csrf-protection) and a post from another origin is
// refused before that; failed sign-ins are counted per network and per name in the database.
import { createHash, createHmac, randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import cookie from "@fastify/cookie";
import csrfProtection from "@fastify/csrf-protection";
import { ADMIN_PATHS } from "../shared/api-paths.ts";
import { type ArticleList, normaliseArticlePath } from "../runtime/article-manifest.ts";
import { networkKey } from "../store/client-ip.ts";
import type { CommentsConfig } from "../runtime/config.ts";
import { FailureLimiter } from "../runtime/failure-limiter.ts";
import { foldVietnamese } from "../shared/fold.ts";
import {
  commentPage,
  CSRF_FIELD,
  loginPage,
  page,
  type PageFrame,
  queuePage,
  readersPage,
  STYLES,
} from "./moderation-pages.ts";
import { verifyPassword } from "./passwords.ts";
import {
  COMMENT_STATUSES,
  type CommentStatus,
  type CommentStore,
  type ModerationAction,
  ReaderQueryError,
  readersCopy,
} from "../store/store.ts";

const SESSION_COOKIE = "toasoan_phien";
const PAGE_SIZE = 50;
/** A title search names at most this many articles to filter by. */
const TITLE_MATCHES = 500;
const ACTIONS: readonly ModerationAction[] = ["approve", "reject", "delete"];

const DONE_MESSAGES: Record<ModerationAction, (count: number) => string> = {
  approve: (count) => `Đã duyệt ${count} bình luận.`,
  reject: (count) => `Đã từ chối ${count} bình luận.`,
  delete: (count) => `Đã xóa hẳn ${count} bình luận.`,
};

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

declare module "fastify" {
  interface FastifyRequest {
    /** Set for the pages that need a signed-in moderator. */
    moderatorName: string;
  }
}

export const moderatorActor = (name: string) => `moderator:${name}`;

class PageProblem extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

function text(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  return typeof value === "string" ? value.normalize("NFC") : "";
}

function texts(body: unknown, field: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function commentId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new PageProblem(400, `"${raw}" không phải mã bình luận.`);
  return Number(raw);
}

/** Where an action returns to: a page of /quan-tri/ itself, with the result of the action. */
function backTo(raw: string, done: Record<string, string>): string {
  const url = new URL(raw.startsWith(ADMIN_PATHS.queue) ? raw : ADMIN_PATHS.queue, "http://quan-tri.invalid");
  if (url.origin !== "http://quan-tri.invalid" || !url.pathname.startsWith(ADMIN_PATHS.queue)) return ADMIN_PATHS.queue;
  for (const [key, value] of Object.entries(done)) url.searchParams.set(key, value);
  return `${url.pathname}${url.search}`;
}

/** The notice a page shows after an action redirected to it (from fixed words, never echoed input). */
function doneNotice(query: Record<string, string | undefined>): PageFrame["notice"] {
  const action = query.xong as ModerationAction | "none" | undefined;
  if (action === "none") return { kind: "error", text: "Chưa chọn bình luận nào." };
  if (!action || !ACTIONS.includes(action)) return undefined;
  const count = Number(query.so);
  return { kind: "ok", text: DONE_MESSAGES[action](Number.isInteger(count) && count >= 0 ? count : 0) };
}

export interface ModerationParts {
  config: CommentsConfig;
  store: CommentStore;
  manifest: ArticleList;
}

export async function moderationRoutes(app: FastifyInstance, { config, store, manifest }: ModerationParts) {
  // Signed cookies; instances behind one load balancer share COMMENTS_FORM_SECRET, so any of them
  // accepts a form another one served.
  const secret = config.formSecret
    ? createHmac("sha256", config.formSecret).update("quan-tri-cookies").digest("base64url")
    : randomBytes(32).toString("base64url");
  const cookieOptions = { path: ADMIN_PATHS.queue, httpOnly: true, sameSite: "strict", secure: "auto" } as const;
  await app.register(cookie, { secret });
  await app.register(csrfProtection, {
    cookieKey: "toasoan_csrf",
    cookieOpts: { ...cookieOptions, signed: true },
    getToken: (request) => text(request.body, CSRF_FIELD),
  });
  app.decorateRequest("moderatorName", "");
  const publicOrigin = config.notify.publicUrl ? new URL(config.notify.publicUrl).origin : undefined;
  const failures = new FailureLimiter(store, config.adminFailures.max, config.adminFailures.windowMs);
  const pageView = { titleOf: (article: string) => manifest.titleOf(article), siteOrigin: config.origin };

  app.addHook(
    "onRequest",
    app.rateLimit({
      max: config.adminRateLimit.max,
      timeWindow: config.adminRateLimit.windowMs,
      groupId: "quan-tri",
      errorResponseBuilder: (_request, context) => {
        const problem = new PageProblem(429, "Quá nhiều yêu cầu trong một phút. Vui lòng thử lại sau.");
        (problem as PageProblem & { retryAfter?: string }).retryAfter = String(Math.ceil(context.ttl / 1000));
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
      throw new PageProblem(403, "Biểu mẫu này không gửi từ trang quản trị nên bị từ chối.");
  });

  app.setErrorHandler(
    async (error: Error & { statusCode?: number; code?: string; retryAfter?: string }, request, reply) => {
      if (error.retryAfter) reply.header("Retry-After", error.retryAfter);
      let status = error.statusCode ?? 500;
      let message = error.message;
      if (error.code?.startsWith("FST_CSRF")) {
        status = 403;
        message = "Biểu mẫu đã cũ hoặc không hợp lệ (mã chống giả mạo). Tải lại trang rồi làm lại.";
      } else if (!(error instanceof PageProblem)) {
        if (status >= 500) request.log.error(error);
        message = status >= 500 ? "Máy chủ gặp lỗi; việc vừa rồi có thể chưa được lưu." : "Yêu cầu không hợp lệ.";
      }
      const signedIn = await currentModerator(request);
      const frame = signedIn ? { moderator: { name: signedIn, csrf: reply.generateCsrf() } } : {};
      const back = signedIn ? ADMIN_PATHS.queue : ADMIN_PATHS.login;
      return reply
        .code(status)
        .type("text/html; charset=utf-8")
        .send(
          page(
            { ...frame, title: "Không làm được", notice: { kind: "error", text: message } },
            `<p><a href="${back}">Quay lại</a></p>`,
          ),
        );
    },
  );

  async function currentModerator(request: FastifyRequest): Promise<string | undefined> {
    const token = request.cookies[SESSION_COOKIE];
    return token ? store.sessionModerator(tokenHash(token)) : undefined;
  }

  /** The moderator the guard below let through, and a CSRF token for the page's forms. */
  const signedInAs = (request: FastifyRequest, reply: FastifyReply) => ({
    name: request.moderatorName,
    csrf: reply.generateCsrf(),
  });

  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).type("text/html; charset=utf-8").send(body);

  app.get(ADMIN_PATHS.styles, async (_request, reply) => reply.type("text/css; charset=utf-8").send(STYLES));

  app.get(ADMIN_PATHS.login, async (request, reply) => {
    if (await currentModerator(request)) return reply.redirect(ADMIN_PATHS.queue, 303);
    return html(reply, 200, loginPage(reply.generateCsrf()));
  });

  app.post(ADMIN_PATHS.login, { preHandler: app.csrfProtection }, async (request, reply) => {
    const name = text(request.body, "name").trim();
    const password = text(request.body, "password");
    const keys = [`net:${networkKey(request.ip)}`, `name:${foldVietnamese(name)}`];
    const blocked = await failures.blockedFor(...keys);
    if (blocked !== undefined) {
      reply.header("Retry-After", String(blocked));
      const minutes = Math.ceil(blocked / 60);
      return html(
        reply,
        429,
        loginPage(reply.generateCsrf(), name, {
          kind: "error",
          text: `Đăng nhập sai quá nhiều lần. Thử lại sau ${minutes} phút.`,
        }),
      );
    }
    if (!name || !password || !(await verifyPassword(password, await store.passwordHashOf(name)))) {
      await failures.fail(...keys);
      return html(
        reply,
        401,
        loginPage(reply.generateCsrf(), name, { kind: "error", text: "Sai tên đăng nhập hoặc mật khẩu." }),
      );
    }
    const token = randomBytes(32).toString("base64url");
    await store.startSession(tokenHash(token), name, new Date(Date.now() + config.sessionMs));
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: Math.floor(config.sessionMs / 1000) });
    // A new CSRF secret for the new session: one planted before sign-in is worth nothing after it.
    reply.clearCookie("toasoan_csrf", cookieOptions);
    return reply.redirect(ADMIN_PATHS.queue, 303);
  });

  app.post(ADMIN_PATHS.logout, { preHandler: app.csrfProtection }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await store.endSession(tokenHash(token));
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    reply.clearCookie("toasoan_csrf", cookieOptions);
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
      throw new PageProblem(403, "Phiên đăng nhập đã hết hoặc chưa đăng nhập. Đăng nhập rồi làm lại.");
    });

    scope.get<{ Querystring: Record<string, string | undefined> }>(ADMIN_PATHS.queue, async (request, reply) => {
      const moderator = signedInAs(request, reply);
      const query = request.query;
      const status = (query["trang-thai"] || "pending") as CommentStatus | "all";
      if (status !== "all" && !COMMENT_STATUSES.includes(status))
        throw new PageProblem(400, "Trạng thái không có: chọn Chờ duyệt, Đã duyệt, Đã từ chối hoặc Tất cả.");
      const pageNumber = query.trang === undefined ? 1 : Number(query.trang);
      if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > 1_000_000)
        throw new PageProblem(400, "Số trang phải là số nguyên dương.");
      const textQuery = (query.q ?? "").normalize("NFC").trim().slice(0, 200);
      const article = (query.bai ?? "").normalize("NFC").trim().slice(0, 500);
      let articles: string[] | undefined;
      if (article)
        articles =
          article.startsWith("/") || article.startsWith("http")
            ? [normaliseArticlePath(article, config.origin)]
            : manifest.withTitle(article, TITLE_MATCHES);
      const found = await store.search({
        status: status === "all" ? undefined : status,
        text: textQuery,
        articles,
        limit: PAGE_SIZE,
        offset: (pageNumber - 1) * PAGE_SIZE,
      });
      const self = request.url;
      return html(
        reply,
        200,
        queuePage(
          {
            ...pageView,
            status,
            text: textQuery,
            article,
            page: pageNumber,
            pageSize: PAGE_SIZE,
            total: found.total,
            comments: found.comments,
            counts: await store.countByStatus(),
            self,
          },
          { title: "Bình luận", moderator, notice: doneNotice(query) },
        ),
      );
    });

    scope.post(ADMIN_PATHS.act, { preHandler: scope.csrfProtection }, async (request, reply) => {
      const moderator = signedInAs(request, reply);
      const one = /^(approve|reject|delete):(\d{1,15})$/.exec(text(request.body, "one"));
      const action = (one ? one[1] : text(request.body, "action")) as ModerationAction;
      if (!ACTIONS.includes(action)) throw new PageProblem(400, "Việc không có: chọn Duyệt, Từ chối hoặc Xóa.");
      const ids = one ? [Number(one[2])] : texts(request.body, "id").map(commentId);
      const back = text(request.body, "back");
      if (ids.length === 0) return reply.redirect(backTo(back, { xong: "none" }), 303);
      const actor = moderatorActor(moderator.name);
      let done = 0;
      if (action === "delete") done = await store.removeMany(ids, actor);
      else for (const id of ids) if (await store.setStatus(id, action, actor)) done++;
      return reply.redirect(backTo(back, { xong: action, so: String(done) }), 303);
    });

    scope.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(
      `${ADMIN_PATHS.act}/:id`,
      async (request, reply) => {
        const moderator = signedInAs(request, reply);
        const id = commentId(request.params.id);
        const [comment, history] = await Promise.all([store.get(id), store.history(id)]);
        if (!comment && history.length === 0) throw new PageProblem(404, `Không có bình luận mã ${id}.`);
        return html(
          reply,
          200,
          commentPage(id, comment, history, pageView, {
            title: `Bình luận #${id}`,
            moderator,
            notice: doneNotice(request.query),
          }),
        );
      },
    );

    /** A reader's comments by name and/or network, or why the search cannot be made. */
    async function readerComments(author: string, network: string) {
      try {
        return await store.findByReader({ author, network });
      } catch (error) {
        if (error instanceof ReaderQueryError) throw new PageProblem(400, error.message.replace(/ \(--\w+\)/g, ""));
        throw error;
      }
    }

    scope.get<{ Querystring: Record<string, string | undefined> }>(ADMIN_PATHS.readers, async (request, reply) => {
      const moderator = signedInAs(request, reply);
      const author = (request.query.author ?? "").normalize("NFC").trim();
      const network = (request.query.network ?? "").trim();
      const searched = author !== "" || network !== "";
      const found = searched ? await readerComments(author, network) : undefined;
      return html(
        reply,
        200,
        readersPage(
          { ...pageView, author, network, found },
          { title: "Yêu cầu của người đọc", moderator, notice: doneNotice(request.query) },
        ),
      );
    });

    scope.get<{ Querystring: Record<string, string | undefined> }>(ADMIN_PATHS.readerExport, async (request, reply) => {
      const author = (request.query.author ?? "").normalize("NFC").trim();
      const network = (request.query.network ?? "").trim();
      const copy = readersCopy({ author, network }, await readerComments(author, network));
      return reply
        .type("application/json; charset=utf-8")
        .header("Content-Disposition", 'attachment; filename="binh-luan-cua-nguoi-doc.json"')
        .send(`${JSON.stringify(copy, null, 2)}\n`);
    });

    scope.post(ADMIN_PATHS.readerDelete, { preHandler: scope.csrfProtection }, async (request, reply) => {
      const moderator = signedInAs(request, reply);
      const author = text(request.body, "author").trim();
      const network = text(request.body, "network").trim();
      if (text(request.body, "confirm") !== "yes")
        throw new PageProblem(400, "Đánh dấu ô xác nhận rồi bấm Xóa: các bình luận bị xóa hẳn, không lấy lại được.");
      const found = await readerComments(author, network);
      const removed = await store.removeMany(
        found.map((comment) => comment.id),
        moderatorActor(moderator.name),
      );
      const query = new URLSearchParams({ author, network, xong: "delete", so: String(removed) });
      return reply.redirect(`${ADMIN_PATHS.readers}?${query}`, 303);
    });
  });
}
