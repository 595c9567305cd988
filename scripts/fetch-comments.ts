// npm run comments:fetch: downloads from the comments endpoint what the next build bakes into pages:
// the approved comments (written to TOASOAN_COMMENTS or data/approved-comments.json) and Đọc nhiều's
// lists (TOASOAN_MOST_READ or data/most-read.json), with COMMENTS_URL and COMMENTS_ADMIN_TOKEN. When the
// endpoint is down or answers nonsense, the site must still be published: the previous file is kept
// (pages keep what was baked last time), a warning is printed (as a GitHub Actions annotation too),
// and the command succeeds.
import { COMMENTS_API } from "../comments/shared/api-paths.ts";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseApprovedExport } from "../lib/content/approved-comments.ts";
import { parseMostRead } from "../lib/content/most-read.ts";
import { writeFileAtomically } from "../lib/files/atomic-write.ts";
import { parseCommandArgs } from "../lib/messages/command-line.ts";
import { exitOnUserError, UserError } from "../lib/messages/user-error.ts";

const endpoint = (process.env.COMMENTS_URL ?? "").replace(/\/+$/, "");
const token = process.env.COMMENTS_ADMIN_TOKEN ?? "";
const timeoutMs = Number(process.env.COMMENTS_FETCH_TIMEOUT_MS || 15_000);

interface Download {
  /** What the warning calls it. */
  name: string;
  url: string;
  target: string;
  /** What is said when there is no earlier file. */
  withoutFile: string;
  /** The text checked as the build reads it (or why it cannot be), and what to say once it is written. */
  check: (text: string, url: string, target: string) => { data: unknown; said: string };
}

const DOWNLOADS: Download[] = [
  {
    name: "bình luận đã duyệt",
    url: `${endpoint}${COMMENTS_API.export}`,
    target: path.resolve(process.env.TOASOAN_COMMENTS || "data/approved-comments.json"),
    withoutFile: "trang dựng không kèm bình luận đã duyệt (trang vẫn tải bình luận trực tiếp)",
    check: (text, url, target) => {
      const approved = parseApprovedExport(text, url);
      const count = Object.values(approved.comments).reduce((sum, list) => sum + list.length, 0);
      return { data: approved, said: `Đã tải ${count} bình luận đã duyệt vào ${target}.` };
    },
  },
  {
    name: "danh sách Đọc nhiều",
    url: `${endpoint}${COMMENTS_API.mostReadExport}`,
    target: path.resolve(process.env.TOASOAN_MOST_READ || "data/most-read.json"),
    withoutFile: "trang dựng chưa có Đọc nhiều (trang vẫn tải danh sách trực tiếp)",
    check: (text, url, target) => {
      const lists = parseMostRead(text, url);
      return {
        data: lists,
        said: `Đã tải danh sách Đọc nhiều (${lists.site.week.length} bài trong 7 ngày) vào ${target}.`,
      };
    },
  },
];

function keepPrevious(download: Download, reason: string): void {
  const kept = existsSync(download.target)
    ? `giữ bản đã tải lần trước (${download.target})`
    : `chưa có bản nào, ${download.withoutFile}`;
  const message = `Không tải được ${download.name}: ${reason} — ${kept}.`;
  console.warn(process.env.GITHUB_ACTIONS ? `::warning title=Bình luận::${message}` : message);
}

async function fetchOne(download: Download): Promise<void> {
  let text: string;
  try {
    const response = await fetch(download.url, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) return keepPrevious(download, `${download.url} trả về ${response.status}`);
    text = await response.text();
  } catch (error) {
    return keepPrevious(download, `${download.url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const { data, said } = download.check(text, download.url, download.target);
    writeFileAtomically(download.target, `${JSON.stringify(data, null, 2)}\n`);
    console.log(said);
  } catch (error) {
    keepPrevious(download, error instanceof Error ? error.message : String(error));
  }
}

try {
  parseCommandArgs("comments-fetch.usage", { options: {} });
  if (!endpoint || !token) throw new UserError("comments-fetch.unset", "Thiếu COMMENTS_URL hoặc COMMENTS_ADMIN_TOKEN.");
} catch (error) {
  exitOnUserError(error);
}
for (const download of DOWNLOADS) await fetchOne(download);
