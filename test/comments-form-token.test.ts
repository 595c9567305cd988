// The minimum time between showing the form and posting it (COMMENTS_MIN_SECONDS): a signed token
// from the endpoint, fetched by the page's script, or carried by a confirmation page without scripts.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as cheerio from "cheerio";
import type { Browser } from "playwright-core";
import { FormTokens } from "../comments/readers/form-token.ts";
import { COMMENT_MESSAGES, FORM_TOKEN_FIELD, PENDING_NOTICE_ID } from "../comments/shared/rules.ts";
import { browserForRun } from "./helpers/shared-services.ts";
import { ARTICLE, CommentsServer, SITE_ORIGIN, withServer } from "./helpers/comments-server.ts";
import { articleFile, createFixture, fixtureEnv } from "./helpers/fixture-site.ts";
import { serveWithComments, type SiteWithComments } from "./helpers/site-with-comments.ts";

const valid = { article: ARTICLE, author: "Lò Thị Mai", body: "Bài viết về bản Tà Xùa rất hay." };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ONE_SECOND = { COMMENTS_MIN_SECONDS: "1" };

describe("the token itself", () => {
  test("signed, timed, and refused when forged, too fresh or too old", () => {
    let now = 1_000_000;
    const tokens = new FormTokens("bí-mật-dùng-chung-0123456789", 3000, () => now);
    const token = tokens.issue();
    assert.equal(tokens.check(token), "too-fast");
    now += 3000;
    assert.equal(tokens.check(token), "ok");
    assert.equal(tokens.check(token.replace(/^\d+/, "999")), "invalid", "another time under the same signature");
    assert.equal(tokens.check(`${token}x`), "invalid");
    assert.equal(tokens.check(""), "missing");
    assert.equal(tokens.check(undefined), "missing");
    now += 25 * 3_600_000;
    assert.equal(tokens.check(token), "expired");
    assert.equal(new FormTokens("another-secret-0123456789", 3000, () => now).check(tokens.issue()), "invalid");
    assert.equal(new FormTokens(undefined, 0).check(undefined), "ok", "0 seconds turns the rule off");
  });
});

describe("over HTTP", () => {
  test("JSON: without a token, or sooner than the minimum, 422 naming the field; after it, 201", async () => {
    await withServer(ONE_SECOND, async (server) => {
      const none = await server.postJson(valid);
      assert.equal(none.status, 422);
      assert.deepEqual(await none.json(), { error: COMMENT_MESSAGES.confirm, field: FORM_TOKEN_FIELD });
      const tokenResponse = await fetch(server.url("/api/comments/form-token"));
      assert.equal(tokenResponse.headers.get("cache-control"), "no-store");
      const { token } = (await tokenResponse.json()) as { token: string };
      const early = await server.postJson({ ...valid, [FORM_TOKEN_FIELD]: token });
      assert.equal(early.status, 422);
      assert.equal(((await early.json()) as { error: string }).error, COMMENT_MESSAGES.tooSoon);
      await wait(1100);
      assert.equal((await server.postJson({ ...valid, [FORM_TOKEN_FIELD]: token })).status, 201);
    });
  });

  test("a form without a token gets a confirmation page with the comment, escaped, and a fresh token", async () => {
    await withServer(ONE_SECOND, async (server) => {
      const hostile = { ...valid, body: 'Nội dung </textarea><script>alert("x")</script> & hết' };
      const first = await server.postForm(hostile);
      assert.equal(first.status, 200);
      const $ = cheerio.load(await first.text());
      assert.equal($("script").length, 0, "the reader's text stays text");
      assert.equal($("textarea[name=body]").text(), hostile.body);
      assert.equal($("input[name=author]").val(), hostile.author);
      assert.equal($("[role=alert]").text(), COMMENT_MESSAGES.confirm);
      const fields = Object.fromEntries(
        $("form input, form textarea")
          .map((_, element) => [[$(element).attr("name")!, String($(element).val() ?? $(element).text())]])
          .get() as [string, string][],
      );
      assert.ok(fields[FORM_TOKEN_FIELD]);
      const tooSoon = await server.postForm(fields);
      assert.equal(tooSoon.status, 200);
      assert.equal(
        cheerio
          .load(await tooSoon.text())("[role=alert]")
          .text(),
        COMMENT_MESSAGES.tooSoon,
      );
      await wait(1100);
      const confirmed = await server.postForm(fields);
      assert.equal(confirmed.status, 303);
      assert.equal(confirmed.headers.get("location"), `${SITE_ORIGIN}${ARTICLE}#${PENDING_NOTICE_ID}`);
    });
  });

  test("a short COMMENTS_FORM_SECRET stops the endpoint at start", async () => {
    const server = new CommentsServer({ env: { COMMENTS_FORM_SECRET: "ngan" } });
    await assert.rejects(server.start(), /COMMENTS_FORM_SECRET phải dài ít nhất 16 ký tự/);
  });
});

describe("in Chromium, with and without JavaScript", () => {
  const articleUrl = "/2025/05/04/bac-yen-day-nhanh-tien-do-cap-dien-nong-thon/";
  let browser: Browser;
  let served: SiteWithComments;

  before(async () => {
    const site = createFixture({
      "bac-yen.md": articleFile({
        title: "Bắc Yên đẩy nhanh tiến độ cấp điện nông thôn",
        date: "2025-05-04 09:00",
        category: "Nông thôn mới",
        author: "Thanh Huyền",
      }),
    });
    served = await serveWithComments({ outDir: site.outDir, buildEnv: fixtureEnv(site), commentsEnv: ONE_SECOND });
    browser = await browserForRun();
  });
  after(async () => {
    await browser?.close();
    await served?.stop();
  });

  test("with JavaScript: a reader who takes their time is answered with the pending notice", async () => {
    const page = await browser.newPage();
    await page.goto(served.origin + articleUrl);
    await page.locator("#comment-author").fill("Lò Thị Mai");
    await page.locator("#comment-body").fill("Mong điện sớm về bản.");
    await wait(1100);
    await page.getByRole("button", { name: "Gửi bình luận" }).click();
    await page.locator("[data-comment-status]", { hasText: COMMENT_MESSAGES.pending }).waitFor();
    await page.close();
  });

  test("without JavaScript: the confirmation page, then back on the article with the pending notice", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(served.origin + articleUrl);
    await page.locator("#comment-author").fill("Quàng Văn Dũng");
    await page.locator("#comment-body").fill("Bình luận gửi không cần JavaScript.");
    await page.getByRole("button", { name: "Gửi bình luận" }).click();
    await page.getByRole("heading", { name: "Xác nhận gửi bình luận" }).waitFor();
    assert.equal(await page.locator("textarea[name=body]").inputValue(), "Bình luận gửi không cần JavaScript.");
    await wait(1100);
    await page.getByRole("button", { name: "Gửi bình luận" }).click();
    await page.waitForURL(`${served.origin}${articleUrl}#${PENDING_NOTICE_ID}`);
    assert.ok(await page.locator(`#${PENDING_NOTICE_ID}`).isVisible());
    await context.close();
  });
});
