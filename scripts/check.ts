// npm run check [-- FILE…]: validates every article exactly as the build does, without rendering
// anything, and lists what is scheduled and when. Every problem is one line, `path:line: field:
// message`. With files named (a git pre-commit hook passes the staged ones), only those are read,
// and the checks that need the whole archive (one URL per article, links between articles) are left
// to the full check. With the cache of the last build (of `--output`, `_site` by default), files
// unchanged since then are not read again, exactly as the build would not.
import { exitOnUserError } from "../lib/messages/user-error.ts";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildFingerprint, cacheDirFor, readCache } from "../lib/build/build-cache.ts";
import { BuildPool } from "../lib/build/build-pool.ts";
import { formatProblem } from "../lib/messages/content-errors.ts";
import { listMarkdownFiles, loadArticles } from "../lib/build/load-articles.ts";
import { count } from "../lib/build/progress.ts";
import { splitBySchedule } from "../lib/content/schedule.ts";
import { loadSettings, requireContentFolders } from "../lib/settings/settings.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { output: { type: "string", default: "_site" } },
});
const named = positionals.filter((arg) => arg.endsWith(".md"));
let pool: BuildPool | undefined;
try {
  const settings = loadSettings(process.cwd());
  requireContentFolders(settings);
  const files = named.length > 0 ? named.map((file) => path.resolve(file)) : listMarkdownFiles(settings.articlesDir);
  pool = BuildPool.sizedFor(files.length, settings);
  const siteDir = path.resolve(values.output);
  const cached = readCache(
    cacheDirFor(settings, siteDir),
    buildFingerprint(settings, siteDir),
    siteDir,
    undefined,
    true,
  );
  const result = await loadArticles({
    previous: cached.state?.sources,
    files,
    mediaDir: settings.mediaDir,
    root: settings.root,
    pool,
    categoryUrls: new Set(settings.categories.all.map((category) => category.url)),
    wholeArchive: named.length === 0,
  });
  const { published, scheduled } = splitBySchedule(result.articles, settings.now);
  for (const article of [...scheduled].reverse())
    console.log(`Hẹn giờ: ${article.sourcePath}: "${article.title}" đăng lúc ${article.dateDisplay}`);
  if (result.problems.length > 0) {
    console.error(`${result.problems.length} lỗi trong nội dung:`);
    for (const problem of result.problems) console.error(`  ${formatProblem(problem)}`);
    process.exitCode = 1;
  } else {
    const scope = named.length > 0 ? ` (chỉ ${count(files.length)} tệp đã nêu)` : "";
    console.log(
      `Nội dung hợp lệ${scope}: ${count(published.length)} bài đã đăng, ${count(scheduled.length)} bài hẹn giờ, ${count(result.drafts)} bản nháp.`,
    );
  }
} catch (error) {
  await pool?.close();
  exitOnUserError(error);
} finally {
  await pool?.close();
}
