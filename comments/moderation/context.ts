import type { FastifyReply, FastifyRequest } from "fastify";
import type {} from "@fastify/view";
import type { ArticleList } from "../runtime/article-manifest.ts";
import type { CommentsConfig } from "../runtime/config.ts";
import type { MostReadCache } from "../runtime/most-read.ts";
import type { CommentStore } from "../store/store.ts";
import { doneNotice } from "./form-input.ts";
import type { ArticleNames, PageFrame } from "./pages.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Set for the pages that need a signed-in moderator. */
    moderatorName: string;
  }
}

/** What the moderation routes work with. */
export interface ModerationParts {
  config: CommentsConfig;
  store: CommentStore;
  manifest: ArticleList;
  /** Đọc nhiều as readers get it: forgotten when an editor leaves an article out or puts it back. */
  mostRead: MostReadCache;
}

export interface ModerationContext extends ModerationParts {
  names: ArticleNames;
}

/**
 * Sends a moderation page (a template of moderation/views/) with its frame: for a signed-in
 * moderator, their name, a fresh CSRF token for the page's forms, and the notice of the action
 * that redirected here.
 */
export function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  frame: Pick<PageFrame, "title"> & Partial<PageFrame>,
  data: object = {},
  status = 200,
): FastifyReply {
  const full: PageFrame = {
    moderator: request.moderatorName ? { name: request.moderatorName } : undefined,
    csrf: reply.generateCsrf(),
    notice: doneNotice((request.query ?? {}) as Record<string, string | undefined>),
    ...frame,
  };
  return reply.code(status).view(template, { ...data, ...full });
}
