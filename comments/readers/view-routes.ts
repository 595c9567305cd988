// The readers' side of Đọc nhiều: a view reported by the page (a beacon with JavaScript, a 1×1
// picture without), and the lists, public and cacheable. Nothing about the reader is kept: see
// view-counter.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isbot } from "isbot";
import { COMMENTS_API } from "../shared/api-paths.ts";
import type { ArticleList } from "../runtime/article-manifest.ts";
import type { CommentsConfig } from "../runtime/config.ts";
import { requestedArticle } from "../runtime/requests.ts";
import type { MostReadCache } from "../runtime/most-read.ts";
import type { ViewCounter } from "./view-counter.ts";

/** A transparent 1×1 GIF: what the page without JavaScript loads to report its view. */
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

export const VIEW_MESSAGES = {
  articleRequired: "Thiếu địa chỉ bài viết (article).",
  articleUnknown: "Không có bài viết đã đăng ở địa chỉ này.",
} as const;

/** The reader asked not to be followed (Global Privacy Control, Do Not Track), or is a robot. */
function notToCount(request: FastifyRequest): boolean {
  const userAgent = request.headers["user-agent"] ?? "";
  return request.headers["sec-gpc"] === "1" || request.headers.dnt === "1" || userAgent === "" || isbot(userAgent);
}

export interface ViewRouteParts {
  config: CommentsConfig;
  manifest: ArticleList;
  counter: ViewCounter;
  mostRead: MostReadCache;
}

export function viewRoutes(app: FastifyInstance, { config, manifest, counter, mostRead }: ViewRouteParts): void {
  /** Counts the request's view if it may be; false when the article is not a published one (answered already). */
  const countView = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    reply.header("Cache-Control", "no-store");
    const article = requestedArticle(request, config.origin);
    if (!article) {
      await reply.code(400).send({ error: VIEW_MESSAGES.articleRequired, field: "article" });
      return false;
    }
    if (!(await manifest.has(article))) {
      await reply.code(404).send({ error: VIEW_MESSAGES.articleUnknown, field: "article" });
      return false;
    }
    if (!notToCount(request)) counter.record(article, request.ip, request.headers["user-agent"]!);
    return true;
  };

  app.post(COMMENTS_API.views, async (request, reply) => {
    if (await countView(request, reply)) return reply.code(204).send();
    return reply;
  });

  app.get(COMMENTS_API.viewPixel, async (request, reply) => {
    if (await countView(request, reply)) return reply.type("image/gif").send(PIXEL);
    return reply;
  });

  app.get(COMMENTS_API.mostRead, async (_request, reply) => {
    const lists = await mostRead.get();
    reply.header("Cache-Control", `public, max-age=${Math.round(config.views.listMaxAgeMs / 1000)}`);
    return reply.header("ETag", lists.etag).type("application/json; charset=utf-8").send(lists.json);
  });
}
