// The endpoint's part of the one catalogue of a user's mistakes (lib/messages/catalogue.ts holds it
// with the build's), and the one way a mistake is printed. Here because the endpoint's package
// stands alone: the site imports it, the endpoint never imports the site.

/** What each kind of the endpoint's mistakes is about, and how to put it right. */
export const ENDPOINT_MESSAGES = {
  "comments.config-invalid": {
    about: "cài đặt máy chủ bình luận (biến môi trường COMMENTS_*)",
    hint: "sửa các biến được nêu (bảng biến của máy chủ bình luận trong README) rồi khởi động lại",
  },
  "comments.database-unopened": {
    about: "cơ sở dữ liệu bình luận",
    hint: "kiểm tra COMMENTS_DB (thư mục có quyền ghi) hoặc COMMENTS_DATABASE_URL (PostgreSQL đang chạy và nhận kết nối)",
  },
  "comments.reader-query": {
    about: "yêu cầu của một người đọc về bình luận của họ",
    hint: 'nêu tên người đọc đã ký (--author "Tên") và/hoặc địa chỉ mạng (--network 203.0.113.7 hay dải đã lưu 203.0.113.0/24)',
  },
  "comments-admin.usage": {
    about: "lệnh quản trị bình luận",
    hint: "gõ npm run comments:admin (không đối số) để xem các lệnh và tùy chọn",
  },
  "comments-admin.account": {
    about: "tài khoản người duyệt bình luận",
    hint: "xem các tài khoản bằng npm run comments:admin -- moderator list",
  },
  "comments-admin.not-found": {
    about: "một bình luận theo mã",
    hint: "xem mã các bình luận bằng npm run comments:admin -- list --status pending|approved|rejected",
  },
  "comments-admin.email": {
    about: "thư tổng hợp gửi người duyệt",
    hint: "đặt COMMENTS_SMTP_URL và COMMENTS_EMAIL_TO, và kiểm tra máy chủ thư nhận kết nối với tài khoản đó",
  },
  "comments-admin.copy-refused": {
    about: "việc chép bình luận sang PostgreSQL",
    hint: "chép vào một cơ sở dữ liệu PostgreSQL mới, còn trống (tạo bằng createdb)",
  },
} as const satisfies Record<string, { about: string; hint: string }>;

export type EndpointCode = keyof typeof ENDPOINT_MESSAGES;

/** The sentence that tells how to put a mistake right. */
export function hintSentence(hint: string): string {
  return `Cách sửa: ${hint}.`;
}

/** How a user's mistake is printed, on one line: what is wrong, how to put it right, and its code. */
export function mistakeLine(message: string, hint: string, code: string): string {
  return `${message.replace(/[.:]$/, "")}. ${hintSentence(hint)} [${code}]`;
}

/**
 * A mistake of the operator's (a setting, a command line, an account, a reader's request): printed
 * as one line with its code and hint, exit 1, never with a stack trace.
 */
export class EndpointMistake extends Error {
  override name = "EndpointMistake";

  constructor(
    readonly code: EndpointCode,
    message: string,
    /** Each problem on its own, when the message names several (every wrong variable at once). */
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
  }

  explained(): string {
    return mistakeLine(this.message, ENDPOINT_MESSAGES[this.code].hint, this.code);
  }
}
