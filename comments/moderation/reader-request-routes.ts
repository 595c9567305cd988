// A reader's requests: their comments found by name and/or network, a copy to send them, and deletion.
import type { FastifyInstance } from "fastify";
import { ADMIN_PATHS } from "../shared/api-paths.ts";
import { EndpointMistake } from "../shared/mistakes.ts";
import { readersCopy } from "../store/store.ts";
import { type ModerationContext, sendPage } from "./context.ts";
import { moderatorActor, text } from "./form-input.ts";
import { HttpProblem } from "../runtime/requests.ts";
import { readersPageData } from "./pages.ts";

type Query = { Querystring: Record<string, string | undefined> };

export function readerRequestRoutes(scope: FastifyInstance, { store, names }: ModerationContext): void {
  /** A reader's comments by name and/or network, or why the search cannot be made. */
  async function readerComments(author: string, network: string) {
    try {
      return await store.findByReader({ author, network });
    } catch (error) {
      if (error instanceof EndpointMistake && error.code === "comments.reader-query")
        throw new HttpProblem(400, error.message.replace(/ \(--\w+\)/g, ""));
      throw error;
    }
  }

  scope.get<Query>(ADMIN_PATHS.readers, async (request, reply) => {
    const author = (request.query.author ?? "").normalize("NFC").trim();
    const network = (request.query.network ?? "").trim();
    const searched = author !== "" || network !== "";
    const found = searched ? await readerComments(author, network) : undefined;
    return sendPage(
      request,
      reply,
      "readers.njk",
      { title: "Yêu cầu của người đọc" },
      readersPageData({ ...names, author, network, found }),
    );
  });

  scope.get<Query>(ADMIN_PATHS.readerExport, async (request, reply) => {
    const author = (request.query.author ?? "").normalize("NFC").trim();
    const network = (request.query.network ?? "").trim();
    const copy = readersCopy({ author, network }, await readerComments(author, network));
    return reply
      .type("application/json; charset=utf-8")
      .header("Content-Disposition", 'attachment; filename="binh-luan-cua-nguoi-doc.json"')
      .send(`${JSON.stringify(copy, null, 2)}\n`);
  });

  scope.post(ADMIN_PATHS.readerDelete, { preHandler: scope.csrfProtection }, async (request, reply) => {
    const author = text(request.body, "author").trim();
    const network = text(request.body, "network").trim();
    if (text(request.body, "confirm") !== "yes")
      throw new HttpProblem(400, "Đánh dấu ô xác nhận rồi bấm Xóa: các bình luận bị xóa hẳn, không lấy lại được.");
    const found = await readerComments(author, network);
    const removed = await store.removeMany(
      found.map((comment) => comment.id),
      moderatorActor(request.moderatorName),
    );
    const query = new URLSearchParams({ author, network, xong: "delete", so: String(removed) });
    return reply.redirect(`${ADMIN_PATHS.readers}?${query}`, 303);
  });
}
