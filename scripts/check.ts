// npm run check: validates every article exactly as the build does, without rendering anything.
import { BuildPool } from "../lib/build-pool.ts";
import { formatProblem } from "../lib/content-errors.ts";
import { listMarkdownFiles, loadArticles } from "../lib/load-articles.ts";
import { loadSettings, requireContentFolders, SettingsError } from "../lib/settings.ts";

let pool: BuildPool | undefined;
try {
  const settings = loadSettings(process.cwd());
  requireContentFolders(settings);
  const files = listMarkdownFiles(settings.articlesDir);
  pool = BuildPool.sizedFor(files.length);
  const result = await loadArticles({
    files,
    mediaDir: settings.mediaDir,
    root: settings.root,
    pool,
  });
  if (result.problems.length > 0) {
    console.error(`${result.problems.length} lỗi trong nội dung:`);
    for (const problem of result.problems) console.error(`  ${formatProblem(problem)}`);
    process.exitCode = 1;
  } else {
    console.log(`Nội dung hợp lệ: ${result.articles.length} bài sẽ xuất bản, ${result.drafts} bản nháp.`);
  }
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await pool?.close();
}
