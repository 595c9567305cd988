// The endpoint's HTTP server: Fastify with its body parsers, CORS, ETags, rate limits and templates;
// the readers' routes, the moderation API and the moderation pages; one way of answering a refusal.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import cors from "@fastify/cors";
import etag from "@fastify/etag";
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import { adminApiRoutes } from "../moderation/api.ts";
import { moderationRoutes } from "../moderation/routes.ts";
import { MostReadCache } from "../runtime/most-read.ts";
import { readerRoutes } from "../readers/routes.ts";
import { ViewCounter } from "../readers/view-counter.ts";
import { mostReadRoute, viewHandler } from "../readers/view-routes.ts";
import type { ArticleList } from "../runtime/article-manifest.ts";
import { allowedOrigins, type CommentsConfig } from "../runtime/config.ts";
import type { Notifier } from "../runtime/notify.ts";
import { trustRule } from "../runtime/client-address.ts";
import { loggerOptions, logSlowRequests } from "../runtime/request-log.ts";
import { HttpProblem, isFormPost, requestedArticle } from "../runtime/requests.ts";
import { sharedRateLimitStore } from "../runtime/shared-rate-limit.ts";
import { COMMENT_MESSAGES, COMMENTS_SECTION_ID } from "../shared/rules.ts";
import { networkKey } from "../store/client-ip.ts";
import type { CommentStore } from "../store/store.ts";
import { registerViews } from "./views.ts";

export interface ServerParts {
  config: CommentsConfig;
  store: CommentStore;
  manifest: ArticleList;
  /** Tells the newsroom of each new comment (webhook, email); none in tests that do not need it. */
  notifier?: Notifier;
  /** Where the request log goes, when not to standard output. */
  logStream?: { write(line: string): void };
}

declare module "fastify" {
  interface FastifyInstance {
    /** Đọc nhiều's counts waiting in memory: `flush()` writes them (the tests read the database after it). */
    viewCounter: ViewCounter;
  }
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
  let viewsFirst: (request: IncomingMessage, response: ServerResponse) => boolean = () => false;
  const app = Fastify({
    // Views are answered before Fastify (see readers/view-routes.ts); everything else goes on to it.
    serverFactory: (handler) =>
      createServer((request, response) => {
        if (!viewsFirst(request, response)) handler(request, response);
      }),
    bodyLimit: config.bodyLimit,
    // A hop count trusts that many proxies in front of us (fastify's typings omit the number form).
    trustProxy: config.trustProxy === false ? false : trustRule(config.trustProxy),
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
  await registerViews(app);
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
      return reply.code(problem.statusCode).view("message.njk", { message: problem.message, backUrl: back });
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

  const viewCounter = new ViewCounter(store.views, {
    flushMs: config.views.flushMs,
    networkCap: config.views.networkCap,
    warn: (message) => app.log.warn(message),
  });
  app.decorate("viewCounter", viewCounter);
  // Counts still in memory are written before the store closes.
  app.addHook("onClose", () => viewCounter.close());
  const mostRead = new MostReadCache(store.views, manifest, config.views.listMaxAgeMs);
  viewsFirst = viewHandler({
    config,
    manifest,
    counter: viewCounter,
    trust: trustRule(config.trustProxy),
    logError: (error) => app.log.error(error),
  });

  readerRoutes(app, { config, store, manifest, notifier, siteOrigin });
  mostReadRoute(app, config, mostRead);
  await adminApiRoutes(app, { config, store, manifest, mostRead });
  await app.register(async (scope) => moderationRoutes(scope, { config, store, manifest, mostRead }));

  return app;
}
