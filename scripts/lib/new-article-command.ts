// `npm run new` as a function (see scripts/new-article.ts): the script runs it with the process's
// arguments, the tests in their own process.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { parseCommandArgs } from "../../lib/messages/command-line.ts";
import { UserError } from "../../lib/messages/user-error.ts";
import { loadSettings } from "../../lib/settings/settings.ts";
import { NEWSROOM_ZONE } from "../../lib/text/dates.ts";
import { formatFrontMatter } from "../../lib/text/frontmatter.ts";
import { slugify } from "../../lib/text/text.ts";
import { type Command, TERMINAL, userErrorCode } from "./commands.ts";

/**
 * npm run new -- "Tiêu đề bài viết" --category "Kinh tế" --author "Thanh Huyền" [--draft]: writes
 * content/articles/<yyyy>/<mm>/<slug>.md with the front matter filled in and the date set to now in
 * the newsroom's zone. Refuses an unknown category and never overwrites an existing file.
 */
export const newArticleCommand: Command = async (argv, env, root, output = TERMINAL) => {
  try {
    const file = writeNewArticle(argv, env, root);
    output.out(`Đã tạo ${path.relative(root, file)}. Viết nội dung (thêm summary nếu muốn), rồi chạy npm run check.`);
    return 0;
  } catch (error) {
    return userErrorCode(error, output);
  }
};

function writeNewArticle(argv: string[], env: NodeJS.ProcessEnv, root: string): string {
  const { values, positionals } = parseCommandArgs("new-article.invalid", {
    args: argv,
    allowPositionals: true,
    options: { category: { type: "string" }, author: { type: "string" }, draft: { type: "boolean", default: false } },
  });
  const title = positionals.join(" ").normalize("NFC").trim();
  const author = values.author?.normalize("NFC").trim();
  if (!title || !values.category || !author)
    throw new UserError("new-article.invalid", "Bài mới cần tiêu đề, --category và --author.");
  const settings = loadSettings(root, env);
  const category = settings.categories.lookup(values.category);
  if (!category.ok) throw new UserError("new-article.invalid", `--category: ${category.message}`);
  const slug = slugify(title);
  if (!slug)
    throw new UserError(
      "new-article.invalid",
      "Không tạo được tên tệp từ tiêu đề: tiêu đề cần có chữ cái hoặc chữ số.",
    );
  const now = env.TOASOAN_NOW
    ? DateTime.fromISO(env.TOASOAN_NOW, { zone: NEWSROOM_ZONE })
    : DateTime.now().setZone(NEWSROOM_ZONE);
  const file = path.join(settings.articlesDir, now.toFormat("yyyy"), now.toFormat("MM"), `${slug}.md`);
  if (existsSync(file)) throw new UserError("new-article.exists", `${path.relative(root, file)} đã có.`);
  const frontMatter = formatFrontMatter({
    title,
    date: now.toFormat("yyyy-MM-dd HH:mm"),
    category: category.category.name,
    author,
    draft: values.draft ? true : undefined,
  });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${frontMatter}\nViết nội dung bài ở đây.\n`, { flag: "wx" });
  return file;
}
