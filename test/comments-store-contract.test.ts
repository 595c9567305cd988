// The comment store's contract, run against both stores: SQLite (the default) and a real
// PostgreSQL server started for the test. The endpoint relies on nothing else.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { PostgresDatabase } from "../comments/store/postgres-database.ts";
import { SqliteDatabase } from "../comments/store/sqlite-database.ts";
import { CommentStore } from "../comments/store/store.ts";
import type { PostgresServer } from "../scripts/local-postgres.ts";
import { postgresForRun } from "./helpers/shared-services.ts";
import { waitUntil } from "./helpers/wait.ts";

const ARTICLE = "/2025/05/04/bai-a/";
const OTHER = "/2025/05/03/bai-b/";
const NETWORK = "203.0.113.0/24";
const HOUR = 3_600_000;

let postgres: PostgresServer;
before(async () => (postgres = await postgresForRun()));
after(() => postgres?.stop());

const kinds: [string, () => Promise<CommentStore>][] = [
  [
    "SQLite",
    () =>
      CommentStore.open(new SqliteDatabase(path.join(mkdtempSync(path.join(tmpdir(), "toasoan-store-")), "c.sqlite"))),
  ],
  ["PostgreSQL", async () => CommentStore.open(new PostgresDatabase(await postgres.createDatabase()))],
];

for (const [kind, open] of kinds) {
  describe(`the comment store on ${kind}`, () => {
    let store: CommentStore;
    before(async () => (store = await open()));
    after(() => store?.close());

    test("keeps what it is given, exactly, and gives ids in order", async () => {
      const text = `Xin chào "bạn" & <b>mọi người</b>; 'trích' \\ %_ 😀\nDòng hai.`;
      const first = await store.add({ article: ARTICLE, author: "Lê Thị Hồng", body: text }, NETWORK);
      const second = await store.add({ article: ARTICLE, author: "Hai", body: "Bình luận thứ hai." }, null);
      assert.ok(second.id > first.id);
      assert.deepEqual(await store.get(first.id), { ...first });
      assert.equal(first.body, text);
      assert.equal(first.status, "pending");
      assert.equal(first.ip_prefix, NETWORK);
      assert.equal(second.ip_prefix, null);
      assert.deepEqual(await store.approvedFor(ARTICLE), [], "pending comments are not shown");
      assert.equal(await store.get(999_999), undefined);
    });

    test("approving changes what readers see and the readers' version; a new pending comment does not", async () => {
      const version = await store.readersVersion();
      const comment = await store.add({ article: OTHER, author: "Ba", body: "Chờ duyệt đã." }, NETWORK);
      assert.equal(
        await store.readersVersion(),
        version,
        "a comment waiting for moderation changes nothing readers see",
      );
      const approved = await store.setStatus(comment.id, "approve", "moderator:Lan");
      assert.equal(approved?.status, "approved");
      assert.notEqual(await store.readersVersion(), version);
      assert.deepEqual(
        (await store.approvedFor(OTHER)).map((item) => item.body),
        ["Chờ duyệt đã."],
      );
      assert.equal(await store.setStatus(999_999, "approve", "moderator:Lan"), undefined);
      const trusted = await store.add(
        { article: OTHER, author: "Bốn", body: "Hiện ngay." },
        NETWORK,
        new Date(),
        "approved",
      );
      assert.equal(trusted.status, "approved");
      assert.equal((await store.approvedFor(OTHER)).length, 2);
    });

    test("every action is in the history, which outlives the comment", async () => {
      const comment = await store.add({ article: ARTICLE, author: "Năm", body: "Sẽ bị xóa." }, null);
      await store.setStatus(comment.id, "reject", "api", new Date("2026-01-01T00:00:00Z"));
      await store.setStatus(comment.id, "approve", "moderator:Lan", new Date("2026-01-02T00:00:00Z"));
      assert.equal(await store.remove(comment.id, "cli", new Date("2026-01-03T00:00:00Z")), true);
      assert.equal(await store.remove(comment.id, "cli"), false, "gone already");
      assert.deepEqual(await store.history(comment.id), [
        { comment_id: comment.id, actor: "api", action: "reject", at: "2026-01-01T00:00:00.000Z" },
        { comment_id: comment.id, actor: "moderator:Lan", action: "approve", at: "2026-01-02T00:00:00.000Z" },
        { comment_id: comment.id, actor: "cli", action: "delete", at: "2026-01-03T00:00:00.000Z" },
      ]);
    });

    test("the queue: newest first, by state, by words without accents or case, by article, in pages", async () => {
      const ids: number[] = [];
      for (const body of ["Cà phê ĐẮK LẮK", "Hồ tiêu Đắk Nông", "Sầu riêng", "100% tự nhiên_"])
        ids.push((await store.add({ article: ARTICLE, author: "Sáu", body }, null)).id);
      const pendingHere = await store.search({ status: "pending", articles: [ARTICLE], limit: 100, offset: 0 });
      assert.deepEqual(
        pendingHere.comments.slice(0, 4).map((comment) => comment.id),
        [...ids].reverse(),
      );
      assert.deepEqual(
        (await store.search({ text: "dak lak", limit: 10, offset: 0 })).comments.map((comment) => comment.id),
        [ids[0]],
      );
      assert.deepEqual(
        (await store.search({ text: "đắk", articles: [ARTICLE], limit: 10, offset: 0 })).comments.map((c) => c.id),
        [ids[1], ids[0]],
      );
      assert.equal((await store.search({ text: "100%", limit: 10, offset: 0 })).total, 1, "% is a letter");
      assert.equal((await store.search({ text: "n_", limit: 10, offset: 0 })).total, 1, "_ is a letter");
      assert.equal((await store.search({ text: "sau", limit: 10, offset: 0 })).total, 4, "names are searched too");
      assert.equal((await store.search({ articles: [], limit: 10, offset: 0 })).total, 0);
      const page = await store.search({ articles: [ARTICLE], status: "pending", limit: 2, offset: 2 });
      assert.equal(page.comments.length, 2);
      assert.equal(page.total, pendingHere.total);
      const counts = await store.countByStatus();
      assert.equal(counts.pending + counts.approved + counts.rejected, (await store.list()).length);
    });

    test("readers' comments by name (as people type it) and network; duplicates and trust", async () => {
      await store.add({ article: ARTICLE, author: "Trần  Văn   Bảy", body: "Của Bảy ở mạng này." }, "198.51.100.0/24");
      await store.add({ article: OTHER, author: "trần văn bảy", body: "Của Bảy, mạng khác." }, "192.0.2.0/24");
      assert.equal((await store.findByReader({ author: "TRẦN VĂN BẢY" })).length, 2);
      assert.equal((await store.findByReader({ author: "Trần Văn Bảy", network: "198.51.100.77" })).length, 1);
      await assert.rejects(store.findByReader({}), /Cần tên người bình luận/);
      await assert.rejects(store.findByReader({ network: "không phải" }), /không phải địa chỉ IP/);

      const since = new Date(Date.now() - HOUR);
      const again = { article: ARTICLE, author: "Ai", body: "Của Bảy ở mạng này." };
      assert.equal(await store.addUnlessDuplicate(again, null, since), undefined, "same text on the same article");
      const elsewhere = { ...again, article: "/khac/" };
      assert.equal(
        await store.addUnlessDuplicate(elsewhere, "198.51.100.0/24", since),
        undefined,
        "from the same network",
      );
      const fresh = await store.addUnlessDuplicate(elsewhere, "10.0.0.0/24", since);
      assert.equal(fresh?.body, again.body, "another article from another network is no duplicate");
      const later = await store.addUnlessDuplicate(again, null, new Date(Date.now() + HOUR));
      assert.equal(later?.article, ARTICLE, "outside the window it is taken");
      const twins = await Promise.all(
        Array.from({ length: 20 }, () =>
          store.addUnlessDuplicate({ article: OTHER, author: "Đôi", body: "Gửi hai mươi lần cùng lúc." }, null, since),
        ),
      );
      assert.equal(twins.filter(Boolean).length, 1, "the same text posted twenty times at once is kept once");

      const net = "100.64.1.0/24";
      const mine = await store.add({ article: ARTICLE, author: "Tám", body: "Lần đầu." }, net);
      assert.equal(await store.isTrusted("Tám", net, 1), false);
      await store.setStatus(mine.id, "approve", "moderator:Lan");
      assert.equal(await store.isTrusted("tám", net, 1), true);
      assert.equal(await store.isTrusted("Tám", net, 0), false, "0 turns trust off");
      const bad = await store.add({ article: ARTICLE, author: "Tám", body: "Lần hai." }, net);
      await store.setStatus(bad.id, "reject", "moderator:Lan");
      assert.equal(await store.isTrusted("Tám", net, 1), false, "one rejected comment ends trust");
    });

    test("retention deletes only rejected comments older than the limit, and logs it", async () => {
      const old = await store.add({ article: ARTICLE, author: "Cũ", body: "Rác cũ." }, null);
      await store.setStatus(old.id, "reject", "api", new Date(Date.now() - 40 * 24 * HOUR));
      const recent = await store.add({ article: ARTICLE, author: "Mới", body: "Rác mới." }, null);
      await store.setStatus(recent.id, "reject", "api");
      assert.equal(await store.purgeRejected(new Date(Date.now() - 30 * 24 * HOUR), "retention"), 1);
      assert.equal(await store.get(old.id), undefined);
      assert.equal((await store.get(recent.id))?.status, "rejected");
      assert.equal((await store.history(old.id)).at(-1)?.actor, "retention");
    });

    test("the export groups approved comments by article, oldest first", async () => {
      const exported = await store.exportApproved();
      for (const [article, comments] of Object.entries(exported.comments)) {
        assert.deepEqual(comments, await store.approvedFor(article));
        assert.deepEqual(
          comments.map((comment) => comment.id),
          [...comments.map((comment) => comment.id)].sort((a, b) => a - b),
        );
      }
    });

    test("moderators, sessions and their end", async () => {
      assert.equal(await store.moderators.add("Lan", "scrypt$hash-1"), true);
      assert.equal(await store.moderators.add("Lan", "scrypt$hash-2"), false, "a name is taken once");
      assert.equal(await store.moderators.passwordHashOf("Lan"), "scrypt$hash-1");
      await store.sessions.start("phien-1", "Lan", new Date(Date.now() + HOUR));
      await store.sessions.start("phien-cu", "Lan", new Date(Date.now() - 1));
      assert.equal(await store.sessions.moderatorOf("phien-1"), "Lan");
      assert.equal(await store.sessions.moderatorOf("phien-cu"), undefined, "an expired session is over");
      assert.equal(await store.sessions.moderatorOf("khong-co"), undefined);
      await store.sessions.end("phien-1");
      assert.equal(await store.sessions.moderatorOf("phien-1"), undefined);
      await store.sessions.start("phien-2", "Lan", new Date(Date.now() + HOUR));
      assert.equal(await store.moderators.setPassword("Lan", "scrypt$hash-3"), true);
      assert.equal(await store.sessions.moderatorOf("phien-2"), undefined, "a new password ends sessions");
      await store.sessions.start("phien-3", "Lan", new Date(Date.now() + HOUR));
      assert.equal(await store.moderators.remove("Lan"), true);
      assert.equal(await store.sessions.moderatorOf("phien-3"), undefined, "so does removing the account");
      assert.deepEqual(await store.moderators.list(), []);
      await assert.rejects(
        store.sessions.start("phien-4", "Không Có", new Date(Date.now() + HOUR)),
        "a session needs an account",
      );
    });

    test("counters count within their window and start again after it", async () => {
      const now = Date.now();
      assert.deepEqual(await store.counters.hit("k", 1000, now), { count: 1, resetAt: now + 1000 });
      assert.deepEqual(await store.counters.hit("k", 1000, now + 10), { count: 2, resetAt: now + 1000 });
      assert.deepEqual(await store.counters.peek("k", now + 20), { count: 2, resetAt: now + 1000 });
      assert.equal(await store.counters.peek("k", now + 1000), undefined);
      assert.deepEqual(await store.counters.hit("k", 1000, now + 1000), { count: 1, resetAt: now + 2000 });
      const many = await Promise.all(Array.from({ length: 20 }, () => store.counters.hit("dong-thoi", 60_000, now)));
      assert.deepEqual(
        many.map((state) => state.count).sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, index) => index + 1),
        "hits at the same moment are each counted once",
      );
      await store.sweep(new Date(now + 61_000));
      assert.equal(await store.counters.peek("dong-thoi", now), undefined, "expired counters are swept");
    });

    test("opening again migrates nothing twice; instances opening at once agree", async () => {
      const again = await Promise.all([open(), open()]);
      for (const other of again) {
        assert.equal(await other.schemaVersion(), CommentStore.schemaVersion);
        await other.close();
      }
    });
  });
}

describe("several instances on one PostgreSQL database", () => {
  test("start at once: the schema is migrated exactly once", async () => {
    const url = await postgres.createDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => CommentStore.open(new PostgresDatabase(url))));
    const rows = await stores[0]!.db.all<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
    assert.deepEqual(
      rows.map((row) => row.version),
      Array.from({ length: CommentStore.schemaVersion }, (_, index) => index + 1),
    );
    await Promise.all(stores.map((store) => store.close()));
  });

  test("the same comment posted to two instances at once is kept once", async () => {
    const url = await postgres.createDatabase();
    const stores = await Promise.all([
      CommentStore.open(new PostgresDatabase(url)),
      CommentStore.open(new PostgresDatabase(url)),
    ]);
    try {
      const since = new Date(Date.now() - HOUR);
      const attempts = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          stores[index % 2]!.addUnlessDuplicate(
            { article: ARTICLE, author: "Bot", body: "Mua ngay kẻo lỡ!" },
            null,
            since,
          ),
        ),
      );
      assert.equal(attempts.filter(Boolean).length, 1);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  test("an instance hears another's approvals; with its listening connection cut, it asks the database", async () => {
    const url = await postgres.createDatabase();
    const [a, b] = await Promise.all([
      CommentStore.open(new PostgresDatabase(url)),
      CommentStore.open(new PostgresDatabase(url)),
    ]);
    try {
      const comment = await b.add({ article: ARTICLE, author: "Chín", body: "Chờ duyệt ở máy B." }, null);
      const before = await a.readersVersion();
      await b.setStatus(comment.id, "approve", "moderator:Lan");
      await waitUntil(async () => (await a.readersVersion()) !== before, "A hears B's approval", 5000);

      // Cut A's listening connection from the server side, as a restart or a network fault would.
      await a.db.run(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()",
      );
      await waitUntil(async () => /^\d+:/.test(await a.readersVersion()), "A falls back to asking the database", 5000);
      const lost = await a.readersVersion();
      await b.setStatus(comment.id, "reject", "moderator:Lan");
      assert.notEqual(await a.readersVersion(), lost, "a change while A cannot hear is still seen at once");
      await waitUntil(async () => (await a.readersVersion()).startsWith("n"), "A listens again", 5000);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
