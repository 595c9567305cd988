import { execFileSync } from "node:child_process";
import path from "node:path";
import { UserError } from "../messages/user-error.ts";

/** `git` in the folder of the articles (the newsroom's repository), its output trimmed; a failure is a user's mistake. */
function git(cwd: string, args: string[], what: string): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (error) {
    const said = (error as { stderr?: string }).stderr?.trim().split("\n")[0] ?? String(error);
    throw new UserError("preview.not-git", `${what}: ${said}`);
  }
}

/**
 * The branch being previewed: `--branch`, else the pull request's head branch on GitHub Actions
 * (GITHUB_HEAD_REF: its checkout is a merge commit, not a branch), else the checked-out branch.
 */
export function branchName(articlesDir: string, named: string | undefined, env: NodeJS.ProcessEnv): string {
  const name =
    named ||
    env.GITHUB_HEAD_REF ||
    git(articlesDir, ["rev-parse", "--abbrev-ref", "HEAD"], "không biết nhánh hiện tại");
  if (name === "HEAD")
    throw new UserError("preview.not-git", "đang ở một commit không thuộc nhánh nào — nêu tên nhánh bằng --branch");
  return name;
}

/**
 * The article files the branch adds or changes against `base`, as they are in the working tree:
 * what `git diff` shows since the two diverged, and files git does not track yet.
 */
export function changedArticleFiles(articlesDir: string, base: string): string[] {
  const since = git(articlesDir, ["merge-base", base, "HEAD"], `không tìm thấy nhánh gốc "${base}" trong kho git`);
  const top = git(articlesDir, ["rev-parse", "--show-toplevel"], "không phải kho git");
  const relative = path.relative(top, articlesDir) || ".";
  const changed = git(top, ["diff", "--name-only", "--diff-filter=AMR", since, "--", relative], "git diff");
  const untracked = git(top, ["ls-files", "--others", "--exclude-standard", "--", relative], "git ls-files");
  return [...new Set([...changed.split("\n"), ...untracked.split("\n")])]
    .filter((file) => file.endsWith(".md"))
    .map((file) => path.join(top, file))
    .sort();
}
