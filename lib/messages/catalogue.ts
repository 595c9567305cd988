import { ENDPOINT_MESSAGES, hintSentence, mistakeLine } from "../../comments/shared/mistakes.ts";

/**
 * Every kind of mistake a user can make, by its code: what it is about, and how to put it right.
 * A UserError carries one of these codes and its own message (the file, field or destination it
 * names); every command prints the message, then the hint. Tests check an error by its code.
 */
export const MESSAGES = {
  ...ENDPOINT_MESSAGES,
  "build.usage": {
    about: "lệnh dựng trang",
    hint: "gõ: npm run build [-- --output THƯ-MỤC] [--quiet] [--full] [--only-changes] [--allow-empty] [--part K/N | --merge]",
  },
  "build.part-invalid": {
    about: "một phần của bản dựng trên nhiều máy",
    hint: "viết --part K/N, ví dụ --part 3/8 cho phần thứ ba trong tám; --merge gộp các phần",
  },
  "build.parts-missing": {
    about: "bản gộp của bản dựng trên nhiều máy",
    hint: "chép thư mục kết quả của mọi phần (actions/download-artifact với merge-multiple) vào thư mục --output của bản gộp rồi chạy lại",
  },
  "build.parts-mismatch": {
    about: "bản gộp của bản dựng trên nhiều máy",
    hint: "dựng mọi phần và bản gộp từ cùng một commit, cùng cài đặt và cùng tệp data/; nếu bộ nhớ đệm của chúng khác lần dựng, dựng lại tất cả với --full",
  },
  "check.usage": {
    about: "lệnh kiểm tra bài viết",
    hint: "gõ: npm run check [-- tệp.md …] [--output THƯ-MỤC]",
  },
  "deploy.usage": {
    about: "lệnh triển khai",
    hint: "gõ: npm run deploy -- NƠI-TRIỂN-KHAI [--output THƯ-MỤC] [--only new|changed] [--dry-run] [--quiet] [--json]",
  },
  "start.usage": {
    about: "lệnh chạy trang và máy chủ bình luận",
    hint: "gõ: npm start (cổng đặt bằng biến PORT và COMMENTS_PORT, không bằng tùy chọn)",
  },
  "compare-builds.usage": {
    about: "lệnh so sánh hai bản dựng",
    hint: "gõ: npm run compare-builds -- --before COMMIT [--after COMMIT] [--corpus THƯ-MỤC] [--now 2026-11-30T12:00:00+07:00]",
  },
  "comments-fetch.usage": {
    about: "lệnh tải bình luận đã duyệt",
    hint: "gõ: npm run comments:fetch (lệnh không có tùy chọn; nơi tải đặt bằng COMMENTS_URL, nơi lưu bằng TOASOAN_COMMENTS)",
  },
  "comments-fetch.unset": {
    about: "lệnh tải bình luận đã duyệt",
    hint: "đặt COMMENTS_URL (địa chỉ máy chủ bình luận) và COMMENTS_ADMIN_TOKEN rồi chạy lại npm run comments:fetch",
  },
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
  "content.none": {
    about: "bài để xuất bản",
    hint: "kiểm tra thư mục bài (TOASOAN_ARTICLES); tòa soạn mới chưa có bài thì dựng với --allow-empty",
  },
  "content.front-matter-unreadable": {
    about: "phần đầu (front matter) của một bài",
    hint: "kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép ở dòng được nêu",
  },
  "content.front-matter-missing": {
    about: "phần đầu (front matter) của một bài",
    hint: "mở tệp bằng dòng ---, các trường title, date, category, author, rồi ---",
  },
  "content.field-unknown": {
    about: "một trường không có trong mẫu bài viết",
    hint: "sửa tên trường theo gợi ý, hoặc xóa dòng đó",
  },
  "content.field-missing": {
    about: "một trường bắt buộc của bài viết",
    hint: "thêm dòng của trường đó vào phần đầu, theo ví dụ được nêu",
  },
  "content.field-invalid": {
    about: "giá trị của một trường",
    hint: "viết lại giá trị theo ví dụ được nêu",
  },
  "content.date-invalid": {
    about: "ngày giờ của một bài (date, updated, đính chính, gỡ bài)",
    hint: "viết dạng 2025-05-04 08:30 (giờ Việt Nam) hoặc kèm múi giờ, ví dụ 2025-05-04T08:30:00+07:00",
  },
  "content.date-order": {
    about: "thứ tự ngày giờ của một bài",
    hint: "ngày cập nhật, đính chính và gỡ bài phải từ ngày đăng (date) trở đi",
  },
  "content.category-unknown": {
    about: "chuyên mục của một bài",
    hint: "dùng tên hoặc slug một chuyên mục trong _data/categories.json, hoặc thêm chuyên mục đó vào tệp",
  },
  "content.photo-missing": {
    about: "ảnh của một bài",
    hint: "đặt ảnh vào content/media đúng đường dẫn đã viết, hoặc sửa đường dẫn",
  },
  "content.photo-unreadable": {
    about: "tệp ảnh của một bài",
    hint: "xuất lại ảnh dạng JPEG, PNG, WebP hoặc AVIF rồi thay tệp",
  },
  "content.photo-too-small": {
    about: "ảnh đầu bài",
    hint: "dùng ảnh gốc rộng hơn, hoặc hạ leadImageMinWidth trong _data/site.json",
  },
  "content.photo-description": {
    about: "lời mô tả ảnh của một bài",
    hint: "ảnh cần image_alt hoặc caption; mô tả không có ảnh thì xóa đi",
  },
  "content.video-host": {
    about: "video của bài",
    hint: "dùng địa chỉ trang video YouTube hoặc Vimeo, hoặc tệp MP4/WebM trong content/media",
  },
  "content.video-missing": {
    about: "video của bài",
    hint: "chép tệp vào content/media (đúng tên, phân biệt hoa thường) hoặc sửa đường dẫn",
  },
  "content.video-format": {
    about: "video của bài",
    hint: "xuất lại video dạng MP4 (H.264) hoặc WebM, hai dạng mọi trình duyệt phát được",
  },
  "content.video-too-large": {
    about: "video của bài",
    hint: "nén video nhỏ hơn 100 MB (ví dụ 720p), hoặc đăng lên YouTube rồi ghi địa chỉ vào video",
  },
  "content.video-captions": {
    about: "phụ đề video",
    hint: "lưu phụ đề dạng WebVTT (.vtt, dòng đầu là WEBVTT)",
  },
  "content.body-empty": {
    about: "nội dung của một bài",
    hint: "viết nội dung bên dưới dòng --- thứ hai",
  },
  "content.slug-empty": {
    about: "đường dẫn của một bài",
    hint: "thêm trường slug gồm chữ thường không dấu, số và dấu gạch nối",
  },
  "content.url-duplicate": {
    about: "đường dẫn của hai bài",
    hint: "đặt slug khác cho một trong hai bài",
  },
  "content.alias-taken": {
    about: "địa chỉ cũ (aliases) của một bài",
    hint: "bỏ hoặc sửa địa chỉ cũ trùng với một bài hay một trang khác",
  },
  "content.link-broken": {
    about: "liên kết trong nội dung một bài",
    hint: "sửa đường dẫn tới bài, chuyên mục hoặc tệp có trên trang, hoặc bỏ liên kết",
  },
  "content.link-withdrawn": {
    about: "liên kết tới bài đã gỡ (cảnh báo)",
    hint: "cân nhắc bỏ liên kết: người đọc sẽ thấy thông báo gỡ bài",
  },
  "most-read.invalid": {
    about: "tệp Đọc nhiều",
    hint: "tải lại bằng npm run comments:fetch, hoặc xuất lại bằng npm run comments:admin -- most-read",
  },
  "comments-export.invalid": {
    about: "tệp bình luận đã duyệt",
    hint: "tải lại bằng npm run comments:fetch, hoặc xuất lại bằng npm run comments:admin -- export",
  },
  "cache.published-addresses": {
    about: "danh sách các địa chỉ từng có bài (trong thư mục bộ nhớ đệm của bản dựng)",
    hint: "khôi phục tệp từ bộ nhớ đệm CI hoặc bản sao lưu; chỉ xóa tệp khi chấp nhận mất thông báo ở địa chỉ các bài đã xóa",
  },
  "search.update-failed": {
    about: "chỉ mục tìm kiếm của máy chủ xem thử (npm start)",
    hint: "trang đã cập nhật, tìm kiếm còn kết quả cũ; lưu lại một bài bất kỳ để dựng lại phần chỉ mục đó",
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

/** A kind of problem in one editor's file. */
export type ContentCode = Extract<MessageCode, `content.${string}`>;

/** The line that tells how to put a kind of mistake right. */
export function hintLine(code: MessageCode): string {
  return hintSentence(MESSAGES[code].hint);
}

/** How a user's mistake is printed, on one line: what is wrong, how to put it right, and its code. */
export function explain(code: MessageCode, message: string): string {
  return mistakeLine(message, MESSAGES[code].hint, code);
}
