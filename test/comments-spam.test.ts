// Spam rules on the real endpoint: links, the newsroom's banned words (however they are disguised),
// the same comment twice, and trusted readers who skip the queue when the newsroom turns it on.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { loadCommentsConfig } from "../comments/runtime/config.ts";
import { COMMENT_MESSAGES, noticeIdFor } from "../comments/shared/rules.ts";
import { countLinks, spamForm } from "../comments/readers/spam.ts";
import {
  ARTICLE,
  type CommentsServer,
  OTHER_ARTICLE,
  SITE_ORIGIN,
  startServer,
  withServer,
} from "./helpers/comments-server.ts";

async function postAs(
  server: CommentsServer,
  body: string,
  options: { author?: string; ip?: string; article?: string } = {},
) {
  const response = await server.postJson(
    { article: options.article ?? ARTICLE, author: options.author ?? "Bạn đọc", body },
    { "X-Forwarded-For": options.ip ?? "203.0.113.7" },
  );
  return {
    status: response.status,
    answer: (await response.json()) as { error?: string; status?: string; id?: number },
  };
}

const PROXIED = { COMMENTS_TRUST_PROXY: "127.0.0.1" };

describe("links: more than COMMENTS_MAX_LINKS is refused, with the reason", () => {
  test("links are counted as spammers write them", () => {
    assert.equal(countLinks("Xem http://a.com/x, www.b.net và c.vn hoặc d.com.vn"), 4);
    assert.equal(countLinks("Giá lúa 7.500 đồng/kg, tăng 2.5% so với tháng 10."), 0);
  });

  test("three links are refused, two pass (default 2); a form post lands on the page's notice", async () => {
    await withServer(PROXIED, async (server) => {
      const three = await postAs(server, "Mua tại http://a.com, www.b.net hoặc c.vn nhé");
      assert.equal(three.status, 422);
      assert.equal(three.answer.error, COMMENT_MESSAGES.tooManyLinks);
      assert.equal((await postAs(server, "Nguồn: https://baochinhphu.vn và www.sonla.gov.vn")).status, 201);
      const form = await server.postForm({
        article: ARTICLE,
        author: "Bạn đọc",
        body: "http://a.com http://b.com http://c.com",
      });
      assert.equal(form.status, 303);
      assert.equal(form.headers.get("location"), `${SITE_ORIGIN}${ARTICLE}#${noticeIdFor("lien-ket")}`);
    });
  });

  test("COMMENTS_MAX_LINKS=0 refuses any link", async () => {
    await withServer({ ...PROXIED, COMMENTS_MAX_LINKS: "0" }, async (server) => {
      assert.equal((await postAs(server, "Xem thêm ở www.example.vn nhé")).status, 422);
      assert.equal((await postAs(server, "Không có liên kết nào ở đây.")).status, 201);
    });
  });
});

describe("banned words: the newsroom's list, matched after Vietnamese folding", () => {
  let server: CommentsServer;
  const dir = mkdtempSync(path.join(tmpdir(), "toasoan-banned-"));
  const list = path.join(dir, "tu-cam.txt");

  before(async () => {
    writeFileSync(list, "# Mỗi dòng một từ hoặc cụm từ\nlừa đảo\ncờ bạc\n\n");
    server = await startServer({ env: { ...PROXIED, COMMENTS_BANNED_WORDS: list, COMMENTS_DUPLICATE_WINDOW_H: "0" } });
  });
  after(() => server?.stop());

  test("the text is read folded, without invisible characters, with single letters joined", () => {
    assert.equal(spamForm("L.Ừ.A   Đ-Ả-O!!"), "luadao");
    assert.equal(spamForm("lừa\u200B đảo"), "lua dao");
  });

  test("accents, đ, case, dots, dashes and invisible characters do not dodge the list", async () => {
    for (const body of [
      "Trang này lừa đảo người đọc",
      "trang nay LUA DAO nguoi doc",
      "Trang này l.ừ.a đ-ả-o đấy",
      "Trang này lừa\u200B\u200Bđảo đấy",
      "Ham mê co bac là không tốt",
      "Không CỜ BẠC nữa",
    ]) {
      const result = await postAs(server, body);
      assert.equal(result.status, 422, body);
      assert.equal(result.answer.error, COMMENT_MESSAGES.bannedWords, body);
    }
  });

  test("words that only contain a banned one are not refused", async () => {
    for (const body of ["Đảo Cô Tô rất đẹp vào mùa hè", "Cờ đỏ sao vàng tung bay", "Lúa đã chín vàng đồng"]) {
      assert.equal((await postAs(server, body)).status, 201, body);
    }
  });

  test("an edit to the list applies without a restart", async () => {
    assert.equal((await postAs(server, "Bán vé xổ số online giá rẻ")).status, 201);
    writeFileSync(list, "lừa đảo\ncờ bạc\nxổ số online\n");
    assert.equal((await postAs(server, "Bán vé XO SO ONLINE giá rẻ hơn")).status, 422);
  });

  test("a list the operator names but that does not exist stops the endpoint at start, naming it", async () => {
    await assert.rejects(
      startServer({ env: { COMMENTS_BANNED_WORDS: path.join(dir, "khong-co.txt") } }),
      /COMMENTS_BANNED_WORDS=".*khong-co\.txt" không có tệp này/,
    );
  });
});

describe("the same comment twice", () => {
  test("to the same article, or from the same network to another, is refused; others are not", async () => {
    await withServer({ ...PROXIED, COMMENTS_DUPLICATE_WINDOW_H: "24" }, async (server) => {
      const text = "Mong tỉnh sớm làm đường lên bản Tà Xùa.";
      assert.equal((await postAs(server, text)).status, 201);
      const again = await postAs(server, `  ${text}  `, { ip: "198.51.100.1" });
      assert.equal(again.status, 409, "the same article, even from elsewhere");
      assert.equal(again.answer.error, COMMENT_MESSAGES.duplicate);
      assert.equal(
        (await postAs(server, text, { article: OTHER_ARTICLE })).status,
        409,
        "the same network, another article",
      );
      assert.equal((await postAs(server, text, { article: OTHER_ARTICLE, ip: "198.51.100.1" })).status, 201);
    });
  });

  test("on by default for 24 hours; COMMENTS_DUPLICATE_WINDOW_H=0 (as the test helper sets it) turns it off", async () => {
    assert.equal(loadCommentsConfig({}).spam.duplicateWindowMs, 24 * 3_600_000);
    await withServer({ ...PROXIED, COMMENTS_DUPLICATE_WINDOW_H: "0" }, async (server) => {
      assert.equal((await postAs(server, "Ý kiến lặp lại.")).status, 201);
      assert.equal((await postAs(server, "Ý kiến lặp lại.")).status, 201);
    });
  });
});

describe("trusted readers (COMMENTS_TRUSTED_AFTER)", () => {
  test("off by default: every comment waits for moderation", async () => {
    await withServer(PROXIED, async (server) => {
      const first = await postAs(server, "Bình luận thứ nhất.", { author: "Lò Thị Mai" });
      await server.adminCli("approve", String(first.answer.id));
      assert.equal((await postAs(server, "Bình luận thứ hai.", { author: "Lò Thị Mai" })).answer.status, "pending");
    });
  });

  test("after 2 approved and none rejected, the same name on the same network is published at once", async () => {
    await withServer({ ...PROXIED, COMMENTS_TRUSTED_AFTER: "2" }, async (server) => {
      for (const body of ["Bình luận một của Mai.", "Bình luận hai của Mai."]) {
        const posted = await postAs(server, body, { author: "Lò Thị Mai" });
        assert.equal(posted.answer.status, "pending", "first-time posters wait");
        assert.equal((await server.adminCli("approve", String(posted.answer.id))).code, 0);
      }
      const trusted = await postAs(server, "Bình luận ba của Mai.", { author: "lò thị  MAI", ip: "203.0.113.99" });
      assert.equal(trusted.status, 201);
      assert.equal(trusted.answer.status, "approved");
      const live = (await (await fetch(server.url(`/api/comments?article=${encodeURIComponent(ARTICLE)}`))).json()) as {
        body: string;
      }[];
      assert.ok(
        live.some((comment) => comment.body === "Bình luận ba của Mai."),
        "shown at once",
      );
      const form = await fetch(server.url("/api/comments"), {
        method: "POST",
        headers: { "X-Forwarded-For": "203.0.113.7" },
        body: new URLSearchParams({ article: ARTICLE, author: "Lò Thị Mai", body: "Bình luận bốn, qua biểu mẫu." }),
        redirect: "manual",
      });
      assert.equal(form.status, 303);
      assert.match(form.headers.get("location")!, /#binh-luan-da-dang$/);

      assert.equal(
        (await postAs(server, "Người khác cùng mạng.", { author: "Trần Văn Nam" })).answer.status,
        "pending",
      );
      assert.equal(
        (await postAs(server, "Mai ở mạng khác.", { author: "Lò Thị Mai", ip: "198.51.100.1" })).answer.status,
        "pending",
        "the same name elsewhere is someone the newsroom has not met",
      );
      const spam = await postAs(server, "Mai viết linh tinh.", { author: "Lò Thị Mai" });
      assert.equal(spam.answer.status, "approved");
      await server.adminCli("reject", String(spam.answer.id));
      assert.equal(
        (await postAs(server, "Sau khi bị từ chối.", { author: "Lò Thị Mai" })).answer.status,
        "pending",
        "a rejected comment ends the trust",
      );
    });
  });
});
