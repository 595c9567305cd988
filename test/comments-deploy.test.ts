import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { serveStatic } from "./helpers/browser.ts";
import { ADMIN_TOKEN, ARTICLE_TITLE, startServer, withServer } from "./helpers/comments-server.ts";
import { articleFile, buildFixture, fixtureEnv, runScript, runCommand } from "./helpers/fixture-site.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const comment = (article: string) => ({ article, author: "Bạn đọc", body: "Bình luận về bài mới đăng." });

describe("the endpoint learns the published articles from the site itself", () => {
  test("a new article deployed after the endpoint started takes comments, with a bounded number of fetches", async () => {
    const first = articleFile({
      title: "Bài đã có",
      date: "2025-05-01 08:00",
      category: "Kinh tế",
      author: "Lê Văn Bình",
    });
    const { site, result } = await buildFixture({ "a.md": first });
    assert.equal(result.code, 0, result.stderr);
    const host = await serveStatic(site.outDir);
    const manifestUrl = `${host.origin}/comments-manifest.json`;
    const server = await startServer({
      env: { COMMENTS_MANIFEST: manifestUrl, COMMENTS_MANIFEST_MIN_GAP_S: "1", COMMENTS_MANIFEST_REFRESH_S: "3600" },
    });
    try {
      assert.equal((await server.postJson(comment("/2025/05/01/bai-da-co/"))).status, 201);

      // Publish: a new article, built into the folder the site is served from.
      writeFileSync(
        path.join(site.articlesDir, "b.md"),
        articleFile({ title: "Bài mới đăng", date: "2025-05-02 08:00", category: "Kinh tế", author: "Lê Văn Bình" }),
      );
      const rebuilt = await runCommand("build", ["--output", site.outDir, "--quiet"], fixtureEnv(site));
      assert.equal(rebuilt.code, 0, rebuilt.stderr);
      await sleep(1100);
      const fetchesBefore = host.requests.filter((request) => request.path === "/comments-manifest.json").length;
      assert.equal(
        (await server.postJson(comment("/2025/05/02/bai-moi-dang/"))).status,
        201,
        "the new article is learnt on first use",
      );

      // A flood of posts to articles that do not exist cannot make the endpoint fetch in a loop.
      const statuses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          server.postJson(comment(`/2025/05/02/khong-co-${i}/`)).then((response) => response.status),
        ),
      );
      assert.deepEqual(new Set(statuses), new Set([404]));
      const afterFlood = host.requests.filter((request) => request.path === "/comments-manifest.json").length;
      assert.ok(afterFlood - fetchesBefore <= 2, `${afterFlood - fetchesBefore} fetches for 51 posts`);

      // Later look-ups are conditional: an unchanged manifest is not downloaded again.
      await sleep(1100);
      assert.equal((await server.postJson(comment("/2025/05/02/van-khong-co/"))).status, 404);
      const manifestRequests = host.requests.filter((request) => request.path === "/comments-manifest.json");
      assert.ok(
        manifestRequests.slice(1).every((request) => request.ifNoneMatch),
        "later fetches send If-None-Match",
      );
      assert.equal(manifestRequests.at(-1)?.status, 304);

      // The site goes down: the endpoint keeps the last list it had.
      await host.close();
      await sleep(1100);
      assert.equal((await server.postJson(comment("/2025/05/02/bai-moi-dang/"))).status, 201);
    } finally {
      await server.stop();
      await host.close().catch(() => undefined);
    }
  });

  test("a manifest address that is neither a file nor an http(s) URL stops the endpoint, with the reason", async () => {
    await assert.rejects(
      startServer({ env: { COMMENTS_MANIFEST: "ftp://bao.example/comments-manifest.json" } }),
      /COMMENTS_MANIFEST="ftp:\/\/bao\.example\/comments-manifest\.json" phải là đường dẫn tệp hoặc địa chỉ http\(s\)/,
    );
  });

  test("a local manifest caught half-written keeps the previous list", async () => {
    await withServer({}, async (server) => {
      const manifest = server.env.COMMENTS_MANIFEST!;
      assert.equal((await server.postJson(comment("/2025/05/04/dak-lak-day-manh-chuyen-doi-so/"))).status, 201);
      writeFileSync(manifest, '{"generated_at": "2025-05-05", "articles": ["/2025/05/04/dak-lak');
      await sleep(2100);
      assert.equal((await server.postJson(comment("/2025/05/04/dak-lak-day-manh-chuyen-doi-so/"))).status, 201);
    });
  });
});

describe("the workflow publishes the site even when the comments endpoint is down", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "toasoan-most-read-"));
  const fetchComments = (env: NodeJS.ProcessEnv) =>
    runScript("scripts/fetch-comments.ts", [], {
      GITHUB_ACTIONS: "true",
      COMMENTS_FETCH_TIMEOUT_MS: "3000",
      TOASOAN_MOST_READ: path.join(scratch, "most-read.json"),
      ...env,
    });
  const previous = JSON.stringify({
    generated_at: "2025-05-01T00:00:00Z",
    comments: {
      "/2025/05/01/a/": [{ id: 1, author: "A", body: "Bình luận cũ.", created_at: "2025-05-01T01:00:00.000Z" }],
    },
  });

  test("an endpoint that cannot be reached, or answers something that is not an export, leaves the last export in place", async () => {
    const target = path.join(mkdtempSync(path.join(tmpdir(), "toasoan-fetch-")), "approved.json");
    writeFileSync(target, previous);
    const mostRead = path.join(path.dirname(target), "most-read.json");
    const previousLists = JSON.stringify({
      generated_at: "2025-05-01T00:00:00Z",
      site: { day: [{ url: "/2025/05/01/a/", title: "A", views: 3 }], week: [] },
      categories: {},
    });
    writeFileSync(mostRead, previousLists);
    const down = await fetchComments({
      COMMENTS_URL: "http://127.0.0.1:9",
      COMMENTS_ADMIN_TOKEN: ADMIN_TOKEN,
      TOASOAN_COMMENTS: target,
      TOASOAN_MOST_READ: mostRead,
    });
    assert.equal(down.code, 0);
    assert.match(
      down.stderr,
      /^::warning title=Bình luận::Không tải được bình luận đã duyệt: http:\/\/127\.0\.0\.1:9\/api\/comments\/export: .* — giữ bản đã tải lần trước/,
    );
    assert.equal(readFileSync(target, "utf8"), previous);
    assert.match(down.stderr, /Không tải được danh sách Đọc nhiều: .* — giữ bản đã tải lần trước/);
    assert.equal(readFileSync(mostRead, "utf8"), previousLists);

    const garbage = createServer((_request, response) => response.end("<html>502 Bad Gateway</html>"));
    await new Promise<void>((resolve) => garbage.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`;
      const broken = await fetchComments({
        COMMENTS_URL: url,
        COMMENTS_ADMIN_TOKEN: ADMIN_TOKEN,
        TOASOAN_COMMENTS: target,
        TOASOAN_MOST_READ: mostRead,
      });
      assert.equal(broken.code, 0);
      assert.match(broken.stderr, /không phải tệp xuất bình luận hợp lệ — không đọc được JSON/);
      assert.match(broken.stderr, /không phải tệp Đọc nhiều hợp lệ — không đọc được JSON/);
      assert.equal(readFileSync(target, "utf8"), previous);
      assert.equal(readFileSync(mostRead, "utf8"), previousLists);
    } finally {
      garbage.close();
    }
    const none = path.join(path.dirname(target), "none.json");
    const first = await fetchComments({
      COMMENTS_URL: "http://127.0.0.1:9",
      COMMENTS_ADMIN_TOKEN: ADMIN_TOKEN,
      TOASOAN_COMMENTS: none,
    });
    assert.equal(first.code, 0);
    assert.match(first.stderr, /chưa có bản nào/);
    assert.ok(!existsSync(none));
  });

  test("a reachable endpoint replaces the export with the approved comments, and Đọc nhiều with its lists", async () => {
    await withServer({}, async (server) => {
      const posted = await server.postJson({
        article: "/2025/05/04/dak-lak-day-manh-chuyen-doi-so/",
        author: "Bạn đọc",
        body: "Một bình luận được duyệt.",
      });
      const { id } = (await posted.json()) as { id: number };
      assert.equal((await server.admin("POST", `/api/admin/comments/${id}/approve`)).status, 200);
      const view = await fetch(server.url("/api/views"), {
        method: "POST",
        headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0" },
        body: new URLSearchParams({ article: "/2025/05/04/dak-lak-day-manh-chuyen-doi-so/" }),
      });
      assert.equal(view.status, 204);
      await server.app.viewCounter.flush();
      const target = path.join(server.dir, "fetched.json");
      const mostRead = path.join(server.dir, "most-read.json");
      const fetched = await fetchComments({
        COMMENTS_URL: server.baseUrl,
        COMMENTS_ADMIN_TOKEN: ADMIN_TOKEN,
        TOASOAN_COMMENTS: target,
        TOASOAN_MOST_READ: mostRead,
      });
      assert.equal(fetched.code, 0, fetched.stderr);
      const approved = JSON.parse(readFileSync(target, "utf8")) as { comments: Record<string, { body: string }[]> };
      assert.deepEqual(
        approved.comments["/2025/05/04/dak-lak-day-manh-chuyen-doi-so/"]?.map((item) => item.body),
        ["Một bình luận được duyệt."],
      );
      const lists = JSON.parse(readFileSync(mostRead, "utf8")) as { site: { day: { url: string; views: number }[] } };
      assert.deepEqual(lists.site.day, [
        { url: "/2025/05/04/dak-lak-day-manh-chuyen-doi-so/", title: ARTICLE_TITLE, views: 1 },
      ]);
    });
  });
});
