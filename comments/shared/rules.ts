/**
 * The comment rules, defined once: the server enforces them, the article page shows them, the
 * browser script counts with them and the tests check them. No Node or DOM APIs here, so the
 * browser bundle can import this file as it is.
 */
export const COMMENT_BODY_MIN = 5;
export const COMMENT_BODY_MAX = 500;
export const COMMENT_AUTHOR_MAX = 60;
/** Form field that people never see; a bot that fills it is refused. */
export const HONEYPOT_FIELD = "website";
/** Form field carrying the endpoint's signed "form shown at" time (comments/readers/form-token.ts). */
export const FORM_TOKEN_FIELD = "issued";

export const COMMENT_MESSAGES = {
  tooShort: `Bạn vui lòng nhập từ ${COMMENT_BODY_MIN} ký tự trở lên !!!`,
  tooLong: `Bình luận chỉ được tối đa ${COMMENT_BODY_MAX} ký tự, bạn vui lòng rút gọn.`,
  bodyRequired: "Bạn chưa nhập nội dung bình luận.",
  authorRequired: "Bạn vui lòng nhập tên của mình.",
  authorTooLong: `Tên chỉ được tối đa ${COMMENT_AUTHOR_MAX} ký tự.`,
  controlCharacters: "Nội dung có ký tự điều khiển không hợp lệ, bạn vui lòng xóa đi.",
  articleRequired: "Thiếu đường dẫn bài viết được bình luận.",
  articleUnknown: "Bài viết này không tồn tại hoặc chưa được xuất bản, nên chưa nhận bình luận.",
  honeypot: "Bình luận bị từ chối vì giống thư rác.",
  pending: "Cảm ơn bạn! Bình luận đã được gửi và đang chờ tòa soạn duyệt.",
  published: "Cảm ơn bạn! Bình luận đã được đăng.",
  sending: "Đang gửi bình luận…",
  network: "Chưa gửi được bình luận vì lỗi kết nối. Bạn vui lòng thử lại.",
  rateLimited: "Bạn gửi bình luận quá nhanh. Vui lòng thử lại sau ít phút.",
  tooLarge: "Nội dung gửi lên quá lớn.",
  badJson: "Dữ liệu gửi lên không phải JSON hợp lệ.",
  badContentType: "Chỉ nhận dữ liệu dạng JSON hoặc biểu mẫu (application/x-www-form-urlencoded).",
  noComments: "Chưa có bình luận nào được duyệt. Hãy là người đầu tiên!",
  tooManyLinks: "Bình luận có quá nhiều đường liên kết nên chưa được nhận; bạn vui lòng bớt liên kết rồi gửi lại.",
  bannedWords: "Bình luận có từ ngữ tòa soạn không cho phép đăng; bạn vui lòng sửa lại rồi gửi.",
  duplicate: "Bạn đã gửi bình luận này rồi; tòa soạn sẽ duyệt bản đã gửi.",
  tooSoon: "Bạn gửi nhanh quá. Bạn vui lòng đợi vài giây rồi bấm “Gửi bình luận” lần nữa.",
  confirm: "Bạn vui lòng xem lại rồi bấm “Gửi bình luận” để gửi.",
  heading: "Bình luận",
  authorLabel: "Tên của bạn",
  bodyLabel: "Nội dung bình luận",
  hint: `Từ ${COMMENT_BODY_MIN} đến ${COMMENT_BODY_MAX} ký tự. Bình luận được hiển thị sau khi tòa soạn duyệt.`,
  honeypotLabel: "Để trống ô này",
  submit: "Gửi bình luận",
} as const;

export type CommentField = "article" | "author" | "body" | typeof HONEYPOT_FIELD;
/** Error codes that travel in the URL fragment after a form post, so the page can show them without JavaScript. */
export type CommentErrorCode =
  | "qua-ngan"
  | "qua-dai"
  | "thieu-ten"
  | "ten-dai"
  | "ky-tu"
  | "bai-viet"
  | "thu-rac"
  | "qua-nhanh"
  | "du-lieu"
  | "lien-ket"
  | "tu-cam"
  | "trung-lap"
  | "qua-som";

/** What the counter says when a comment is `excess` characters over the limit. */
export function overLimitMessage(excess: number): string {
  return `${COMMENT_MESSAGES.tooLong} (thừa ${excess} ký tự)`;
}

export function remainingMessage(remaining: number): string {
  return `Bạn còn ${remaining}/${COMMENT_BODY_MAX} ký tự`;
}

/** NFC first (some keyboards send decomposed Vietnamese), unify line breaks, then trim. */
export function normaliseCommentText(text: string): string {
  return text.normalize("NFC").replace(/\r\n?/g, "\n").trim();
}

const segmenter = new Intl.Segmenter("vi", { granularity: "grapheme" });

/** Characters as a reader counts them: user-perceived characters (grapheme clusters) of the normalised text. */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of segmenter.segment(normaliseCommentText(text))) count++;
  return count;
}

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export interface CommentInput {
  article: string;
  author: string;
  body: string;
}

export type CommentCheck =
  { ok: true; value: CommentInput } | { ok: false; field: CommentField; code: CommentErrorCode; error: string };

function fail(field: CommentField, code: CommentErrorCode, error: string): CommentCheck {
  return { ok: false, field, code, error };
}

/** Checks a submission against the rules; `article` existence is the server's business. */
export function checkComment(raw: {
  article?: unknown;
  author?: unknown;
  body?: unknown;
  [HONEYPOT_FIELD]?: unknown;
}): CommentCheck {
  if (typeof raw[HONEYPOT_FIELD] === "string" && raw[HONEYPOT_FIELD].trim() !== "")
    return fail(HONEYPOT_FIELD, "thu-rac", COMMENT_MESSAGES.honeypot);
  const article = typeof raw.article === "string" ? raw.article.trim() : "";
  if (!article) return fail("article", "bai-viet", COMMENT_MESSAGES.articleRequired);
  const author = typeof raw.author === "string" ? normaliseCommentText(raw.author).replace(/\s+/g, " ") : "";
  if (!author) return fail("author", "thieu-ten", COMMENT_MESSAGES.authorRequired);
  if (countCharacters(author) > COMMENT_AUTHOR_MAX) return fail("author", "ten-dai", COMMENT_MESSAGES.authorTooLong);
  if (CONTROL_CHARACTERS.test(author)) return fail("author", "ky-tu", COMMENT_MESSAGES.controlCharacters);
  const body = typeof raw.body === "string" ? normaliseCommentText(raw.body) : "";
  if (!body) return fail("body", "qua-ngan", COMMENT_MESSAGES.bodyRequired);
  const length = countCharacters(body);
  if (length < COMMENT_BODY_MIN) return fail("body", "qua-ngan", COMMENT_MESSAGES.tooShort);
  if (length > COMMENT_BODY_MAX) return fail("body", "qua-dai", COMMENT_MESSAGES.tooLong);
  if (CONTROL_CHARACTERS.test(body.replace(/[\n\t]/g, "")))
    return fail("body", "ky-tu", COMMENT_MESSAGES.controlCharacters);
  return { ok: true, value: { article, author, body } };
}

const ERROR_MESSAGES: Record<CommentErrorCode, string> = {
  "qua-ngan": COMMENT_MESSAGES.tooShort,
  "qua-dai": COMMENT_MESSAGES.tooLong,
  "thieu-ten": COMMENT_MESSAGES.authorRequired,
  "ten-dai": COMMENT_MESSAGES.authorTooLong,
  "ky-tu": COMMENT_MESSAGES.controlCharacters,
  "bai-viet": COMMENT_MESSAGES.articleUnknown,
  "thu-rac": COMMENT_MESSAGES.honeypot,
  "qua-nhanh": COMMENT_MESSAGES.rateLimited,
  "du-lieu": COMMENT_MESSAGES.badContentType,
  "lien-ket": COMMENT_MESSAGES.tooManyLinks,
  "tu-cam": COMMENT_MESSAGES.bannedWords,
  "trung-lap": COMMENT_MESSAGES.duplicate,
  "qua-som": COMMENT_MESSAGES.tooSoon,
};

/** The comments section's id on an article page: where the endpoint sends a reader back to. */
export const COMMENTS_SECTION_ID = "binh-luan";

export const PENDING_NOTICE_ID = "binh-luan-cho-duyet";
/** A trusted reader's comment skips the queue (COMMENTS_TRUSTED_AFTER). */
export const PUBLISHED_NOTICE_ID = "binh-luan-da-dang";

export function noticeIdFor(code: CommentErrorCode): string {
  return `binh-luan-loi-${code}`;
}

/** The notices an article page carries for a form post without JavaScript; the redirect's URL fragment shows one. */
export const FORM_NOTICES: { id: string; kind: "ok" | "error"; message: string }[] = [
  { id: PENDING_NOTICE_ID, kind: "ok", message: COMMENT_MESSAGES.pending },
  { id: PUBLISHED_NOTICE_ID, kind: "ok", message: COMMENT_MESSAGES.published },
  ...(Object.entries(ERROR_MESSAGES) as [CommentErrorCode, string][]).map(([code, message]) => ({
    id: noticeIdFor(code),
    kind: "error" as const,
    message,
  })),
];
