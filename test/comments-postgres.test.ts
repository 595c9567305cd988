// The endpoint as several instances behind a load balancer, on one real PostgreSQL: limits,
// sessions and what readers see hold across instances, and killing one loses no acknowledged comment.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { ARTICLE, CommentsServer, startServer } from "./helpers/comments-server.ts";
import { addModerator, ModeratorClient } from "./helpers/moderator-client.ts";
import type { PostgresServer } from "../scripts/local-postgres.ts";
import { postgresForRun } from "./helpers/shared-services.ts";

const SECRET = "bi-mat-chung-cua-moi-may-chu-0123456789";

let postgres: PostgresServer;
before(async () => (postgres = await postgresForRun()));
after(() => postgres?.stop());

/** Two instances of the endpoint on one new database, as behind a load balancer: two processes. */
async function pair(env: NodeJS.ProcessEnv = {}): Promise<{ a: CommentsServer; b: CommentsServer; url: string }> {
  const url = await postgres.createDatabase();
  const shared = { COMMENTS_DATABASE_URL: url, COMMENTS_FORM_SECRET: SECRET, ...env };
  const a = await startServer({ env: shared, process: true });
  const b = await startServer({ dir: a.dir, env: shared, process: true });
  return { a, b, url };
}

const send = (server: CommentsServer, body: string) => server.postJson({ article: ARTICLE, author: "Bạn đọc", body });

describe("two instances on one PostgreSQL", () => {
  let a: CommentsServer;
  let b: CommentsServer;
  before(async () => ({ a, b } = await pair({ COMMENTS_RATE_LIMIT: "4", COMMENTS_ADMIN_MAX_FAILURES: "3" })));
  after(async () => {
    await a?.stop();
    await b?.stop();
  });

  test("the comment rate limit counts posts to both: the fifth is refused by either", async () => {
    const statuses = [];
    for (const [index, server] of [a, b, a, b, a, b].entries())
      statuses.push((await send(server, `Bình luận số ${index} gửi qua hai máy.`)).status);
    assert.deepEqual(statuses, [201, 201, 201, 201, 429, 429]);
  });

  test("a moderator signed in on one is signed in on the other, and its forms work there", async () => {
    await addModerator(a);
    const onA = new ModeratorClient(a);
    const queue = await onA.signIn();
    assert.equal(queue.$("h1").text(), "Bình luận");
    const id = Number(queue.$("article.comment input[name=id]").first().val());
    const onB = new ModeratorClient(b);
    for (const [name, value] of onA.cookies) onB.cookies.set(name, value);
    const approved = await onB.post("/quan-tri/binh-luan", { _csrf: queue.csrf!, one: `approve:${id}` });
    assert.equal(approved.$('[role="status"]').text(), "Đã duyệt 1 bình luận.", "B took A's session and A's form");
    const readers = (await (await fetch(a.url(`/api/comments?article=${encodeURIComponent(ARTICLE)}`))).json()) as {
      id: number;
    }[];
    assert.ok(
      readers.some((comment) => comment.id === id),
      "approved on B, shown at once by A (its cache follows the database)",
    );
  });

  test("failed sign-ins on both count together", async () => {
    const guesses = [a, b, a].map((server) => new ModeratorClient(server).signIn("Ai Đó", "đoán-mật-khẩu-sai-rồi"));
    assert.deepEqual(
      (await Promise.all(guesses)).map((page) => page.status),
      [401, 401, 401],
    );
    assert.equal((await new ModeratorClient(b).signIn("Ai Đó", "đoán-lần-thứ-tư-xx")).status, 429);
  });
});

describe("an instance killed while readers post", () => {
  test("every comment either instance acknowledged is in the database; the other keeps taking them", async () => {
    const { a, b, url } = await pair();
    const acknowledged = new Map<number, string>();
    let afterKill = 0;
    let killed = false;
    let failedOnA = 0;
    try {
      const posts = Array.from({ length: 400 }, (_, index) => index);
      const worker = async () => {
        for (let next = posts.shift(); next !== undefined; next = posts.shift()) {
          const server = next % 2 === 0 ? a : b;
          const body = `Bình luận ${next} trong lúc một máy bị tắt.`;
          try {
            const response = await send(server, body);
            if (response.status !== 201) continue;
            acknowledged.set(((await response.json()) as { id: number }).id, body);
            if (killed && server === b) afterKill++;
          } catch {
            if (server === a) failedOnA++;
          }
          if (!killed && acknowledged.size >= 120) {
            killed = true;
            await a.stop("SIGKILL");
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      assert.ok(killed && failedOnA > 0, "instance A really died mid-way");
      assert.ok(afterKill > 50, `B went on taking comments (${afterKill})`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const rows = (await client.query<{ id: number; body: string }>("SELECT id, body FROM comments")).rows;
      await client.end();
      const stored = new Map(rows.map((row) => [row.id, row.body]));
      for (const [id, body] of acknowledged) assert.equal(stored.get(id), body, `comment #${id} was acknowledged`);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});

describe("moving a newsroom from SQLite to PostgreSQL", () => {
  test("copy-to moves comments, their history and the accounts; new comments number on; a second copy is refused", async () => {
    const old = await startServer();
    const ids: number[] = [];
    try {
      await addModerator(old);
      for (const body of ["Đã duyệt từ trước.", "Bị từ chối từ trước.", "Vẫn chờ duyệt."])
        ids.push(((await (await send(old, body)).json()) as { id: number }).id);
      assert.equal((await old.adminCli("approve", String(ids[0]))).code, 0);
      assert.equal((await old.adminCli("reject", String(ids[1]))).code, 0);
    } finally {
      await old.stop();
    }
    const url = await postgres.createDatabase();
    const copied = await old.adminCli("copy-to", url);
    assert.equal(copied.code, 0, copied.stderr);
    assert.match(copied.stdout, /Đã chép 3 bình luận, 2 dòng lịch sử duyệt và 1 tài khoản/);

    const moved = await startServer({
      dir: old.dir,
      env: { COMMENTS_DATABASE_URL: url, COMMENTS_FORM_SECRET: SECRET },
    });
    try {
      const shown = (await (await fetch(moved.url(`/api/comments?article=${encodeURIComponent(ARTICLE)}`))).json()) as {
        id: number;
        body: string;
      }[];
      assert.deepEqual(shown, [{ ...shown[0]!, id: ids[0]!, body: "Đã duyệt từ trước." }]);
      const lan = new ModeratorClient(moved);
      assert.equal((await lan.signIn()).$("h1").text(), "Bình luận", "the account and its password came along");
      const history = await lan.get(`/quan-tri/binh-luan/${ids[1]}`);
      assert.match(history.$("tbody").text(), /Lệnh quản trị trên máy chủTừ chối/);
      const next = (await (await send(moved, "Bình luận đầu tiên ở nơi mới.")).json()) as { id: number };
      assert.ok(next.id > Math.max(...ids), `a new comment is numbered after the copied ones (${next.id})`);
    } finally {
      await moved.stop();
    }
    const again = await old.adminCli("copy-to", url);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /chỉ chép vào cơ sở dữ liệu trống.*\[comments-admin\.copy-refused\]\n$/);
    const wrong = await old.adminCli("copy-to", "mysql://localhost/x");
    assert.match(wrong.stderr, /copy-to cần địa chỉ PostgreSQL đích/);
  });
});

describe("PostgreSQL settings", () => {
  test("mistakes stop the start with a message that says what to set", async () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ COMMENTS_DATABASE_URL: "mysql://localhost/x" }, /COMMENTS_DATABASE_URL phải có dạng postgres:\/\//],
      [
        { COMMENTS_DATABASE_URL: "postgres://toasoan@127.0.0.1:1/khong-co", COMMENTS_FORM_SECRET: "" },
        /đặt COMMENTS_FORM_SECRET giống nhau ở mọi máy/,
      ],
      [
        {
          COMMENTS_DATABASE_URL: `postgres://toasoan@127.0.0.1:${postgres.port}/khong_co_csdl`,
          COMMENTS_FORM_SECRET: SECRET,
        },
        /Không mở được cơ sở dữ liệu bình luận: .*khong_co_csdl/,
      ],
    ];
    for (const [env, message] of cases) {
      const server = new CommentsServer({ env });
      await assert.rejects(server.start(), message);
    }
  });
});
