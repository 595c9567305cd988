import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { DateTime } from "luxon";
import type { z } from "zod";
import { articleSchema, FIELD_NAMES, type ArticleFrontMatter } from "./article-schema.ts";
import type { Article } from "./article.ts";
import type { CategoryCatalogue } from "../settings/categories.ts";
import type { ContentCode } from "../messages/catalogue.ts";
import { type ContentProblem, lineOf } from "../messages/content-errors.ts";
import { formatVietnameseDateTime, isoWithOffset } from "../text/dates.ts";
import { parseMarkdownFile } from "../text/frontmatter.ts";
import { createMarkdown, renderBody, scanBody, type BodyScan } from "./markdown.ts";
import { checkBodyImage, checkPhoto } from "./media.ts";
import { type ArticleVideo, checkCaptions, hostedVideo, videoFileType } from "./video.ts";
import { articleUrl, authorUrl, ROUTES, tagUrl } from "../settings/routes.ts";
import { suggestKey } from "../text/suggest.ts";
import type { Settings } from "../settings/settings.ts";
import { slugify } from "../text/text.ts";

const SUMMARY_FALLBACK_LENGTH = 220;
/** How problems in the Markdown body (not a front-matter field) are labelled. */
export const BODY_FIELD = "nội dung";

/** What reading one editor's file gives: a record to publish, a draft, or the problems to fix. */
export type SourceResult =
  { kind: "article"; article: Article } | { kind: "draft" } | { kind: "invalid"; problems: ContentProblem[] };

/** A file read: its result, its bytes' hash, and the media paths it names (whose existence it depends on). */
export interface ReadOutcome {
  result: SourceResult;
  contentHash: string;
  media: string[];
  /** The rendered body of a published article, for the pages and search shards of this build. */
  bodyHtml?: string;
}

export interface SourceContext {
  categories: CategoryCatalogue;
  mediaDir: string;
  /** The narrowest lead photo accepted, in pixels (site.json `leadImageMinWidth`). */
  leadImageMinWidth: number;
}

export const sourceContextOf = (settings: Settings): SourceContext => ({
  categories: settings.categories,
  mediaDir: settings.mediaDir,
  leadImageMinWidth: settings.site.leadImageMinWidth,
});

/**
 * Reads editors' Markdown files: front matter validated by the schema, the body scanned (text,
 * images), everything derived once into the record templates and lists read. The rendered body is
 * not kept: a page or a search shard renders it again from the file when it needs it, so a
 * 100,000-article archive is held in memory as records only.
 */
export class ArticleReader {
  private readonly schema;
  private readonly md = createMarkdown();

  constructor(private readonly context: SourceContext) {
    this.schema = articleSchema({
      categories: context.categories,
      checkImage: (sitePath) => checkPhoto(context.mediaDir, sitePath, context.leadImageMinWidth),
      checkPhoto: (sitePath) => checkPhoto(context.mediaDir, sitePath),
      checkVideo: (sitePath) => {
        const file = videoFileType(context.mediaDir, sitePath);
        return "code" in file ? file : undefined;
      },
      checkCaptions: (sitePath) => checkCaptions(context.mediaDir, sitePath),
    });
  }

  read(sourceFile: string, displayPath: string): ReadOutcome {
    const bytes = readFileSync(sourceFile);
    const contentHash = createHash("sha256").update(bytes).digest("hex");
    const media: string[] = [];
    const rendered: { html?: string } = {};
    const result = this.interpret(bytes, sourceFile, displayPath, contentHash, media, rendered);
    return { result, contentHash, media, bodyHtml: rendered.html };
  }

  private interpret(
    bytes: Buffer,
    sourceFile: string,
    displayPath: string,
    contentHash: string,
    media: string[],
    rendered: { html?: string },
  ): SourceResult {
    const problems: ContentProblem[] = [];
    const text = bytes.toString("utf8");
    const report = (code: ContentCode, message: string, field?: string, needle?: string) =>
      problems.push({ code, file: displayPath, line: lineOf(text, field, needle), field, message });
    let parsed;
    try {
      parsed = parseMarkdownFile(text);
    } catch (error) {
      problems.push({
        code: "content.front-matter-unreadable",
        file: displayPath,
        line: yamlLine(error),
        message: `phần đầu (front matter) không đọc được: ${yamlReason(error)} — kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép`,
      });
      return { kind: "invalid", problems };
    }
    if (!parsed.hasFrontMatter) {
      report(
        "content.front-matter-missing",
        "thiếu phần đầu (front matter) — mở tệp bằng dòng `---`, các trường title, date, category, author, rồi `---`",
      );
      return { kind: "invalid", problems };
    }
    media.push(...namedMedia(parsed.data));
    const result = this.schema.safeParse(parsed.data, { reportInput: true });
    if (!result.success) {
      for (const problem of describeIssues(result.error)) report(problem.code, problem.message, problem.field);
      return { kind: "invalid", problems };
    }
    const front = result.data;
    const body = scanBody(this.md, parsed.body);
    media.push(...body.images.filter((src) => src.startsWith("/")));
    for (const src of body.images) {
      const problem = checkBodyImage(this.context.mediaDir, src);
      if (problem) report(problem.code, problem.message, BODY_FIELD, src);
    }
    if (problems.length > 0) return { kind: "invalid", problems };
    if (front.draft) return { kind: "draft" };
    if (body.text.length === 0 && body.images.length === 0) {
      report("content.body-empty", "bài viết chưa có nội dung — viết nội dung bên dưới dòng `---` thứ hai", BODY_FIELD);
      return { kind: "invalid", problems };
    }
    const article = buildArticle(front, body, sourceFile, displayPath, contentHash, this.context.mediaDir);
    if (!article.slug)
      report(
        "content.slug-empty",
        "không tạo được đường dẫn từ tiêu đề — thêm trường `slug`, ví dụ `slug: tin-van-tat`",
        "slug",
      );
    if (!article.author.url)
      report("content.field-invalid", "tên tác giả cần có ít nhất một chữ cái hoặc chữ số", "author");
    if (problems.length > 0) return { kind: "invalid", problems };
    rendered.html = body.render();
    return { kind: "article", article };
  }

  /** The article's body as HTML, rendered again from its file (pages, feeds and search shards). */
  bodyHtml(article: Pick<Article, "sourceFile">): string {
    return renderBody(this.md, parseMarkdownFile(readFileSync(article.sourceFile, "utf8")).body);
  }
}

/** The media folder's files the front matter names, as written (whose existence the record depends on). */
function namedMedia(data: Record<string, unknown>): string[] {
  const named = [data.image, data.video, data.video_poster, data.video_captions];
  if (Array.isArray(data.gallery))
    for (const photo of data.gallery) named.push((photo as Record<string, unknown> | null)?.image);
  return named
    .filter((value): value is string => typeof value === "string" && value.trim().startsWith("/"))
    .map((value) => value.trim());
}

/** The video as pages show it: the host's players, or the file's type (the schema has checked it). */
function videoOf(front: ArticleFrontMatter, mediaDir: string): ArticleVideo | undefined {
  if (!front.video) return undefined;
  const named = { source: front.video, poster: front.video_poster, captions: front.video_captions };
  if (!front.video.startsWith("/")) return { ...hostedVideo(front.video)!, ...named };
  const file = videoFileType(mediaDir, front.video);
  return { kind: "file", type: "type" in file ? file.type : undefined, ...named };
}

function buildArticle(
  front: ArticleFrontMatter,
  body: BodyScan,
  sourceFile: string,
  displayPath: string,
  contentHash: string,
  mediaDir: string,
): Article {
  const local = front.date;
  const slug = front.slug ?? slugify(front.title);
  const authorSlug = slugify(front.author);
  const summary = front.summary ?? truncateAtWord(body.text, SUMMARY_FALLBACK_LENGTH);
  const corrections = [...front.corrections].sort((a, b) => a.date.toMillis() - b.date.toMillis());
  // A correction is an update: the page, JSON-LD, feeds and sitemaps show the later of the two.
  const latestCorrection = corrections.at(-1)?.date;
  const updated =
    latestCorrection && (!front.updated || latestCorrection > front.updated) ? latestCorrection : front.updated;
  const noted = (date: DateTime) => ({ dateIso: isoWithOffset(date), dateDisplay: formatVietnameseDateTime(date) });
  return {
    sourcePath: displayPath,
    sourceFile,
    contentHash,
    slug,
    url: articleUrl(local.year, local.month, local.day, slug),
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
    updatedIso: updated ? isoWithOffset(updated) : undefined,
    updatedDisplay: updated ? formatVietnameseDateTime(updated) : undefined,
    timestamp: local.toMillis(),
    year: local.year,
    month: local.month,
    day: local.day,
    wordCount: body.wordCount,
    siteLinks: body.links,
    bodyImages: [...new Set(body.images.filter((src) => src.startsWith(ROUTES.media)))],
    aliases: front.aliases,
    corrections: corrections.map((correction) => ({ ...noted(correction.date), text: correction.text })),
    withdrawn: front.withdrawn && { ...noted(front.withdrawn.date), reason: front.withdrawn.reason },
    video: videoOf(front, mediaDir),
    gallery: front.gallery.map((photo) => ({
      image: photo.image,
      caption: photo.caption,
      alt: (photo.image_alt ?? photo.caption)!,
      credit: photo.credit,
    })),
    layout: front.layout,
    otherPhotos: [
      ...new Set([...(front.video_poster ? [front.video_poster] : []), ...front.gallery.map((photo) => photo.image)]),
    ],
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

/** The file line js-yaml stopped at: its count starts on the opening `---` line. */
function yamlLine(error: unknown): number {
  const mark = (error as { mark?: { line?: unknown } }).mark;
  return typeof mark?.line === "number" ? mark.line + 1 : 1;
}

function yamlReason(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return reason.split("\n")[0] ?? reason;
}

function describeIssues(error: z.ZodError): { code: ContentCode; field?: string; message: string }[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        code: "content.field-unknown" as const,
        field: key,
        message: `trường không có trong mẫu bài viết — ${suggestKey(key, FIELD_NAMES)}`,
      }));
    }
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : undefined;
    return [{ code: kindOfIssue(issue), field, message: issue.message }];
  });
}

const DATE_FIELDS = new Set(["date", "updated", "corrections.date", "withdrawn.date"]);

/** The kind of a schema problem: the schema's own (`params.kind`), or read from the field and what failed. */
function kindOfIssue(issue: z.core.$ZodIssue): ContentCode {
  const declared = (issue as { params?: { kind?: ContentCode } }).params?.kind;
  if (declared) return declared;
  if (issue.code === "invalid_type" && (issue.input === undefined || issue.input === null))
    return "content.field-missing";
  const field = issue.path.filter((part) => typeof part === "string").join(".");
  if (DATE_FIELDS.has(field) && issue.code === "custom") return "content.date-invalid";
  if (field === "category" && issue.code === "custom") return "content.category-unknown";
  return "content.field-invalid";
}
