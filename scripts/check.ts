// npm run check: validates every article exactly as the build does, without rendering anything.
import { formatProblem } from "../lib/content-errors.ts";
import { loadArticles } from "../lib/load-articles.ts";
import { loadSettings, requireContentFolders, SettingsError } from "../lib/settings.ts";

try {
  const settings = loadSettings(process.cwd());
  requireContentFolders(settings);
  const result = loadArticles({
    articlesDir: settings.articlesDir,
    mediaDir: settings.mediaDir,
    categories: settings.categories,
    displayRoot: settings.root,
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
}
