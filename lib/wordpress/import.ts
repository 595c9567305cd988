import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { SqliteDatabase } from "../../comments/store/sqlite-database.ts";
import { checkComment } from "../../comments/shared/rules.ts";
import { CommentStore } from "../../comments/store/store.ts";
import { isOldAddress } from "../content/article-schema.ts";
import { ArticleReader, type SourceContext } from "../content/article-source.ts";
import { writeFileAtomically } from "../files/atomic-write.ts";
import { formatProblem } from "../messages/content-errors.ts";
import { checkPhoto } from "../content/media.ts";
import { isSiteOwnPath, ROUTES } from "../settings/routes.ts";
import { formatFrontMatter } from "../text/frontmatter.ts";
import { closestName } from "../text/suggest.ts";
import { slugify } from "../text/text.ts";
import { foldVietnamese } from "../text/vietnamese.ts";
import { htmlToMarkdown, htmlToText } from "./body.ts";
import { parseWxr, type WxrExport, type WxrPost } from "./wxr.ts";

export interface ImportOptions {
  exportFile: string;
  articlesDir: string;
  /** How the build reads an article: every imported file is checked by it before it is written. */
  source: SourceContext;
  /** WordPress category → newsroom category (or null: not imported). Written on the first run. */
  mappingFile: string;
  /** What earlier runs wrote, so a rerun adds and updates but never duplicates or overwrites edits. */
  stateFile: string;
  /** A copy of wp-content/uploads: images found there are copied into the media folder. */
  uploadsDir?: string;
  /** The comments database: approved WordPress comments go in, approved. */
  commentsDb?: string;
  /** Posts larger than this (HTML bytes) are left out. */
  maxPostBytes: number;
}

/** One line of the report. */
export interface ImportLine {
  outcome: "created" | "updated" | "unchanged" | "kept" | "skipped";
  post: string;
  file?: string;
  detail?: string;
}

export interface ImportReport {
  lines: ImportLine[];
  /** WordPress categories that map to nothing yet (fix the mapping file, then run again). */
  unmapped: string[];
  mappingCreated: boolean;
  comments: number;
  /** Approved WordPress comments the comment rules refuse (too short, too long…): reported, not imported. */
  refusedComments: RefusedComment[];
  notes: string[];
}

export interface RefusedComment {
  article: string;
  author: string;
  /** The rule's own message, as a reader posting it would get it. */
  reason: string;
}

interface ImportState {
  /** By WordPress post id: the file written (relative to the articles folder) and the hash of what was written. */
  posts: Record<string, { file: string; hash: string }>;
}

/** Who signs a post WordPress kept no author for. */
const UNKNOWN_AUTHOR = "Tòa soạn";
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
/** Text inside Markdown image brackets or emphasis, with the characters that would end them escaped. */
const markdownText = (value: string) => value.replace(/[\\[\]*_]/g, "\\$&");

function readJson<T>(file: string, fallback: T): T {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as T) : fallback;
}

/**
 * The mapping WordPress category → newsroom category: read when it exists; otherwise guessed (the
 * same name, a near one after Vietnamese folding, or the parent's) and written for the editors to
 * check. A category mapped to null is not imported.
 */
function categoryMapping(
  wxr: WxrExport,
  options: ImportOptions,
): { mapping: Record<string, string | null>; created: boolean } {
  if (existsSync(options.mappingFile)) return { mapping: readJson(options.mappingFile, {}), created: false };
  const names = options.source.categories.all.map((category) => category.name);
  const folded = names.map(foldVietnamese);
  const guess = (name: string): string | null => {
    const found = options.source.categories.lookup(name);
    if (found.ok) return found.category.name;
    const near = closestName(foldVietnamese(name), folded);
    return near === undefined ? null : names[folded.indexOf(near)]!;
  };
  const byNicename = new Map(wxr.categories.map((category) => [category.nicename, category]));
  const mapping: Record<string, string | null> = {};
  const resolve = (name: string, nicename: string, depth = 0): string | null => {
    const own = guess(name);
    const parent = byNicename.get(byNicename.get(nicename)?.parent ?? "");
    return own ?? (parent && depth < 10 ? resolve(parent.name, parent.nicename, depth + 1) : null);
  };
  for (const category of wxr.categories) mapping[category.name] = resolve(category.name, category.nicename);
  for (const post of wxr.posts)
    for (const category of post.categories) mapping[category.name] ??= resolve(category.name, category.nicename);
  writeFileAtomically(options.mappingFile, `${JSON.stringify(mapping, null, 2)}\n`);
  return { mapping, created: true };
}

/**
 * Imports a WordPress export into editors' Markdown files, each one checked by the same reader as
 * the build before it is written: a post that would not pass `npm run check` is reported, never
 * half-written.
 */
export async function importWordPress(options: ImportOptions): Promise<ImportReport> {
  const wxr = parseWxr(readFileSync(options.exportFile, "utf8"), options.exportFile);
  const { mapping, created } = categoryMapping(wxr, options);
  const state = readJson<ImportState>(options.stateFile, { posts: {} });
  const reader = new ArticleReader(options.source);
  const report: ImportReport = {
    lines: [],
    unmapped: [],
    mappingCreated: created,
    comments: 0,
    refusedComments: [],
    notes: [],
  };
  const unmapped = new Set<string>();
  const taken = new Map<string, string>();
  const imported = new Map<string, string>();
  const oldSite = wxr.link.replace(/\/+$/, "");

  /** Where an image of the old site lives now: copied into the media folder when the uploads copy has it. */
  const placeImage = (src: string, notes: string[]): string => {
    const uploaded = /\/wp-content\/uploads\/(.+)$/.exec(src.split("?")[0]!)?.[1];
    if (uploaded && options.uploadsDir) {
      const relative = decodeURIComponent(uploaded);
      const source = path.join(options.uploadsDir, relative);
      if (existsSync(source) && statSync(source).isFile()) {
        const target = path.join(options.source.mediaDir, "wp", relative);
        mkdirSync(path.dirname(target), { recursive: true });
        copyFileSync(source, target);
        return `${ROUTES.media}wp/${relative.split(path.sep).join("/")}`;
      }
    }
    if (src.startsWith("http://")) {
      notes.push(`ảnh ${src} dùng http: đổi sang https, kiểm tra ảnh còn hiện`);
      return `https://${src.slice("http://".length)}`;
    }
    if (src.startsWith("/")) return `${oldSite}${src}`;
    return src;
  };

  for (const post of wxr.posts) {
    const name = post.title ? `#${post.id} "${post.title}"` : `#${post.id}`;
    const skip = (detail: string) => report.lines.push({ outcome: "skipped", post: name, detail });
    if (!post.title.trim()) {
      skip("không có tiêu đề");
      continue;
    }
    if (!post.date) {
      skip("không có ngày đăng");
      continue;
    }
    if (Buffer.byteLength(post.html) > options.maxPostBytes) {
      skip(
        `nội dung quá lớn (${Math.round(Buffer.byteLength(post.html) / 1024)} KB, tối đa ${Math.round(options.maxPostBytes / 1024)} KB) — tách bài hoặc nhập tay`,
      );
      continue;
    }
    const mapped = post.categories.map((category) => mapping[category.name]).find((value) => typeof value === "string");
    if (!mapped) {
      for (const category of post.categories) if (!mapping[category.name]) unmapped.add(category.name);
      if (post.categories.length === 0) unmapped.add("(không có chuyên mục)");
      skip(
        `chuyên mục ${post.categories.map((category) => `"${category.name}"`).join(", ") || "(trống)"} chưa được gán trong ${options.mappingFile}`,
      );
      continue;
    }
    const notes: string[] = [];
    const body = htmlToMarkdown(post.html, (src) => placeImage(src, notes));
    notes.push(...body.notes);
    const date = post.date;
    let slug = slugify(post.slug) || slugify(post.title);
    const dayPath = `${date.toFormat("yyyy/MM/dd")}`;
    const previous = state.posts[post.id];
    for (let n = 2; taken.has(`${dayPath}/${slug}`); n++) slug = `${slugify(post.slug) || slugify(post.title)}-${n}`;
    taken.set(`${dayPath}/${slug}`, post.id);
    const thumbnail = post.thumbnailId ? wxr.attachments.get(post.thumbnailId) : undefined;
    const placed = thumbnail ? placeImage(thumbnail.url, notes) : undefined;
    const caption = thumbnail?.caption ? htmlToText(thumbnail.caption) : "";
    const alt = thumbnail?.alt || (placed && !caption ? post.title : "");
    // Old featured images are often smaller than today's lead slot: such a photo opens the body instead.
    const { mediaDir, leadImageMinWidth } = options.source;
    const usable = placed?.startsWith("/") && checkPhoto(mediaDir, placed) === undefined;
    const tooSmall = usable && checkPhoto(mediaDir, placed!, leadImageMinWidth) !== undefined;
    const image = tooSmall ? undefined : placed;
    const opening = tooSmall
      ? `![${markdownText(alt || caption)}](${placed})${caption ? `\n*${markdownText(caption)}*` : ""}\n\n`
      : "";
    if (tooSmall)
      notes.push(`ảnh đại diện ${placed} nhỏ hơn ${leadImageMinWidth} px: đặt ở đầu nội dung thay vì làm ảnh đầu bài`);
    const oldPath = (() => {
      try {
        const url = new URL(post.link);
        return url.search ? "" : decodeURIComponent(url.pathname);
      } catch {
        return "";
      }
    })();
    if (post.link && !oldPath) notes.push(`địa chỉ cũ ${post.link} có dạng ?p=… nên không giữ được trên trang tĩnh`);
    const url = `/${dayPath}/${slug}/`;
    const keepsOldPath = oldPath !== "" && oldPath !== url;
    const aliases = keepsOldPath && isOldAddress(oldPath) && !isSiteOwnPath(oldPath) ? [oldPath] : [];
    if (keepsOldPath && aliases.length === 0)
      notes.push(`địa chỉ cũ ${post.link} không giữ được (ký tự lạ, hoặc trùng một trang của báo)`);
    const summary = htmlToText(post.excerpt);
    const author = wxr.authors.get(post.creator) || post.creator || UNKNOWN_AUTHOR;
    if (author === UNKNOWN_AUTHOR) notes.push(`không có tác giả: ghi "${UNKNOWN_AUTHOR}", sửa nếu biết người viết`);
    const front = formatFrontMatter({
      title: post.title.replace(/\s+/g, " ").trim(),
      date: date.toFormat("yyyy-MM-dd HH:mm"),
      category: mapped,
      author,
      summary: summary || undefined,
      image: image || undefined,
      image_alt: image && alt ? alt : undefined,
      caption: image && caption ? caption : undefined,
      tags: post.tags.length > 0 ? post.tags : undefined,
      draft: post.status === "publish" || post.status === "future" ? undefined : true,
      slug,
      aliases: aliases.length > 0 ? aliases : undefined,
    });
    const text = `${front}${opening}${body.markdown}\n`;
    const relative = previous?.file ?? path.join(date.toFormat("yyyy"), date.toFormat("MM"), `${slug}.md`);
    const file = path.join(options.articlesDir, relative);

    if (previous && !existsSync(file)) {
      report.lines.push({
        outcome: "kept",
        post: name,
        file: relative,
        detail: "đã bị xoá sau lần nhập trước: không tạo lại (xoá dòng của bài trong tệp trạng thái nếu muốn nhập lại)",
      });
      continue;
    }
    if (existsSync(file)) {
      const current = readFileSync(file, "utf8");
      if (!previous || sha(current) !== previous.hash) {
        report.lines.push({
          outcome: "kept",
          post: name,
          file: relative,
          detail: previous ? "đã được sửa sau lần nhập trước: giữ nguyên" : "tệp đã có từ trước: giữ nguyên",
        });
        imported.set(post.id, url);
        continue;
      }
      if (current === text) {
        report.lines.push({ outcome: "unchanged", post: name, file: relative });
        imported.set(post.id, url);
        continue;
      }
    }
    // Checked by the build's own reader before it is written: a file that would fail is reported instead.
    const trial = `${file}.${process.pid}.kiem-tra`;
    writeFileAtomically(trial, text);
    const outcome = reader.read(trial, relative);
    rmSync(trial, { force: true });
    if (outcome.result.kind === "invalid") {
      skip(
        `không qua kiểm tra: ${outcome.result.problems.map((problem) => formatProblem({ ...problem, file: relative })).join("; ")}`,
      );
      continue;
    }
    const existed = existsSync(file);
    writeFileAtomically(file, text);
    state.posts[post.id] = { file: relative, hash: sha(text) };
    imported.set(post.id, url);
    report.lines.push({
      outcome: existed ? "updated" : "created",
      post: name,
      file: relative,
      detail: notes.length > 0 ? notes.join("; ") : undefined,
    });
  }

  if (options.commentsDb)
    report.comments = await importComments(wxr, imported, options.commentsDb, report.refusedComments);
  report.unmapped = [...unmapped];
  for (const [type, count] of wxr.skipped) report.notes.push(`${count} mục loại "${type}" (trang, menu…) không nhập`);
  writeFileAtomically(options.stateFile, `${JSON.stringify(state, null, 2)}\n`);
  return report;
}

/**
 * Approved comments (not pingbacks) of the imported posts, approved in the newsroom's database too.
 * They pass the same rules as a reader's comment (5–500 characters as a reader counts them, NFC, no
 * control characters); those that fail are reported in `refused`. A comment already there (same
 * article, author, text and time) is not added again, so reruns and a fresh database both come out right.
 */
async function importComments(
  wxr: WxrExport,
  imported: ReadonlyMap<string, string>,
  databaseFile: string,
  refused: RefusedComment[],
): Promise<number> {
  const store = await CommentStore.open(new SqliteDatabase(databaseFile));
  const key = (author: string, body: string, time: string) => `${author}\u0000${body}\u0000${time}`;
  let added = 0;
  try {
    for (const post of wxr.posts as WxrPost[]) {
      const article = imported.get(post.id);
      if (!article) continue;
      const present = new Set(
        (await store.approvedFor(article)).map((comment) => key(comment.author, comment.body, comment.created_at)),
      );
      for (const comment of post.comments) {
        if (!comment.approved || (comment.type && comment.type !== "comment")) continue;
        const checked = checkComment({ article, author: comment.author || "Bạn đọc", body: htmlToText(comment.html) });
        if (!checked.ok) {
          refused.push({ article, author: comment.author, reason: checked.error });
          continue;
        }
        const { author, body } = checked.value;
        const time = (comment.date ?? post.date)?.toJSDate() ?? new Date();
        if (present.has(key(author, body, time.toISOString()))) continue;
        await store.add({ article, author, body }, null, time, "approved");
        present.add(key(author, body, time.toISOString()));
        added++;
      }
    }
  } finally {
    await store.close();
  }
  return added;
}
