// /quan-tri/doc-nhieu: each published article's views over 24 hours and 7 days, and the editors'
// choice to leave an article out of Đọc nhiều (an obituary, a court case) or put it back.
import type { FastifyInstance } from "fastify";
import { ADMIN_PATHS } from "../shared/api-paths.ts";
import { HttpProblem } from "../runtime/requests.ts";
import { type ModerationContext, sendPage } from "./context.ts";
import { moderatorActor, text } from "./form-input.ts";

/** The most-viewed articles the page lists (the excluded ones are listed too, whatever their views). */
const SHOWN = 200;

export function mostReadRoutes(scope: FastifyInstance, { store, manifest, mostRead, names }: ModerationContext): void {
  scope.get(ADMIN_PATHS.mostRead, async (request, reply) => {
    const [views, excluded] = await Promise.all([store.views.recent(), store.views.excluded()]);
    const counted = new Map(views.map((row) => [row.article, row]));
    const rows = views
      .filter((row) => manifest.knows(row.article))
      .sort((a, b) => b.week - a.week || b.day - a.day || (a.article < b.article ? -1 : 1))
      .slice(0, SHOWN);
    for (const article of excluded)
      if (manifest.knows(article) && !rows.some((row) => row.article === article))
        rows.push(counted.get(article) ?? { article, day: 0, week: 0 });
    return sendPage(
      request,
      reply,
      "most-read.njk",
      { title: "Đọc nhiều" },
      {
        ...names,
        rows: rows.map((row) => ({ ...row, title: names.titleOf(row.article), excluded: excluded.has(row.article) })),
      },
    );
  });

  scope.post(ADMIN_PATHS.mostRead, { preHandler: scope.csrfProtection }, async (request, reply) => {
    const article = text(request.body, "article");
    const action = text(request.body, "action");
    if (!manifest.knows(article)) throw new HttpProblem(404, "Không có bài viết đã đăng ở địa chỉ này.");
    if (action === "exclude") await store.views.exclude(article, moderatorActor(request.moderatorName));
    else if (action === "include") await store.views.include(article);
    else throw new HttpProblem(400, "Việc cần làm phải là bỏ khỏi hoặc đưa lại vào Đọc nhiều.");
    mostRead.forget();
    return reply.redirect(`${ADMIN_PATHS.mostRead}?xong=${action}`, 303);
  });
}
