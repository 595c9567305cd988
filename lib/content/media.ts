import type { ContentCode } from "../messages/catalogue.ts";
import { statSync } from "node:fs";
import { imageSize } from "image-size";
import path from "node:path";
import { ROUTES } from "../settings/routes.ts";

/**
 * Where a site path such as `/media/2025/05/anh.jpg` points inside the media folder, or why it
 * points nowhere: outside `/media/`, escaping the folder with `..`, missing, or a folder.
 */
const EXAMPLE_FILES: Record<string, string> = { ảnh: "anh.jpg", video: "video.mp4", "phụ đề": "phu-de.vtt" };

export function resolveMediaPath(
  mediaDir: string,
  sitePath: string,
  noun = "ảnh",
): { file: string } | { problem: string } {
  if (!sitePath.startsWith(ROUTES.media))
    return {
      problem: `${noun} "${sitePath}" phải nằm trong ${ROUTES.media} (chép tệp vào thư mục ảnh) hoặc là địa chỉ https://`,
    };
  let relative: string;
  try {
    relative = decodeURIComponent(sitePath.slice(ROUTES.media.length).replace(/[?#].*$/, ""));
  } catch {
    return { problem: `đường dẫn ${noun} "${sitePath}" có ký tự % không hợp lệ` };
  }
  const file = path.resolve(mediaDir, relative);
  if (file !== mediaDir && !file.startsWith(mediaDir + path.sep))
    return { problem: `đường dẫn ${noun} "${sitePath}" đi ra ngoài thư mục ảnh — bỏ các đoạn ".."` };
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return {
      problem: `không tìm thấy tệp ${noun} "${sitePath}" trong thư mục ảnh — kiểm tra tên tệp (phân biệt hoa thường) hoặc chép ${noun} vào ${path.basename(mediaDir)}/${relative}`,
    };
  }
  if (!stat.isFile())
    return {
      problem: `"${sitePath}" là một thư mục, không phải tệp ${noun} — ghi đủ tên tệp, ví dụ ${ROUTES.media}2025/05/${EXAMPLE_FILES[noun] ?? "tep"}`,
    };
  return { file };
}

export function checkMediaPath(mediaDir: string, sitePath: string): string | undefined {
  const resolved = resolveMediaPath(mediaDir, sitePath);
  return "problem" in resolved ? resolved.problem : undefined;
}

/** What browsers show, and what the photo step turns into AVIF, WebP and JPEG (or PNG). */
const WEB_IMAGE_TYPES = new Set(["jpg", "png", "webp", "avif", "gif", "svg"]);

/** What is wrong with a photo an article shows, and which kind of problem that is. */
export interface PhotoProblem {
  code: Extract<ContentCode, `content.photo-${string}`>;
  message: string;
}

/**
 * The problem with a photo in the media folder, if any: missing, not an image at all (a renamed
 * document, a broken upload), a format browsers cannot show, or narrower than `minWidth` pixels
 * (the lead photo's slot). Reads the file's header only.
 */
export function checkPhoto(mediaDir: string, sitePath: string, minWidth?: number): PhotoProblem | undefined {
  const resolved = resolveMediaPath(mediaDir, sitePath);
  if ("problem" in resolved) return { code: "content.photo-missing", message: resolved.problem };
  const unreadable = (message: string): PhotoProblem => ({ code: "content.photo-unreadable", message });
  let size;
  try {
    size = imageSize(resolved.file);
  } catch {
    if (/\.svg$/i.test(resolved.file))
      return unreadable(
        `ảnh SVG "${sitePath}" không có kích thước — thêm viewBox (hoặc width và height) vào thẻ <svg>, ví dụ viewBox="0 0 1200 675"`,
      );
    return unreadable(
      `"${sitePath}" không phải tệp ảnh (không đọc được kích thước) — mở và lưu lại ảnh dạng JPEG hoặc PNG rồi chép lại`,
    );
  }
  if (!size.type || !WEB_IMAGE_TYPES.has(size.type))
    return unreadable(
      `ảnh "${sitePath}" ở định dạng ${size.type ?? "lạ"}, trình duyệt không hiển thị được — lưu lại dạng JPEG hoặc PNG`,
    );
  // EXIF orientations 5–8 turn the photo a quarter: its shown width is the stored height.
  const width = (size.orientation ?? 1) >= 5 ? size.height : size.width;
  if (minWidth && size.type !== "svg" && width !== undefined && width < minWidth)
    return {
      code: "content.photo-too-small",
      message: `ảnh "${sitePath}" chỉ rộng ${width} px, ảnh đầu bài cần ít nhất ${minWidth} px (leadImageMinWidth) — dùng ảnh gốc lớn hơn`,
    };
  return undefined;
}

/** The problem with an image address written in an article's body, if any. */
export function checkBodyImage(mediaDir: string, src: string): PhotoProblem | undefined {
  const wrongAddress = (message: string): PhotoProblem => ({ code: "content.photo-missing", message });
  if (/^https:\/\//i.test(src)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith("//"))
    return wrongAddress(`ảnh "${src}" trong nội dung phải là đường dẫn ${ROUTES.media}… hoặc địa chỉ https://`);
  if (!src.startsWith("/"))
    return wrongAddress(
      `ảnh "${src}" trong nội dung dùng đường dẫn tương đối — viết đầy đủ, ví dụ ${ROUTES.media}2025/05/anh.jpg`,
    );
  return checkPhoto(mediaDir, src);
}
