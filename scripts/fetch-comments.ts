// npm run comments:fetch: downloads the approved comments from the comments endpoint for the next
// build to bake into pages (COMMENTS_URL, COMMENTS_ADMIN_TOKEN; written to TOASOAN_COMMENTS or
// data/approved-comments.json). When the endpoint is down or answers nonsense, the site must still be
// published: the previous export is kept (pages keep the comments baked last time), a warning is
// printed (as a GitHub Actions annotation too), and the command succeeds.
import { COMMENTS_API } from "../comments/shared/api-paths.ts";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseApprovedExport } from "../lib/content/approved-comments.ts";
import { writeFileAtomically } from "../lib/files/atomic-write.ts";
import { parseCommandArgs } from "../lib/messages/command-line.ts";
import { exitOnUserError, UserError } from "../lib/messages/user-error.ts";

const endpoint = (process.env.COMMENTS_URL ?? "").replace(/\/+$/, "");
const token = process.env.COMMENTS_ADMIN_TOKEN ?? "";
const target = path.resolve(process.env.TOASOAN_COMMENTS || "data/approved-comments.json");
const timeoutMs = Number(process.env.COMMENTS_FETCH_TIMEOUT_MS || 15_000);

function keepPrevious(reason: string): never {
  const kept = existsSync(target)
    ? `giữ bản đã tải lần trước (${target})`
    : "chưa có bản nào, trang dựng không kèm bình luận đã duyệt (trang vẫn tải bình luận trực tiếp)";
  const message = `Không tải được bình luận đã duyệt: ${reason} — ${kept}.`;
  console.warn(process.env.GITHUB_ACTIONS ? `::warning title=Bình luận::${message}` : message);
  process.exit(0);
}

try {
  parseCommandArgs("comments-fetch.usage", { options: {} });
  if (!endpoint || !token) throw new UserError("comments-fetch.unset", "Thiếu COMMENTS_URL hoặc COMMENTS_ADMIN_TOKEN.");
} catch (error) {
  exitOnUserError(error);
}
const url = `${endpoint}${COMMENTS_API.export}`;
let text: string;
try {
  const response = await fetch(url, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) keepPrevious(`${url} trả về ${response.status}`);
  text = await response.text();
} catch (error) {
  keepPrevious(`${url}: ${error instanceof Error ? error.message : String(error)}`);
}
try {
  const approved = parseApprovedExport(text, url);
  writeFileAtomically(target, `${JSON.stringify(approved, null, 2)}\n`);
  const count = Object.values(approved.comments).reduce((sum, list) => sum + list.length, 0);
  console.log(`Đã tải ${count} bình luận đã duyệt vào ${target}.`);
} catch (error) {
  keepPrevious(error instanceof Error ? error.message : String(error));
}
