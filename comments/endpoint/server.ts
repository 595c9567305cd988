import { COMMENTS_API } from "../shared/api-paths.ts";
import { createHash, timingSafeEqual } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import cors from "@fastify/cors";
import etag from "@fastify/etag";
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import { ApprovedListCache } from "../readers/approved-cache.ts";
import { type ArticleList, normaliseArticlePath } from "../runtime/article-manifest.ts";
import { anonymiseIp, networkKey } from "../store/client-ip.ts";
import { FailureLimiter } from "../runtime/failure-limiter.ts";
import type { Notifier } from "../runtime/notify.ts";
import { FormTokens } from "../readers/form-token.ts";
import { BannedWords, DUPLICATE_REFUSAL, type SpamRefusal, spamRefusal } from "../readers/spam.ts";
import { allowedOrigins, type CommentsConfig } from "../runtime/config.ts";
import { confirmationPage, messagePage } from "../readers/message-page.ts";
import {
  checkComment,
  COMMENT_MESSAGES,
  COMMENTS_SECTION_ID,
  type CommentErrorCode,
  FORM_TOKEN_FIELD,
  noticeIdFor,
  PENDING_NOTICE_ID,
  PUBLISHED_NOTICE_ID,
} from "../shared/rules.ts";
import { moderationRoutes } from "../moderation/moderation.ts";
import { loggerOptions, logSlowRequests } from "../runtime/request-log.ts";
import { sharedRateLimitStore } from "../runtime/shared-rate-limit.ts";
import { ACTORS, type ApprovedExport, COMMENT_STATUSES, type CommentStatus, type CommentStore } from "../store/store.ts";

export interface ServerParts {
  config: CommentsConfig;
  store: CommentStore;
  manifest: ArticleList;
  /** Tells the newsroom of each new comment (webhook, email); none in tests that do not need it. */
  notifier?: Notifier;
  /** Where the request log goes, when not to standard output. */
  logStream?: { write(line: string): void };
}

class HttpProblem extends Error {
  /** Seconds, for 429 answers. */
  retryAfter?: string;

  constructor(
    readonly statusCode: number,
    message: string,
    readonly field?: string,
    readonly code?: CommentErrorCode,
  ) {
    super(message);
  }
}

/** The article path a request names, from its body (posts) or query (reads), normalised. */
function requestedArticle(request: FastifyRequest, origin: string): string {
  const source = (request.body ?? request.query) as Record<string, unknown> | undefined;
  const value = source?.article;
  return typeof value === "string" ? normaliseArticlePath(value, origin) : "";
}

function isFormPost(request: FastifyRequest): boolean {
  return (request.headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** Compares the bearer token in constant time (hashing first makes the lengths equal). */
function tokenMatches(header: string | undefined, expected: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? "");
  return match !== null && timingSafeEqual(digest(match[1]!), digest(expected));
}

function parseId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new HttpProblem(400, "Mã bình luận phải là số nguyên dương.", "id");
  return Number(raw);
}

function tooManyAdminRequests(message: string, seconds: number): HttpProblem {
  const problem = new HttpProblem(429, message);
  problem.retryAfter = String(Math.max(1, Math.ceil(seconds)));
  return problem;
}

function hopsTrusted(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}

export async function buildCommentsServer({
  config,
  store,
  manifest,
  notifier,
  logStream,
}: ServerParts): Promise<FastifyInstance> {
  const origins = allowedOrigins(config.origin);
  /** Where a form post goes back to: the page's own origin when it is an allowed one. */
  const siteOrigin = (request: FastifyRequest) => {
    const origin = request.headers.origin;
    return origin && origins.includes(origin) ? origin : config.origin;
  };
  const app = Fastify({
    bodyLimit: config.bodyLimit,
    // A hop count trusts that many proxies in front of us (fastify's typings omit the number form).
    trustProxy: typeof config.trustProxy === "number" ? hopsTrusted(config.trustProxy) : config.trustProxy,
    ...loggerOptions(config.log, logStream),
  });
  logSlowRequests(app, config.log);
  app.removeContentTypeParser("text/plain");
  await app.register(formbody, { bodyLimit: config.bodyLimit });
  await app.register(cors, {
    origin: origins,
    methods: ["GET", "POST", "DELETE"],
    allowedHeaders: ["Content-Type", "Authorization", "If-None-Match"],
    maxAge: 600,
  });
  await app.register(etag);
  await app.register(rateLimit, {
    global: false,
    // Several instances on one PostgreSQL count together; one SQLite process counts in memory.
    store: store.db.dialect === "postgres" ? sharedRateLimitStore(store) : undefined,
    keyGenerator: (request) => networkKey(request.ip),
    errorResponseBuilder: (_request, context) => {
      const problem = new HttpProblem(429, COMMENT_MESSAGES.rateLimited, undefined, "qua-nhanh");
      problem.retryAfter = String(Math.ceil(context.ttl / 1000));
      return problem;
    },
  });

  const sendProblem = (request: FastifyRequest, reply: FastifyReply, problem: HttpProblem) => {
    if (isFormPost(request)) {
      const article = requestedArticle(request, config.origin);
      const back =
        article && manifest.knows(article)
          ? `${siteOrigin(request)}${article}#${COMMENTS_SECTION_ID}`
          : `${siteOrigin(request)}/`;
      return reply.code(problem.statusCode).type("text/html; charset=utf-8").send(messagePage(problem.message, back));
    }
    return reply
      .code(problem.statusCode)
      .send(problem.field ? { error: problem.message, field: problem.field } : { error: problem.message });
  };

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; retryAfter?: string }, request, reply) => {
    if (error.retryAfter) reply.header("Retry-After", error.retryAfter);
    if (error instanceof HttpProblem) return sendProblem(request, reply, error);
    switch (error.code) {
      case "FST_ERR_CTP_BODY_TOO_LARGE":
        return sendProblem(request, reply, new HttpProblem(413, COMMENT_MESSAGES.tooLarge, "body"));
      case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
        return sendProblem(request, reply, new HttpProblem(415, COMMENT_MESSAGES.badContentType));
      case "FST_ERR_CTP_EMPTY_JSON_BODY":
      case "FST_ERR_CTP_INVALID_JSON_BODY":
        return sendProblem(request, reply, new HttpProblem(400, COMMENT_MESSAGES.badJson));
    }
    if (error.statusCode === 400 && error instanceof SyntaxError)
      return sendProblem(request, reply, new HttpProblem(400, COMMENT_MESSAGES.badJson));
    if (error.statusCode && error.statusCode < 500)
      return sendProblem(request, reply, new HttpProblem(error.statusCode, error.message));
    request.log.error(error);
    return sendProblem(
      request,
      reply,
      new HttpProblem(500, "Máy chủ bình luận gặp lỗi, bình luận chưa được lưu. Bạn vui lòng thử lại sau."),
    );
  });

  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: "Không có địa chỉ này trên máy chủ bình luận." }),
  );

  app.get("/healthz", async () => ({ ok: true, articles: manifest.size }));

  const approvedLists = new ApprovedListCache();
  const formTokens = new FormTokens(config.formSecret, config.minSeconds * 1000);
  app.get(COMMENTS_API.formToken, async (_request, reply) => {
    reply.header("Cache-Control", "no-store");
    return { token: formTokens.issue() };
  });
  const spamRules = { maxLinks: config.spam.maxLinks, banned: new BannedWords(config.spam.bannedWordsFile) };
  app.post(
    COMMENTS_API.comments,
    { config: { rateLimit: { max: config.rateLimit.max, timeWindow: config.rateLimit.windowMs } } },
    async (request, reply) => {
      const body = request.body;
      if (typeof body !== "object" || body === null || Array.isArray(body))
        throw new HttpProblem(400, COMMENT_MESSAGES.badJson);
      const check = checkComment(body as Record<string, unknown>);
      const articlePath = requestedArticle(request, config.origin);
      const known = articlePath !== "" && (await manifest.has(articlePath));
      if (check.ok && !known) throw new HttpProblem(404, COMMENT_MESSAGES.articleUnknown, "article", "bai-viet");
      if (!check.ok) {
        if (isFormPost(request) && known)
          return reply.redirect(`${siteOrigin(request)}${articlePath}#${noticeIdFor(check.code)}`, 303);
        const status = check.field === "body" || check.field === "author" ? 422 : 400;
        throw new HttpProblem(status, check.error, check.field, check.code);
      }
      const comment = { ...check.value, article: articlePath };
      const verdict = formTokens.check((body as Record<string, unknown>)[FORM_TOKEN_FIELD]);
      if (verdict !== "ok") {
        const message = verdict === "too-fast" ? COMMENT_MESSAGES.tooSoon : COMMENT_MESSAGES.confirm;
        if (!isFormPost(request)) throw new HttpProblem(422, message, FORM_TOKEN_FIELD, "qua-som");
        return reply.type("text/html; charset=utf-8").send(
          confirmationPage({
            // Relative: the page is this endpoint's own answer, wherever the endpoint is mounted.
            action: COMMENTS_API.comments,
            article: articlePath,
            author: comment.author,
            body: comment.body,
            tokenField: FORM_TOKEN_FIELD,
            token: formTokens.issue(),
            message,
            backUrl: `${siteOrigin(request)}${articlePath}#${COMMENTS_SECTION_ID}`,
          }),
        );
      }
      const ipPrefix = anonymiseIp(request.ip);
      const refuse = (refusal: SpamRefusal) => {
        if (isFormPost(request))
          return reply.redirect(`${siteOrigin(request)}${articlePath}#${noticeIdFor(refusal.code)}`, 303);
        throw new HttpProblem(refusal.status, refusal.message, "body", refusal.code);
      };
      const refusal = spamRefusal(comment.body, spamRules);
      if (refusal) return refuse(refusal);
      const status = (await store.isTrusted(comment.author, ipPrefix, config.spam.trustedAfter))
        ? "approved"
        : "pending";
      const now = new Date();
      const saved =
        config.spam.duplicateWindowMs > 0
          ? await store.addUnlessDuplicate(
              comment,
              ipPrefix,
              new Date(now.getTime() - config.spam.duplicateWindowMs),
              now,
              status,
            )
          : await store.add(comment, ipPrefix, now, status);
      if (!saved) return refuse(DUPLICATE_REFUSAL);
      notifier?.commentReceived(saved);
      const notice = saved.status === "approved" ? PUBLISHED_NOTICE_ID : PENDING_NOTICE_ID;
      if (isFormPost(request)) return reply.redirect(`${siteOrigin(request)}${articlePath}#${notice}`, 303);
      return reply.code(201).send({ id: saved.id, status: saved.status });
    },
  );

  app.get(COMMENTS_API.comments, async (request, reply) => {
    const articlePath = requestedArticle(request, config.origin);
    if (!articlePath) throw new HttpProblem(400, COMMENT_MESSAGES.articleRequired, "article");
    if (!(await manifest.has(articlePath))) throw new HttpProblem(404, COMMENT_MESSAGES.articleUnknown, "article");
    // Revalidate every time (cheap with the ETag) so a newly approved comment shows at once.
    reply.header("Cache-Control", "public, max-age=0, must-revalidate");
    const list = await approvedLists.get(articlePath, await store.readersVersion(), () =>
      store.approvedFor(articlePath),
    );
    // @fastify/etag keeps an ETag already set, and answers 304 when the reader's copy matches.
    return reply.header("ETag", list.etag).type("application/json; charset=utf-8").send(list.json);
  });

  const failedLogins = new FailureLimiter(store, config.adminFailures.max, config.adminFailures.windowMs);
  await app.register(async (admin) => {
    // Order matters: every admin request is counted before its token is even looked at, so a
    // script guessing tokens is limited like anyone else; a network that keeps failing is shut out.
    admin.addHook(
      "onRequest",
      admin.rateLimit({
        groupId: "api-admin",
        max: config.adminRateLimit.max,
        timeWindow: config.adminRateLimit.windowMs,
        errorResponseBuilder: (_request, context) =>
          tooManyAdminRequests("Quá nhiều yêu cầu quản trị trong một phút. Vui lòng thử lại sau.", context.ttl / 1000),
      }),
    );
    admin.addHook("onRequest", async (request, reply) => {
      reply.header("Cache-Control", "no-store");
      const network = networkKey(request.ip);
      const blocked = await failedLogins.blockedFor(`net:${network}`);
      if (blocked !== undefined)
        throw tooManyAdminRequests("Sai mã quản trị quá nhiều lần. Vui lòng thử lại sau.", blocked);
      if (!config.adminToken)
        throw new HttpProblem(
          503,
          "Chức năng duyệt bình luận qua HTTP chưa bật: đặt biến môi trường COMMENTS_ADMIN_TOKEN.",
        );
      if (!tokenMatches(request.headers.authorization, config.adminToken)) {
        await failedLogins.fail(`net:${network}`);
        reply.header("WWW-Authenticate", 'Bearer realm="toasoan-comments"');
        throw new HttpProblem(401, "Thiếu hoặc sai mã quản trị (Authorization: Bearer …).");
      }
    });

    admin.get<{ Querystring: { status?: string } }>(COMMENTS_API.admin, async (request) => {
      const status = request.query.status;
      if (status !== undefined && !COMMENT_STATUSES.includes(status as CommentStatus)) {
        throw new HttpProblem(400, `Trạng thái phải là một trong: ${COMMENT_STATUSES.join(", ")}.`, "status");
      }
      return store.list(status as CommentStatus | undefined);
    });

    for (const action of ["approve", "reject"] as const) {
      admin.post<{ Params: { id: string } }>(`${COMMENTS_API.admin}/:id/${action}`, async (request) => {
        const updated = await store.setStatus(parseId(request.params.id), action, ACTORS.api);
        if (!updated) throw new HttpProblem(404, `Không có bình luận mã ${request.params.id}.`, "id");
        return updated;
      });
    }

    admin.delete<{ Params: { id: string } }>(`${COMMENTS_API.admin}/:id`, async (request, reply) => {
      if (!(await store.remove(parseId(request.params.id), ACTORS.api)))
        throw new HttpProblem(404, `Không có bình luận mã ${request.params.id}.`, "id");
      return reply.code(204).send();
    });

    admin.get(COMMENTS_API.export, async () => publishedOnly(await store.exportApproved(), manifest));
  });

  await app.register(async (scope) => moderationRoutes(scope, { config, store, manifest }));

  return app;
}

/**
 * The export holds only articles the site publishes: an article taken down (or deleted) leaves the
 * manifest, and its comments leave the export with it, though they stay in the database should it
 * come back. An endpoint that has not learnt the list yet exports everything (the build bakes only
 * what it publishes), rather than an empty file that would wipe the comments from every page.
 */
async function publishedOnly(exported: ApprovedExport, manifest: ArticleList): Promise<ApprovedExport> {
  const articles = Object.keys(exported.comments);
  if (articles.length > 0) await manifest.has(articles[0]!);
  if (manifest.size === 0) return exported;
  return {
    ...exported,
    comments: Object.fromEntries(Object.entries(exported.comments).filter(([article]) => manifest.knows(article))),
  };
}
