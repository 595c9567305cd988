// npm start: the site with live reload (Eleventy's dev server) and the comments endpoint, together.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";

const SITE_PORT = process.env.PORT || "8080";
const siteOrigin = `http://localhost:${SITE_PORT}`;
const env = { ...process.env, COMMENTS_ORIGIN: process.env.COMMENTS_ORIGIN || siteOrigin };
const node = (args: string[]) => spawn(process.execPath, ["--import", "tsx", ...args], { stdio: "inherit", env });

const children: ChildProcess[] = [];
const stopAll = (code: number) => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exitCode = code;
};

const run = (args: string[]) => new Promise<number | null>((resolve) => node(args).on("close", resolve));

if (existsSync(process.env.COMMENTS_DB || "data/comments.sqlite")) {
  // Bake the comments approved so far into this build.
  await run(["comments/admin-cli.ts", "export"]);
}
// A full build first, so the comments endpoint finds the list of articles as soon as it starts.
const built = await run(["scripts/build.ts"]);
if (built !== 0) process.exit(built ?? 1);
children.push(node(["node_modules/@11ty/eleventy/cmd.cjs", "--config=.eleventy.ts", "--serve", `--port=${SITE_PORT}`]));
children.push(node(["comments/main.ts"]));
for (const child of children) {
  child.on("exit", (code) => {
    if (code !== 0 && code !== null) {
      console.error(`Một tiến trình đã dừng (mã ${code}); dừng cả trang và máy chủ bình luận.`);
      stopAll(code);
    }
  });
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
console.log(`Trang: ${siteOrigin}  ·  Bình luận: http://localhost:${process.env.COMMENTS_PORT || 8787}`);
