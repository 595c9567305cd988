import { statSync } from "node:fs";
import path from "node:path";
import { ROUTES } from "./routes.ts";

/**
 * Where a site path such as `/media/2025/05/anh.jpg` points inside the media folder, or why it
 * points nowhere: outside `/media/`, escaping the folder with `..`, missing, or a folder.
 */
export function checkMediaPath(mediaDir: string, sitePath: string): string | undefined {
  if (!sitePath.startsWith(ROUTES.media))
    return `ảnh "${sitePath}" phải nằm trong ${ROUTES.media} (chép tệp vào thư mục ảnh) hoặc là địa chỉ https://`;
  let relative: string;
  try {
    relative = decodeURIComponent(sitePath.slice(ROUTES.media.length).replace(/[?#].*$/, ""));
  } catch {
    return `đường dẫn ảnh "${sitePath}" có ký tự % không hợp lệ`;
  }
  const file = path.resolve(mediaDir, relative);
  if (file !== mediaDir && !file.startsWith(mediaDir + path.sep))
    return `đường dẫn ảnh "${sitePath}" đi ra ngoài thư mục ảnh — bỏ các đoạn ".."`;
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return `không tìm thấy tệp ảnh "${sitePath}" trong thư mục ảnh — kiểm tra tên tệp (phân biệt hoa thường) hoặc chép ảnh vào ${path.basename(mediaDir)}/${relative}`;
  }
  if (!stat.isFile())
    return `"${sitePath}" là một thư mục, không phải tệp ảnh — ghi đủ tên tệp, ví dụ ${ROUTES.media}2025/05/anh.jpg`;
  return undefined;
}

/** The problem with an image address written in an article's body, if any. */
export function checkBodyImage(mediaDir: string, src: string): string | undefined {
  if (/^https:\/\//i.test(src)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith("//"))
    return `ảnh "${src}" trong nội dung phải là đường dẫn ${ROUTES.media}… hoặc địa chỉ https://`;
  if (!src.startsWith("/"))
    return `ảnh "${src}" trong nội dung dùng đường dẫn tương đối — viết đầy đủ, ví dụ ${ROUTES.media}2025/05/anh.jpg`;
  return checkMediaPath(mediaDir, src);
}
