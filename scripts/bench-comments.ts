// npm run bench:comments -- [--seconds 5] [--connections 20]
// A bounded load on loopback: GET (approved comments of an article), POST (new comment) and VIEW (Đọc
// nhiều's beacon, each from another reader behind the loopback proxy) on the real endpoint, next to a
// bare node:http server answering the same shapes in the same run (the ceiling). Reports requests/s
// and p99 latency. Nothing leaves 127.0.0.1.
import { COMMENTS_API } from "../comments/shared/api-paths.ts";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { FORM_TOKEN_FIELD } from "../comments/shared/rules.ts";
import { PostgresDatabase } from "../comments/store/postgres-database.ts";
import type { SqlDatabase } from "../comments/store/sql-database.ts";
import { SqliteDatabase } from "../comments/store/sqlite-database.ts";
import { CommentStore } from "../comments/store/store.ts";
import { type PostgresServer, startPostgres } from "./local-postgres.ts";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "5" }, connections: { type: "string", default: "20" } },
});
const ARTICLE = "/2025/05/04/bai-viet-do-tai/";
const dir = mkdtempSync(path.join(tmpdir(), "toasoan-bench-comments-"));
const db = path.join(dir, "comments.sqlite");
const manifest = path.join(dir, "manifest.json");
writeFileSync(manifest, JSON.stringify({ generated_at: new Date().toISOString(), articles: [ARTICLE] }));

/** The same 30 approved comments in each store, so both serve the same list. */
async function seed(database: SqlDatabase): Promise<string> {
  const store = await CommentStore.open(database);
  for (let i = 0; i < 30; i++)
    await store.add(
      { article: ARTICLE, author: `Bạn đọc ${i}`, body: `Bình luận số ${i} về bài viết, đủ dài để giống thật.` },
      "127.0.0.0/24",
      new Date(),
      "approved",
    );
  const list = JSON.stringify(await store.approvedFor(ARTICLE));
  await store.close();
  return list;
}
const payload = await seed(new SqliteDatabase(db));
// PostgreSQL too when its programs are here (Debian's postgresql); the SQLite figures do not need it.
let postgres: PostgresServer | undefined;
try {
  postgres = await startPostgres();
} catch (error) {
  console.warn(`PostgreSQL không chạy được, chỉ đo SQLite: ${(error as Error).message}`);
}
const postgresUrl = postgres ? await postgres.createDatabase() : undefined;
if (postgresUrl) await seed(new PostgresDatabase(postgresUrl));
process.on("exit", () => postgres?.stop());

function start(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    // Never leave a server behind, even when the benchmark fails half-way.
    process.on("exit", () => child.kill("SIGTERM"));
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve({ child, url: match[1]! });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

const BARE = `
const http = require("node:http");
const payload = process.env.PAYLOAD;
http.createServer((req, res) => {
  if (req.url === "${COMMENTS_API.views}") {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => { new URLSearchParams(body).get("article"); res.writeHead(204); res.end(); });
  } else if (req.method === "POST") {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => { JSON.parse(body); res.writeHead(201, { "content-type": "application/json" }); res.end('{"id":1,"status":"pending"}'); });
  } else {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(payload);
  }
}).listen(0, "127.0.0.1", function () { console.log("http://127.0.0.1:" + this.address().port); });`;

const ENDPOINT_ENV = {
  COMMENTS_PORT: "0",
  COMMENTS_MANIFEST: manifest,
  COMMENTS_RATE_LIMIT: "1000000",
  COMMENTS_ADMIN_TOKEN: "bench-admin-token-0123456789",
  COMMENTS_FORM_SECRET: "bench-form-secret-0123456789",
  // Views come from many readers behind the loopback proxy (X-Forwarded-For), as behind nginx.
  COMMENTS_TRUST_PROXY: "127.0.0.1",
  COMMENTS_VIEWS_NETWORK_CAP: "1000000",
};
const READER_AGENT =
  "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36";
const METHODS = ["GET", "POST", "VIEW"] as const;
type Method = (typeof METHODS)[number];
const ENDPOINT = ["--import", "tsx", "comments/main.ts"];
const servers: Record<string, { child: ChildProcess; url: string }> = {
  "bare node:http": await start(["-e", BARE], { PAYLOAD: payload }),
  "toasoan comments (SQLite)": await start(ENDPOINT, { ...ENDPOINT_ENV, COMMENTS_DB: db }),
};
if (postgresUrl)
  servers["toasoan comments (PostgreSQL)"] = await start(ENDPOINT, {
    ...ENDPOINT_ENV,
    COMMENTS_DATABASE_URL: postgresUrl,
  });

// A real page fetches a signed "form shown at" token and its reader takes a few seconds to write.
// Both endpoints share the signing secret, so one token does for both.
const { token } = (await (
  await fetch(`${servers["toasoan comments (SQLite)"]!.url}${COMMENTS_API.formToken}`)
).json()) as {
  token: string;
};
await new Promise((resolve) => setTimeout(resolve, 3100));

const seconds = Number(values.seconds);

/** What one kind of request sends: every post says something new (the same text twice is a duplicate), every view comes from another reader. */
/** Requests made so far, across every run (warm-ups too): each post and each reader is new. */
let sent = 0;

function load(url: string, method: Method): autocannon.Options {
  const base = { url, connections, duration: seconds };
  switch (method) {
    case "GET":
      return { ...base, url: `${url}${COMMENTS_API.comments}?article=${encodeURIComponent(ARTICLE)}` };
    case "POST":
      return {
        ...base,
        url: `${url}${COMMENTS_API.comments}`,
        method: "POST",
        headers: { "content-type": "application/json" },
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              body: JSON.stringify({
                article: ARTICLE,
                author: "Bạn đọc",
                body: `Bình luận số ${++sent} gửi trong lúc đo tải.`,
                [FORM_TOKEN_FIELD]: token,
              }),
            }),
          },
        ],
      };
    case "VIEW":
      return {
        ...base,
        url: `${url}${COMMENTS_API.views}`,
        method: "POST",
        body: new URLSearchParams({ article: ARTICLE }).toString(),
        requests: [
          {
            setupRequest: (request) => {
              const reader = ++sent;
              return {
                ...request,
                headers: {
                  "content-type": "application/x-www-form-urlencoded",
                  "user-agent": READER_AGENT,
                  "x-forwarded-for": `10.${(reader >> 16) & 255}.${(reader >> 8) & 255}.${reader & 255}`,
                },
              };
            },
          },
        ],
      };
  }
}
const connections = Number(values.connections);
const results: Record<string, Record<string, { rps: number; p99: number }>> = {};
// Each kind of request is measured on every server in turn (the bare one first), each after a second
// of the same load to warm it up, so the servers compared ran side by side in one stretch of time.
for (const method of METHODS) {
  for (const [name, { url }] of Object.entries(servers)) {
    await autocannon({ ...load(url, method), duration: 1 });
    const run = await autocannon(load(url, method));
    const ok = run["2xx"];
    if (run.non2xx > 0)
      console.warn(`${name} ${method}: ${run.non2xx} answers were not 2xx: the figure is not of accepted requests`);
    (results[name] ??= {})[method] = { rps: run.requests.average, p99: run.latency.p99 };
    console.log(
      `${name} ${method}: ${run.requests.average.toFixed(0)} req/s, p99 ${run.latency.p99} ms, ${ok} ok, ${run.non2xx} non-2xx, ${run.errors} errors`,
    );
  }
}
for (const name of Object.keys(servers).filter((server) => server.startsWith("toasoan"))) {
  for (const method of METHODS) {
    const ours = results[name]![method]!;
    const bare = results["bare node:http"]![method]!;
    console.log(
      `${name} ${method}: ${(ours.rps / bare.rps).toFixed(2)}× the bare server's requests/s; p99 ${ours.p99} ms vs ${bare.p99} ms`,
    );
  }
}
process.exit(0);
