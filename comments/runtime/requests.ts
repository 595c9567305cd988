// What every HTTP route of the endpoint shares: its refusals and how a request names an article.
import type { FastifyRequest } from "fastify";
import type { CommentErrorCode } from "../shared/rules.ts";
import { normaliseArticlePath } from "./article-manifest.ts";

/** A request the endpoint refuses: its status, the words for the reader, the field at fault. */
export class HttpProblem extends Error {
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
export function requestedArticle(request: FastifyRequest, origin: string): string {
  const source = (request.body ?? request.query) as Record<string, unknown> | undefined;
  const value = source?.article;
  return typeof value === "string" ? normaliseArticlePath(value, origin) : "";
}

/** A post of the page's own form, without JavaScript: it is answered with a page or a redirect, not JSON. */
export function isFormPost(request: FastifyRequest): boolean {
  return (request.headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
}
