import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { COMMENT_MESSAGES } from "../comments/shared/rules.ts";
import { browserForRun } from "./helpers/shared-services.ts";
import type { CommentsServer } from "./helpers/comments-server.ts";
import { articleFile, createFixture, fixtureEnv } from "./helpers/fixture-site.ts";
import { serveWithComments, type SiteWithComments } from "./helpers/site-with-comments.ts";

const ARTICLE_URL = "/2025/05/04/bac-yen-day-nhanh-tien-do-cap-dien-nong-thon/";

let served: SiteWithComments;
let comments: CommentsServer;
let browser: Browser;

before(async () => {
  const site = createFixture({
    "bac-yen.md": articleFile(
      {
        title: "Bắc Yên đẩy nhanh tiến độ cấp điện nông thôn",
        date: "2025-05-04 09:00",
        category: "Nông thôn mới",
        author: "Thanh Huyền",
      },
      "Nội dung bài.",
    ),
  });
  served = await serveWithComments({
    outDir: site.outDir,
    buildEnv: fixtureEnv(site),
    // Approved comments are baked in from the endpoint's own export.
    buildEnvFor: (server) => ({ TOASOAN_COMMENTS: server.env.COMMENTS_EXPORT }),
  });
  comments = served.comments;
  browser = await browserForRun();
});

after(async () => {
  await browser?.close();
  await served?.stop();
});

async function openArticle(javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(served.origin + ARTICLE_URL);
  return page;
}

/** Types a comment the way a reader does and presses the button. */
async function submitComment(page: Page, author: string, body: string): Promise<void> {
  await page.locator("#comment-author").fill(author);
  await page.locator("#comment-body").fill(body);
  await page.getByRole("button", { name: "Gửi bình luận" }).click();
}

async function pendingBodies(): Promise<string[]> {
  const list = (await (await comments.admin("GET", "/api/admin/comments?status=pending")).json()) as { body: string }[];
  return list.map((item) => item.body);
}

describe("the comment box in a real browser", () => {
  test("the counter starts at 500/500 and counts Vietnamese as a reader does", async () => {
    const page = await openArticle();
    const counter = page.locator("[data-comment-counter]");
    assert.equal(await counter.textContent(), "Bạn còn 500/500 ký tự");
    await page.locator("#comment-body").pressSequentially("Xin chào Sơn La");
    assert.equal(await counter.textContent(), "Bạn còn 485/500 ký tự");
    await page.locator("#comment-body").fill("");
    await page.locator("#comment-body").focus();
    await page.keyboard.insertText("Điện".normalize("NFD"));
    assert.equal(await counter.textContent(), "Bạn còn 496/500 ký tự");
    await page.context().close();
  });

  test("a short comment is refused on the page with the reference message", async () => {
    const page = await openArticle();
    await submitComment(page, "Bạn đọc", "Hay");
    assert.equal(await page.locator("[data-comment-status]").textContent(), COMMENT_MESSAGES.tooShort);
    assert.equal(await page.locator("#comment-body").getAttribute("aria-invalid"), "true");
    assert.ok(!(await pendingBodies()).includes("Hay"));
    await page.context().close();
  });

  test("a valid comment shows the pending notice without leaving the page, and appears once approved", async () => {
    const page = await openArticle();
    await submitComment(page, "Lò Văn Thắng", "Mong điện sớm về bản chúng tôi.");
    await page.locator("[data-comment-status]").filter({ hasText: COMMENT_MESSAGES.pending }).waitFor();
    assert.equal(page.url(), served.origin + ARTICLE_URL);
    assert.equal(await page.locator("#comment-body").inputValue(), "");
    const pending = (await (await comments.admin("GET", "/api/admin/comments?status=pending")).json()) as {
      id: number;
      body: string;
    }[];
    const mine = pending.find((item) => item.body === "Mong điện sớm về bản chúng tôi.");
    assert.ok(mine);
    assert.equal((await comments.adminCli("approve", String(mine.id))).code, 0);
    await page.reload();
    await page.locator(".comment__body", { hasText: "Mong điện sớm về bản chúng tôi." }).waitFor();
    assert.equal(await page.locator(".comment__author").first().textContent(), "Lò Văn Thắng");
    await page.context().close();
  });

  test("when the endpoint cannot be reached the reader is told and keeps the text", async () => {
    const page = await openArticle();
    await page.route("**/api/comments", (route) =>
      route.request().method() === "POST" ? route.abort() : route.continue(),
    );
    await submitComment(page, "Bạn đọc", "Bình luận gửi lúc mất mạng.");
    await page.locator("[data-comment-status]", { hasText: COMMENT_MESSAGES.network }).waitFor();
    assert.equal(await page.locator("#comment-body").inputValue(), "Bình luận gửi lúc mất mạng.");
    assert.equal(await page.getByRole("button", { name: "Gửi bình luận" }).isEnabled(), true);
    await page.context().close();
  });

  test("an error answer from the endpoint is shown as it says", async () => {
    const page = await openArticle();
    await page.route("**/api/comments", (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 429,
            contentType: "application/json",
            body: JSON.stringify({ error: COMMENT_MESSAGES.rateLimited }),
          })
        : route.continue(),
    );
    await submitComment(page, "Bạn đọc", "Gửi quá nhanh lần nữa.");
    await page.locator("[data-comment-status]", { hasText: COMMENT_MESSAGES.rateLimited }).waitFor();
    await page.context().close();
  });

  test("a comment containing markup shows as text and never runs", async () => {
    const hostile = `<img src=x onerror="window.__pwned=1"> xem ảnh`;
    const posted = await comments.postJson({ article: ARTICLE_URL, author: "<b>Kẻ xấu</b>", body: hostile });
    const { id } = (await posted.json()) as { id: number };
    await comments.admin("POST", `/api/admin/comments/${id}/approve`);
    const page = await openArticle();
    await page.locator(".comment__body", { hasText: "xem ảnh" }).waitFor();
    assert.equal(await page.locator(".comment__body", { hasText: "xem ảnh" }).textContent(), hostile);
    assert.equal(await page.locator(".comment-list img").count(), 0);
    assert.equal(await page.locator(".comment-list b").count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await page.context().close();
  });

  test("without JavaScript the form posts, comes back to the article and shows the pending notice", async () => {
    const page = await openArticle(false);
    await page.locator("#comment-author").fill("Người không bật JavaScript");
    await page.locator("#comment-body").fill("Biểu mẫu vẫn chạy khi tắt JavaScript.");
    await Promise.all([
      page.waitForURL(/#binh-luan-cho-duyet$/),
      page.getByRole("button", { name: "Gửi bình luận" }).click(),
    ]);
    assert.equal(new URL(page.url()).pathname, ARTICLE_URL);
    assert.ok(await page.locator("#binh-luan-cho-duyet").isVisible());
    assert.ok(!(await page.locator("#binh-luan-loi-qua-ngan").isVisible()));
    assert.ok((await pendingBodies()).includes("Biểu mẫu vẫn chạy khi tắt JavaScript."));
    await page.context().close();
  });

  test("after the next build approved comments are in the page itself, readable without JavaScript", async () => {
    assert.equal((await comments.adminCli("export")).code, 0);
    await served.rebuild();
    const page = await openArticle(false);
    assert.equal(await page.locator(".comment__body", { hasText: "Mong điện sớm về bản chúng tôi." }).count(), 1);
    assert.equal(await page.locator(".comment-list img").count(), 0);
    assert.equal(
      await page.locator(".comment__body", { hasText: "xem ảnh" }).textContent(),
      `<img src=x onerror="window.__pwned=1"> xem ảnh`,
    );
    assert.ok(await page.locator("[data-comment-empty]").isHidden());
    await page.context().close();
  });
});
