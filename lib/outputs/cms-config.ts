import path from "node:path";
import {
  ARTICLE_LAYOUTS,
  articleSchema,
  type FieldName,
  FIELD_EXAMPLES,
  FIELD_NAMES,
  OLD_ADDRESS_PATTERN,
  shapeOnlyContext,
  TEXT_LIMITS,
} from "../content/article-schema.ts";
import { NEWSROOM_ZONE } from "../text/dates.ts";
import { ROUTES } from "../settings/routes.ts";
import { PREVIEW_STATUS_CONTEXT } from "../settings/preview.ts";
import type { Settings } from "../settings/settings.ts";
import { SLUG_PATTERN } from "../text/text.ts";

/** An article's address (routes.ts articleUrl) as the CMS's preview path template, from a preview's root. */
const ARTICLE_PREVIEW_PATH = "{{year}}/{{month}}/{{day}}/{{slug}}/";

/** How the CMS stores a date: the way editors write it, in newsroom time (the schema reads it so). */
const CMS_DATE_FORMAT = "YYYY-MM-DD HH:mm";

interface CmsFieldSpec {
  label: string;
  widget: string;
  [option: string]: unknown;
}
type CmsField = CmsFieldSpec & { name: string };

/**
 * Every field of the article schema, as the CMS shows it: a label and a hint in Vietnamese, the
 * widget, and the limits the schema enforces (one definition for both). A field added to the
 * schema without an entry here does not compile.
 */
function articleFields(settings: Settings): Record<FieldName, CmsFieldSpec> {
  const limit = (field: keyof typeof TEXT_LIMITS) => ({ maxlength: TEXT_LIMITS[field] });
  const newsroomTime = { widget: "datetime", format: CMS_DATE_FORMAT, input_timezone: NEWSROOM_ZONE };
  return {
    title: { label: "Tiêu đề", widget: "string", ...limit("title") },
    date: {
      label: "Ngày giờ đăng (giờ Việt Nam)",
      ...newsroomTime,
      default: "{{now}}",
      hint: "Đặt giờ sau hiện tại để hẹn giờ: bài tự lên trang khi đến giờ.",
    },
    category: {
      label: "Chuyên mục",
      widget: "select",
      options: settings.categories.all.map((category) => category.name),
    },
    author: { label: "Tác giả", widget: "string", ...limit("author") },
    summary: {
      label: "Sa-pô (tóm tắt)",
      widget: "text",
      ...limit("summary"),
      hint: "Đoạn in đậm đầu bài, cũng là mô tả trên mạng xã hội. Bỏ trống thì lấy đầu nội dung.",
    },
    image: {
      label: "Ảnh đầu bài",
      widget: "image",
      hint: `Ảnh JPEG hoặc PNG, rộng ít nhất ${settings.site.leadImageMinWidth} px.`,
    },
    image_alt: {
      label: "Mô tả ảnh (cho người khiếm thị)",
      widget: "string",
      ...limit("image_alt"),
      hint: "Bắt buộc khi có ảnh mà không có chú thích.",
    },
    caption: { label: "Chú thích ảnh", widget: "text", ...limit("caption") },
    tags: {
      label: "Chủ đề",
      widget: "list",
      field: { label: "Chủ đề", name: "tag", widget: "string", ...limit("tags") },
      hint: "Mỗi chủ đề một dòng, ví dụ: cải cách hành chính.",
    },
    draft: {
      label: "Bản nháp (chưa đăng)",
      widget: "boolean",
      default: true,
      hint: "Bỏ chọn khi bài đã sẵn sàng để đăng.",
    },
    updated: {
      label: "Cập nhật lúc (giờ Việt Nam)",
      ...newsroomTime,
      hint: "Chỉ điền khi sửa nội dung bài đã đăng.",
    },
    slug: {
      label: "Đường dẫn (slug)",
      widget: "string",
      pattern: [SLUG_PATTERN.source, "Chỉ chữ thường không dấu, số và dấu gạch nối"],
      hint: `Bỏ trống thì tạo từ tiêu đề. Ví dụ: ${FIELD_EXAMPLES.slug}`,
    },
    aliases: {
      label: "Địa chỉ cũ",
      widget: "list",
      field: {
        label: "Địa chỉ",
        name: "address",
        widget: "string",
        pattern: [OLD_ADDRESS_PATTERN.source, "Một đường dẫn bắt đầu bằng /"],
      },
      hint: "Các địa chỉ cũ của bài (từ trang trước đây) sẽ chuyển về bài này.",
    },
    corrections: {
      label: "Đính chính",
      label_singular: "đính chính",
      widget: "list",
      collapsed: true,
      summary: "{{fields.date}} — {{fields.text}}",
      fields: [
        { label: "Ngày giờ đính chính (giờ Việt Nam)", name: "date", ...newsroomTime, default: "{{now}}" },
        { label: "Nội dung đính chính", name: "text", widget: "text", ...limit("corrections.text") },
      ],
      hint: "Theo Luật Báo chí, sai sót phải được cải chính công khai: ghi rõ điều gì đã sai và nay sửa thế nào. Đính chính hiện ở cuối bài và trên trang Đính chính.",
    },
    video: {
      label: "Video",
      widget: "string",
      hint: `Địa chỉ trang video YouTube hoặc Vimeo (ví dụ ${FIELD_EXAMPLES.video}), hoặc tệp MP4/WebM dưới 100 MB trong /media/. Trang không tải gì từ YouTube, Vimeo cho đến khi bạn đọc bấm xem.`,
    },
    video_poster: {
      label: "Ảnh bìa video",
      widget: "image",
      hint: "Hiện trước khi bạn đọc bấm xem. Bỏ trống thì hiện khung có tiêu đề bài (không bao giờ lấy ảnh của YouTube).",
    },
    video_captions: {
      label: "Phụ đề video (.vtt)",
      widget: "file",
      hint: "Chỉ cho tệp video trong /media/: phụ đề dạng WebVTT.",
    },
    gallery: {
      label: "Phóng sự ảnh",
      label_singular: "ảnh",
      widget: "list",
      collapsed: true,
      summary: "{{fields.caption}}",
      fields: [
        { label: "Ảnh", name: "image", widget: "image" },
        { label: "Chú thích", name: "caption", widget: "text", required: false, ...limit("gallery.caption") },
        {
          label: "Mô tả ảnh (khi không có chú thích)",
          name: "image_alt",
          widget: "string",
          required: false,
          ...limit("gallery.image_alt"),
        },
        { label: "Tác giả ảnh", name: "credit", widget: "string", required: false, ...limit("gallery.credit") },
      ],
      hint: "Các ảnh hiện theo thứ tự, mỗi ảnh một chú thích; bạn đọc bấm vào ảnh để xem lớn, lướt hoặc dùng phím mũi tên.",
    },
    layout: {
      label: "Kiểu trang",
      widget: "select",
      options: [{ label: "eMagazine (trang rộng, không cột bên)", value: ARTICLE_LAYOUTS[0] }],
      hint: "Bỏ trống cho bài thường.",
    },
    withdrawn: {
      label: "Gỡ bài",
      widget: "object",
      collapsed: true,
      fields: [
        { label: "Ngày giờ gỡ (giờ Việt Nam)", name: "date", ...newsroomTime, default: "{{now}}" },
        { label: "Lý do gỡ (hiện cho bạn đọc)", name: "reason", widget: "text", ...limit("withdrawn.reason") },
      ],
      hint: "Chỉ điền khi bài phải gỡ (quyết định của cơ quan có thẩm quyền, yêu cầu được tòa soạn chấp nhận). Bài biến khỏi mọi danh sách, tìm kiếm và nguồn tin; địa chỉ của bài hiện thông báo đã gỡ kèm ngày và lý do. Xóa hai trường này để đăng lại bài.",
    },
  };
}

/** Folders as the repository names them (forward slashes, from the project root). */
const isInside = (dir: string, parent: string) => !path.relative(parent, dir).startsWith("..");

/**
 * The folder the CMS's paths are relative to: the project, or, when the content folders live
 * elsewhere (TOASOAN_ARTICLES, TOASOAN_MEDIA), the nearest folder holding both: the repository the
 * CMS must then be pointed at.
 */
function repositoryRoot(settings: Settings): string {
  const { root, articlesDir, mediaDir } = settings;
  if (isInside(articlesDir, root) && isInside(mediaDir, root)) return root;
  let common = articlesDir;
  while (!isInside(mediaDir, common)) common = path.dirname(common);
  return common;
}

const repositoryPath = (settings: Settings, dir: string) =>
  path.relative(repositoryRoot(settings), dir).split(path.sep).join("/");

/**
 * The CMS's configuration (Sveltia CMS, `admin/config.yml`), generated from the article schema,
 * the categories and the site settings at every build, so a new category or field reaches the CMS
 * without anyone editing it. Required fields are those the schema requires.
 */
export function cmsConfig(settings: Settings): Record<string, unknown> {
  const shape = articleSchema(shapeOnlyContext(settings.categories)).shape;
  const specs = articleFields(settings);
  const fields: CmsField[] = FIELD_NAMES.map((name) => ({
    name,
    ...specs[name],
    required: !shape[name].safeParse(undefined).success,
  }));
  fields.push({ name: "body", label: "Nội dung", widget: "markdown", required: true });
  const { site } = settings;
  return {
    backend: {
      name: "github",
      repo: site.cmsRepository,
      branch: site.cmsBranch,
      ...(site.cmsAuthUrl ? { base_url: site.cmsAuthUrl } : {}),
      // The commit status the workflow posts on every pull request with the address of its preview.
      preview_context: PREVIEW_STATUS_CONTEXT,
      commit_messages: {
        create: "Bài mới: {{slug}} ({{author-name}})",
        update: "Sửa bài: {{slug}} ({{author-name}})",
        delete: "Xóa bài: {{slug}} ({{author-name}})",
        uploadMedia: "Tải ảnh: {{path}} ({{author-name}})",
        deleteMedia: "Xóa ảnh: {{path}} ({{author-name}})",
      },
    },
    // Every article is read and approved before it goes out: each entry is a branch and a pull
    // request (Nháp → Chờ duyệt → Sẵn sàng), merged into the published branch only when approved.
    // Who may approve and merge is GitHub's to say (branch protection and CODEOWNERS).
    publish_mode: "editorial_workflow",
    app_title: `Tòa soạn — ${site.title}`,
    site_url: site.url,
    media_folder: repositoryPath(settings, settings.mediaDir),
    public_folder: ROUTES.media.replace(/\/$/, ""),
    slug: { encoding: "ascii", clean_accents: true },
    // An optional field left empty is left out of the file, as an editor writing by hand would.
    output: { omit_empty_optional_fields: true },
    collections: [
      {
        name: "articles",
        label: "Bài viết",
        label_singular: "bài viết",
        description:
          "Mỗi bài một tệp Markdown. Bài mới và bài sửa qua duyệt: Nháp → Chờ duyệt → Sẵn sàng; bài lên trang khi được duyệt và xuất bản.",
        folder: repositoryPath(settings, settings.articlesDir),
        // Year and month folders keep each folder small however large the archive grows.
        path: "{{year}}/{{month}}/{{slug}}",
        extension: "md",
        format: "frontmatter",
        create: true,
        identifier_field: "title",
        summary: "{{title}} · {{category}} · {{date}}",
        sortable_fields: ["date", "title", "category", "author"],
        view_filters: [
          { label: "Bản nháp", field: "draft", pattern: true },
          { label: "Đã đăng hoặc hẹn giờ", field: "draft", pattern: false },
        ],
        view_groups: [{ label: "Chuyên mục", field: "category" }],
        editor: { preview: false },
        // Where an article stands in its pull request's preview (npm run preview), for "Xem trước".
        preview_path: ARTICLE_PREVIEW_PATH,
        preview_path_date_field: "date",
        fields,
      },
    ],
  };
}
