// The moderation API for scripts: a bearer token (COMMENTS_ADMIN_TOKEN), counted and limited per
// network before the token is looked at; lists, approves, rejects, deletes and exports comments.
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { COMMENTS_API } from "../shared/api-paths.ts";
import type { ArticleList } from "../runtime/article-manifest.ts";
import type { CommentsConfig } from "../runtime/config.ts";
import { FailureLimiter } from "../runtime/failure-limiter.ts";
import { HttpProblem } from "../runtime/requests.ts";
import type { MostReadCache } from "../runtime/most-read.ts";
import { networkKey } from "../store/client-ip.ts";
import {
  ACTORS,
  type ApprovedExport,
  COMMENT_STATUSES,
  type CommentStatus,
  type CommentStore,
} from "../store/store.ts";

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

export async function adminApiRoutes(
  app: FastifyInstance,
  {
    config,
    store,
    manifest,
    mostRead,
  }: { config: CommentsConfig; store: CommentStore; manifest: ArticleList; mostRead: MostReadCache },
): Promise<void> {
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

    admin.get(COMMENTS_API.mostReadExport, async (_request, reply) =>
      reply.type("application/json; charset=utf-8").send((await mostRead.get()).json),
    );
  });
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
