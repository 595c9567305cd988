// `npm run import` as a function (see scripts/import.ts): the script runs it with the process's
// arguments, the tests in their own process.
import path from "node:path";
import { BuildPool } from "../../lib/build/build-pool.ts";
import { listMarkdownFiles, loadArticles } from "../../lib/build/load-articles.ts";
import { sourceContextOf } from "../../lib/content/article-source.ts";
import { problemReport } from "../../lib/messages/content-errors.ts";
import { parseCommandArgs } from "../../lib/messages/command-line.ts";
import { UserError } from "../../lib/messages/user-error.ts";
import { loadSettings, requireContentFolders, type Settings } from "../../lib/settings/settings.ts";
import { type ImportLine, type ImportReport, importWordPress } from "../../lib/wordpress/import.ts";
import { type Command, type CommandOutput, TERMINAL, userErrorCode } from "./commands.ts";

const LABELS: Record<ImportLine["outcome"], string> = {
  created: "tạo mới",
  updated: "cập nhật",
  unchanged: "không đổi",
  kept: "giữ nguyên",
  skipped: "bỏ qua",
};

/**
 * npm run import -- wordpress EXPORT.xml [--uploads DIR] [--map FILE] [--comments-db FILE]: turns a
 * WordPress export into editors' Markdown files, copies the photos, keeps each post's old address
 * (aliases) and puts the approved comments that pass the comment rules in the comments database.
 * Safe to run again: nothing is duplicated, a file edited since the last import is kept. Then the
 * whole archive is checked as the build will see it.
 */
export const importCommand: Command = async (argv, env, root, output = TERMINAL) => {
  try {
    const { values, positionals } = parseCommandArgs("import.usage", {
      args: argv,
      allowPositionals: true,
      options: {
        uploads: { type: "string" },
        map: { type: "string" },
        "comments-db": { type: "string" },
        "max-post-kb": { type: "string", default: "2048" },
      },
    });
    const [kind, exportFile] = positionals;
    if (kind !== "wordpress" || !exportFile)
      throw new UserError("import.usage", "npm run import cần loại nguồn (wordpress) và tệp xuất .xml.");
    const settings = loadSettings(root, env);
    requireContentFolders(settings);
    const source = path.resolve(root, exportFile);
    const report = await importWordPress({
      exportFile: source,
      articlesDir: settings.articlesDir,
      source: sourceContextOf(settings),
      mappingFile: path.resolve(root, values.map ?? path.join(path.dirname(source), "wordpress-categories.json")),
      // Beside the articles, committed with them: every clone reruns the import the same way.
      stateFile: path.join(path.dirname(settings.articlesDir), "wordpress-import.json"),
      uploadsDir: values.uploads && path.resolve(root, values.uploads),
      commentsDb: path.resolve(root, values["comments-db"] ?? (env.COMMENTS_DB || "data/comments.sqlite")),
      maxPostBytes: Number(values["max-post-kb"]) * 1024,
    });
    printReport(report, values.map ?? "wordpress-categories.json", output);
    return await checkArchive(settings, output);
  } catch (error) {
    return userErrorCode(error, output);
  }
};

/** What the import did, post by post, then the totals and what the editor must do next. */
function printReport(report: ImportReport, mappingFile: string, output: CommandOutput): void {
  for (const line of report.lines)
    output.out(
      `${LABELS[line.outcome]}: ${line.post}${line.file ? ` → ${line.file}` : ""}${line.detail ? ` (${line.detail})` : ""}`,
    );
  for (const note of report.notes) output.out(`ghi chú: ${note}`);
  for (const refused of report.refusedComments)
    output.out(`bình luận không nhập: ${refused.article}, của "${refused.author}" (${refused.reason})`);
  const counts = Object.entries(LABELS).map(
    ([outcome, label]) => `${report.lines.filter((line) => line.outcome === outcome).length} ${label}`,
  );
  output.out(`Tổng: ${counts.join(", ")}; ${report.comments} bình luận đã duyệt được nhập.`);
  if (report.mappingCreated)
    output.out(`Đã tạo ${mappingFile}: kiểm tra cách gán chuyên mục WordPress vào chuyên mục của báo, rồi chạy lại.`);
  if (report.unmapped.length > 0)
    output.out(
      `Chuyên mục WordPress chưa được gán (bài của chúng bị bỏ qua): ${report.unmapped.map((name) => `"${name}"`).join(", ")}.`,
    );
}

/** The whole archive, as the build will see it (duplicates and links between articles included): 0 when it is valid. */
async function checkArchive(settings: Settings, output: CommandOutput): Promise<number> {
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
      output.err(`${checked.problems.length} lỗi trong nội dung sau khi nhập:`);
      for (const line of problemReport(checked.problems)) output.err(line);
      return 1;
    }
    output.out(`npm run check: nội dung hợp lệ (${checked.articles.length} bài, ${checked.drafts} bản nháp).`);
    return 0;
  } finally {
    await pool.close();
  }
}
