import type { PhotoProblem } from "./media.ts";
import { hostedVideo, type VideoProblem } from "./video.ts";
import { z } from "zod";
import type { DateTime } from "luxon";
import { parseEditorDate } from "../text/dates.ts";
import type { Category, CategoryCatalogue } from "../settings/categories.ts";
import { singleLine, SLUG_PATTERN } from "../text/text.ts";

/** The front-matter fields an editor may write, with an example each: used in hints and the README. */
export const FIELD_EXAMPLES = {
  title: "Những chuyển biến tích cực trong công tác cải cách hành chính",
  date: "2017-12-05 08:30",
  category: "Cải cách hành chính",
  author: "Thanh Huyền",
  summary: "Một hai câu tóm tắt hiện trong danh sách tin và kết quả tìm kiếm.",
  image: "/media/2017/12/kiem-tra-cchc.jpg",
  image_alt: "Đoàn kiểm tra làm việc tại Trường Cao đẳng Sơn La",
  caption: "Kiểm tra công tác CCHC tại Trường Cao đẳng Sơn La.",
  tags: "[cải cách hành chính, Sơn La]",
  draft: "true",
  updated: "2017-12-06 10:00",
  slug: "chuyen-bien-cai-cach-hanh-chinh",
  aliases: "[/2017/12/chuyen-bien-tich-cuc.html]",
  corrections: "[{ date: 2017-12-06 09:00, text: Bản trước ghi nhầm tên trường là Cao đẳng Nghề Sơn La. }]",
  withdrawn: "{ date: 2018-01-10 10:00, reason: Gỡ theo yêu cầu của cơ quan có thẩm quyền. }",
  video: "https://www.youtube.com/watch?v=M7lc1UVf-VE",
  video_poster: "/media/2017/12/anh-video.jpg",
  video_captions: "/media/2017/12/video.vi.vtt",
  gallery: "[{ image: /media/2017/12/mua-man-1.jpg, caption: Thu hoạch mận ở Mộc Châu., credit: Lò Văn Páo }]",
  layout: "longform",
} as const;

/** Examples of the fields inside `corrections` and `withdrawn`, for their hints. */
const NESTED_EXAMPLES = {
  "corrections.date": "2017-12-06 09:00",
  "corrections.text": "Bản trước ghi nhầm tên trường là Cao đẳng Nghề Sơn La.",
  "withdrawn.date": "2018-01-10 10:00",
  "withdrawn.reason": "Gỡ theo yêu cầu của cơ quan có thẩm quyền.",
  "gallery.image": "/media/2017/12/mua-man-1.jpg",
  "gallery.caption": "Thu hoạch mận ở Mộc Châu.",
  "gallery.image_alt": "Người dân hái mận chín trên đồi",
  "gallery.credit": "Lò Văn Páo",
} as const;

export type FieldName = keyof typeof FIELD_EXAMPLES;
export const FIELD_NAMES = Object.keys(FIELD_EXAMPLES) as FieldName[];

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A field's example: a top-level field's, or one inside a list or group (`corrections.date`, `gallery.image`). */
function exampleOf(field: string): string {
  return (FIELD_EXAMPLES as Record<string, string>)[field] ?? (NESTED_EXAMPLES as Record<string, string>)[field] ?? "";
}

const lastPart = (field: string) => field.split(".").pop()!;

function missingOrWrongType(field: string, expected: string, example = exampleOf(field)) {
  return (issue: { input: unknown }) =>
    issue.input === undefined || issue.input === null
      ? `thiếu trường bắt buộc — thêm dòng \`${lastPart(field)}: ${example}\``
      : `phải là ${expected}, không phải ${describe(issue.input)} — ví dụ \`${lastPart(field)}: ${example}\``;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "một danh sách";
  if (typeof value === "number") return `số ${value}`;
  if (typeof value === "boolean") return `giá trị ${value}`;
  if (typeof value === "object") return "một nhóm trường";
  return `"${String(value)}"`;
}

/** The longest each text field may be, in characters: the schema and the CMS read it here. */
export const TEXT_LIMITS = {
  title: 250,
  author: 120,
  summary: 1000,
  image_alt: 300,
  caption: 500,
  tags: 80,
  "corrections.text": 1000,
  "withdrawn.reason": 500,
  "gallery.caption": 500,
  "gallery.image_alt": 300,
  "gallery.credit": 120,
} as const;

/** The characters an old address (`aliases`) may hold; see isOldAddress. */
export const OLD_ADDRESS_PATTERN = /^\/[\p{L}\p{M}\p{N}\-_.~+/]*$/u;

function text(field: keyof typeof TEXT_LIMITS, named: string = field, example: string = exampleOf(named)) {
  const maxLength = TEXT_LIMITS[field];
  return z
    .string({ error: missingOrWrongType(named, "một đoạn văn bản", example) })
    .transform(singleLine)
    .refine((value) => value.length > 0, {
      error: `đang để trống — điền nội dung, ví dụ \`${lastPart(named)}: ${example}\``,
    })
    .refine((value) => value.length <= maxLength, { error: `dài quá ${maxLength} ký tự — rút gọn lại` })
    .refine((value) => !CONTROL_CHARACTERS.test(value), {
      error: "chứa ký tự điều khiển vô hình — xóa ký tự đó (thường do dán từ Word/PDF)",
    });
}

function editorDate(field: string) {
  return z.string({ error: missingOrWrongType(field, "ngày giờ ISO 8601") }).transform((value, ctx): DateTime => {
    const parsed = parseEditorDate(value);
    if (!parsed.ok) {
      ctx.addIssue({
        code: "custom",
        message: `${parsed.reason} — viết dạng \`${lastPart(field)}: ${exampleOf(field)}\` (giờ Việt Nam) hoặc kèm múi giờ, ví dụ 2017-12-05T08:30:00+07:00`,
      });
      return z.NEVER;
    }
    return parsed.value;
  });
}

const imagePath = z
  .string({ error: missingOrWrongType("image", "đường dẫn ảnh") })
  .trim()
  .refine((value) => /^\/[^\s]*$/.test(value) || /^https:\/\/[^\s]+$/.test(value), {
    error:
      "phải là đường dẫn bắt đầu bằng / (ảnh trong content/media) hoặc địa chỉ https:// — ví dụ `image: /media/2017/12/anh.jpg`",
  });

/** A photo of the media folder (`/media/…`), checked as the photo step will read it. */
function mediaPhoto(field: string, check: (sitePath: string) => PhotoProblem | undefined) {
  return z
    .string({ error: missingOrWrongType(field, "đường dẫn ảnh trong /media/") })
    .trim()
    .superRefine((value, ctx) => {
      if (!value.startsWith("/media/")) {
        ctx.addIssue({
          code: "custom",
          message: `phải là ảnh trong thư mục ảnh, bắt đầu bằng /media/ — ví dụ \`${lastPart(field)}: ${exampleOf(field)}\``,
        });
        return;
      }
      const problem = check(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { kind: problem.code } });
    });
}

/** One photo of a photo story (`gallery:`): the lead photo's names, and its credit. */
export interface GalleryEntry {
  image: string;
  caption?: string;
  image_alt?: string;
  credit?: string;
}

/** The layouts an article may ask for: `longform`, the wide eMagazine page without a sidebar. */
export const ARTICLE_LAYOUTS = ["longform"] as const;

export interface ArticleFrontMatter {
  title: string;
  date: DateTime;
  category: Category;
  author: string;
  summary?: string;
  image?: string;
  image_alt?: string;
  caption?: string;
  tags: string[];
  draft: boolean;
  updated?: DateTime;
  slug?: string;
  aliases: string[];
  corrections: { date: DateTime; text: string }[];
  withdrawn?: { date: DateTime; reason: string };
  video?: string;
  video_poster?: string;
  video_captions?: string;
  gallery: GalleryEntry[];
  layout?: (typeof ARTICLE_LAYOUTS)[number];
}

export interface SchemaContext {
  categories: CategoryCatalogue;
  /** What is wrong with a site-relative image path (missing, a folder, outside the media folder), if anything. */
  checkImage: (sitePath: string) => PhotoProblem | undefined;
  /** The same for a photo that is not the lead (a poster, a photo story's): no width is required. */
  checkPhoto: (sitePath: string) => PhotoProblem | undefined;
  /** What is wrong with a video file of the media folder (missing, not MP4 or WebM, too large), if anything. */
  checkVideo: (sitePath: string) => VideoProblem | undefined;
  /** What is wrong with a captions file (missing, not WebVTT), if anything. */
  checkCaptions: (sitePath: string) => VideoProblem | undefined;
}

/**
 * An old address an article keeps (`aliases`): a plain site path. It becomes a folder and a file in
 * the output and a line of `_redirects`, so nothing there may be read as markup, a query or a way out.
 */
export function isOldAddress(value: string): boolean {
  return OLD_ADDRESS_PATTERN.test(value) && !value.split("/").some((part) => part === ".." || part === ".");
}

/** The schema's shape without looking at any file: for the CMS's field list and tests of the shape. */
export function shapeOnlyContext(categories: CategoryCatalogue): SchemaContext {
  const none = () => undefined;
  return { categories, checkImage: none, checkPhoto: none, checkVideo: none, checkCaptions: none };
}

export function articleSchema(context: SchemaContext) {
  return z
    .strictObject({
      title: text("title"),
      date: editorDate("date"),
      category: z
        .string({ error: missingOrWrongType("category", "tên một chuyên mục") })
        .transform((value, ctx): Category => {
          const found = context.categories.lookup(value);
          if (!found.ok) {
            ctx.addIssue({ code: "custom", message: found.message });
            return z.NEVER;
          }
          return found.category;
        }),
      author: text("author"),
      summary: text("summary").optional(),
      image: imagePath
        .superRefine((value, ctx) => {
          const problem = value.startsWith("/") ? context.checkImage(value) : undefined;
          if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { kind: problem.code } });
        })
        .optional(),
      image_alt: text("image_alt").optional(),
      caption: text("caption").optional(),
      tags: z.array(text("tags"), { error: missingOrWrongType("tags", "một danh sách") }).default([]),
      draft: z.boolean({ error: missingOrWrongType("draft", "true hoặc false") }).default(false),
      updated: editorDate("updated").optional(),
      slug: z
        .string({ error: missingOrWrongType("slug", "một slug") })
        .regex(SLUG_PATTERN, {
          error: "chỉ gồm chữ thường không dấu, số và dấu gạch nối — ví dụ `slug: chuyen-bien-cai-cach-hanh-chinh`",
        })
        .optional(),
      // Old addresses (e.g. from WordPress) that keep working: the build writes a redirect at each.
      aliases: z
        .array(
          z
            .string({ error: missingOrWrongType("aliases", "một danh sách đường dẫn") })
            .trim()
            .refine(isOldAddress, {
              error:
                "mỗi địa chỉ cũ là một đường dẫn trên trang, bắt đầu bằng /, gồm chữ, số, - _ . ~ + / (không có ?, #, %, khoảng trắng, dấu ngoặc hay ..) — ví dụ `/2017/12/tin-cu.html`",
            }),
          { error: missingOrWrongType("aliases", "một danh sách đường dẫn") },
        )
        .default([]),
      // Published corrections (cải chính, đính chính): shown on the page, in /dinh-chinh/ and the feeds.
      corrections: z
        .array(
          z.strictObject(
            { date: editorDate("corrections.date"), text: text("corrections.text") },
            { error: missingOrWrongType("corrections", "một danh sách đính chính") },
          ),
          { error: missingOrWrongType("corrections", "một danh sách đính chính") },
        )
        .default([]),
      // A video: YouTube or Vimeo (played from the host only when the reader presses play), or a file.
      video: z
        .string({ error: missingOrWrongType("video", "một địa chỉ video") })
        .trim()
        .superRefine((value, ctx) => {
          const problem = value.startsWith("/")
            ? context.checkVideo(value)
            : hostedVideo(value)
              ? undefined
              : {
                  code: "content.video-host" as const,
                  message: `"${value}" không phải địa chỉ video YouTube hay Vimeo — dán địa chỉ trang video (ví dụ \`video: ${FIELD_EXAMPLES.video}\`) hoặc đường dẫn tệp MP4/WebM trong /media/`,
                };
          if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { kind: problem.code } });
        })
        .optional(),
      video_poster: mediaPhoto("video_poster", context.checkPhoto).optional(),
      video_captions: z
        .string({ error: missingOrWrongType("video_captions", "đường dẫn tệp phụ đề") })
        .trim()
        .superRefine((value, ctx) => {
          const problem = context.checkCaptions(value);
          if (problem) ctx.addIssue({ code: "custom", message: problem.message, params: { kind: problem.code } });
        })
        .optional(),
      // A photo story: photos of the media folder, each with a caption (or a description) and a credit.
      gallery: z
        .array(
          z.strictObject(
            {
              image: mediaPhoto("gallery.image", context.checkPhoto),
              caption: text("gallery.caption").optional(),
              image_alt: text("gallery.image_alt").optional(),
              credit: text("gallery.credit").optional(),
            },
            { error: missingOrWrongType("gallery", "một danh sách ảnh (image, caption)") },
          ),
          { error: missingOrWrongType("gallery", "một danh sách ảnh (image, caption)") },
        )
        .default([]),
      layout: z
        .enum(ARTICLE_LAYOUTS, {
          error: `chỉ có thể là ${ARTICLE_LAYOUTS.join(", ")} (trang rộng cho bài eMagazine) — hoặc bỏ dòng này`,
        })
        .optional(),
      // A takedown: the article leaves every list and index; its addresses show a notice.
      withdrawn: z
        .strictObject(
          { date: editorDate("withdrawn.date"), reason: text("withdrawn.reason") },
          { error: missingOrWrongType("withdrawn", "một nhóm trường date và reason") },
        )
        .optional(),
    })
    .superRefine((article, ctx) => {
      article.corrections.forEach((correction, index) => {
        if (correction.date < article.date)
          ctx.addIssue({
            code: "custom",
            path: ["corrections", index, "date"],
            params: { kind: "content.date-order" },
            message: "sớm hơn ngày đăng (date) — ngày đính chính phải từ ngày đăng bài trở đi",
          });
      });
      if (article.withdrawn && article.withdrawn.date < article.date)
        ctx.addIssue({
          code: "custom",
          path: ["withdrawn", "date"],
          params: { kind: "content.date-order" },
          message: "sớm hơn ngày đăng (date) — ngày gỡ bài phải từ ngày đăng bài trở đi",
        });
      if (article.updated && article.updated < article.date) {
        ctx.addIssue({
          code: "custom",
          path: ["updated"],
          params: { kind: "content.date-order" },
          message: "sớm hơn ngày đăng (date) — ngày cập nhật phải sau ngày đăng",
        });
      }
      if (article.image && !article.image_alt && !article.caption) {
        ctx.addIssue({
          code: "custom",
          path: ["image_alt"],
          params: { kind: "content.photo-description" },
          message: `ảnh cần lời mô tả cho người đọc dùng trình đọc màn hình — thêm \`image_alt: ${FIELD_EXAMPLES.image_alt}\` hoặc \`caption\``,
        });
      }
      for (const field of ["video_poster", "video_captions"] as const)
        if (article[field] && !article.video)
          ctx.addIssue({
            code: "custom",
            path: [field],
            message: "có cho video nhưng bài không có video — thêm trường `video` hoặc xóa dòng này",
          });
      if (article.video_captions && article.video && !article.video.startsWith("/"))
        ctx.addIssue({
          code: "custom",
          path: ["video_captions"],
          message: "phụ đề chỉ dùng cho tệp video trong /media/ — video YouTube, Vimeo có phụ đề của trang đó",
        });
      article.gallery.forEach((photo, index) => {
        if (!photo.caption && !photo.image_alt)
          ctx.addIssue({
            code: "custom",
            path: ["gallery", index, "image_alt"],
            params: { kind: "content.photo-description" },
            message: `ảnh cần chú thích hoặc lời mô tả — thêm \`caption: ${NESTED_EXAMPLES["gallery.caption"]}\` hoặc \`image_alt\``,
          });
      });
      for (const field of ["caption", "image_alt"] as const) {
        if (article[field] && !article.image) {
          ctx.addIssue({
            code: "custom",
            path: [field],
            params: { kind: "content.photo-description" },
            message: "có mô tả ảnh nhưng không có ảnh — thêm trường `image` hoặc xóa dòng này",
          });
        }
      }
    }) satisfies z.ZodType<ArticleFrontMatter, unknown>;
}
