// Videos an article carries (`video:`): a YouTube or Vimeo address, played through the host's
// privacy-enhanced player only once the reader presses play, or a file of the media folder. A file
// is judged by its type (its first bytes), never decoded: the build does not need ffmpeg.
import { openSync, readSync, closeSync, statSync } from "node:fs";
import type { ContentCode } from "../messages/catalogue.ts";
import { ROUTES } from "../settings/routes.ts";
import { resolveMediaPath } from "./media.ts";
import { renditionNear, type Picture } from "./pictures.ts";

export interface ArticleVideo {
  kind: "youtube" | "vimeo" | "file";
  /** The address the editor wrote: the host's page, or the file's site path. */
  source: string;
  /** Hosted: the player loaded when the reader presses play (youtube-nocookie, Vimeo with dnt=1); the page's script asks it to start at once. */
  embedUrl?: string;
  /** Hosted: the video's page on its host, for readers without JavaScript. */
  watchUrl?: string;
  /** A file: its type, as browsers are told it. */
  type?: "video/mp4" | "video/webm";
  /** A photo of the media folder shown before play (`video_poster:`). */
  poster?: string;
  /** WebVTT captions of a file (`video_captions:`). */
  captions?: string;
}

export interface VideoProblem {
  code: Extract<ContentCode, `content.video-${string}`>;
  message: string;
}

/** GitHub refuses files over 100 MB: a larger video can never reach the repository. */
export const MAX_VIDEO_BYTES = 100 * 1024 * 1024;

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_HOSTS = new Set(["youtube.com", "www.youtube.com", "m.youtube.com", "www.youtube-nocookie.com"]);
const VIMEO_HOSTS = new Set(["vimeo.com", "www.vimeo.com", "player.vimeo.com"]);

/** A YouTube or Vimeo address as the player and the page use it, or undefined for any other address. */
export function hostedVideo(address: string): Pick<ArticleVideo, "kind" | "embedUrl" | "watchUrl"> | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:") return undefined;
  const parts = url.pathname.split("/").filter(Boolean);
  let youtubeId: string | undefined;
  if (url.hostname === "youtu.be") youtubeId = parts[0];
  else if (YOUTUBE_HOSTS.has(url.hostname))
    youtubeId =
      parts[0] === "watch"
        ? (url.searchParams.get("v") ?? undefined)
        : ["embed", "shorts", "live"].includes(parts[0] ?? "")
          ? parts[1]
          : undefined;
  if (youtubeId !== undefined)
    return YOUTUBE_ID.test(youtubeId)
      ? {
          kind: "youtube",
          embedUrl: `https://www.youtube-nocookie.com/embed/${youtubeId}`,
          watchUrl: `https://www.youtube.com/watch?v=${youtubeId}`,
        }
      : undefined;
  if (!VIMEO_HOSTS.has(url.hostname)) return undefined;
  const [id, hash] =
    url.hostname === "player.vimeo.com" && parts[0] === "video"
      ? [parts[1], url.searchParams.get("h") ?? undefined]
      : parts;
  if (!id || !/^\d+$/.test(id) || (hash !== undefined && !/^[0-9a-f]+$/i.test(hash))) return undefined;
  return {
    kind: "vimeo",
    embedUrl: `https://player.vimeo.com/video/${id}?dnt=1${hash ? `&h=${hash}` : ""}`,
    watchUrl: `https://vimeo.com/${id}${hash ? `/${hash}` : ""}`,
  };
}

/** The first bytes of a file. */
function headOf(file: string, length: number): Buffer {
  const handle = openSync(file, "r");
  try {
    const head = Buffer.alloc(length);
    return head.subarray(0, readSync(handle, head, 0, length, 0));
  } finally {
    closeSync(handle);
  }
}

/**
 * What browsers play from a file's first bytes: an MP4 (an ISO media file, `ftyp`, not QuickTime's
 * `qt  `) or a WebM (a Matroska/EBML header whose document type is webm).
 */
function playableType(head: Buffer): ArticleVideo["type"] | undefined {
  if (head.subarray(4, 8).toString("latin1") === "ftyp" && head.subarray(8, 12).toString("latin1") !== "qt  ")
    return "video/mp4";
  if (head.readUInt32BE(0) === 0x1a45dfa3 && head.includes("webm", 0, "latin1")) return "video/webm";
  return undefined;
}

/** A video file's type, or what is wrong with it: missing, a format browsers cannot play, too large. */
export function videoFileType(
  mediaDir: string,
  sitePath: string,
): { type: NonNullable<ArticleVideo["type"]> } | VideoProblem {
  const resolved = resolveMediaPath(mediaDir, sitePath, "video");
  if ("problem" in resolved) return { code: "content.video-missing", message: resolved.problem };
  const size = statSync(resolved.file).size;
  if (size > MAX_VIDEO_BYTES)
    return {
      code: "content.video-too-large",
      message: `tệp video "${sitePath}" nặng ${(size / 1024 / 1024).toFixed(0)} MB, GitHub không nhận tệp quá 100 MB — nén lại (ví dụ 720p) hoặc đăng lên YouTube rồi ghi địa chỉ`,
    };
  const type = playableType(headOf(resolved.file, 64));
  if (!type)
    return {
      code: "content.video-format",
      message: `"${sitePath}" không phải video MP4 hay WebM mà trình duyệt phát được — xuất lại video dạng MP4 (H.264) hoặc WebM`,
    };
  return { type };
}

/** What is wrong with a captions file, if anything: missing, or not WebVTT. */
export function checkCaptions(mediaDir: string, sitePath: string): VideoProblem | undefined {
  const resolved = resolveMediaPath(mediaDir, sitePath, "phụ đề");
  if ("problem" in resolved) return { code: "content.video-missing", message: resolved.problem };
  if (
    !headOf(resolved.file, 16)
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .startsWith("WEBVTT")
  )
    return {
      code: "content.video-captions",
      message: `"${sitePath}" không phải phụ đề WebVTT (tệp phải bắt đầu bằng dòng WEBVTT) — lưu phụ đề dạng .vtt`,
    };
  return undefined;
}

/**
 * The picture others show for a video (structured data, the video sitemap): its poster's 1200-pixel
 * rendition, or the newsroom's own card. Never a picture from the video's host.
 */
export function videoThumbnailOf(video: ArticleVideo, pictures: Readonly<Record<string, Picture>> = {}): string {
  const poster = video.poster ? pictures[video.poster] : undefined;
  return poster ? renditionNear(poster, 1200).url : ROUTES.videoThumbnail;
}
