// npm run check: validates every article exactly as the build does, without rendering anything.
import { formatProblem } from "../lib/content-errors.ts";
import { loadArticles } from "../lib/load-articles.ts";
import { loadSettings } from "../lib/settings.ts";

const settings = loadSettings(process.cwd());
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
