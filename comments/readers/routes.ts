// The readers' routes: a form token, a comment posted (JSON from the page's script, or the form
// without JavaScript), and an article's approved comments.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type {} from "@fastify/view";
import { COMMENTS_API } from "../shared/api-paths.ts";
import {
  checkComment,
  COMMENT_MESSAGES,
  COMMENTS_SECTION_ID,
  FORM_TOKEN_FIELD,
  noticeIdFor,
  PENDING_NOTICE_ID,
  PUBLISHED_NOTICE_ID,
} from "../shared/rules.ts";
import type { ArticleList } from "../runtime/article-manifest.ts";
import type { CommentsConfig } from "../runtime/config.ts";
import type { Notifier } from "../runtime/notify.ts";
import { HttpProblem, isFormPost, requestedArticle } from "../runtime/requests.ts";
import { anonymiseIp } from "../store/client-ip.ts";
import type { CommentStore } from "../store/store.ts";
import { ApprovedListCache } from "./approved-cache.ts";
import { FormTokens } from "./form-token.ts";
import { BannedWords, DUPLICATE_REFUSAL, type SpamRefusal, spamRefusal } from "./spam.ts";

export interface ReaderRouteParts {
  config: CommentsConfig;
  store: CommentStore;
  manifest: ArticleList;
  notifier?: Notifier;
  /** Where a form post goes back to: the page's own origin when it is an allowed one. */
  siteOrigin: (request: FastifyRequest) => string;
}

export function readerRoutes(
  app: FastifyInstance,
  { config, store, manifest, notifier, siteOrigin }: ReaderRouteParts,
): void {
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
        return reply.view("confirm.njk", {
          // Relative: the page is this endpoint's own answer, wherever the endpoint is mounted.
          action: COMMENTS_API.comments,
          article: articlePath,
          author: comment.author,
          body: comment.body,
          tokenField: FORM_TOKEN_FIELD,
          token: formTokens.issue(),
          message,
          backUrl: `${siteOrigin(request)}${articlePath}#${COMMENTS_SECTION_ID}`,
        });
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
}
