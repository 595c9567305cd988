// Đọc nhiều on the endpoint: which views count, what is kept of them (nothing personal, read from
// the database's own file), the lists after a burst from many networks, the editors' choice, and
// what a kill -9 during a burst may lose.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { COMMENTS_API } from "../comments/shared/api-paths.ts";
import type { MostReadExport } from "../comments/shared/most-read.ts";
import {
  ARTICLE,
  ARTICLE_CATEGORY,
  ARTICLE_TITLE,
  type CommentsServer,
  OTHER_ARTICLE,
  OTHER_ARTICLE_CATEGORY,
  startServer,
} from "./helpers/comments-server.ts";
import { addModerator, ModeratorClient } from "./helpers/moderator-client.ts";

const CHROME =
  "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const CAP = 3;

let server: CommentsServer;
before(async () => {
  // Readers from many networks arrive through the loopback proxy (X-Forwarded-For), as behind nginx.
  server = await startServer({
    env: {
      COMMENTS_VIEWS_NETWORK_CAP: String(CAP),
      COMMENTS_MOST_READ_MAX_AGE_S: "1",
      COMMENTS_TRUST_PROXY: "127.0.0.1",
    },
  });
});
after(() => server.stop());

/**
 * One view as the page's beacon sends it, from `address`: over a socket, since views are answered
 * before Fastify (inject() would not reach that handler).
 */
async function beacon(article: string, address: string, headers: Record<string, string> = {}) {
  const response = await fetch(server.url(COMMENTS_API.views), {
    method: "POST",
    headers: { "User-Agent": CHROME, "X-Forwarded-For": address, ...headers },
    body: new URLSearchParams({ article }),
  });
  const text = await response.text();
  return { statusCode: response.status, headers: response.headers, json: () => JSON.parse(text) as { field?: string } };
}

/** Views stored for each article, after the counts in memory are written. */
async function stored(): Promise<Record<string, number>> {
  await server.app.viewCounter.flush();
  const rows = await server.app.viewCounter["counts"].recent();
  return Object.fromEntries(rows.map((row) => [row.article, row.week]));
}

async function mostRead(): Promise<MostReadExport> {
  // The lists are served from a cache of one second in these tests.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const response = await server.app.inject({ method: "GET", url: COMMENTS_API.mostRead });
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers["cache-control"]), /^public, max-age=1$/);
  assert.ok(response.headers.etag);
  return response.json();
}

describe("counting a view", () => {
  test("a reader's view counts once; a reload within the hour does not; another browser on the network does", async () => {
    const before = (await stored())[OTHER_ARTICLE] ?? 0;
    assert.equal((await beacon(OTHER_ARTICLE, "198.51.100.7")).statusCode, 204);
    assert.equal((await beacon(OTHER_ARTICLE, "198.51.100.7")).statusCode, 204);
    assert.equal((await beacon(OTHER_ARTICLE, "198.51.100.7", { "User-Agent": FIREFOX })).statusCode, 204);
    assert.equal((await stored())[OTHER_ARTICLE], before + 2);
  });

  test("the picture a page without JavaScript loads counts the same way, and is a GIF never cached", async () => {
    const before = (await stored())[OTHER_ARTICLE] ?? 0;
    const response = await fetch(server.url(`${COMMENTS_API.viewPixel}?article=${encodeURIComponent(OTHER_ARTICLE)}`), {
      headers: { "User-Agent": CHROME, "X-Forwarded-For": "198.51.100.77" },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "image/gif");
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.equal(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 6)
        .toString(),
      "GIF89a",
    );
    assert.equal((await stored())[OTHER_ARTICLE], before + 1);
  });

  test("robots, Do Not Track, Global Privacy Control and a missing user agent are answered but not counted", async () => {
    const before = (await stored())[OTHER_ARTICLE] ?? 0;
    const ignored: Record<string, string>[] = [
      { "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" },
      { "User-Agent": "facebookexternalhit/1.1" },
      { "User-Agent": "curl/8.5.0" },
      { DNT: "1" },
      { "Sec-GPC": "1" },
      { "User-Agent": "" },
    ];
    for (const [index, headers] of ignored.entries())
      assert.equal((await beacon(OTHER_ARTICLE, `192.0.2.${index + 1}`, headers)).statusCode, 204);
    assert.equal((await stored())[OTHER_ARTICLE] ?? 0, before);
  });

  test("an address the site does not publish (unknown, draft, withdrawn) or no address at all is refused", async () => {
    for (const article of ["/2025/05/04/ban-nhap/", "/", "/quan-tri/", "https://evil.example/x/"]) {
      const response = await beacon(article, "203.0.113.9");
      assert.equal(response.statusCode, 404, article);
      assert.equal(response.json().field, "article");
    }
    const missing = await fetch(server.url(COMMENTS_API.views), { method: "POST", body: "" });
    assert.equal(missing.status, 400);
    const huge = await fetch(server.url(COMMENTS_API.views), {
      method: "POST",
      body: new URLSearchParams({ article: `/${"a".repeat(5000)}/` }),
    });
    assert.equal(huge.status, 413);
    const counted = await stored();
    assert.deepEqual(
      Object.keys(counted).sort(),
      [ARTICLE, OTHER_ARTICLE].filter((article) => article in counted).sort(),
    );
  });

  test(`one network counts at most ${CAP} readers of an article an hour, whatever their addresses and browsers`, async () => {
    const before = (await stored())[ARTICLE] ?? 0;
    for (let reader = 1; reader <= 10; reader++)
      await beacon(ARTICLE, `100.64.7.${reader}`, { "User-Agent": `${CHROME} reader/${reader}` });
    assert.equal((await stored())[ARTICLE], before + CAP);
    await beacon(OTHER_ARTICLE, "100.64.7.200");
    // The cap is per article: the same network still counts for another one.
    assert.ok(((await stored())[OTHER_ARTICLE] ?? 0) > 0);
    // An IPv6 /64 is one network: a host cannot step around the cap by changing its address.
    const v6before = (await stored())[OTHER_ARTICLE]!;
    for (let host = 1; host <= 10; host++) await beacon(OTHER_ARTICLE, `2001:db8:5:7::${host.toString(16)}`);
    assert.equal((await stored())[OTHER_ARTICLE], v6before + CAP);
  });
});

describe("what is kept", () => {
  test("the database holds articles, hours and numbers: no address, network, user agent or hash of them", async () => {
    const address = "198.51.100.231";
    const agent = `${FIREFOX} unique-marker-7731`;
    await beacon(ARTICLE, address, { "User-Agent": agent });
    await stored();
    const files = readdirSync(server.dir).filter((name) => name.startsWith("comments.sqlite"));
    const bytes = Buffer.concat(files.map((name) => readFileSync(path.join(server.dir, name))));
    for (const personal of [address, "198.51.100", "unique-marker-7731", "Firefox/133.0", "Android 14"])
      assert.equal(bytes.includes(Buffer.from(personal)), false, `${personal} is in the database's files`);
    const db = new Database(path.join(server.dir, "comments.sqlite"), { readonly: true });
    try {
      const columns = db.prepare("SELECT name FROM pragma_table_info('article_views')").all() as { name: string }[];
      assert.deepEqual(
        columns.map((column) => column.name),
        ["article", "hour", "views"],
      );
    } finally {
      db.close();
    }
  });

  test("the answers set no cookie", async () => {
    const response = await beacon(ARTICLE, "198.51.100.232");
    assert.equal(response.headers.get("set-cookie"), null);
  });
});

describe("the lists", () => {
  test("after a burst from many networks: ranked by views, the site's and each category's, titles as the manifest has them", async () => {
    // 40 networks read ARTICLE, 25 read OTHER_ARTICLE, all at once.
    await Promise.all([
      ...Array.from({ length: 40 }, (_, index) => beacon(ARTICLE, `10.${index}.1.1`)),
      ...Array.from({ length: 25 }, (_, index) => beacon(OTHER_ARTICLE, `10.${index}.2.1`)),
    ]);
    const counts = await stored();
    const lists = await mostRead();
    assert.deepEqual(
      lists.site.day.map((item) => [item.url, item.views]),
      [
        [ARTICLE, counts[ARTICLE]],
        [OTHER_ARTICLE, counts[OTHER_ARTICLE]],
      ],
    );
    assert.ok(counts[ARTICLE]! >= 40 && counts[OTHER_ARTICLE]! >= 25);
    assert.deepEqual(lists.site.week, lists.site.day);
    assert.equal(lists.site.day[0]!.title, ARTICLE_TITLE);
    assert.deepEqual(Object.keys(lists.categories).sort(), [ARTICLE_CATEGORY, OTHER_ARTICLE_CATEGORY].sort());
    assert.deepEqual(
      lists.categories[OTHER_ARTICLE_CATEGORY]!.day.map((item) => item.url),
      [OTHER_ARTICLE],
    );
  });

  test("an editor leaves an article out on /quan-tri/doc-nhieu: it leaves the lists at once, keeps its count, comes back", async () => {
    await addModerator(server);
    const client = new ModeratorClient(server);
    await client.signIn();
    const page = await client.get("/quan-tri/doc-nhieu");
    const row = page.$("tr").filter((_, element) => page.$(element).find(`input[value="${ARTICLE}"]`).length > 0);
    assert.equal(row.find("a").text(), ARTICLE_TITLE, "the title is shown as text");
    assert.ok(Number(row.find("td").eq(1).text()) >= 40, "the page shows its views over 24 hours");
    const left = await client.post("/quan-tri/doc-nhieu", { _csrf: page.csrf!, article: ARTICLE, action: "exclude" });
    assert.match(left.$('[role="status"]').text(), /Đã bỏ bài khỏi Đọc nhiều/);
    const response = await server.app.inject({ method: "GET", url: COMMENTS_API.mostRead });
    const lists = response.json() as MostReadExport;
    assert.deepEqual(
      lists.site.day.map((item) => item.url),
      [OTHER_ARTICLE],
    );
    assert.equal(lists.categories[ARTICLE_CATEGORY], undefined);
    const back = await client.post("/quan-tri/doc-nhieu", { _csrf: left.csrf!, article: ARTICLE, action: "include" });
    assert.match(back.$('[role="status"]').text(), /Đã đưa bài trở lại/);
    const again = (await server.app.inject({ method: "GET", url: COMMENTS_API.mostRead })).json() as MostReadExport;
    assert.equal(again.site.day[0]!.url, ARTICLE);
    const unknown = await client.post("/quan-tri/doc-nhieu", {
      _csrf: back.csrf!,
      article: "/khong-co/",
      action: "exclude",
    });
    assert.equal(unknown.status, 404);
    assert.match(unknown.$('[role="alert"]').text(), /Không có bài viết đã đăng ở địa chỉ này/);
    const wrongAction = await client.post("/quan-tri/doc-nhieu", {
      _csrf: back.csrf!,
      article: ARTICLE,
      action: "xoa",
    });
    assert.equal(wrongAction.status, 400);
    assert.match(wrongAction.$('[role="alert"]').text(), /bỏ khỏi hoặc đưa lại vào Đọc nhiều/);
    const forged = await client.post("/quan-tri/doc-nhieu", { _csrf: "gia-mao", article: ARTICLE, action: "exclude" });
    assert.equal(forged.status, 403, "a form without its CSRF token changes nothing");
    const still = (await server.app.inject({ method: "GET", url: COMMENTS_API.mostRead })).json() as MostReadExport;
    assert.equal(still.site.day[0]!.url, ARTICLE);
  });

  test("the admin export gives the build the same lists; without the token it is refused", async () => {
    const refused = await fetch(server.url(COMMENTS_API.mostReadExport));
    assert.equal(refused.status, 401);
    const exported = (await (await server.admin("GET", COMMENTS_API.mostReadExport)).json()) as MostReadExport;
    assert.equal(exported.site.day[0]!.url, ARTICLE);
    const cli = await server.adminCli("most-read", "--out", path.join(server.dir, "most-read.json"));
    assert.equal(cli.code, 0, cli.stderr);
    const written = JSON.parse(readFileSync(path.join(server.dir, "most-read.json"), "utf8")) as MostReadExport;
    assert.deepEqual(written.site, exported.site);
  });
});

describe("a kill -9 during a burst", () => {
  const FLUSH_S = 1;
  let killed: CommentsServer;
  before(async () => {
    killed = await startServer({
      process: true,
      env: {
        COMMENTS_VIEWS_FLUSH_S: String(FLUSH_S),
        COMMENTS_VIEWS_NETWORK_CAP: "1000000",
        COMMENTS_TRUST_PROXY: "127.0.0.1",
      },
    });
  });
  after(() => killed.stop());

  test(`loses at most the last ${FLUSH_S} s of counts (COMMENTS_VIEWS_FLUSH_S), never more`, async () => {
    const acknowledged: number[] = [];
    let reader = 0;
    let stop = false;
    const url = killed.url(COMMENTS_API.views);
    const sender = async () => {
      while (!stop) {
        reader++;
        const response = await fetch(url, {
          method: "POST",
          headers: { "User-Agent": CHROME, "X-Forwarded-For": `10.${(reader >> 8) & 255}.${reader & 255}.1` },
          body: new URLSearchParams({ article: ARTICLE }),
        }).catch(() => undefined);
        if (response?.status === 204) acknowledged.push(Date.now());
        else if (response) throw new Error(`answer ${response.status}`);
      }
    };
    const senders = Array.from({ length: 6 }, sender);
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const killedAt = Date.now();
    await killed.stop("SIGKILL");
    stop = true;
    await Promise.all(senders);
    const db = new Database(path.join(killed.dir, "comments.sqlite"), { readonly: true });
    const { views } = db.prepare("SELECT COALESCE(SUM(views), 0) AS views FROM article_views").get() as {
      views: number;
    };
    db.close();
    const safe = acknowledged.filter((at) => at < killedAt - FLUSH_S * 1000 - 250).length;
    assert.ok(acknowledged.length > 100, `a burst: ${acknowledged.length} views acknowledged`);
    assert.ok(views >= safe, `${views} stored; ${safe} were acknowledged over ${FLUSH_S} s before the kill`);
    assert.ok(views <= acknowledged.length, `${views} stored, more than the ${acknowledged.length} acknowledged`);
  });
});
