// npm start: the site with live reload (Eleventy's dev server) and the comments endpoint, together.
// The dev server's first build is the only one before serving; with the cache of an earlier build it
// redoes only what changed. Each edit then rewrites the pages it changes and reloads the browser;
// the search shards follow in the background.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import Eleventy from "@11ty/eleventy";
import { ADMIN_PATHS } from "../comments/shared/api-paths.ts";
import { parseCommandArgs } from "../lib/messages/command-line.ts";
import { exitOnUserError } from "../lib/messages/user-error.ts";

try {
  parseCommandArgs("start.usage", { options: {} });
} catch (error) {
  exitOnUserError(error, "Không chạy được: ");
}

const SITE_PORT = Number(process.env.PORT || 8080);
const siteOrigin = `http://localhost:${SITE_PORT}`;
const env = { ...process.env, COMMENTS_ORIGIN: process.env.COMMENTS_ORIGIN || siteOrigin };
const children: ChildProcess[] = [];

function node(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { stdio: "inherit", env });
  children.push(child);
  return child;
}
const finished = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on("close", resolve));

const stopAll = (code: number) => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exit(code);
};
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

if (existsSync(process.env.COMMENTS_DB || "data/comments.sqlite")) {
  // Bake the comments approved so far into the pages.
  await finished(node(["comments/admin-cli.ts", "export"]));
}
const eleventy = new Eleventy("content", process.env.TOASOAN_OUTPUT || "_site", {
  source: "script",
  configPath: ".eleventy.ts",
  runMode: "serve",
  quietMode: true,
});
await eleventy.init();
const rebuild = await eleventy.watch();
// Eleventy rebuilds when a file is added or changed, not when one is deleted: a withdrawn article
// (or photo) must disappear from the site at once too.
eleventy.watcher?.on("unlink", (file: string) => void rebuild(file));
await eleventy.serve(SITE_PORT);
// After the first build, so the endpoint finds the list of articles as soon as it starts.
const comments = node(["comments/main.ts"]);
comments.on("exit", (code) => {
  if (code !== 0 && code !== null) {
    console.error(`Máy chủ bình luận đã dừng (mã ${code}); dừng cả trang.`);
    stopAll(code);
  }
});
const commentsUrl = `http://localhost:${process.env.COMMENTS_PORT || 8787}`;
console.log(`Trang: ${siteOrigin}  ·  Bình luận: ${commentsUrl}`);
console.log(
  `Duyệt bình luận: ${commentsUrl}${ADMIN_PATHS.queue} (tạo tài khoản trước: npm run comments:admin -- moderator add <tên>)`,
);
