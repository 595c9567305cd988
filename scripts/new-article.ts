// npm run new -- "Tiêu đề bài viết" --category "Kinh tế" --author "Thanh Huyền" [--draft]
// Writes content/articles/<yyyy>/<mm>/<slug>.md with the front matter filled in and the date set to
// now in the newsroom's zone. Refuses an unknown category and never overwrites an existing file.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { NEWSROOM_ZONE } from "../lib/text/dates.ts";
import { loadSettings } from "../lib/settings/settings.ts";
import { slugify } from "../lib/text/text.ts";
import { formatFrontMatter } from "../lib/text/frontmatter.ts";

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { category: { type: "string" }, author: { type: "string" }, draft: { type: "boolean", default: false } },
});
const title = positionals.join(" ").normalize("NFC").trim();
if (!title || !values.category || !values.author) {
  fail('Cách dùng: npm run new -- "Tiêu đề bài viết" --category "Kinh tế" --author "Tên tác giả" [--draft]');
}
const settings = loadSettings(process.cwd());
const category = settings.categories.lookup(values.category);
if (!category.ok) fail(`--category: ${category.message}`);
const slug = slugify(title);
if (!slug) fail("Không tạo được tên tệp từ tiêu đề: tiêu đề cần có chữ cái hoặc chữ số.");

const now = process.env.TOASOAN_NOW
  ? DateTime.fromISO(process.env.TOASOAN_NOW, { zone: NEWSROOM_ZONE })
  : DateTime.now().setZone(NEWSROOM_ZONE);
const file = path.join(settings.articlesDir, now.toFormat("yyyy"), now.toFormat("MM"), `${slug}.md`);
if (existsSync(file)) fail(`${path.relative(process.cwd(), file)} đã có: chọn tiêu đề khác hoặc sửa tệp đó.`);
const frontMatter = formatFrontMatter({
  title,
  date: now.toFormat("yyyy-MM-dd HH:mm"),
  category: category.category.name,
  author: values.author.normalize("NFC").trim(),
  draft: values.draft ? true : undefined,
});
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, `${frontMatter}\nViết nội dung bài ở đây.\n`);
console.log(
  `Đã tạo ${path.relative(process.cwd(), file)}. Viết nội dung (thêm summary nếu muốn), rồi chạy npm run check.`,
);
