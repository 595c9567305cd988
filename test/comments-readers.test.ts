// Readers' rights: a reader asks to see, take or erase their comments; rejected comments are not
// kept for ever. Driven through the real admin CLI and the real server over HTTP.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { SqliteDatabase } from "../comments/store/sqlite-database.ts";
import { CommentStore } from "../comments/store/store.ts";
import { ARTICLE, type CommentsServer, OTHER_ARTICLE, startServer } from "./helpers/comments-server.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const AN = "Nguyễn Văn An";
/** The same name typed another way: decomposed accents, other case, extra spaces. */
const AN_TYPED_ELSEWHERE = "  nguyê\u0303n   VĂN an ".normalize("NFD");

async function post(server: CommentsServer, author: string, body: string, ip: string, article = ARTICLE) {
  const response = await server.postJson({ article, author, body }, { "X-Forwarded-For": ip });
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as { id: number }).id;
}

const idsIn = (output: string) =>
  [...output.matchAll(/#(\d+) \[/g)].map((match) => Number(match[1])).sort((a, b) => a - b);

describe("a reader's comments: found by name and network, exported, erased", () => {
  let server: CommentsServer;
  const ids: Record<string, number> = {};

  before(async () => {
    server = await startServer({ env: { COMMENTS_TRUST_PROXY: "127.0.0.1" } });
    ids.an1 = await post(server, AN, "Bài viết rất hay, cảm ơn tòa soạn.", "203.0.113.7");
    ids.an2 = await post(server, AN, "Xin hỏi thêm về thủ tục.", "203.0.113.7", OTHER_ARTICLE);
    ids.anElsewhere = await post(server, AN_TYPED_ELSEWHERE, "Tôi viết từ cơ quan.", "198.51.100.9");
    ids.binh = await post(server, "Trần Bình", "Đồng ý với ý kiến trên.", "203.0.113.50");
    ids.chi = await post(server, "Lê Chi", "Bình luận từ mạng IPv6.", "2001:db8:1:2::5");
    assert.equal((await server.admin("POST", `/api/admin/comments/${ids.an1}/approve`)).status, 200);
  });
  after(() => server?.stop());

  test("by name: every comment signed with it, however it was typed", async () => {
    const found = await server.adminCli("reader", "find", "--author", AN);
    assert.equal(found.code, 0, found.stderr);
    assert.deepEqual(
      idsIn(found.stdout),
      [ids.an1!, ids.an2!, ids.anElsewhere!].sort((a, b) => a - b),
    );
  });

  test("by name and network, or by network alone (an address or its stored prefix)", async () => {
    const both = await server.adminCli("reader", "find", "--author", AN, "--network", "203.0.113.99");
    assert.deepEqual(idsIn(both.stdout), [ids.an1!, ids.an2!]);
    const prefix = await server.adminCli("reader", "find", "--network", "203.0.113.0/24");
    assert.deepEqual(idsIn(prefix.stdout), [ids.an1!, ids.an2!, ids.binh!]);
    const ipv6 = await server.adminCli("reader", "find", "--network", "2001:db8:1:ffff::1");
    assert.deepEqual(idsIn(ipv6.stdout), [ids.chi!]);
    const nobody = await server.adminCli("reader", "find", "--author", "Không Ai");
    assert.equal(nobody.code, 0);
    assert.match(nobody.stdout, /Không có bình luận nào của tên "Không Ai"/);
  });

  test("export: a JSON file with the reader's comments, their articles, statuses and networks", async () => {
    const file = path.join(server.dir, "ban-sao-cho-ban-doc.json");
    const exported = await server.adminCli("reader", "export", "--author", AN, "--out", file);
    assert.equal(exported.code, 0, exported.stderr);
    const data = JSON.parse(readFileSync(file, "utf8")) as {
      comments: { id: number; article: string; body: string; status: string; network: string }[];
    };
    assert.deepEqual(
      data.comments.map((comment) => [comment.id, comment.article, comment.status, comment.network]),
      [
        [ids.an1, ARTICLE, "approved", "203.0.113.0/24"],
        [ids.an2, OTHER_ARTICLE, "pending", "203.0.113.0/24"],
        [ids.anElsewhere, ARTICLE, "pending", "198.51.100.0/24"],
      ],
    );
    assert.equal(data.comments[0]!.body, "Bài viết rất hay, cảm ơn tòa soạn.");
  });

  test("mistakes are refused: no name or network, a network that is not one, a missing action or file", async () => {
    const cases: [string[], RegExp, string][] = [
      [
        ["reader", "find"],
        /Cần tên người bình luận \(--author\) hoặc địa chỉ mạng \(--network\)/,
        "comments.reader-query",
      ],
      [["reader", "find", "--author", "   "], /Cần tên người bình luận/, "comments.reader-query"],
      [["reader", "find", "--network", "mạng-nhà-tôi"], /không phải địa chỉ IP hay dải mạng/, "comments.reader-query"],
      [["reader", "export", "--author", AN], /reader export cần --out/, "comments-admin.usage"],
      [["reader", "--author", AN], /reader cần một việc: find, export hoặc delete/, "comments-admin.usage"],
      [["purge-rejected", "--days=-3"], /--days phải là số ngày/, "comments-admin.usage"],
    ];
    for (const [args, message, code] of cases) {
      const result = await server.adminCli(...args);
      assert.equal(result.code, 1, args.join(" "));
      assert.match(result.stderr, message, args.join(" "));
      assert.ok(result.stderr.trimEnd().endsWith(`[${code}]`), `${args.join(" ")}: ${result.stderr}`);
      assert.equal(result.stderr.trimEnd().split("\n").length, 1, "one line");
    }
  });

  test("delete asks for --yes, then erases them everywhere: database, export, the live page", async () => {
    const unconfirmed = await server.adminCli("reader", "delete", "--author", AN);
    assert.equal(unconfirmed.code, 1);
    assert.match(unconfirmed.stderr, /Sẽ xóa hẳn 3 bình luận .* --yes/);
    assert.equal(idsIn((await server.adminCli("reader", "find", "--author", AN)).stdout).length, 3, "nothing deleted");

    const deleted = await server.adminCli("reader", "delete", "--author", AN, "--yes");
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /Đã xóa 3 bình luận/);
    assert.match((await server.adminCli("reader", "find", "--author", AN)).stdout, /Không có bình luận nào/);
    const exported = JSON.parse(readFileSync(server.env.COMMENTS_EXPORT!, "utf8")) as {
      comments: Record<string, unknown[]>;
    };
    assert.deepEqual(exported.comments, {}, "the approved export no longer holds the reader's comment");
    const live = await fetch(server.url(`/api/comments?article=${encodeURIComponent(ARTICLE)}`));
    assert.deepEqual(await live.json(), []);
    const others = await server.adminCli("reader", "find", "--network", "203.0.113.0/24");
    assert.deepEqual(idsIn(others.stdout), [ids.binh!], "another reader on the same network keeps theirs");
  });
});

describe("retention: rejected comments are deleted after COMMENTS_REJECTED_RETENTION_DAYS", () => {
  /** A comment rejected `days` ago, written straight into the stopped endpoint's database. */
  async function rejectedAgo(store: CommentStore, author: string, body: string, days: number): Promise<number> {
    const { id } = await store.add({ article: ARTICLE, author, body }, null);
    await store.setStatus(id, "reject", "test", new Date(Date.now() - days * DAY_MS));
    return id;
  }

  test("at start the endpoint deletes those rejected longer ago than the setting, and keeps the rest", async () => {
    const seed = await startServer();
    await seed.stop();
    const store = await CommentStore.open(new SqliteDatabase(seed.env.COMMENTS_DB!));
    await rejectedAgo(store, "Cũ", "Thư rác cũ.", 40);
    const recent = await rejectedAgo(store, "Mới", "Thư rác mới.", 10);
    const waiting = (await store.add({ article: ARTICLE, author: "Chờ", body: "Chờ duyệt từ lâu." }, null, new Date(0)))
      .id;
    await store.close();

    const server = await startServer({ dir: seed.dir, env: { COMMENTS_REJECTED_RETENTION_DAYS: "30" } });
    try {
      assert.match(server.output, /Đã xóa 1 bình luận bị từ chối quá 30 ngày/);
      assert.deepEqual(idsIn((await server.adminCli("list", "--status", "rejected")).stdout), [recent]);
      assert.deepEqual(
        idsIn((await server.adminCli("list", "--status", "pending")).stdout),
        [waiting],
        "only rejected ones go",
      );
      const purge = await server.adminCli("purge-rejected", "--days", "5");
      assert.match(purge.stdout, /Đã xóa 1 bình luận bị từ chối quá 5 ngày/);
      assert.deepEqual(idsIn((await server.adminCli("list", "--status", "rejected")).stdout), []);
    } finally {
      await server.stop();
    }
  });

  test("0 keeps rejected comments for ever", async () => {
    const seed = await startServer();
    await seed.stop();
    const store = await CommentStore.open(new SqliteDatabase(seed.env.COMMENTS_DB!));
    const old = await rejectedAgo(store, "Cũ", "Thư rác cũ.", 4000);
    await store.close();
    const server = await startServer({ dir: seed.dir, env: { COMMENTS_REJECTED_RETENTION_DAYS: "0" } });
    try {
      assert.deepEqual(idsIn((await server.adminCli("list", "--status", "rejected")).stdout), [old]);
    } finally {
      await server.stop();
    }
  });
});
