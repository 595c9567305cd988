// Approved lists are served from memory: a moderation decision, made over HTTP or by the admin CLI
// in another process on the same database, must still show on the very next read.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ARTICLE, type CommentsServer, startServer } from "./helpers/comments-server.ts";

describe("the approved-comments cache never serves a stale list", () => {
  let server: CommentsServer;
  const list = (headers: Record<string, string> = {}) =>
    fetch(server.url(`/api/comments?article=${encodeURIComponent(ARTICLE)}`), { headers });
  const authors = async (response: Response) =>
    ((await response.json()) as { author: string }[]).map((comment) => comment.author);

  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  test("an unchanged list answers 304 to the reader's ETag", async () => {
    const first = await list();
    assert.equal(first.status, 200);
    assert.deepEqual(await first.json(), []);
    const tag = first.headers.get("etag")!;
    assert.ok(tag);
    assert.equal((await list({ "If-None-Match": tag })).status, 304);
    assert.equal((await list()).headers.get("etag"), tag, "the same list, the same tag");
  });

  test("approved by the admin CLI in another process: shown on the next read, with a new ETag", async () => {
    const before = (await list()).headers.get("etag")!;
    const posted = (await (
      await server.postJson({ article: ARTICLE, author: "Lò Thị Mai", body: "Cảm ơn bài viết." })
    ).json()) as {
      id: number;
    };
    assert.deepEqual(await authors(await list()), [], "waiting for moderation");
    const approved = await server.adminCli("approve", String(posted.id));
    assert.equal(approved.code, 0, approved.stderr);
    const after = await list({ "If-None-Match": before });
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get("etag"), before);
    assert.deepEqual(await authors(after), ["Lò Thị Mai"]);
  });

  test("deleted over HTTP, and rejected by the CLI: gone on the next read", async () => {
    const second = (await (
      await server.postJson({ article: ARTICLE, author: "Quàng Văn Dũng", body: "Ý kiến thứ hai." })
    ).json()) as {
      id: number;
    };
    assert.equal((await server.admin("POST", `/api/admin/comments/${second.id}/approve`)).status, 200);
    assert.deepEqual(await authors(await list()), ["Lò Thị Mai", "Quàng Văn Dũng"]);
    const [mai] = (await (await list()).json()) as { id: number }[];
    assert.equal((await server.admin("DELETE", `/api/admin/comments/${mai!.id}`)).status, 204);
    assert.deepEqual(await authors(await list()), ["Quàng Văn Dũng"]);
    assert.equal((await server.adminCli("reject", String(second.id))).code, 0);
    assert.deepEqual(await authors(await list()), []);
  });
});
