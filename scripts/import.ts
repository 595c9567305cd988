// npm run import -- wordpress EXPORT.xml [--uploads DIR] [--map FILE] [--comments-db FILE]
// Turns a WordPress export (Công cụ → Xuất → Tất cả nội dung) into editors' Markdown files in
// content/articles/<yyyy>/<mm>/<slug>.md, copies the photos found in a copy of wp-content/uploads,
// keeps each post's old address working (aliases), and puts the approved comments in the comments
// database. Safe to run again: nothing is duplicated, a file edited since the last import is kept.
import { exitOnUserError } from "../lib/messages/user-error.ts";
import path from "node:path";
import { parseArgs } from "node:util";
import { sourceContextOf } from "../lib/content/article-source.ts";
import { BuildPool } from "../lib/build/build-pool.ts";
import { formatProblem } from "../lib/messages/content-errors.ts";
import { listMarkdownFiles, loadArticles } from "../lib/build/load-articles.ts";
import { loadSettings, requireContentFolders } from "../lib/settings/settings.ts";
import { importWordPress, type ImportLine } from "../lib/wordpress/import.ts";

const USAGE =
  "Cách dùng: npm run import -- wordpress tep-xuat.xml [--uploads thu-muc-uploads] [--map tep-gan-chuyen-muc.json] [--comments-db data/comments.sqlite]";
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    uploads: { type: "string" },
    map: { type: "string" },
    "comments-db": { type: "string" },
    "max-post-kb": { type: "string", default: "2048" },
  },
});
const [kind, exportFile] = positionals;
if (kind !== "wordpress" || !exportFile) {
  console.error(USAGE);
  process.exit(1);
}

const LABELS: Record<ImportLine["outcome"], string> = {
  created: "tạo mới",
  updated: "cập nhật",
  unchanged: "không đổi",
  kept: "giữ nguyên",
  skipped: "bỏ qua",
};

try {
  const settings = loadSettings(process.cwd());
  requireContentFolders(settings);
  const source = path.resolve(exportFile);
  const report = await importWordPress({
    exportFile: source,
    articlesDir: settings.articlesDir,
    source: sourceContextOf(settings),
    mappingFile: path.resolve(values.map ?? path.join(path.dirname(source), "wordpress-categories.json")),
    // Beside the articles, committed with them: every clone reruns the import the same way.
    stateFile: path.join(path.dirname(settings.articlesDir), "wordpress-import.json"),
    uploadsDir: values.uploads && path.resolve(values.uploads),
    commentsDb: values["comments-db"] ?? (process.env.COMMENTS_DB || "data/comments.sqlite"),
    maxPostBytes: Number(values["max-post-kb"]) * 1024,
  });
  for (const line of report.lines)
    console.log(
      `${LABELS[line.outcome]}: ${line.post}${line.file ? ` → ${line.file}` : ""}${line.detail ? ` (${line.detail})` : ""}`,
    );
  for (const note of report.notes) console.log(`ghi chú: ${note}`);
  for (const refused of report.refusedComments)
    console.log(`bình luận không nhập: ${refused.article}, của "${refused.author}" (${refused.reason})`);
  const counts = Object.entries(LABELS).map(
    ([outcome, label]) => `${report.lines.filter((line) => line.outcome === outcome).length} ${label}`,
  );
  console.log(`Tổng: ${counts.join(", ")}; ${report.comments} bình luận đã duyệt được nhập.`);
  if (report.mappingCreated)
    console.log(
      `Đã tạo ${values.map ?? "wordpress-categories.json"}: kiểm tra cách gán chuyên mục WordPress vào chuyên mục của báo, rồi chạy lại.`,
    );
  if (report.unmapped.length > 0)
    console.log(
      `Chuyên mục WordPress chưa được gán (bài của chúng bị bỏ qua): ${report.unmapped.map((name) => `"${name}"`).join(", ")}.`,
    );

  // The whole archive, as the build will see it: duplicates and links between articles included.
  const pool = BuildPool.sizedFor(0, settings);
  try {
    const checked = await loadArticles({
      files: listMarkdownFiles(settings.articlesDir),
      mediaDir: settings.mediaDir,
      root: settings.root,
      pool,
      categoryUrls: new Set(settings.categories.all.map((category) => category.url)),
    });
    if (checked.problems.length > 0) {
      console.error(`${checked.problems.length} lỗi trong nội dung sau khi nhập:`);
      for (const problem of checked.problems) console.error(`  ${formatProblem(problem)}`);
      process.exitCode = 1;
    } else {
      console.log(`npm run check: nội dung hợp lệ (${checked.articles.length} bài, ${checked.drafts} bản nháp).`);
    }
  } finally {
    await pool.close();
  }
} catch (error) {
  exitOnUserError(error);
}
