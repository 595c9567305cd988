// The newsroom is told of new comments: a signed webhook with retries, and email through a real
// SMTP conversation with a local sink, one message per comment or a digest.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { webhookSignature } from "../comments/runtime/notify.ts";
import { ARTICLE, SITE_ORIGIN, startServer, withServer } from "./helpers/comments-server.ts";

const SECRET = "webhook-secret-0123456789abcdef";
const valid = { article: ARTICLE, author: "Lò Thị Mai", body: "Bài viết về bản Tà Xùa rất hay." };

async function waitUntil(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}

/** A webhook receiver that answers each delivery with the next status in `answers` (then 200). */
async function receiver(answers: number[], holdFirstMs = 0) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const index = received.length;
      received.push({ headers: request.headers, body, at: Date.now() });
      setTimeout(
        () => {
          response.statusCode = answers[index] ?? 200;
          response.end();
        },
        index === 0 ? holdFirstMs : 0,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("webhook: a signed JSON POST per comment, retried with backoff, never in the reader's way", () => {
  test("the reader is answered at once; server errors are retried with the same delivery id and signature", async () => {
    const hook = await receiver([500, 503], 1500);
    try {
      await withServer(
        {
          COMMENTS_WEBHOOK_URL: hook.url,
          COMMENTS_WEBHOOK_SECRET: SECRET,
          COMMENTS_WEBHOOK_RETRY_MS: "50",
          COMMENTS_PUBLIC_URL: "https://binhluan.example.test/",
        },
        async (server) => {
          const response = await server.postJson(valid);
          const answeredAt = Date.now();
          assert.equal(response.status, 201);
          const { id } = (await response.json()) as { id: number };
          await waitUntil(() => hook.received.length === 3, "three deliveries");
          assert.ok(answeredAt < hook.received[0]!.at + 1500, "the reader did not wait for the receiver's answer");
          for (const delivery of hook.received) {
            assert.equal(delivery.headers["x-toasoan-signature"], webhookSignature(SECRET, delivery.body));
            assert.equal(delivery.headers["x-toasoan-event"], "comment.created");
            assert.equal(delivery.headers["content-type"], "application/json");
          }
          assert.equal(new Set(hook.received.map((delivery) => delivery.headers["x-toasoan-delivery"])).size, 1);
          const payload = JSON.parse(hook.received[2]!.body) as { event: string; comment: Record<string, unknown> };
          assert.deepEqual(
            { ...payload.comment, created_at: undefined },
            {
              id,
              article: ARTICLE,
              author: valid.author,
              body: valid.body,
              status: "pending",
              created_at: undefined,
              url: `${SITE_ORIGIN}${ARTICLE}#binh-luan`,
              moderation_url: `https://binhluan.example.test/quan-tri/binh-luan/${id}`,
            },
          );
        },
      );
    } finally {
      await hook.close();
    }
  });

  test("a refusal (400) is not retried; an unreachable receiver is tried as often as set, then logged", async () => {
    const hook = await receiver([400]);
    try {
      await withServer(
        { COMMENTS_WEBHOOK_URL: hook.url, COMMENTS_WEBHOOK_SECRET: SECRET, COMMENTS_WEBHOOK_RETRY_MS: "20" },
        async (server) => {
          assert.equal((await server.postJson(valid)).status, 201);
          await waitUntil(() => server.output.includes("không gửi được (400, lần 1)"), "the refusal in the log");
          assert.equal(hook.received.length, 1);
        },
      );
    } finally {
      await hook.close();
    }
    await withServer(
      {
        COMMENTS_WEBHOOK_URL: "http://127.0.0.1:9/khong-co",
        COMMENTS_WEBHOOK_SECRET: SECRET,
        COMMENTS_WEBHOOK_RETRY_MS: "10",
        COMMENTS_WEBHOOK_ATTEMPTS: "3",
      },
      async (server) => {
        assert.equal((await server.postJson(valid)).status, 201);
        await waitUntil(() => server.output.includes("không kết nối được, lần 3"), "three attempts in the log");
      },
    );
  });

  test("a webhook without a long enough secret, or with a wrong address, stops the endpoint at start", async () => {
    await assert.rejects(
      startServer({ env: { COMMENTS_WEBHOOK_URL: "https://hook.example.test/", COMMENTS_WEBHOOK_SECRET: "ngan" } }),
      /COMMENTS_WEBHOOK_SECRET phải dài ít nhất 16 ký tự/,
    );
    await assert.rejects(
      startServer({ env: { COMMENTS_WEBHOOK_URL: "hook.example.test", COMMENTS_WEBHOOK_SECRET: SECRET } }),
      /COMMENTS_WEBHOOK_URL="hook\.example\.test" phải là địa chỉ http/,
    );
    await assert.rejects(
      startServer({ env: { COMMENTS_PUBLIC_URL: "binhluan.example.test" } }),
      /COMMENTS_PUBLIC_URL="binhluan\.example\.test" phải là địa chỉ của máy chủ bình luận/,
    );
  });
});

describe("email through SMTP", () => {
  let smtp: SMTPServer;
  let smtpUrl = "";
  const mails: ParsedMail[] = [];

  before(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, _session, callback) {
        void simpleParser(stream).then((mail) => {
          mails.push(mail);
          callback();
        }, callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

  const emailEnv = (mode: string) => ({
    COMMENTS_SMTP_URL: smtpUrl,
    COMMENTS_EMAIL_TO: "bandientu@baosonla.example.vn",
    COMMENTS_EMAIL_FROM: "Máy chủ bình luận <binhluan@baosonla.example.vn>",
    COMMENTS_EMAIL_MODE: mode,
  });

  test("one message per comment: the author, the text, the article's address and where to moderate it", async () => {
    mails.length = 0;
    let id = 0;
    await withServer({ ...emailEnv("each"), COMMENTS_PUBLIC_URL: "https://binhluan.example.test" }, async (server) => {
      const response = await server.postJson(valid);
      assert.equal(response.status, 201);
      id = ((await response.json()) as { id: number }).id;
      await waitUntil(() => mails.length === 1, "the message");
    });
    const [mail] = mails;
    assert.equal(mail!.subject, "Bình luận mới chờ duyệt: Lò Thị Mai");
    assert.equal((mail!.to as { text: string }).text, "bandientu@baosonla.example.vn");
    assert.match(mail!.text!, /Bài viết về bản Tà Xùa rất hay\./);
    assert.ok(mail!.text!.includes(`${SITE_ORIGIN}${ARTICLE}#binh-luan`));
    assert.ok(mail!.text!.includes(`Duyệt: https://binhluan.example.test/quan-tri/binh-luan/${id}`));
  });

  test("digest: nothing per comment; the digest lists every waiting comment, and nothing is sent when none waits", async () => {
    mails.length = 0;
    await withServer(emailEnv("digest"), async (server) => {
      const none = await server.adminCli("digest");
      assert.equal(none.code, 0, none.stderr);
      assert.match(none.stdout, /Không có bình luận nào chờ duyệt: không gửi thư/);
      assert.equal((await server.postJson(valid)).status, 201);
      assert.equal(
        (await server.postJson({ ...valid, author: "Quàng Văn Dũng", body: "Mong có thêm tin." })).status,
        201,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(mails.length, 0, "no message per comment in digest mode");
      const sent = await server.adminCli("digest");
      assert.equal(sent.code, 0, sent.stderr);
      assert.match(sent.stdout, /Đã gửi thư tổng hợp 2 bình luận chờ duyệt/);
    });
    await waitUntil(() => mails.length === 1, "the digest");
    assert.equal(mails[0]!.subject, "2 bình luận chờ duyệt");
    assert.match(mails[0]!.text!, /Lò Thị Mai[\s\S]*Quàng Văn Dũng/);
  });

  test("an SMTP server that cannot be reached: the reader still gets 201; the digest command fails and says why", async () => {
    await withServer(
      { COMMENTS_SMTP_URL: "smtp://127.0.0.1:9", COMMENTS_EMAIL_TO: "a@b.vn", COMMENTS_EMAIL_MODE: "digest" },
      async (server) => {
        assert.equal((await server.postJson(valid)).status, 201);
        const failed = await server.adminCli("digest");
        assert.equal(failed.code, 1);
        assert.match(failed.stderr, /Thư tổng hợp không gửi được tới a@b\.vn.*\[comments-admin\.email\]\n$/);
      },
    );
  });

  test("wrong email settings stop the endpoint at start, naming the variable", async () => {
    await assert.rejects(
      startServer({ env: { COMMENTS_SMTP_URL: smtpUrl } }),
      /COMMENTS_EMAIL_TO phải là địa chỉ email/,
    );
    await assert.rejects(
      startServer({ env: { ...emailEnv("weekly") } }),
      /COMMENTS_EMAIL_MODE="weekly" phải là "each"/,
    );
    await assert.rejects(
      startServer({ env: { COMMENTS_SMTP_URL: "mail.example.vn", COMMENTS_EMAIL_TO: "a@b.vn" } }),
      /COMMENTS_SMTP_URL phải có dạng smtp:\/\//,
    );
  });
});
