import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { COMMENTS_API } from "../comments/shared/api-paths.ts";
import { ARTICLE, CommentsServer } from "./helpers/comments-server.ts";

/** The endpoint's JSON log lines (pino), without its start-up text. */
const logLines = (output: string): Record<string, unknown>[] =>
  output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/**
 * Runs the endpoint with these log settings, reads one article's comments and posts one: in this
 * process through inject() (its log lines captured), or as a process over a socket, where the log
 * is what the process writes.
 */
async function traffic(env: NodeJS.ProcessEnv, asProcess = false): Promise<Record<string, unknown>[]> {
  const server = await new CommentsServer({ env, process: asProcess }).start();
  const comment = { article: ARTICLE, author: "Bạn đọc", body: "Một bình luận để ghi nhật ký." };
  const read = `${COMMENTS_API.comments}?article=${encodeURIComponent(ARTICLE)}`;
  try {
    if (asProcess) {
      assert.equal((await fetch(server.url(read))).status, 200);
      assert.equal((await server.postJson(comment)).status, 201);
    } else {
      assert.equal((await server.app.inject({ url: read })).statusCode, 200);
      const posted = await server.app.inject({ method: "POST", url: COMMENTS_API.comments, payload: comment });
      assert.equal(posted.statusCode, 201);
    }
  } finally {
    await server.stop();
  }
  return logLines(server.output);
}

describe("the endpoint's request log (COMMENTS_LOG)", () => {
  test("by default, ordinary requests are not logged, so a busy endpoint never waits on its log", async () => {
    // The helper turns the log off for other tests; an empty value is the operator who never set it.
    assert.deepEqual(await traffic({ COMMENTS_LOG: "" }), []);
  });

  test("by default, a request slower than COMMENTS_LOG_SLOW_MS is logged as a warning with its time, without the reader's address", async () => {
    const lines = await traffic({ COMMENTS_LOG: "", COMMENTS_LOG_SLOW_MS: "1" }, true);
    const slow = lines.filter((line) => line.msg === "yêu cầu chậm");
    assert.ok(slow.length >= 1, JSON.stringify(lines));
    for (const line of slow) {
      assert.equal(line.level, 40);
      assert.equal(typeof line.ms, "number");
      assert.match(String(line.url), /^\/api\/comments/);
      assert.doesNotMatch(JSON.stringify(line), /127\.0\.0\.1|remoteAddress/);
    }
    for (const line of (await traffic({ COMMENTS_LOG: "", COMMENTS_LOG_SLOW_MS: "1" })).filter(
      (line) => line.msg === "yêu cầu chậm",
    )) {
      assert.match(String(line.url), /^\/api\/comments/);
    }
  });

  test("COMMENTS_LOG=requests logs every request, still without the reader's address", async () => {
    const lines = await traffic({ COMMENTS_LOG: "requests" });
    const incoming = lines.filter((line) => line.msg === "incoming request");
    assert.equal(incoming.length, 2, JSON.stringify(lines));
    const aboutRequests = lines.filter((line) => "reqId" in line);
    assert.doesNotMatch(JSON.stringify(aboutRequests), /127\.0\.0\.1|remoteAddress|remotePort/);
  });

  test("COMMENTS_LOG=off logs nothing; a wrong value stops the endpoint naming the variable and its values", async () => {
    assert.deepEqual(await traffic({ COMMENTS_LOG: "off", COMMENTS_LOG_SLOW_MS: "1" }), []);
    await assert.rejects(new CommentsServer({ env: { COMMENTS_LOG: "verbose" } }).start(), (error: Error) => {
      assert.match(error.message, /COMMENTS_LOG="verbose" phải là "problems"/);
      assert.doesNotMatch(error.message, /\n\s+at /);
      return true;
    });
  });
});
