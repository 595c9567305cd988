// The queue of comments (by status, text and article), acting on one or many, and one comment's history.
import type { FastifyInstance } from "fastify";
import { ADMIN_PATHS } from "../shared/api-paths.ts";
import { normaliseArticlePath } from "../runtime/article-manifest.ts";
import { COMMENT_STATUSES, type CommentStatus, type ModerationAction } from "../store/store.ts";
import { type ModerationContext, sendPage } from "./context.ts";
import { ACTIONS, backTo, commentId, moderatorActor, text, texts } from "./form-input.ts";
import { HttpProblem } from "../runtime/requests.ts";
import { queuePageData } from "./pages.ts";

const PAGE_SIZE = 50;
/** A title search names at most this many articles to filter by. */
const TITLE_MATCHES = 500;

type Query = { Querystring: Record<string, string | undefined> };

export function queueRoutes(scope: FastifyInstance, { config, store, manifest, names }: ModerationContext): void {
  scope.get<Query>(ADMIN_PATHS.queue, async (request, reply) => {
    const query = request.query;
    const status = (query["trang-thai"] || "pending") as CommentStatus | "all";
    if (status !== "all" && !COMMENT_STATUSES.includes(status))
      throw new HttpProblem(400, "Trạng thái không có: chọn Chờ duyệt, Đã duyệt, Đã từ chối hoặc Tất cả.");
    const pageNumber = query.trang === undefined ? 1 : Number(query.trang);
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > 1_000_000)
      throw new HttpProblem(400, "Số trang phải là số nguyên dương.");
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
    return sendPage(
      request,
      reply,
      "queue.njk",
      { title: "Bình luận" },
      queuePageData({
        ...names,
        status,
        text: textQuery,
        article,
        page: pageNumber,
        pageSize: PAGE_SIZE,
        total: found.total,
        comments: found.comments,
        counts: await store.countByStatus(),
        self: request.url,
      }),
    );
  });

  scope.post(ADMIN_PATHS.act, { preHandler: scope.csrfProtection }, async (request, reply) => {
    const one = /^(approve|reject|delete):(\d{1,15})$/.exec(text(request.body, "one"));
    const action = (one ? one[1] : text(request.body, "action")) as ModerationAction;
    if (!ACTIONS.includes(action)) throw new HttpProblem(400, "Việc không có: chọn Duyệt, Từ chối hoặc Xóa.");
    const ids = one ? [Number(one[2])] : texts(request.body, "id").map(commentId);
    const back = text(request.body, "back");
    if (ids.length === 0) return reply.redirect(backTo(back, { xong: "none" }), 303);
    const actor = moderatorActor(request.moderatorName);
    let done = 0;
    if (action === "delete") done = await store.removeMany(ids, actor);
    else for (const id of ids) if (await store.setStatus(id, action, actor)) done++;
    return reply.redirect(backTo(back, { xong: action, so: String(done) }), 303);
  });

  scope.get<{ Params: { id: string } } & Query>(`${ADMIN_PATHS.act}/:id`, async (request, reply) => {
    const id = commentId(request.params.id);
    const [comment, history] = await Promise.all([store.get(id), store.history(id)]);
    if (!comment && history.length === 0) throw new HttpProblem(404, `Không có bình luận mã ${id}.`);
    return sendPage(request, reply, "comment.njk", { title: `Bình luận #${id}` }, { ...names, id, comment, history });
  });
}
