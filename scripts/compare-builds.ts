// npm run compare-builds -- --before REF [--after REF] [--corpus DIR]
// Builds the site with the code of two commits (the working tree when --after is left out) and
// compares every output file byte for byte: what a refactoring must leave unchanged. Each commit is
// checked out in a temporary git worktree that shares this clone's node_modules; both build the
// same articles (the sample newspaper, or --corpus) at the same fixed "now", each with its own cache.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { OUTPUT_MARKER } from "../lib/build/output-folder.ts";
import { listFiles } from "../lib/files/list-files.ts";
import { parseCommandArgs } from "../lib/messages/command-line.ts";
import { exitOnUserError, UserError } from "../lib/messages/user-error.ts";
import { runMeasured } from "./lib/process-tree.ts";

const values = (() => {
  try {
    const { values } = parseCommandArgs("compare-builds.usage", {
      options: {
        before: { type: "string" },
        after: { type: "string" },
        corpus: { type: "string" },
        now: { type: "string", default: "2026-11-30T12:00:00+07:00" },
      },
    });
    if (!values.before) throw new UserError("compare-builds.usage", "cần --before <commit>");
    return { ...values, before: values.before };
  } catch (error) {
    exitOnUserError(error);
  }
})();
const root = process.cwd();
const scratch = mkdtempSync(path.join(tmpdir(), "toasoan-compare-"));
const worktrees: string[] = [];

/** A checkout of `ref` that runs with this clone's installed packages. */
function checkout(ref: string): string {
  const folder = path.join(scratch, `tree-${worktrees.length}`);
  execFileSync("git", ["worktree", "add", "--detach", folder, ref], { stdio: "ignore" });
  worktrees.push(folder);
  symlinkSync(path.join(root, "node_modules"), path.join(folder, "node_modules"));
  if (existsSync(path.join(root, "comments/node_modules")))
    symlinkSync(path.join(root, "comments/node_modules"), path.join(folder, "comments/node_modules"));
  return folder;
}

async function build(tree: string, name: string): Promise<string> {
  const output = path.join(scratch, `site-${name}`);
  const built = await runMeasured(
    process.execPath,
    ["--import", "tsx", "scripts/build.ts", "--output", output, "--quiet"],
    {
      TOASOAN_NOW: values.now,
      TOASOAN_CACHE: path.join(scratch, `cache-${name}`),
      ...(values.corpus ? { TOASOAN_ARTICLES: path.resolve(values.corpus) } : {}),
    },
    tree,
  );
  if (built.code !== 0) throw new Error(`${name}: the build failed\n${built.stderr}`);
  console.log(`${name}: built in ${built.seconds.toFixed(0)} s`);
  return output;
}

try {
  const before = await build(checkout(values.before), `before (${values.before})`);
  const after = await build(values.after ? checkout(values.after) : root, `after (${values.after ?? "working tree"})`);
  const files = (dir: string) => new Set(listFiles(dir).filter((file) => file !== OUTPUT_MARKER));
  const [left, right] = [files(before), files(after)];
  const onlyBefore = [...left].filter((file) => !right.has(file));
  const onlyAfter = [...right].filter((file) => !left.has(file));
  const different = [...left].filter(
    (file) => right.has(file) && !readFileSync(path.join(before, file)).equals(readFileSync(path.join(after, file))),
  );
  console.log(
    `${left.size} files before, ${right.size} after: ${left.size - onlyBefore.length - different.length} byte for byte the same, ${different.length} different, ${onlyBefore.length} only before, ${onlyAfter.length} only after`,
  );
  for (const [label, list] of [
    ["different", different],
    ["only before", onlyBefore],
    ["only after", onlyAfter],
  ] as const)
    for (const file of list.slice(0, 20)) console.log(`  ${label}: ${file}`);
  process.exitCode = different.length + onlyBefore.length + onlyAfter.length === 0 ? 0 : 1;
} finally {
  for (const tree of worktrees) execFileSync("git", ["worktree", "remove", "--force", tree], { stdio: "ignore" });
  rmSync(scratch, { recursive: true, force: true });
}
