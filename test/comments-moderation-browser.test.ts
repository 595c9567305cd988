// /quan-tri/ in real Chromium: a moderator's work without JavaScript on a phone, and forms that
// other sites plant to act in a signed-in moderator's name.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";
import { browserForRun } from "./helpers/shared-services.ts";
import { axeViolations } from "./site/checks/accessibility.ts";
import { ARTICLE, type CommentsServer, startServer } from "./helpers/comments-server.ts";
import { addModerator, MODERATOR, PASSWORD } from "./helpers/moderator-client.ts";

let server: CommentsServer;
let browser: Browser;
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

before(async () => {
  server = await startServer();
  await addModerator(server);
  browser = await browserForRun();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function post(author: string, body: string): Promise<number> {
  const response = await server.postJson({ article: ARTICLE, author, body });
  return ((await response.json()) as { id: number }).id;
}

async function statusOf(id: number): Promise<string | undefined> {
  const response = await server.admin("GET", "/api/admin/comments");
  const all = (await response.json()) as { id: number; status: string }[];
  return all.find((comment) => comment.id === id)?.status;
}

async function signedIn(options: Parameters<Browser["newContext"]>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(server.url("/quan-tri/"));
  assert.equal(await page.locator("h1").textContent(), "Đăng nhập", "a visitor is sent to the sign-in form");
  await page.getByLabel("Tên đăng nhập").fill(MODERATOR);
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  assert.equal(await page.locator("h1").textContent(), "Bình luận", (await page.locator("main").textContent()) ?? "");
  await page.close();
  return context;
}

describe("a moderator's work on a phone without JavaScript", () => {
  test("signs in, approves two of three at once, rejects one, reads its history", async () => {
    const ids = [
      await post("Bà Tư", "Bình luận một."),
      await post("Anh Ba", "Bình luận hai."),
      await post("Chị Năm", "Bình luận ba."),
    ];
    const context = await signedIn({ ...PHONE, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(server.url("/quan-tri/"));
      await page.getByLabel(`Chọn bình luận #${ids[0]} của Bà Tư`).check();
      await page.getByLabel(`Chọn bình luận #${ids[2]} của Chị Năm`).check();
      await page
        .getByRole("group", { name: "Với các bình luận đã chọn" })
        .first()
        .getByRole("button", { name: "Duyệt" })
        .click();
      assert.equal(await page.getByRole("status").textContent(), "Đã duyệt 2 bình luận.");
      assert.equal(await statusOf(ids[0]!), "approved");
      assert.equal(await statusOf(ids[1]!), "pending");
      assert.equal(await statusOf(ids[2]!), "approved");

      await page.locator("article", { hasText: "Bình luận hai." }).getByRole("button", { name: "Từ chối" }).click();
      assert.equal(await page.getByRole("status").textContent(), "Đã từ chối 1 bình luận.");
      assert.equal(await statusOf(ids[1]!), "rejected");

      await page.getByRole("link", { name: "Đã từ chối (1)" }).click();
      await page.getByRole("link", { name: `Lịch sử bình luận #${ids[1]}` }).click();
      const history = await page.locator("tbody tr").allTextContents();
      assert.equal(history.length, 2);
      assert.match(history[1]!, new RegExp(`${MODERATOR}Từ chối$`));
    } finally {
      await context.close();
    }
  });

  test("the queue fits a phone's width and its buttons are big enough to tap", async () => {
    await post("Người Viết Rất Dài Tên", `${"Mộtchuỗirấtdàikhôngcókhoảngtrắng".repeat(8)} và chữ thường.`);
    const context = await signedIn(PHONE);
    try {
      const page = await context.newPage();
      await page.goto(server.url("/quan-tri/?trang-thai=all"));
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      assert.ok(scrollWidth <= clientWidth, `page is ${scrollWidth}px wide on a ${clientWidth}px screen`);
      for (const box of await page
        .locator("article button")
        .evaluateAll((buttons) => buttons.map((button) => button.getBoundingClientRect().height)))
        assert.ok(box >= 44, `a button is ${box}px tall`);
    } finally {
      await context.close();
    }
  });
});

describe("accessibility of the moderation pages", () => {
  test("axe-core finds nothing on sign-in, the queue (light and dark), a comment's history and readers' requests", async () => {
    const id = await post("Bà Sáu", "Bình luận để kiểm tra trang quản trị.");
    for (const colorScheme of ["light", "dark"] as const) {
      // The pages forbid scripts (CSP); axe is injected by the test, so the test lifts that rule.
      const visitor = await browser.newContext({ bypassCSP: true, colorScheme });
      const signIn = await visitor.newPage();
      await signIn.goto(server.url("/quan-tri/dang-nhap"));
      assert.deepEqual(await axeViolations(signIn), [], `sign-in, ${colorScheme}`);
      await visitor.close();
      const context = await signedIn({ bypassCSP: true, colorScheme });
      try {
        for (const address of [
          "/quan-tri/?trang-thai=all",
          `/quan-tri/binh-luan/${id}`,
          "/quan-tri/nguoi-doc?author=B%C3%A0+S%C3%A1u",
        ]) {
          const page = await context.newPage();
          await page.goto(server.url(address));
          assert.deepEqual(await axeViolations(page), [], `${address}, ${colorScheme}`);
          await page.close();
        }
      } finally {
        await context.close();
      }
    }
  });
});

/** A page on another origin that submits a hidden form to the endpoint as soon as it opens. */
async function attackerPage(
  host: string,
  target: string,
  fields: Record<string, string>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
    .join("");
  const html = `<!doctype html><html><body><form id="f" method="post" action="${target}">${inputs}</form><script>document.getElementById("f").submit()</script></body></html>`;
  const site: Server = createServer((_request, response) => response.setHeader("Content-Type", "text/html").end(html));
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://${host}:${(site.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => site.close(() => resolve())),
  };
}

describe("CSRF from another origin in a signed-in moderator's browser", () => {
  for (const [label, host] of [
    ["another site (localhost: the session cookie stays home)", "localhost"],
    ["another origin on the same site (127.0.0.1, another port: the cookie goes along)", "127.0.0.1"],
  ] as const) {
    test(`a hidden form on ${label} deletes nothing`, async () => {
      const id = await post("Bạn đọc", "Đừng xóa bình luận này.");
      const context = await signedIn();
      const attacker = await attackerPage(host, server.url("/quan-tri/binh-luan"), {
        one: `delete:${id}`,
        _csrf: "doan-bua",
      });
      try {
        const page = await context.newPage();
        const answered = page.waitForResponse((response) => response.url().endsWith("/quan-tri/binh-luan"));
        await page.goto(attacker.url);
        const response = await answered;
        assert.equal(response.status(), 403);
        assert.equal(await statusOf(id), "pending", "the comment is still there");
        // The moderator's own session still works: the attack did not sign them out either.
        const own = await context.newPage();
        await own.goto(server.url("/quan-tri/"));
        assert.equal(await own.locator("h1").textContent(), "Bình luận");
      } finally {
        await attacker.close();
        await context.close();
      }
    });
  }
});
