// /quan-tri/, the moderation pages, driven over HTTP as a browser would (cookies, forms, redirects)
// and read with a real HTML parser; accounts made with the real admin CLI.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { runAdminCommand } from "../comments/admin-commands.ts";
import {
  ARTICLE,
  ARTICLE_TITLE,
  type CommentsServer,
  OTHER_ARTICLE,
  SITE_ORIGIN,
  startServer,
} from "./helpers/comments-server.ts";
import { addModerator, MODERATOR, ModeratorClient, type ModerationPage, PASSWORD } from "./helpers/moderator-client.ts";

async function post(server: CommentsServer, author: string, body: string, article = ARTICLE): Promise<number> {
  const response = await server.postJson({ article, author, body });
  assert.equal(response.status, 201, await response.clone().text());
  return ((await response.json()) as { id: number }).id;
}

const statusOf = (server: CommentsServer, id: number) => {
  const db = new Database(server.env.COMMENTS_DB!, { readonly: true });
  try {
    return (db.prepare("SELECT status FROM comments WHERE id = ?").get(id) as { status: string } | undefined)?.status;
  } finally {
    db.close();
  }
};

const shownIds = (page: ModerationPage) =>
  page
    .$("article.comment input[name=id]")
    .map((_index, input) => Number(page.$(input).val()))
    .get();

describe("moderator accounts (admin CLI)", () => {
  let server: CommentsServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());

  test("an account is stored with a scrypt hash, never the password", async () => {
    await addModerator(server, "Trần Văn Bình", "một-mật-khẩu-dài-lắm");
    const db = new Database(server.env.COMMENTS_DB!, { readonly: true });
    const row = db.prepare("SELECT password_hash FROM moderators WHERE name = ?").get("Trần Văn Bình") as {
      password_hash: string;
    };
    db.close();
    assert.match(row.password_hash, /^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    assert.doesNotMatch(row.password_hash, /mật-khẩu/);
    const listed = await server.adminCli("moderator", "list");
    assert.match(listed.stdout, /Trần Văn Bình/);
  });

  test("weak passwords, taken names and bad names are refused with the reason", async () => {
    const short = await server.adminCliWithInput("ngan\n", "moderator", "add", "Hoa");
    assert.equal(short.code, 1);
    assert.match(short.stderr, /ít nhất 12 ký tự/);
    const empty = await server.adminCliWithInput("", "moderator", "add", "Hoa");
    assert.equal(empty.code, 1, "no password on stdin");
    await addModerator(server, "Hoa", "mật-khẩu-của-hoa-1");
    const again = await server.adminCliWithInput("mật-khẩu-của-hoa-2\n", "moderator", "add", "Hoa");
    assert.equal(again.code, 1);
    assert.match(again.stderr, /Đã có tài khoản "Hoa".*\[comments-admin\.account\]\n$/);
    const hidden = await server.adminCliWithInput("mật-khẩu-của-hoa-2\n", "moderator", "add", "Ho\u200ba");
    assert.match(hidden.stderr, /ký tự ẩn/);
    const spaced = await server.adminCliWithInput("mật-khẩu-của-hoa-2\n", "moderator", "add", " Hoa ");
    assert.match(spaced.stderr, /khoảng trắng/);
    const missing = await server.adminCliWithInput("mật-khẩu-của-ai-đó\n", "moderator", "password", "Không Có");
    assert.match(missing.stderr, /Không có tài khoản "Không Có"/);
  });

  test("as a process: a password piped in, a mistake told in one line with exit code 1", async () => {
    const added = await server.adminCliProcess("mật-khẩu-của-lan-dài\n", "moderator", "add", "Lan");
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Đã tạo tài khoản "Lan"/);
    const unknown = await server.adminCliProcess("", "khong-co-lenh");
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^Không có lệnh "khong-co-lenh"\. Cách sửa: .*\[comments-admin\.usage\]\n$/);
    assert.doesNotMatch(unknown.stderr, /\bat .*\.ts:\d+/, "no stack trace");
  });

  test("an unknown option or a wrong setting is told in a line, with exit code 1", async () => {
    const option = await server.adminCli("list", "--trang-thai", "pending");
    assert.equal(option.code, 1);
    assert.match(
      option.stderr,
      /^không có tùy chọn --trang-thai \(các tùy chọn hợp lệ: --status, .*\[comments-admin\.usage\]\n$/,
    );
    let told = "";
    const setting = await runAdminCommand(["list"], {
      env: { ...process.env, ...server.env, COMMENTS_RATE_LIMIT: "nhiều" },
      stdin: Readable.from([]),
      out: () => {},
      err: (text) => void (told += text),
    });
    assert.equal(setting, 1);
    assert.match(told, /^COMMENTS_RATE_LIMIT="nhiều" .*\[comments\.config-invalid\]$/);
  });

  test("a new password or a removed account ends the sessions already open", async () => {
    await addModerator(server, "Minh", "mật-khẩu-cũ-của-minh");
    const minh = new ModeratorClient(server);
    assert.equal((await minh.signIn("Minh", "mật-khẩu-cũ-của-minh")).$("h1").text(), "Bình luận");
    const changed = await server.adminCliWithInput("mật-khẩu-mới-của-minh\n", "moderator", "password", "Minh");
    assert.equal(changed.code, 0, changed.stderr);
    assert.equal((await minh.get("/quan-tri/")).$("h1").text(), "Đăng nhập", "the old session is over");
    assert.equal((await minh.signIn("Minh", "mật-khẩu-cũ-của-minh")).status, 401, "the old password is over");
    assert.equal((await minh.signIn("Minh", "mật-khẩu-mới-của-minh")).$("h1").text(), "Bình luận");
    assert.equal((await server.adminCli("moderator", "remove", "Minh")).code, 0);
    assert.equal((await minh.get("/quan-tri/")).$("h1").text(), "Đăng nhập");
  });
});

describe("signing in", () => {
  let server: CommentsServer;
  before(async () => {
    server = await startServer({ env: { COMMENTS_ADMIN_MAX_FAILURES: "3", COMMENTS_TRUST_PROXY: "127.0.0.1" } });
    await addModerator(server);
  });
  after(() => server.stop());

  test("pages need a session: a read goes to the sign-in form, a post is refused", async () => {
    const visitor = new ModeratorClient(server, "198.51.100.1");
    const page = await visitor.get("/quan-tri/");
    assert.equal(page.$("h1").text(), "Đăng nhập");
    assert.equal(page.$('input[name="password"]').attr("type"), "password");
    const form = await visitor.get("/quan-tri/dang-nhap");
    const refused = await visitor.post("/quan-tri/binh-luan", { _csrf: form.csrf!, one: "delete:1" });
    assert.equal(refused.status, 403);
    assert.match(refused.$('[role="alert"]').text(), /chưa đăng nhập/);
  });

  test("a session cookie is HttpOnly, SameSite=Strict, limited to /quan-tri/; the database keeps only its hash", async () => {
    const lan = new ModeratorClient(server, "198.51.100.2");
    const form = await lan.get("/quan-tri/dang-nhap");
    const response = await fetch(server.url("/quan-tri/dang-nhap"), {
      method: "POST",
      headers: {
        Cookie: lan.cookieHeader(),
        "X-Forwarded-For": "198.51.100.2",
      },
      body: new URLSearchParams({ _csrf: form.csrf!, name: MODERATOR, password: PASSWORD }),
      redirect: "manual",
    });
    assert.equal(response.status, 303);
    const session = response.headers.getSetCookie().find((line) => line.startsWith("toasoan_phien="))!;
    assert.match(session, /; HttpOnly/);
    assert.match(session, /; SameSite=Strict/);
    assert.match(session, /; Path=\/quan-tri\//);
    const token = /^toasoan_phien=([^;]+)/.exec(session)![1]!;
    const db = new Database(server.env.COMMENTS_DB!, { readonly: true });
    const stored = db.prepare("SELECT token_hash FROM moderator_sessions").all() as { token_hash: string }[];
    db.close();
    assert.ok(stored.length > 0);
    assert.ok(stored.every((row) => row.token_hash !== token && !row.token_hash.includes(token)));
  });

  test("behind a TLS proxy: the forwarded https origin is ours, and the cookies are Secure", async () => {
    const proxied = new ModeratorClient(server, "198.51.100.6");
    const form = await proxied.get("/quan-tri/dang-nhap");
    const own = new URL(server.baseUrl);
    const signIn = (origin: string) =>
      fetch(server.url("/quan-tri/dang-nhap"), {
        method: "POST",
        headers: {
          Cookie: proxied.cookieHeader(),
          "X-Forwarded-For": "198.51.100.6",
          "X-Forwarded-Proto": "https",
          Origin: origin,
        },
        body: new URLSearchParams({ _csrf: form.csrf!, name: MODERATOR, password: PASSWORD }),
        redirect: "manual",
      });
    assert.equal((await signIn(`http://${own.host}`)).status, 403, "the page was https: an http origin is another");
    const response = await signIn(`https://${own.host}`);
    assert.equal(response.status, 303);
    const session = response.headers.getSetCookie().find((line) => line.startsWith("toasoan_phien="))!;
    assert.match(session, /; Secure/);
  });

  test("a wrong password and an unknown name get the same answer", async () => {
    const someone = new ModeratorClient(server, "198.51.100.3");
    const wrong = await someone.signIn(MODERATOR, "sai-mật-khẩu-rồi-nhé");
    const unknown = await someone.signIn("Không Ai Cả", PASSWORD);
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.$('[role="alert"]').text(), "Sai tên đăng nhập hoặc mật khẩu.");
    assert.equal(unknown.$('[role="alert"]').text(), wrong.$('[role="alert"]').text());
    assert.equal(wrong.$('input[name="password"]').val() ?? "", "", "the password is not sent back");
  });

  test("failed sign-ins are limited per network and per name, even when the password is then right", async () => {
    const attacker = new ModeratorClient(server, "203.0.113.9");
    for (let attempt = 0; attempt < 3; attempt++)
      assert.equal((await attacker.signIn(`Tên Đoán ${attempt}`, `đoán-thử-lần-${attempt}-xx`)).status, 401);
    const shutOut = await attacker.signIn(MODERATOR, PASSWORD);
    assert.equal(shutOut.status, 429, "the network is shut out, whatever name it tries next");
    assert.ok(Number(shutOut.headers.get("retry-after")) > 0);
    assert.match(shutOut.$('[role="alert"]').text(), /Đăng nhập sai quá nhiều lần/);

    // Guesses at one name from many networks: the name is shut out too; others still sign in.
    for (let network = 10; network < 13; network++)
      await new ModeratorClient(server, `192.0.2.${network}`).signIn("Hoàng", `đoán-mật-khẩu-${network}`);
    await addModerator(server, "Hoàng", "mật-khẩu-thật-của-hoàng");
    const real = await new ModeratorClient(server, "192.0.2.200").signIn("Hoàng", "mật-khẩu-thật-của-hoàng");
    assert.equal(real.status, 429, "a name under attack waits out the window");
    const other = await new ModeratorClient(server, "192.0.2.201").signIn();
    assert.equal(other.$("h1").text(), "Bình luận", "another moderator on another network is not locked out");
  });

  test("signing out ends the session on the server, not only in the browser", async () => {
    const lan = new ModeratorClient(server, "198.51.100.4");
    const queue = await lan.signIn();
    const stolen = new Map(lan.cookies);
    await lan.post("/quan-tri/dang-xuat", { _csrf: queue.csrf! });
    const replay = new ModeratorClient(server, "198.51.100.4");
    for (const [name, value] of stolen) replay.cookies.set(name, value);
    assert.equal((await replay.get("/quan-tri/")).$("h1").text(), "Đăng nhập");
  });
});

describe("CSRF", () => {
  let server: CommentsServer;
  let lan: ModeratorClient;
  let id: number;
  before(async () => {
    server = await startServer();
    await addModerator(server);
    lan = new ModeratorClient(server);
    await lan.signIn();
    id = await post(server, "Bạn đọc", "Một bình luận đang chờ duyệt.");
  });
  after(() => server.stop());

  test("a post with the session but without the form's token changes nothing", async () => {
    const missing = await lan.post("/quan-tri/binh-luan", { one: `approve:${id}` });
    assert.equal(missing.status, 403);
    assert.match(missing.$('[role="alert"]').text(), /mã chống giả mạo/);
    const forged = await lan.post("/quan-tri/binh-luan", { _csrf: "gia-mao-123", one: `approve:${id}` });
    assert.equal(forged.status, 403);
    assert.equal(statusOf(server, id), "pending");
  });

  test("a token from another moderator's session does not work in this one", async () => {
    await addModerator(server, "Kẻ Khác", "mật-khẩu-kẻ-khác-dài");
    const other = new ModeratorClient(server);
    const page = await other.signIn("Kẻ Khác", "mật-khẩu-kẻ-khác-dài");
    const crossed = await lan.post("/quan-tri/binh-luan", { _csrf: page.csrf!, one: `delete:${id}` });
    assert.equal(crossed.status, 403);
    assert.equal(statusOf(server, id), "pending");
  });

  test("a post from another origin is refused even with a valid token", async () => {
    const page = await lan.get("/quan-tri/");
    const attempts: Record<string, string>[] = [
      { Origin: "https://tin-gia.example" },
      { Origin: SITE_ORIGIN },
      { "Sec-Fetch-Site": "cross-site" },
    ];
    for (const headers of attempts) {
      const refused = await lan.post("/quan-tri/binh-luan", { _csrf: page.csrf!, one: `delete:${id}` }, headers);
      assert.equal(refused.status, 403, JSON.stringify(headers));
      assert.match(refused.$('[role="alert"]').text(), /không gửi từ trang quản trị/);
    }
    assert.equal(statusOf(server, id), "pending");
  });

  test("the sign-in form has a token too", async () => {
    const fresh = new ModeratorClient(server);
    const refused = await fresh.post("/quan-tri/dang-nhap", { name: MODERATOR, password: PASSWORD });
    assert.equal(refused.status, 403);
    assert.equal(fresh.cookies.has("toasoan_phien"), false);
  });

  test("pages may not be framed, cached or leak their address", async () => {
    const page = await lan.get("/quan-tri/");
    assert.match(page.headers.get("content-security-policy")!, /frame-ancestors 'none'/);
    assert.match(page.headers.get("content-security-policy")!, /form-action 'self'/);
    assert.equal(page.headers.get("cache-control"), "no-store");
    assert.equal(
      page.headers.get("referrer-policy"),
      "same-origin",
      "links to articles do not carry the page's address",
    );
  });
});

describe("the queue", () => {
  let server: CommentsServer;
  let lan: ModeratorClient;
  const ids = { first: 0, hostile: 0, other: 0, last: 0 };
  before(async () => {
    server = await startServer();
    await addModerator(server);
    lan = new ModeratorClient(server);
    await lan.signIn();
    ids.first = await post(server, "Bà Tư", "Cà phê Đắk Lắk năm nay được mùa.");
    ids.hostile = await post(
      server,
      `<script>alert("x")</script>`,
      `</textarea><img src=x onerror=alert(1)> & "trích"`,
    );
    ids.other = await post(server, "Anh Ba", "Tin này ở bài khác.", OTHER_ARTICLE);
    ids.last = await post(server, "Chị Năm", "Mong tỉnh làm tiếp chuyển đổi số.");
  });
  after(() => server.stop());

  test("shows pending comments newest first with the article's title and link, escaped", async () => {
    const page = await lan.get("/quan-tri/");
    assert.deepEqual(shownIds(page), [ids.last, ids.other, ids.hostile, ids.first]);
    const hostile = page.$(`#tac-gia-${ids.hostile}`).closest("article");
    assert.equal(hostile.find("strong").text(), `<script>alert("x")</script>`);
    assert.equal(hostile.find(".body").text(), `</textarea><img src=x onerror=alert(1)> & "trích"`);
    assert.equal(page.$("script").length, 0, "no markup from readers or titles became live");
    assert.equal(page.$("img").length, 0);
    const link = page.$(`#tac-gia-${ids.first}`).closest("article").find(".article a");
    assert.equal(link.text(), ARTICLE_TITLE);
    assert.equal(link.attr("href"), SITE_ORIGIN + ARTICLE);
    assert.match(page.$(".tabs [aria-current]").text(), /Chờ duyệt \(4\)/);
    assert.match(
      page.$(`#tac-gia-${ids.first}`).closest("article").find("time").text(),
      /^\d\d\/\d\d\/\d{4} \d\d:\d\d$/,
    );
  });

  test("searches the text without accents, and by the article's title or path", async () => {
    assert.deepEqual(shownIds(await lan.get("/quan-tri/?q=dak+lak")), [ids.first]);
    assert.deepEqual(shownIds(await lan.get("/quan-tri/?q=CHUYEN+DOI")), [ids.last]);
    assert.deepEqual(shownIds(await lan.get("/quan-tri/?q=100%25_")), [], "% and _ are letters, not patterns");
    assert.deepEqual(shownIds(await lan.get(`/quan-tri/?bai=${encodeURIComponent("tin khac")}`)), [ids.other]);
    assert.deepEqual(shownIds(await lan.get(`/quan-tri/?bai=${encodeURIComponent(SITE_ORIGIN + OTHER_ARTICLE)}`)), [
      ids.other,
    ]);
    const none = await lan.get("/quan-tri/?bai=kh%C3%B4ng+c%C3%B3+b%C3%A0i+n%C3%A0o");
    assert.equal(none.$(".summary").text(), "Không có bình luận nào ở đây.");
    const echoed = await lan.get(`/quan-tri/?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    assert.equal(echoed.$("#q").val(), '"><script>alert(1)</script>');
    assert.equal(echoed.$("script").length, 0);
  });

  test("bad filters get a clear page, not a crash", async () => {
    const status = await lan.get("/quan-tri/?trang-thai=spam");
    assert.equal(status.status, 400);
    assert.match(status.$('[role="alert"]').text(), /Trạng thái không có/);
    assert.equal((await lan.get("/quan-tri/?trang=-1")).status, 400);
    assert.equal((await lan.get("/quan-tri/binh-luan/abc")).status, 400);
    assert.equal((await lan.get("/quan-tri/binh-luan/999999")).status, 404);
    const nothing = await lan.post("/quan-tri/binh-luan", {
      _csrf: (await lan.get("/quan-tri/")).csrf!,
      action: "approve",
    });
    assert.match(nothing.$('[role="alert"]').text(), /Chưa chọn bình luận nào/);
    const unknown = await lan.post("/quan-tri/binh-luan", {
      _csrf: (await lan.get("/quan-tri/")).csrf!,
      action: "publish",
      id: "1",
    });
    assert.equal(unknown.status, 400);
  });

  test("approves several at once, then one is rejected and one deleted; each is logged with who and when", async () => {
    const queue = await lan.get("/quan-tri/");
    const approved = await lan.post("/quan-tri/binh-luan", [
      ["_csrf", queue.csrf!],
      ["back", "/quan-tri/"],
      ["id", String(ids.first)],
      ["id", String(ids.last)],
      ["action", "approve"],
    ]);
    assert.equal(approved.$('[role="status"]').text(), "Đã duyệt 2 bình luận.");
    assert.deepEqual(shownIds(approved), [ids.other, ids.hostile], "the queue keeps the rest");
    const readers = (await (
      await fetch(server.url(`/api/comments?article=${encodeURIComponent(ARTICLE)}`))
    ).json()) as {
      id: number;
    }[];
    assert.deepEqual(
      readers.map((comment) => comment.id),
      [ids.first, ids.last],
      "readers see them at once",
    );

    const rejected = await lan.post("/quan-tri/binh-luan", {
      _csrf: approved.csrf!,
      back: "/quan-tri/",
      one: `reject:${ids.hostile}`,
    });
    assert.equal(rejected.$('[role="status"]').text(), "Đã từ chối 1 bình luận.");
    const deleted = await lan.post("/quan-tri/binh-luan", {
      _csrf: rejected.csrf!,
      back: "/quan-tri/",
      one: `delete:${ids.other}`,
    });
    assert.equal(deleted.$('[role="status"]').text(), "Đã xóa hẳn 1 bình luận.");
    assert.equal(statusOf(server, ids.other), undefined);

    const history = await lan.get(`/quan-tri/binh-luan/${ids.first}`);
    const rows = history
      .$("tbody tr")
      .map((_index, row) =>
        history
          .$(row)
          .find("td")
          .map((_i, cell) => history.$(cell).text())
          .get()
          .join(" | "),
      )
      .get();
    assert.equal(rows.length, 2);
    assert.match(rows[0]!, /Bà Tư \(người đọc\) \| Gửi bình luận$/);
    assert.match(rows[1]!, new RegExp(`^\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d \\| ${MODERATOR} \\| Duyệt$`));
    const gone = await lan.get(`/quan-tri/binh-luan/${ids.other}`);
    assert.equal(gone.status, 200, "a deleted comment keeps its history");
    assert.match(gone.$("main").text(), /đã bị xóa/);
    assert.match(gone.$("tbody").text(), new RegExp(`${MODERATOR}Xóa`));

    const api = await server.admin("POST", `/api/admin/comments/${ids.last}/reject`);
    assert.equal(api.status, 200);
    const viaApi = await lan.get(`/quan-tri/binh-luan/${ids.last}`);
    assert.match(viaApi.$("tbody").text(), /Mã quản trị \(API\)Từ chối/, "the bearer token's actions are logged too");
    const cli = await server.adminCli("approve", String(ids.last));
    assert.equal(cli.code, 0);
    assert.match((await lan.get(`/quan-tri/binh-luan/${ids.last}`)).$("tbody").text(), /Lệnh quản trị trên máy chủ/);
  });

  test("a return address outside /quan-tri/ is not followed", async () => {
    const queue = await lan.get("/quan-tri/");
    const response = await fetch(server.url("/quan-tri/binh-luan"), {
      method: "POST",
      headers: {
        Cookie: lan.cookieHeader(),
        Origin: new URL(server.baseUrl).origin,
      },
      body: new URLSearchParams({ _csrf: queue.csrf!, back: "//tin-gia.example/quan-tri/", action: "approve" }),
      redirect: "manual",
    });
    assert.equal(response.status, 303);
    assert.match(response.headers.get("location")!, /^\/quan-tri\/\?/);
  });
});

describe("readers' requests on the moderation page", () => {
  test("finds a reader's comments by name and network, exports them as JSON, deletes them only when confirmed", async () => {
    const server = await startServer({ env: { COMMENTS_TRUST_PROXY: "127.0.0.1" } });
    try {
      await addModerator(server);
      const lan = new ModeratorClient(server);
      await lan.signIn();
      const send = (author: string, body: string, address: string) =>
        server.postJson({ article: ARTICLE, author, body }, { "X-Forwarded-For": address });
      await send("Lê Văn Tám", "Bình luận thứ nhất của tôi.", "203.0.113.7");
      await send("lê  văn tám", "Bình luận thứ hai của tôi.", "203.0.113.8");
      await send("Lê Văn Tám", "Cùng tên, mạng khác.", "198.51.100.7");
      await send("Người Khác", "Cùng mạng, tên khác.", "203.0.113.9");

      const empty = await lan.get("/quan-tri/nguoi-doc");
      assert.equal(empty.$("article.comment").length, 0);
      const byName = await lan.get(`/quan-tri/nguoi-doc?author=${encodeURIComponent("LÊ VĂN TÁM")}`);
      assert.equal(byName.$("article.comment").length, 3);
      const both = await lan.get(`/quan-tri/nguoi-doc?author=${encodeURIComponent("Lê Văn Tám")}&network=203.0.113.1`);
      assert.equal(both.$(".summary").text(), "2 bình luận.");

      const download = await fetch(server.url(both.$("a[download]").attr("href")!), {
        headers: { Cookie: lan.cookieHeader() },
      });
      assert.match(download.headers.get("content-disposition")!, /attachment/);
      const exported = (await download.json()) as { comments: { body: string; network: string }[] };
      assert.deepEqual(
        exported.comments.map((comment) => comment.body),
        ["Bình luận thứ nhất của tôi.", "Bình luận thứ hai của tôi."],
      );
      assert.equal(exported.comments[0]!.network, "203.0.113.0/24");

      const unconfirmed = await lan.post("/quan-tri/nguoi-doc/xoa", {
        _csrf: both.csrf!,
        author: "Lê Văn Tám",
        network: "203.0.113.1",
      });
      assert.equal(unconfirmed.status, 400);
      assert.match(unconfirmed.$('[role="alert"]').text(), /ô xác nhận/);
      const bad = await lan.get("/quan-tri/nguoi-doc?network=kh%C3%B4ng-ph%E1%BA%A3i-IP");
      assert.equal(bad.status, 400);
      assert.match(bad.$('[role="alert"]').text(), /không phải địa chỉ IP/);

      const done = await lan.post("/quan-tri/nguoi-doc/xoa", {
        _csrf: both.csrf!,
        author: "Lê Văn Tám",
        network: "203.0.113.1",
        confirm: "yes",
      });
      assert.equal(done.$('[role="status"]').text(), "Đã xóa hẳn 2 bình luận.");
      assert.equal(done.$(".summary").text(), "Không có bình luận nào của người đọc này.");
      const left = await lan.get("/quan-tri/?trang-thai=all");
      assert.deepEqual(
        left
          .$("article.comment .body")
          .map((_index, body) => left.$(body).text())
          .get(),
        ["Cùng mạng, tên khác.", "Cùng tên, mạng khác."],
      );
    } finally {
      await server.stop();
    }
  });
});
