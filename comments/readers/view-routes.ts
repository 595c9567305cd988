// The readers' side of Đọc nhiều. A view reported by the page (a beacon with JavaScript, a 1×1
// picture without) is the endpoint's busiest request, so it is answered by a plain node:http handler
// in front of Fastify (viewHandler, given to Fastify's serverFactory); every other request goes on to
// Fastify. The lists are an ordinary route, public and cacheable. Nothing about the reader is kept:
// see view-counter.ts.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import { isbot } from "isbot";
import { COMMENTS_API } from "../shared/api-paths.ts";
import { type ArticleList, normaliseArticlePath } from "../runtime/article-manifest.ts";
import { clientAddressOf, type TrustRule } from "../runtime/client-address.ts";
import type { CommentsConfig } from "../runtime/config.ts";
import type { MostReadCache } from "../runtime/most-read.ts";
import type { ViewCounter } from "./view-counter.ts";

/** A transparent 1×1 GIF: what the page without JavaScript loads to report its view. */
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
/** A beacon names one article: anything longer is not one. */
const MAX_BODY = 2048;

export const VIEW_MESSAGES = {
  articleRequired: "Thiếu địa chỉ bài viết (article).",
  articleUnknown: "Không có bài viết đã đăng ở địa chỉ này.",
  tooLarge: "Yêu cầu quá lớn.",
} as const;

/** isbot's verdict on the user agents seen lately: most views come from a few hundred browsers. */
const robotAgents = new Map<string, boolean>();
const REMEMBERED_AGENTS = 2000;

function isRobot(userAgent: string): boolean {
  let robot = robotAgents.get(userAgent);
  if (robot === undefined) {
    robot = userAgent === "" || isbot(userAgent);
    if (robotAgents.size >= REMEMBERED_AGENTS) robotAgents.delete(robotAgents.keys().next().value!);
    robotAgents.set(userAgent, robot);
  }
  return robot;
}

/** The reader asked not to be followed (Global Privacy Control, Do Not Track), or is a robot. */
function notToCount(request: IncomingMessage): boolean {
  return (
    request.headers["sec-gpc"] === "1" || request.headers.dnt === "1" || isRobot(request.headers["user-agent"] ?? "")
  );
}

function answer(response: ServerResponse, status: number, body?: Buffer | string, type?: string): void {
  const headers: Record<string, string | number> = { "Cache-Control": "no-store" };
  // A body left unread (too large) ends the connection once the answer is sent.
  if (status === 413) headers.Connection = "close";
  if (body !== undefined) {
    headers["Content-Type"] = type ?? "application/json; charset=utf-8";
    headers["Content-Length"] = Buffer.byteLength(body);
  }
  response.writeHead(status, headers).end(body);
}

const refusal = (message: string) => JSON.stringify({ error: message, field: "article" });

/** The body of a beacon (article=/path/), read up to MAX_BODY; undefined when longer. */
function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY) {
        request.removeAllListeners("data").pause();
        resolve(undefined);
      }
    });
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });
}

export interface ViewParts {
  config: CommentsConfig;
  manifest: ArticleList;
  counter: ViewCounter;
  trust: TrustRule;
  /** Where a failure of the handler is reported. */
  logError: (error: unknown) => void;
}

/**
 * Answers a view (POST COMMENTS_API.views, GET COMMENTS_API.viewPixel) and returns true, or returns
 * false for Fastify to answer the request.
 */
export function viewHandler({ config, manifest, counter, trust, logError }: ViewParts) {
  const count = async (request: IncomingMessage, response: ServerResponse, query: string, pixel: boolean) => {
    let fields = new URLSearchParams(query);
    if (!pixel) {
      const body = await readBody(request);
      if (body === undefined) {
        response.on("finish", () => request.destroy());
        return answer(response, 413, JSON.stringify({ error: VIEW_MESSAGES.tooLarge }));
      }
      fields = new URLSearchParams(body);
    }
    const article = normaliseArticlePath(fields.get("article") ?? "", config.origin);
    if (!article) return answer(response, 400, refusal(VIEW_MESSAGES.articleRequired));
    if (!(await manifest.has(article))) return answer(response, 404, refusal(VIEW_MESSAGES.articleUnknown));
    if (!notToCount(request)) counter.record(article, clientAddressOf(request, trust), request.headers["user-agent"]!);
    if (pixel) answer(response, 200, PIXEL, "image/gif");
    else answer(response, 204);
  };
  return (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = request.url ?? "";
    const queryAt = url.indexOf("?");
    const pathname = queryAt === -1 ? url : url.slice(0, queryAt);
    const pixel = pathname === COMMENTS_API.viewPixel && request.method === "GET";
    if (!pixel && !(pathname === COMMENTS_API.views && request.method === "POST")) return false;
    count(request, response, queryAt === -1 ? "" : url.slice(queryAt + 1), pixel).catch((error: unknown) => {
      logError(error);
      if (!response.headersSent) answer(response, 500, JSON.stringify({ error: "Máy chủ gặp lỗi." }));
    });
    return true;
  };
}

/** Đọc nhiều's lists: public, cacheable for a minute (COMMENTS_MOST_READ_MAX_AGE_S), with an ETag. */
export function mostReadRoute(app: FastifyInstance, config: CommentsConfig, mostRead: MostReadCache): void {
  app.get(COMMENTS_API.mostRead, async (_request, reply) => {
    const lists = await mostRead.get();
    reply.header("Cache-Control", `public, max-age=${Math.round(config.views.listMaxAgeMs / 1000)}`);
    return reply.header("ETag", lists.etag).type("application/json; charset=utf-8").send(lists.json);
  });
}
