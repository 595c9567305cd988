// `npm run build` and `npm run check` as functions: the scripts run them with the process's
// arguments, the tests run them in their own process. A user's mistake is said and gives 1; a bug
// is thrown with its stack.
import path from "node:path";
import { cacheDirFor, readCachedSources } from "../../lib/build/build-cache.ts";
import { outputFingerprints } from "../../lib/build/dependencies.ts";
import { BuildPool } from "../../lib/build/build-pool.ts";
import { listMarkdownFiles, loadArticles } from "../../lib/build/load-articles.ts";
import { count } from "../../lib/build/progress.ts";
import { parsePart } from "../../lib/build/parts.ts";
import { splitBySchedule } from "../../lib/content/schedule.ts";
import { parseCommandArgs } from "../../lib/messages/command-line.ts";
import { formatProblem, problemReport } from "../../lib/messages/content-errors.ts";
import { UserError } from "../../lib/messages/user-error.ts";
import { loadSettings, requireContentFolders } from "../../lib/settings/settings.ts";

/** Where a command's lines go: the terminal, or a test's. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

/** A command as the scripts and the tests run it: its arguments, environment and project folder; its exit code. */
export type Command = (argv: string[], env: NodeJS.ProcessEnv, root: string, output?: CommandOutput) => Promise<number>;

export const TERMINAL: CommandOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/** The exit code of a command that stopped on `error`: 1 for a user's mistake (said), a bug rethrown. */
export function userErrorCode(error: unknown, output: CommandOutput): number {
  if (!(error instanceof UserError)) throw error;
  output.err(error.explained());
  return 1;
}

/**
 * npm run build [-- --output DIR] [--quiet] [--allow-empty] [--full] [--only-changes]: validates
 * every article, renders the site, writes the search index and removes whatever the content no
 * longer defines. With the previous build's cache (.cache/toasoan/, or TOASOAN_CACHE) only what
 * changed is redone; --full ignores the cache; --only-changes trusts the cache without the previous
 * output folder and writes only what changed (CI: the destination holds the rest, npm run deploy sends it).
 * --part K/N renders part K of N of the archive (its article pages and search shards) with a record
 * for the merge; --merge makes the rest from the records of every part found in the output folder.
 */
export async function buildCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  root: string,
  output = TERMINAL,
): Promise<number> {
  try {
    const { values } = parseCommandArgs("build.usage", {
      args: argv,
      options: {
        output: { type: "string", default: "_site" },
        quiet: { type: "boolean", default: false },
        "allow-empty": { type: "boolean", default: false },
        full: { type: "boolean", default: false },
        "only-changes": { type: "boolean", default: false },
        part: { type: "string" },
        merge: { type: "boolean", default: false },
      },
    });
    if (values.part !== undefined && values.merge)
      throw new UserError("build.usage", "--part và --merge không đi cùng nhau: mỗi máy dựng một phần, một máy gộp");
    const part = values.part === undefined ? undefined : parsePart(values.part);
    // Loaded here, not with this module: Eleventy takes most of a second to load, and the check,
    // which renders nothing, runs on every push.
    const { runBuild } = await import("../../lib/build/run-build.ts");
    await runBuild(loadSettings(root, values["allow-empty"] ? { ...env, TOASOAN_ALLOW_EMPTY: "1" } : env), {
      output: path.resolve(root, values.output),
      quiet: values.quiet,
      full: values.full,
      onlyChanges: values["only-changes"],
      part,
      merge: values.merge,
    });
    return 0;
  } catch (error) {
    return userErrorCode(error, output);
  }
}

/**
 * npm run check [-- FILE…]: validates every article exactly as the build does, without rendering
 * anything, and lists what is scheduled and when. Every problem is one line, `path:line: field:
 * message`. With files named (a git pre-commit hook passes the staged ones), only those are read,
 * and the checks that need the whole archive (one URL per article, links between articles) are left
 * to the full check. With the cache of the last build (of `--output`, `_site` by default), files
 * unchanged since then are not read again, exactly as the build would not.
 */
export async function checkCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  root: string,
  output = TERMINAL,
): Promise<number> {
  let pool: BuildPool | undefined;
  try {
    const { values, positionals } = parseCommandArgs("check.usage", {
      args: argv,
      allowPositionals: true,
      options: { output: { type: "string", default: "_site" } },
    });
    const named = positionals.filter((arg) => arg.endsWith(".md"));
    const settings = loadSettings(root, env);
    requireContentFolders(settings);
    const files =
      named.length > 0 ? named.map((file) => path.resolve(root, file)) : listMarkdownFiles(settings.articlesDir);
    pool = BuildPool.sizedFor(files.length, settings);
    const siteDir = path.resolve(root, values.output);
    const previous = readCachedSources(cacheDirFor(settings, siteDir), outputFingerprints(settings, siteDir));
    const result = await loadArticles({
      previous,
      files,
      mediaDir: settings.mediaDir,
      root: settings.root,
      pool,
      categoryUrls: new Set(settings.categories.all.map((category) => category.url)),
      wholeArchive: named.length === 0,
    });
    const { published, scheduled } = splitBySchedule(result.articles, settings.now);
    for (const article of [...scheduled].reverse())
      output.out(`Hẹn giờ: ${article.sourcePath}: "${article.title}" đăng lúc ${article.dateDisplay}`);
    for (const article of result.withdrawn)
      output.out(`Đã gỡ: ${article.sourcePath}: "${article.title}" gỡ lúc ${article.withdrawn!.dateDisplay}`);
    for (const warning of result.warnings) output.out(`Cảnh báo: ${formatProblem(warning)}`);
    if (result.problems.length > 0) {
      output.err(`${result.problems.length} lỗi trong nội dung:`);
      for (const line of problemReport(result.problems)) output.err(line);
      return 1;
    }
    const scope = named.length > 0 ? ` (chỉ ${count(files.length)} tệp đã nêu)` : "";
    output.out(
      `Nội dung hợp lệ${scope}: ${count(published.length)} bài đã đăng, ${count(scheduled.length)} bài hẹn giờ, ${count(result.drafts)} bản nháp, ${count(result.withdrawn.length)} bài đã gỡ.`,
    );
    return 0;
  } catch (error) {
    return userErrorCode(error, output);
  } finally {
    await pool?.close();
  }
}
