import assert from "node:assert/strict";
import { readFileSync, utimesSync, writeFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { COMMENT_MESSAGES } from "../comments/shared/rules.ts";
import {
  ADMIN_TOKEN,
  ARTICLE,
  type CommentsServer,
  OTHER_ARTICLE,
  SITE_ORIGIN,
  startServer,
} from "./helpers/comments-server.ts";
import { waitUntil } from "./helpers/wait.ts";

let server: CommentsServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

const comment = (body: string, extra: Record<string, unknown> = {}) => ({
  article: ARTICLE,
  author: "Bạn đọc",
  body,
  ...extra,
});

async function expectProblem(response: Response, status: number, field: string | undefined, message?: string) {
  assert.equal(response.status, status);
  const answer = (await response.json()) as { error: string; field?: string };
  assert.equal(answer.field, field);
  assert.ok(answer.error.length > 0);
  if (message) assert.equal(answer.error, message);
}

async function approvedBodies(article = ARTICLE): Promise<string[]> {
  const response = await fetch(server.url(`/api/comments?article=${encodeURIComponent(article)}`));
  assert.equal(response.status, 200);
  return ((await response.json()) as { body: string }[]).map((item) => item.body);
}

async function postAndApprove(body: string): Promise<number> {
  const response = await server.postJson(comment(body));
  assert.equal(response.status, 201);
  const { id } = (await response.json()) as { id: number };
  assert.equal((await server.admin("POST", `/api/admin/comments/${id}/approve`)).status, 200);
  return id;
}

describe("posting a comment", () => {
  test("a valid comment is acknowledged as pending and not shown until approved", async () => {
    const response = await server.postJson(comment("Bài viết rất hữu ích, cảm ơn tòa soạn.", {}), {});
    assert.equal(response.status, 201);
    const answer = (await response.json()) as { id: number; status: string };
    assert.equal(answer.status, "pending");
    assert.ok(Number.isInteger(answer.id));
    assert.ok(!(await approvedBodies()).includes("Bài viết rất hữu ích, cảm ơn tòa soạn."));
    const pending = (await (await server.admin("GET", "/api/admin/comments?status=pending")).json()) as {
      id: number;
      ip_prefix: string;
    }[];
    const stored = pending.find((item) => item.id === answer.id);
    assert.equal(stored?.ip_prefix, "127.0.0.0/24", "the address is stored anonymised");
  });

  test("approved comments are listed oldest first with exactly id, author, body, created_at", async () => {
    const first = await postAndApprove("Bình luận thứ nhất.");
    const second = await postAndApprove("Bình luận thứ hai.");
    const response = await fetch(server.url(`/api/comments?article=${encodeURIComponent(ARTICLE)}`));
    const list = (await response.json()) as Record<string, unknown>[];
    const ids = list.map((item) => item.id);
    assert.ok(ids.indexOf(first) < ids.indexOf(second));
    assert.deepEqual(Object.keys(list[0]!).sort(), ["author", "body", "created_at", "id"]);
  });

  test("the list is cacheable with an ETag", async () => {
    await postAndApprove("Bình luận để thử ETag.");
    const url = server.url(`/api/comments?article=${encodeURIComponent(ARTICLE)}`);
    const first = await fetch(url);
    const tag = first.headers.get("etag");
    assert.ok(tag);
    assert.match(first.headers.get("cache-control") ?? "", /max-age/);
    const again = await fetch(url, { headers: { "If-None-Match": tag } });
    assert.equal(again.status, 304);
    await postAndApprove("Một bình luận mới làm đổi ETag.");
    const changed = await fetch(url, { headers: { "If-None-Match": tag } });
    assert.equal(changed.status, 200);
  });

  test("the article may be given without its trailing slash, or as a full URL on the site", async () => {
    assert.equal(
      (await server.postJson(comment("Không có dấu gạch chéo cuối.", { article: ARTICLE.slice(0, -1) }))).status,
      201,
    );
    assert.equal(
      (
        await server.postJson(
          comment("Địa chỉ đầy đủ của bài.", { article: `${SITE_ORIGIN}${ARTICLE}?utm=x#binh-luan` }),
        )
      ).status,
      201,
    );
    const pending = (await (await server.admin("GET", "/api/admin/comments?status=pending")).json()) as {
      article: string;
      body: string;
    }[];
    for (const body of ["Không có dấu gạch chéo cuối.", "Địa chỉ đầy đủ của bài."])
      assert.equal(pending.find((item) => item.body === body)?.article, ARTICLE);
  });

  test("comments of another article are not mixed in", async () => {
    await postAndApprove("Chỉ thuộc bài thứ nhất.");
    assert.ok(!(await approvedBodies(OTHER_ARTICLE)).includes("Chỉ thuộc bài thứ nhất."));
  });
});

describe("the length rule counts characters as a reader does", () => {
  test("4 characters are refused, 5 accepted", async () => {
    await expectProblem(await server.postJson(comment("abcd")), 422, "body", COMMENT_MESSAGES.tooShort);
    assert.equal((await server.postJson(comment("abcde"))).status, 201);
  });

  test("500 characters are accepted, 501 refused", async () => {
    assert.equal((await server.postJson(comment("a".repeat(500)))).status, 201);
    await expectProblem(await server.postJson(comment("a".repeat(501))), 422, "body", COMMENT_MESSAGES.tooLong);
  });

  test("decomposed Vietnamese counts as its composed letters and is stored in NFC", async () => {
    const decomposed = "ệ".repeat(500).normalize("NFD");
    assert.equal(decomposed.length, 1500);
    const id = await postAndApprove(decomposed);
    const stored = (await (await fetch(server.url(`/api/comments?article=${encodeURIComponent(ARTICLE)}`))).json()) as {
      id: number;
      body: string;
    }[];
    assert.equal(stored.find((item) => item.id === id)?.body, "ệ".repeat(500));
    await expectProblem(await server.postJson(comment("ệ".repeat(501).normalize("NFD"))), 422, "body");
    assert.equal(
      (await server.postJson(comment("Điện".normalize("NFD") + "ổ"))).status,
      201,
      "5 letters typed decomposed",
    );
  });

  test("an emoji with a skin tone is one character; surrounding spaces do not count", async () => {
    await expectProblem(await server.postJson(comment("👍🏽👍🏽👍🏽👍🏽")), 422, "body");
    await expectProblem(await server.postJson(comment("   abcd   \n")), 422, "body");
    assert.equal((await server.postJson(comment("👍🏽👍🏽👍🏽👍🏽👍🏽"))).status, 201);
  });

  test("the author is required and at most 60 characters", async () => {
    await expectProblem(
      await server.postJson(comment("Nội dung hợp lệ.", { author: "  " })),
      422,
      "author",
      COMMENT_MESSAGES.authorRequired,
    );
    await expectProblem(
      await server.postJson(comment("Nội dung hợp lệ.", { author: "a".repeat(61) })),
      422,
      "author",
      COMMENT_MESSAGES.authorTooLong,
    );
    assert.equal(
      (await server.postJson(comment("Nội dung hợp lệ.", { author: "ă".repeat(60).normalize("NFD") }))).status,
      201,
    );
  });
});

describe("hostile and malformed input", () => {
  test("HTML and script payloads are kept as plain text, exactly", async () => {
    const payload = `<img src=x onerror=alert(1)><script>alert("x")</script> & "q"`;
    const id = await postAndApprove(payload);
    const stored = (await (await fetch(server.url(`/api/comments?article=${encodeURIComponent(ARTICLE)}`))).json()) as {
      id: number;
      body: string;
    }[];
    assert.equal(stored.find((item) => item.id === id)?.body, payload);
  });

  test("malformed JSON is a 400 with a Vietnamese message", async () => {
    const response = await fetch(server.url("/api/comments"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"article": "/x/", "body": ',
    });
    await expectProblem(response, 400, undefined, COMMENT_MESSAGES.badJson);
    const notObject = await fetch(server.url("/api/comments"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "[1,2]",
    });
    await expectProblem(notObject, 400, undefined, COMMENT_MESSAGES.badJson);
  });

  test("other content types are a 415", async () => {
    for (const type of ["text/plain", "multipart/form-data; boundary=x", "application/xml"]) {
      const response = await fetch(server.url("/api/comments"), {
        method: "POST",
        headers: { "Content-Type": type },
        body: "article=/x/",
      });
      await expectProblem(response, 415, undefined, COMMENT_MESSAGES.badContentType);
    }
  });

  test("an oversize request body is a 413", async () => {
    await expectProblem(await server.postJson(comment("x".repeat(20_000))), 413, "body", COMMENT_MESSAGES.tooLarge);
  });

  test("an unknown article is a 404, for posting and for reading", async () => {
    await expectProblem(
      await server.postJson(comment("Bình luận hợp lệ.", { article: "/khong/co/" })),
      404,
      "article",
      COMMENT_MESSAGES.articleUnknown,
    );
    await expectProblem(await fetch(server.url("/api/comments?article=/khong/co/")), 404, "article");
    await expectProblem(await fetch(server.url("/api/comments")), 400, "article");
  });

  test("a filled honeypot is refused and nothing is stored", async () => {
    const before = ((await (await server.admin("GET", "/api/admin/comments")).json()) as unknown[]).length;
    await expectProblem(
      await server.postJson(comment("Mua hàng giá rẻ tại đây!", { website: "http://spam.example" })),
      400,
      "website",
      COMMENT_MESSAGES.honeypot,
    );
    const afterCount = ((await (await server.admin("GET", "/api/admin/comments")).json()) as unknown[]).length;
    assert.equal(afterCount, before);
  });
});

describe("the HTML form without JavaScript", () => {
  test("a valid form post redirects back to the article with the pending notice", async () => {
    const response = await server.postForm({
      article: ARTICLE,
      author: "Bạn đọc",
      body: "Gửi từ biểu mẫu không JavaScript.",
      website: "",
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), `${SITE_ORIGIN}${ARTICLE}#binh-luan-cho-duyet`);
  });

  test("an invalid form post redirects back with the error notice", async () => {
    const short = await server.postForm({ article: ARTICLE, author: "Bạn đọc", body: "ngắn" });
    assert.equal(short.status, 303);
    assert.equal(short.headers.get("location"), `${SITE_ORIGIN}${ARTICLE}#binh-luan-loi-qua-ngan`);
    const noAuthor = await server.postForm({ article: ARTICLE, author: "", body: "Nội dung đủ dài." });
    assert.equal(noAuthor.headers.get("location"), `${SITE_ORIGIN}${ARTICLE}#binh-luan-loi-thieu-ten`);
  });

  test("an oversize form post gets a 413 Vietnamese page with a link back to the article", async () => {
    const response = await server.postForm({ article: ARTICLE, author: "Bạn đọc", body: "x".repeat(20_000) });
    assert.equal(response.status, 413);
    const page = await response.text();
    assert.match(page, new RegExp(COMMENT_MESSAGES.tooLarge));
    assert.match(
      page,
      /<a href="http:\/\/site\.example\.test\/"/,
      "the body was not read, so the link goes to the home page",
    );
  });

  test("a form post for an unknown article gets a Vietnamese page, escaped", async () => {
    const response = await server.postForm({ article: "/khong-co/<b>", author: "Bạn đọc", body: "Nội dung đủ dài." });
    assert.equal(response.status, 404);
    assert.match(response.headers.get("content-type") ?? "", /text\/html/);
    const page = await response.text();
    assert.match(page, new RegExp(COMMENT_MESSAGES.articleUnknown));
    assert.doesNotMatch(page, /<b>/);
  });
});

describe("moderation", () => {
  test("without a token, with a wrong token: 401 and nothing changes", async () => {
    const missing = await fetch(server.url("/api/admin/comments"));
    assert.equal(missing.status, 401);
    assert.match(missing.headers.get("www-authenticate") ?? "", /^Bearer/);
    assert.equal((await server.admin("GET", "/api/admin/comments", "wrong-token-wrong-token")).status, 401);
    const response = await server.postJson(comment("Chờ người có quyền duyệt."));
    const { id } = (await response.json()) as { id: number };
    assert.equal(
      (await server.admin("POST", `/api/admin/comments/${id}/approve`, ADMIN_TOKEN.slice(0, -1) + "x")).status,
      401,
    );
    assert.ok(!(await approvedBodies()).includes("Chờ người có quyền duyệt."));
  });

  test("reject hides, delete removes, unknown and malformed ids are errors", async () => {
    const id = await postAndApprove("Sẽ bị từ chối sau khi duyệt.");
    const rejected = await server.admin("POST", `/api/admin/comments/${id}/reject`);
    assert.equal(((await rejected.json()) as { status: string }).status, "rejected");
    assert.ok(!(await approvedBodies()).includes("Sẽ bị từ chối sau khi duyệt."));
    assert.equal((await server.admin("DELETE", `/api/admin/comments/${id}`)).status, 204);
    await expectProblem(await server.admin("DELETE", `/api/admin/comments/${id}`), 404, "id");
    await expectProblem(await server.admin("POST", "/api/admin/comments/999999/approve"), 404, "id");
    await expectProblem(await server.admin("POST", "/api/admin/comments/abc/approve"), 400, "id");
    await expectProblem(await server.admin("GET", "/api/admin/comments?status=spam"), 400, "status");
  });

  test("the export lists approved comments by article for the site build", async () => {
    const id = await postAndApprove("Sẽ có trong tệp xuất.");
    const exported = (await (await server.admin("GET", "/api/comments/export")).json()) as {
      comments: Record<string, { id: number }[]>;
    };
    assert.ok(exported.comments[ARTICLE]?.some((item) => item.id === id));
    assert.equal((await fetch(server.url("/api/comments/export"))).status, 401);
  });

  test("an article taken down leaves the manifest, and its comments leave the export (not the database)", async () => {
    const local = await startServer();
    try {
      const posted = await local.postJson({ ...comment("Bình luận của bài sẽ bị gỡ."), article: OTHER_ARTICLE });
      const { id } = (await posted.json()) as { id: number };
      assert.equal((await local.admin("POST", `/api/admin/comments/${id}/approve`)).status, 200);
      const exportedArticles = async () =>
        Object.keys(
          ((await (await local.admin("GET", "/api/comments/export")).json()) as { comments: Record<string, unknown> })
            .comments,
        );
      assert.ok((await exportedArticles()).includes(OTHER_ARTICLE));
      // The next build's manifest, without the article taken down.
      const manifest = local.env.COMMENTS_MANIFEST!;
      writeFileSync(manifest, JSON.stringify({ generated_at: "", articles: [ARTICLE], titles: ["Tin"] }));
      utimesSync(manifest, new Date(), new Date(Date.now() + 60_000));
      // The endpoint looks at its manifest file again every two seconds.
      await waitUntil(
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 250));
          return !(await exportedArticles()).includes(OTHER_ARTICLE);
        },
        "the export drops it",
        10_000,
      );
      const kept = await local.admin("GET", "/api/admin/comments?status=approved");
      assert.ok(
        ((await kept.json()) as { id: number }[]).some((item) => item.id === id),
        "still in the database",
      );
    } finally {
      await local.stop();
    }
  });

  test("the CLI lists, approves and exports on the same database", async () => {
    const response = await server.postJson(comment("Duyệt bằng dòng lệnh."));
    const { id } = (await response.json()) as { id: number };
    const list = await server.adminCli("list");
    assert.match(list.stdout, new RegExp(`#${id} \\[pending\\].*\\n    Bạn đọc: Duyệt bằng dòng lệnh\\.`));
    const approved = await server.adminCli("approve", String(id));
    assert.equal(approved.code, 0, approved.stderr);
    assert.ok((await approvedBodies()).includes("Duyệt bằng dòng lệnh."));
    const exported = JSON.parse(readFileSync(server.env.COMMENTS_EXPORT!, "utf8")) as {
      comments: Record<string, { id: number }[]>;
    };
    assert.ok(exported.comments[ARTICLE]?.some((item) => item.id === id));
    const missing = await server.adminCli("approve", "999999");
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^Không có bình luận mã 999999\. Cách sửa: .*\[comments-admin\.not-found\]\n$/);
    const noId = await server.adminCli("delete");
    assert.equal(noId.code, 1);
    assert.match(noId.stderr, /cần mã bình luận là số/);
    const badStatus = await server.adminCli("list", "--status", "spam");
    assert.equal(badStatus.code, 1);
    assert.match(badStatus.stderr, /--status phải là một trong: pending, approved, rejected/);
    const noFile = await server.adminCli("backup");
    assert.equal(noFile.code, 1);
    assert.match(noFile.stderr, /Lệnh backup cần tên tệp đích/);
    const unknown = await server.adminCli("publish");
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Không có lệnh "publish"/);
  });
});

describe("CORS", () => {
  test("a preflight from the site's origin is allowed, from another origin it is not", async () => {
    const preflight = (origin: string) =>
      fetch(server.url("/api/comments"), {
        method: "OPTIONS",
        headers: {
          Origin: origin,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "content-type",
        },
      });
    const allowed = await preflight(SITE_ORIGIN);
    assert.equal(allowed.headers.get("access-control-allow-origin"), SITE_ORIGIN);
    const refused = await preflight("https://evil.example");
    assert.equal(refused.headers.get("access-control-allow-origin"), null);
  });
});
