import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { freePort, serveStatic } from "./helpers/browser.ts";
import { articleFile, createFixture, fixtureEnv, PROJECT_ROOT } from "./helpers/fixture-site.ts";
import { buildIndexFor } from "./helpers/search-site.ts";
import { waitUntil } from "./helpers/wait.ts";

const article = (title: string, slug: string, date: string, body: string) =>
  articleFile({ title, slug, date, category: "Kinh tế", author: "Lê Văn Bình", summary: `Tóm tắt: ${title}.` }, body);

/** Polls a page of the dev server until its text satisfies the test, or fails after the deadline. */
async function until(url: string, ok: (status: number, text: string) => boolean, what: string): Promise<void> {
  let last = { status: 0, text: "" };
  const check = async () => {
    const response = await fetch(url).catch(() => undefined);
    last = { status: response?.status ?? 0, text: (await response?.text()) ?? "" };
    return ok(last.status, last.text);
  };
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: ${url} trả về ${last.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("npm start: the dev server follows the editors' files", () => {
  test(
    "an edited title, a new article and a deleted one show at once; the search index follows",
    { timeout: 300_000 },
    async () => {
      const site = createFixture({
        "a.md": article("Tin ban đầu", "tin-a", "2025-05-01 08:00", "Nội dung đầu tiên."),
        "b.md": article("Tin sẽ bị xóa", "tin-b", "2025-05-02 08:00", "Nội dung thứ hai."),
      });
      const port = await freePort();
      const env = {
        ...process.env,
        ...fixtureEnv(site),
        TOASOAN_OUTPUT: site.outDir,
        TOASOAN_CACHE: path.join(site.root, "cache"),
        PORT: String(port),
        COMMENTS_PORT: String(await freePort()),
        COMMENTS_DB: path.join(site.root, "comments.sqlite"),
        COMMENTS_LOG: "0",
      };
      const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
        cwd: PROJECT_ROOT,
        env,
        detached: true,
      });
      let output = "";
      server.stdout.on("data", (chunk) => (output += chunk));
      server.stderr.on("data", (chunk) => (output += chunk));
      const origin = `http://127.0.0.1:${port}`;
      try {
        await waitUntil(
          () => output.includes("Trang: http") || server.exitCode !== null,
          "the dev server starts",
          120_000,
        );
        assert.equal(server.exitCode, null, output);
        await until(
          `${origin}/2025/05/01/tin-a/`,
          (status, text) => status === 200 && text.includes("Tin ban đầu"),
          "the first build",
        );

        writeFileSync(
          path.join(site.articlesDir, "a.md"),
          article("Tin đã sửa tiêu đề", "tin-a", "2025-05-01 08:00", "Nội dung đầu tiên."),
        );
        await until(
          `${origin}/2025/05/01/tin-a/`,
          (_status, text) => text.includes("Tin đã sửa tiêu đề"),
          "the edited title on its page",
        );
        await until(
          `${origin}/tin-moi/`,
          (_status, text) => text.includes("Tin đã sửa tiêu đề") && !text.includes("Tin ban đầu"),
          "the edited title in Tin mới",
        );

        writeFileSync(
          path.join(site.articlesDir, "c.md"),
          article("Tin vừa viết", "tin-c", "2025-05-03 08:00", "Từ khóa độc nhất qwertyvn."),
        );
        await until(`${origin}/2025/05/03/tin-c/`, (status) => status === 200, "the new article");
        rmSync(path.join(site.articlesDir, "b.md"));
        await until(
          `${origin}/2025/05/02/tin-b/`,
          (_status, text) => text.includes("Bài viết đã được gỡ") && !text.includes("Tin sẽ bị xóa"),
          "the deleted article's address holds the notice",
        );

        // The search shards are written after the pages. Node keeps the first Pagefind runtime it
        // imports, so the test reads them only once the dev server says the build is complete.
        await waitUntil(
          () => /File deleted[\s\S]*\d tệp trong \S+ .*giây\./.test(output),
          "the build after the deletion completes",
          60_000,
        );
        const files = await serveStatic(site.outDir);
        try {
          let found = 0;
          const deadline = Date.now() + 60_000;
          while (found === 0 && Date.now() < deadline) {
            const index = await buildIndexFor(site, files).catch(() => undefined);
            found = (await index?.search("qwertyvn"))?.results.length ?? 0;
            if (found === 0) await new Promise((resolve) => setTimeout(resolve, 500));
          }
          assert.equal(found, 1, output);
        } finally {
          await files.close();
        }
      } finally {
        if (server.pid) process.kill(-server.pid, "SIGTERM");
      }
    },
  );
});
