import assert from "node:assert/strict";
import { ADMIN_PATHS } from "../../comments/shared/api-paths.ts";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import { ARTICLE, CommentsServer } from "../helpers/comments-server.ts";
import { PROJECT_ROOT } from "../helpers/fixture-site.ts";
import { startPrebuiltMirror } from "../helpers/prebuilt-mirror.ts";

const run = promisify(execFile);

// The README's production set-up, done exactly as written: pack the endpoint, install the package
// alone with `npm install --omit=dev` into an empty folder, run its command, stop it with SIGTERM.
describe("the comments endpoint installs and runs on its own, as the README says", () => {
  test(
    "npm pack, npm install --omit=dev in an empty folder, start, post a comment, SIGTERM",
    { timeout: 600_000 },
    async () => {
      const work = mkdtempSync(path.join(tmpdir(), "toasoan-install-"));
      await run("npm", ["pack", "--workspace", "comments", "--pack-destination", work], { cwd: PROJECT_ROOT });
      const tarball = readdirSync(work).find((name) => /^toasoan-comments-.*\.tgz$/.test(name));
      assert.ok(tarball, "npm pack made the package");
      const server = path.join(work, "srv");
      await run("mkdir", ["-p", server]);
      const mirror = await startPrebuiltMirror(work);
      try {
        await run(
          "npm",
          ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", path.join(work, tarball)],
          { cwd: server, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, ...mirror?.env } },
        );
      } finally {
        await mirror?.stop();
      }

      const installed = readdirSync(path.join(server, "node_modules"));
      for (const unwanted of ["@11ty", "pagefind", "esbuild", "tsx", "typescript", "markdown-it"]) {
        assert.ok(!installed.includes(unwanted), `${unwanted} is not installed with the endpoint`);
      }
      const bin = path.join(server, "node_modules/.bin/toasoan-comments");
      assert.ok(existsSync(bin));

      const endpoint = new CommentsServer({
        command: { file: bin, args: [], cwd: server },
        env: { COMMENTS_DB: path.join(server, "data/comments.sqlite") },
      });
      await endpoint.start();
      const posted = await endpoint.postJson({
        article: ARTICLE,
        author: "Bạn đọc",
        body: "Bình luận trên máy chủ cài riêng.",
      });
      assert.equal(posted.status, 201);
      // The pages' templates and stylesheet ship in the package, beside the code that renders them.
      const signIn = await fetch(endpoint.url(ADMIN_PATHS.login));
      assert.equal(signIn.status, 200);
      assert.match(await signIn.text(), /<form method="post" action="\/quan-tri\/dang-nhap"/);
      assert.equal((await fetch(endpoint.url(ADMIN_PATHS.styles))).status, 200);
      assert.equal(await endpoint.stop("SIGTERM"), 0, endpoint.output);

      const { stdout } = await run(path.join(server, "node_modules/.bin/toasoan-comments-admin"), ["list"], {
        cwd: server,
        env: { ...process.env, ...endpoint.env },
      });
      assert.match(stdout, /Bình luận trên máy chủ cài riêng\./);
    },
  );
});
