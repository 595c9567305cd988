import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { loadCommentsConfig } from "../comments/runtime/config.ts";
import { EndpointMistake } from "../comments/shared/mistakes.ts";
import { COMMENT_MESSAGES } from "../comments/shared/rules.ts";
import { SqliteDatabase } from "../comments/store/sqlite-database.ts";
import { CommentStore } from "../comments/store/store.ts";
import { ARTICLE, CommentsServer, startServer, withServer } from "./helpers/comments-server.ts";
import { runScript } from "./helpers/fixture-site.ts";
import { waitUntil } from "./helpers/wait.ts";

const valid = (body = "Một bình luận hợp lệ.") => ({ article: ARTICLE, author: "Bạn đọc", body });

describe("rate limiting and proxies", () => {
  test("a token-guessing script is shut out after a few failures, and its network stays out even with the right token", async () => {
    await withServer({ COMMENTS_ADMIN_MAX_FAILURES: "10" }, async (server) => {
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++)
        statuses.push((await server.admin("GET", "/api/admin/comments", `doan-ma-thu-${i}-xxxxxxxx`)).status);
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
      assert.deepEqual(new Set(statuses.slice(10)), new Set([429]));
      const right = await server.admin("GET", "/api/admin/comments");
      assert.equal(right.status, 429);
      assert.match(right.headers.get("retry-after") ?? "", /^\d+$/);
      assert.match(((await right.json()) as { error: string }).error, /quản trị/);
    });
  });

  test("every admin request counts toward the admin limit before its token is checked", async () => {
    await withServer({ COMMENTS_ADMIN_RATE_LIMIT: "5", COMMENTS_ADMIN_MAX_FAILURES: "1000" }, async (server) => {
      for (let i = 0; i < 5; i++)
        assert.equal((await server.admin("GET", "/api/admin/comments", "sai-ma-sai-ma-sai-ma")).status, 401);
      const late = await server.admin("GET", "/api/admin/comments");
      assert.equal(late.status, 429, "the right token after five wrong ones is over the limit too");
      assert.match(late.headers.get("retry-after") ?? "", /^\d+$/);
    });
  });

  test("limits count an IPv6 host's whole /64, so rotating addresses inside it buys nothing", async () => {
    await withServer(
      { COMMENTS_RATE_LIMIT: "1", COMMENTS_TRUST_PROXY: "127.0.0.1", COMMENTS_ADMIN_MAX_FAILURES: "2" },
      async (server) => {
        const from = (address: string) => ({ "X-Forwarded-For": address });
        assert.equal((await server.postJson(valid(), from("2001:db8:abcd:12::1"))).status, 201);
        assert.equal((await server.postJson(valid(), from("2001:db8:abcd:12:ffff:ffff:ffff:fffe"))).status, 429);
        assert.equal(
          (await server.postJson(valid(), from("2001:db8:abcd:13::1"))).status,
          201,
          "the next /64 is another host",
        );
        assert.equal((await server.postJson(valid(), from("203.0.113.9"))).status, 201);
        assert.equal(
          (await server.postJson(valid(), from("203.0.113.10"))).status,
          201,
          "an IPv4 address is its own key",
        );
        for (const address of ["2001:db8:1:2::a", "2001:db8:1:2::b"]) {
          assert.equal(
            (await server.admin("GET", "/api/admin/comments", "sai-ma-sai-ma-sai-ma", from(address))).status,
            401,
          );
        }
        assert.equal(
          (await server.admin("GET", "/api/admin/comments", undefined, from("2001:db8:1:2::c"))).status,
          429,
        );
        assert.equal(
          (await server.admin("GET", "/api/admin/comments", undefined, from("2001:db8:1:3::c"))).status,
          200,
        );
      },
    );
  });

  test("too many posts from one address get 429 with Retry-After", async () => {
    await withServer({ COMMENTS_RATE_LIMIT: "3" }, async (server) => {
      for (let i = 0; i < 3; i++) assert.equal((await server.postJson(valid())).status, 201);
      const limited = await server.postJson(valid());
      assert.equal(limited.status, 429);
      assert.match(limited.headers.get("retry-after") ?? "", /^\d+$/);
      assert.equal(((await limited.json()) as { error: string }).error, COMMENT_MESSAGES.rateLimited);
      // Without a trusted proxy, X-Forwarded-For cannot buy a new address.
      assert.equal((await server.postJson(valid(), { "X-Forwarded-For": "203.0.113.9" })).status, 429);
      const form = await server.postForm(valid());
      assert.equal(form.status, 429);
      assert.match(await form.text(), /quá nhanh/);
    });
  });

  test("behind a trusted proxy the client address comes from X-Forwarded-For and is stored anonymised", async () => {
    await withServer({ COMMENTS_RATE_LIMIT: "1", COMMENTS_TRUST_PROXY: "127.0.0.1" }, async (server) => {
      assert.equal((await server.postJson(valid(), { "X-Forwarded-For": "203.0.113.9" })).status, 201);
      assert.equal((await server.postJson(valid(), { "X-Forwarded-For": "203.0.113.9" })).status, 429);
      assert.equal((await server.postJson(valid(), { "X-Forwarded-For": "2001:db8:abcd:12::1" })).status, 201);
      const stored = (await (await server.admin("GET", "/api/admin/comments")).json()) as { ip_prefix: string }[];
      assert.deepEqual(
        stored.map((item) => item.ip_prefix),
        ["203.0.113.0/24", "2001:db8:abcd::/48"],
      );
    });
  });
});

describe("development origins", () => {
  test("a loopback site origin is allowed under localhost and 127.0.0.1, and form posts go back to the page's own origin", async () => {
    await withServer({ COMMENTS_ORIGIN: "http://localhost:8080" }, async (server) => {
      for (const origin of ["http://localhost:8080", "http://127.0.0.1:8080"]) {
        const preflight = await fetch(server.url("/api/comments"), {
          method: "OPTIONS",
          headers: { Origin: origin, "Access-Control-Request-Method": "POST" },
        });
        assert.equal(preflight.headers.get("access-control-allow-origin"), origin);
      }
      const other = await fetch(server.url("/api/comments"), {
        method: "OPTIONS",
        headers: { Origin: "http://127.0.0.1:9999", "Access-Control-Request-Method": "POST" },
      });
      assert.equal(other.headers.get("access-control-allow-origin"), null);
      const form = await fetch(server.url("/api/comments"), {
        method: "POST",
        headers: { Origin: "http://127.0.0.1:8080" },
        body: new URLSearchParams(valid("Gửi từ 127.0.0.1.")),
        redirect: "manual",
      });
      assert.equal(form.headers.get("location"), `http://127.0.0.1:8080${ARTICLE}#binh-luan-cho-duyet`);
    });
  });
});

describe("configuration", () => {
  test("without COMMENTS_ADMIN_TOKEN, moderation over HTTP is refused but comments still work", async () => {
    await withServer({ COMMENTS_ADMIN_TOKEN: "" }, async (server) => {
      assert.match(server.output + "", /COMMENTS_ADMIN_TOKEN chưa đặt/);
      const response = await server.admin("GET", "/api/admin/comments", "anything-anything-anything");
      assert.equal(response.status, 503);
      assert.match(((await response.json()) as { error: string }).error, /COMMENTS_ADMIN_TOKEN/);
      assert.equal((await server.postJson(valid())).status, 201);
    });
  });

  test("every wrong variable is named with its value and what it must be, all at once; secrets never shown", () => {
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadCommentsConfig(env);
      } catch (error) {
        assert.ok(error instanceof EndpointMistake && error.code === "comments.config-invalid", String(error));
        return error.problems;
      }
      assert.fail("the configuration was accepted");
    };
    assert.deepEqual(
      problems({
        COMMENTS_ADMIN_TOKEN: "short-token",
        COMMENTS_PORT: "http",
        COMMENTS_TRUST_PROXY: "true",
        COMMENTS_ORIGIN: "baosonla.vn/trang",
        COMMENTS_RATE_LIMIT: "0",
        COMMENTS_DATABASE_URL: "mysql://toasoan:mat-khau-bi-mat@db/x",
      }),
      [
        'COMMENTS_PORT="http" phải là số nguyên từ 0 đến 65535',
        "COMMENTS_DATABASE_URL phải có dạng postgres://tên:mật-khẩu@máy-chủ:5432/cơ-sở-dữ-liệu",
        "COMMENTS_ADMIN_TOKEN phải dài ít nhất 16 ký tự (ví dụ tạo bằng: openssl rand -hex 32)",
        'COMMENTS_ORIGIN="baosonla.vn/trang" phải là một origin, ví dụ https://baosonla.vn',
        'COMMENTS_TRUST_PROXY="true" tin mọi X-Forwarded-For; hãy ghi địa chỉ proxy (ví dụ "127.0.0.1") hoặc số lớp proxy',
        'COMMENTS_RATE_LIMIT="0" phải là số nguyên từ 1 đến 1000000',
      ],
    );
    assert.deepEqual(problems({ COMMENTS_SESSION_HOURS: "1.5" }), [
      'COMMENTS_SESSION_HOURS="1.5" phải là số nguyên từ 1 đến 720',
    ]);
    assert.match(problems({ COMMENTS_DATABASE_URL: "postgres://db/x" })[0]!, /^COMMENTS_FORM_SECRET chưa đặt: /);
  });

  test("unset and empty variables take the defaults; proxies, hops and the log switch are read", () => {
    const defaults = loadCommentsConfig({ COMMENTS_PORT: "", COMMENTS_ORIGIN: "" });
    assert.equal(defaults.port, 8787);
    assert.equal(defaults.origin, "http://localhost:8080");
    assert.equal(defaults.trustProxy, false);
    assert.deepEqual(defaults.log, { level: "problems", slowMs: 1000 });
    assert.equal(defaults.manifest.source, "_site/comments-manifest.json");
    assert.equal(defaults.sessionMs, 12 * 3_600_000);
    const set = loadCommentsConfig({
      COMMENTS_ORIGIN: "https://baosonla.vn/",
      COMMENTS_TRUST_PROXY: "2",
      COMMENTS_LOG: "0",
      COMMENTS_ADMIN_FAILURE_WINDOW_S: "60",
    });
    assert.equal(set.origin, "https://baosonla.vn");
    assert.equal(set.trustProxy, 2);
    assert.equal(set.log.level, "off");
    assert.equal(set.adminFailures.windowMs, 60_000);
    assert.equal(
      loadCommentsConfig({ COMMENTS_TRUST_PROXY: "127.0.0.1, 10.0.0.0/8" }).trustProxy,
      "127.0.0.1, 10.0.0.0/8",
    );
  });

  test("a wrong setting stops the endpoint process from starting, with the reason and no stack trace", async () => {
    const started = await runScript("comments/main.ts", [], {
      ...new CommentsServer().env,
      COMMENTS_ADMIN_TOKEN: "short",
      COMMENTS_PORT: "http",
    });
    assert.equal(started.code, 1);
    assert.match(started.stderr, /COMMENTS_ADMIN_TOKEN phải dài ít nhất 16 ký tự/);
    assert.match(started.stderr, /COMMENTS_PORT="http" phải là số nguyên/);
    assert.doesNotMatch(started.stderr, /\n\s+at /);
  });
});

describe("durability", () => {
  test("SIGTERM shuts down gracefully and keeps every comment", async () => {
    const server = await startServer();
    const response = await server.postJson(valid("Trước khi dừng máy chủ."));
    assert.equal(response.status, 201);
    assert.equal(await server.stop("SIGTERM"), 0);
    await server.start();
    try {
      const stored = (await (await server.admin("GET", "/api/admin/comments")).json()) as { body: string }[];
      assert.deepEqual(
        stored.map((item) => item.body),
        ["Trước khi dừng máy chủ."],
      );
    } finally {
      await server.stop();
    }
  });

  test("every comment acknowledged with 201 survives a kill -9 in the middle of a burst", async () => {
    const server = await startServer({ process: true });
    const acknowledged = new Map<number, string>();
    let sent = 0;
    const worker = async () => {
      while (sent < 400) {
        const body = `Bình luận số ${++sent} trong loạt gửi đồng thời.`;
        try {
          const response = await server.postJson(valid(body));
          if (response.status === 201) acknowledged.set(((await response.json()) as { id: number }).id, body);
        } catch {
          return; // the server is gone
        }
      }
    };
    let finished = 0;
    const workers = Array.from({ length: 16 }, () => worker().finally(() => finished++));
    // A server that dies early must fail the test, not hang it.
    await waitUntil(() => acknowledged.size >= 60 || finished === workers.length, "60 acknowledged comments", 60_000);
    assert.ok(
      acknowledged.size >= 60,
      `the server stopped answering after ${acknowledged.size} comments:\n${server.output}`,
    );
    await server.stop("SIGKILL");
    await Promise.all(workers);
    assert.ok(acknowledged.size >= 60);

    await server.start();
    try {
      const stored = (await (await server.admin("GET", "/api/admin/comments")).json()) as {
        id: number;
        body: string;
      }[];
      const byId = new Map(stored.map((item) => [item.id, item.body]));
      for (const [id, body] of acknowledged)
        assert.equal(byId.get(id), body, `comment ${id} was acknowledged but lost`);
    } finally {
      await server.stop();
    }
  });

  test("an online backup taken while the server runs holds every comment", async () => {
    await withServer({}, async (server) => {
      for (const body of ["Bình luận một để sao lưu.", "Bình luận hai để sao lưu."])
        assert.equal((await server.postJson(valid(body))).status, 201);
      const target = `${server.dir}/backup/comments.sqlite`;
      const result = await server.adminCli("backup", target);
      assert.equal(result.code, 0, result.stderr);
      const copy = new Database(target, { readonly: true });
      assert.deepEqual(
        (copy.prepare("SELECT body FROM comments ORDER BY id").all() as { body: string }[]).map((row) => row.body),
        ["Bình luận một để sao lưu.", "Bình luận hai để sao lưu."],
      );
      copy.close();
    });
  });

  test("the schema is versioned, migrated once, and the database runs in WAL mode", async () => {
    const server = new CommentsServer();
    const file = server.env.COMMENTS_DB!;
    const store = await CommentStore.open(new SqliteDatabase(file));
    assert.equal(await store.schemaVersion(), CommentStore.schemaVersion);
    await store.close();
    const reopened = await CommentStore.open(new SqliteDatabase(file));
    assert.equal(await reopened.schemaVersion(), CommentStore.schemaVersion);
    await reopened.close();
    const raw = new Database(file, { readonly: true });
    assert.equal(raw.pragma("journal_mode", { simple: true }), "wal");
    assert.equal(
      (raw.prepare("SELECT COUNT(*) AS n FROM schema_migrations").get() as { n: number }).n,
      CommentStore.schemaVersion,
    );
    raw.close();
  });

  test("a database from the previous version keeps its comments and becomes searchable", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "toasoan-migrate-")), "old.sqlite");
    const old = new Database(file);
    // The schema as version 2 of the endpoint left it, with a comment in it.
    old.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
      INSERT INTO schema_migrations VALUES (1, '2026-01-01'), (2, '2026-01-01');
      CREATE TABLE comments (id INTEGER PRIMARY KEY AUTOINCREMENT, article TEXT NOT NULL, author TEXT NOT NULL,
        body TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending', created_at TEXT NOT NULL, updated_at TEXT NOT NULL, ip_prefix TEXT);
      INSERT INTO comments (article, author, body, status, created_at, updated_at)
        VALUES ('${ARTICLE}', 'Ông Đức', 'Cà phê Đắk Lắk ngon nhất.', 'approved', '2026-01-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z');`);
    old.close();
    const store = await CommentStore.open(new SqliteDatabase(file));
    try {
      assert.equal(await store.schemaVersion(), CommentStore.schemaVersion);
      assert.deepEqual(
        (await store.approvedFor(ARTICLE)).map((comment) => comment.author),
        ["Ông Đức"],
        "the old comment is still there",
      );
      const found = await store.search({ text: "dak lak", limit: 10, offset: 0 });
      assert.equal(found.total, 1, "written before the search column existed, found without accents");
    } finally {
      await store.close();
    }
  });
});
