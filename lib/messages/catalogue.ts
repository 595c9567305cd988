/**
 * Every kind of mistake a user can make, by its code: what it is about, and how to put it right.
 * A UserError carries one of these codes and its own message (the file, field or destination it
 * names); every command prints the message, then the hint. Tests check an error by its code.
 */
export const MESSAGES = {
  "settings.invalid": {
    about: "cài đặt trong _data/",
    hint: "sửa tệp và trường được nêu (xem bảng Settings trong README) rồi chạy lại",
  },
  "categories.duplicate": {
    about: "danh sách chuyên mục",
    hint: "mỗi chuyên mục một tên và một slug riêng trong _data/categories.json",
  },
  "content.invalid": {
    about: "bài viết của biên tập viên",
    hint: "sửa từng dòng được nêu (tệp:dòng: trường) rồi chạy lại npm run check",
  },
  "comments-export.invalid": {
    about: "tệp bình luận đã duyệt",
    hint: "tải lại bằng npm run comments:fetch, hoặc xuất lại bằng npm run comments:admin -- export",
  },
  "cache.published-addresses": {
    about: "danh sách các địa chỉ từng có bài (trong thư mục bộ nhớ đệm của bản dựng)",
    hint: "khôi phục tệp từ bộ nhớ đệm CI hoặc bản sao lưu; chỉ xóa tệp khi chấp nhận mất thông báo ở địa chỉ các bài đã xóa",
  },
  "output.refused": {
    about: "thư mục xuất trang",
    hint: "chọn một thư mục trống hoặc thư mục do toasoan dựng (--output)",
  },
  "new-article.invalid": {
    about: "bài mới (npm run new)",
    hint: 'gõ: npm run new -- "Tiêu đề bài viết" --category "Kinh tế" --author "Tên tác giả" [--draft]',
  },
  "new-article.exists": {
    about: "tệp bài mới",
    hint: "chọn tiêu đề khác, hoặc mở tệp đã có để sửa",
  },
  "import.usage": {
    about: "lệnh nhập từ WordPress",
    hint: "gõ: npm run import -- wordpress tep-xuat.xml [--uploads thu-muc-uploads] [--map tep-gan-chuyen-muc.json] [--comments-db data/comments.sqlite]",
  },
  "import.wxr-invalid": {
    about: "tệp xuất của WordPress",
    hint: "xuất lại từ WordPress (Công cụ → Xuất → Tất cả nội dung) và chỉ định đúng tệp .xml",
  },
  "deploy.destination-missing": {
    about: "nơi triển khai",
    hint: "nêu thư mục, user@host:/đường/dẫn, s3://bucket/tiền-tố hoặc github-pages, hoặc đặt DEPLOY_TO",
  },
  "deploy.destination-invalid": {
    about: "nơi triển khai",
    hint: "kiểm tra lại địa chỉ nơi triển khai (xem mục Deploying trong README)",
  },
  "deploy.no-build": { about: "bản dựng để triển khai", hint: "chạy npm run build (cùng --output) trước" },
  "deploy.record-broken": {
    about: "sổ ghi của nơi triển khai",
    hint: "lần triển khai này so sánh lại toàn bộ; nếu vẫn lỗi, xóa thư mục .toasoan-deploy ở nơi triển khai",
  },
  "deploy.stray-files": {
    about: "thư mục bản dựng",
    hint: "dựng lại (npm run build) để thư mục chỉ còn những gì bản dựng ghi",
  },
  "deploy.host-limit": {
    about: "giới hạn của nơi lưu trang",
    hint: "chuyển sang máy chủ riêng (rsync) hoặc kho S3 (xem Host limits trong README)",
  },
  "deploy.foreign-destination": {
    about: "nơi triển khai",
    hint: "chọn một nơi trống hoặc nơi toasoan đã triển khai tới; toasoan không ghi đè nội dung khác",
  },
  "deploy.rsync-missing": { about: "chương trình rsync", hint: "cài rsync (apt-get install rsync)" },
  "deploy.refused": {
    about: "quyền truy cập nơi triển khai",
    hint: "kiểm tra khóa SSH (RSYNC_RSH) hoặc AWS_ACCESS_KEY_ID và AWS_SECRET_ACCESS_KEY",
  },
  "deploy.unreachable": {
    about: "kết nối tới nơi triển khai",
    hint: "kiểm tra tên máy, cổng, AWS_ENDPOINT_URL và mạng rồi chạy lại; không tệp nào bị xóa",
  },
  "deploy.write-refused": {
    about: "quyền ghi ở nơi triển khai",
    hint: "cho tài khoản triển khai quyền ghi vào thư mục đó",
  },
  "deploy.failed": {
    about: "lần triển khai",
    hint: "chạy lại npm run deploy: lần sau hoàn tất những gì lần này còn dở",
  },
  "preview.usage": {
    about: "lệnh xem trước",
    hint: "gõ: npm run preview -- NƠI-XEM-TRƯỚC [--base main] [--branch TÊN] [--at 2025-05-06T07:00] [--remove]",
  },
  "preview.no-base": {
    about: "bản dựng của nhánh gốc",
    hint: "dựng nhánh gốc trước (git switch main && npm run build), hoặc để quy trình khôi phục bộ nhớ đệm của nó",
  },
  "preview.not-git": {
    about: "kho git của bài viết",
    hint: "chạy trong kho git của tòa soạn; nhánh gốc phải có ở máy (git fetch origin main), tên nhánh nêu bằng --branch",
  },
  "preview.live-destination": {
    about: "nơi đặt bản xem trước",
    hint: "đặt bản xem trước ở nơi riêng (biến DEPLOY_PREVIEW_TO), không bao giờ ở nơi của trang thật (DEPLOY_TO)",
  },
} as const satisfies Record<string, { about: string; hint: string }>;

export type MessageCode = keyof typeof MESSAGES;

/** The line that tells how to put a kind of mistake right. */
export function hintLine(code: MessageCode): string {
  return `Cách sửa: ${MESSAGES[code].hint}.`;
}

/** How a user's mistake is printed: its message, then how to put it right. */
export function explain(code: MessageCode, message: string): string {
  return `${message}\n${hintLine(code)}`;
}
