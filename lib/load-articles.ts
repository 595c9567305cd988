import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { articleSchema, FIELD_NAMES, type ArticleFrontMatter, type SchemaContext } from "./article-schema.ts";
import type { Article } from "./article.ts";
import { newestFirst } from "./article.ts";
import type { CategoryCatalogue } from "./categories.ts";
import type { ContentProblem } from "./content-errors.ts";
import { formatVietnameseDateTime, isoWithOffset } from "./dates.ts";
import { parseMarkdownFile } from "./frontmatter.ts";
import { createMarkdown, renderBody } from "./markdown.ts";
import { articleUrl, authorUrl, tagUrl } from "./routes.ts";
import { checkBodyImage, checkMediaPath } from "./media.ts";
import { suggestKey } from "./suggest.ts";
import { slugify } from "./text.ts";

export interface LoadOptions {
  articlesDir: string;
  /** Folder published at /media/: an article's `image: /media/…` must exist in it. */
  mediaDir: string;
  categories: CategoryCatalogue;
  /** Paths in messages are shown relative to this folder (the project root). */
  displayRoot: string;
}

export interface LoadResult {
  /** Published articles, newest first. */
  articles: Article[];
  drafts: number;
  problems: ContentProblem[];
}

const SUMMARY_FALLBACK_LENGTH = 220;
/** How problems in the Markdown body (not a front-matter field) are labelled. */
export const BODY_FIELD = "nội dung";

export function listMarkdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
    .filter((name) => name.endsWith(".md"))
    .map((name) => path.join(dir, name))
    .sort();
}

export function loadArticles(options: LoadOptions): LoadResult {
  const context: SchemaContext = {
    categories: options.categories,
    checkImage: (sitePath) => checkMediaPath(options.mediaDir, sitePath),
  };
  const schema = articleSchema(context);
  const md = createMarkdown();
  const problems: ContentProblem[] = [];
  const articles: Article[] = [];
  const ownerOfUrl = new Map<string, string>();
  let drafts = 0;

  for (const absolute of listMarkdownFiles(options.articlesDir)) {
    const relative = path.relative(options.displayRoot, absolute);
    const file = relative.startsWith("..") ? absolute : relative;
    const report = (message: string, field?: string) => problems.push({ file, field, message });
    let parsed;
    try {
      parsed = parseMarkdownFile(readFileSync(absolute, "utf8"));
    } catch (error) {
      report(
        `phần đầu (front matter) không đọc được: ${yamlReason(error)} — kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép`,
      );
      continue;
    }
    if (!parsed.hasFrontMatter) {
      report(
        "thiếu phần đầu (front matter) — mở tệp bằng dòng `---`, các trường title, date, category, author, rồi `---`",
      );
      continue;
    }
    const result = schema.safeParse(parsed.data);
    if (!result.success) {
      for (const problem of describeIssues(result.error)) report(problem.message, problem.field);
      continue;
    }
    const front = result.data;
    const body = renderBody(md, parsed.body);
    const imageProblems = body.images
      .map((src) => checkBodyImage(options.mediaDir, src))
      .filter((problem) => problem !== undefined);
    for (const problem of imageProblems) report(problem, BODY_FIELD);
    if (imageProblems.length > 0) continue;
    if (front.draft) {
      drafts++;
      continue;
    }
    if (body.text.length === 0 && !body.html.includes("<img")) {
      report("bài viết chưa có nội dung — viết nội dung bên dưới dòng `---` thứ hai");
      continue;
    }
    const article = buildArticle(front, body, file);
    if (!article.slug) {
      report("không tạo được đường dẫn từ tiêu đề — thêm trường `slug`, ví dụ `slug: tin-van-tat`", "slug");
      continue;
    }
    if (!article.author.url) {
      report("tên tác giả cần có ít nhất một chữ cái hoặc chữ số", "author");
      continue;
    }
    const owner = ownerOfUrl.get(article.url);
    if (owner) {
      report(`trùng đường dẫn ${article.url} với ${owner} — đặt \`slug\` khác cho một trong hai bài`, "slug");
      continue;
    }
    ownerOfUrl.set(article.url, file);
    articles.push(article);
  }
  articles.sort(newestFirst);
  return { articles, drafts, problems };
}

function buildArticle(front: ArticleFrontMatter, body: { html: string; text: string }, file: string): Article {
  const local = front.date;
  const slug = front.slug ?? slugify(front.title);
  const url = articleUrl(local.year, local.month, local.day, slug);
  const authorSlug = slugify(front.author);
  const summary = front.summary ?? truncateAtWord(body.text, SUMMARY_FALLBACK_LENGTH);
  return {
    sourcePath: file,
    slug,
    url,
    title: front.title,
    summary,
    lead: front.summary,
    description: summary,
    category: { name: front.category.name, slug: front.category.slug, url: front.category.url },
    author: { name: front.author, url: authorSlug ? authorUrl(authorSlug) : "" },
    tags: uniqueTags(front.tags),
    image: front.image,
    imageAlt: front.image ? (front.image_alt ?? front.caption) : undefined,
    caption: front.caption,
    dateIso: isoWithOffset(local),
    dateDisplay: formatVietnameseDateTime(local),
    updatedIso: front.updated ? isoWithOffset(front.updated) : undefined,
    updatedDisplay: front.updated ? formatVietnameseDateTime(front.updated) : undefined,
    timestamp: local.toMillis(),
    year: local.year,
    month: local.month,
    day: local.day,
    bodyHtml: body.html,
    wordCount: body.text.split(/\s+/).filter(Boolean).length,
    related: [],
    comments: [],
  };
}

function uniqueTags(tags: readonly string[]): Article["tags"] {
  const seen = new Map<string, Article["tags"][number]>();
  for (const name of tags) {
    const slug = slugify(name);
    if (slug && !seen.has(slug)) seen.set(slug, { name, url: tagUrl(slug) });
  }
  return [...seen.values()];
}

export function truncateAtWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,.;:–-]+$/, "")}…`;
}

function yamlReason(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return reason.split("\n")[0] ?? reason;
}

function describeIssues(error: z.ZodError): { field?: string; message: string }[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: key,
        message: `trường không có trong mẫu bài viết — ${suggestKey(key, FIELD_NAMES)}`,
      }));
    }
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
    return [{ field, message: issue.message }];
  });
}
