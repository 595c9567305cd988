import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { articleFile, type FixtureSite } from "./fixture-site.ts";

const CATEGORIES = ["Kinh tế", "Du lịch", "Thể thao", "Nông thôn mới"];
const AUTHORS = ["Lê Văn Bình", "Trần Thị Hà", "Nguyễn Văn An"];

/** `count` articles over 2023–2024, with tags, authors and categories to make lists of many pages. */
export function baseContent(count = 40): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const month = String((i % 12) + 1).padStart(2, "0");
    const year = 2023 + Math.floor(i / 24);
    files[`${year}/${month}/bai-${i}.md`] = articleFile(
      {
        title: `Bài số ${i} về ${CATEGORIES[i % 4]}`,
        date: `${year}-${month}-${String((i % 27) + 1).padStart(2, "0")} 0${i % 9}:30`,
        category: CATEGORIES[i % 4],
        author: AUTHORS[i % 3],
        tags: [`chủ đề ${i % 5}`],
        summary: `Tóm tắt bài ${i}.`,
      },
      `Nội dung bài ${i}, có từ khóa riêng tukhoa${i}.`,
    );
  }
  files["2025/04/nhap.md"] = articleFile(
    { title: "Bài nháp sẽ đăng", date: "2025-04-10 08:00", category: "Kinh tế", author: "Lê Văn Bình", draft: true },
    "Nháp.",
  );
  return files;
}

/** The changes a newsroom makes in a day: one of each kind the build must follow. */
export function changeContent(site: FixtureSite): void {
  const write = (name: string, text: string) => {
    mkdirSync(path.dirname(path.join(site.articlesDir, name)), { recursive: true });
    writeFileSync(path.join(site.articlesDir, name), text);
  };
  const edit = (name: string, from: string, to: string) =>
    write(name, readFileSync(path.join(site.articlesDir, name), "utf8").replace(from, to));
  write(
    "2025/05/moi.md",
    articleFile(
      {
        title: "Tin mới nhất hôm nay",
        date: "2025-05-01 09:00",
        category: "Du lịch",
        author: "Hà Thu",
        tags: ["chủ đề 1"],
      },
      "Bài hoàn toàn mới.",
    ),
  );
  edit("2023/03/bai-2.md", "Bài số 2 về", "Bài số 2 (đã sửa tiêu đề) về");
  edit("2023/05/bai-4.md", 'category: "Kinh tế"', 'category: "Thể thao"');
  rmSync(path.join(site.articlesDir, "2023/07/bai-6.md"));
  edit("2023/09/bai-8.md", 'date: "2023-09-09 08:30"', 'date: "2023-10-15 08:30"');
  edit("2025/04/nhap.md", "draft: true", "draft: false");
  edit("2023/11/bai-10.md", "---\n", "---\ndraft: true\n");
}

/**
 * The one difference a build from the cache keeps by design: the Tin mới sidebar of a page whose own
 * content did not change is the list of its last rewrite (the page refreshes it from
 * /tin-moi/moi-nhat.html in the browser).
 */
export function withoutSidebar(html: string): string {
  return html.replace(
    /<ul class="latest__list" data-latest-list>[\s\S]*?<\/ul>/,
    '<ul class="latest__list" data-latest-list></ul>',
  );
}

/**
 * The files of `actual` that are not the files of `expected`: missing, left over, or different
 * beyond the baked sidebar. Empty when the two sites are the same.
 */
export function siteDifferences(
  actual: ReadonlyMap<string, Buffer>,
  expected: ReadonlyMap<string, Buffer>,
): { missing: string[]; stale: string[]; different: string[]; sidebarsOnly: number } {
  const missing = [...expected.keys()].filter((file) => !actual.has(file));
  const stale = [...actual.keys()].filter((file) => !expected.has(file));
  const different: string[] = [];
  let sidebarsOnly = 0;
  for (const [file, bytes] of expected) {
    const other = actual.get(file);
    if (!other || other.equals(bytes)) continue;
    if (file.endsWith(".html") && withoutSidebar(other.toString()) === withoutSidebar(bytes.toString())) sidebarsOnly++;
    else different.push(file);
  }
  return { missing, stale, different, sidebarsOnly };
}
