// The moderation pages (/quan-tri/): plain server-rendered HTML, usable on a phone and without
// JavaScript. Every string that came from a reader, a moderator or the manifest goes through escapeHtml.
import { NEWSROOM_ZONE } from "../shared/zone.ts";
import escapeHtml from "escape-html";
import { ADMIN_PATHS } from "../shared/api-paths.ts";
import type { CommentStatus, LogEntry, StoredComment } from "../store/store.ts";

export const CSRF_FIELD = "_csrf";

const STATUS_LABELS: Record<CommentStatus, string> = {
  pending: "Chờ duyệt",
  approved: "Đã duyệt",
  rejected: "Đã từ chối",
};

const ACTION_LABELS: Record<LogEntry["action"], string> = {
  approve: "Duyệt",
  reject: "Từ chối",
  delete: "Xóa",
};

/** Who did it, as the log keeps it ("moderator:Tên", "api", "cli", …), in words. */
export function actorLabel(actor: string): string {
  if (actor.startsWith("moderator:")) return actor.slice("moderator:".length);
  const known: Record<string, string> = {
    api: "Mã quản trị (API)",
    cli: "Lệnh quản trị trên máy chủ",
    retention: "Tự động xóa (hết hạn lưu giữ)",
    import: "Nhập từ WordPress",
  };
  return known[actor] ?? actor;
}

const timeFormat = new Intl.DateTimeFormat("vi-VN", {
  timeZone: NEWSROOM_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

/** "27/11/2026 04:50", in the newsroom's time. */
function time(iso: string): string {
  const parts = Object.fromEntries(timeFormat.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  const shown = `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(shown)}</time>`;
}

const csrfInput = (token: string) => `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(token)}">`;

export interface PageFrame {
  title: string;
  /** Signed-in moderator and the token for the sign-out form; none on the sign-in page. */
  moderator?: { name: string; csrf: string };
  notice?: { kind: "ok" | "error"; text: string };
}

export function page(frame: PageFrame, main: string): string {
  const header = frame.moderator
    ? `<header class="top"><a class="brand" href="${ADMIN_PATHS.queue}">Duyệt bình luận</a>
<nav aria-label="Quản trị"><a href="${ADMIN_PATHS.queue}">Hàng chờ</a> <a href="${ADMIN_PATHS.readers}">Yêu cầu của người đọc</a></nav>
<form method="post" action="${ADMIN_PATHS.logout}" class="signout">${csrfInput(frame.moderator.csrf)}<span>${escapeHtml(frame.moderator.name)}</span> <button type="submit">Đăng xuất</button></form></header>`
    : `<header class="top"><span class="brand">Duyệt bình luận</span></header>`;
  const notice = frame.notice
    ? `<p class="notice notice--${frame.notice.kind}" role="${frame.notice.kind === "error" ? "alert" : "status"}">${escapeHtml(frame.notice.text)}</p>`
    : "";
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><title>${escapeHtml(frame.title)} — Tòa soạn</title>
<link rel="stylesheet" href="${ADMIN_PATHS.styles}"></head>
<body>${header}<main id="noi-dung"><h1>${escapeHtml(frame.title)}</h1>${notice}${main}</main></body></html>`;
}

export function loginPage(csrf: string, name = "", notice?: PageFrame["notice"]): string {
  return page(
    { title: "Đăng nhập", notice },
    `<form method="post" action="${ADMIN_PATHS.login}" class="stack">${csrfInput(csrf)}
<p><label for="name">Tên đăng nhập</label><input id="name" name="name" autocomplete="username" required value="${escapeHtml(name)}"></p>
<p><label for="password">Mật khẩu</label><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Đăng nhập</button></p></form>`,
  );
}

export interface QueueView {
  status: CommentStatus | "all";
  text: string;
  article: string;
  page: number;
  pageSize: number;
  total: number;
  comments: StoredComment[];
  counts: Record<CommentStatus, number>;
  titleOf: (article: string) => string | undefined;
  siteOrigin: string;
  /** This view's own address, where actions come back to. */
  self: string;
}

function queueLink(view: QueueView, changes: Partial<Pick<QueueView, "status" | "page">>): string {
  const query = new URLSearchParams();
  const status = changes.status ?? view.status;
  if (status !== "pending") query.set("trang-thai", status);
  if (view.text) query.set("q", view.text);
  if (view.article) query.set("bai", view.article);
  const pageNumber = changes.page ?? (changes.status ? 1 : view.page);
  if (pageNumber > 1) query.set("trang", String(pageNumber));
  const text = query.toString();
  return `${ADMIN_PATHS.queue}${text ? `?${text}` : ""}`;
}

/** The buttons that act on one comment; they belong to the surrounding form. */
function actionButtons(comment: StoredComment): string {
  const buttons: string[] = [];
  if (comment.status !== "approved")
    buttons.push(`<button type="submit" name="one" value="approve:${comment.id}">Duyệt</button>`);
  if (comment.status !== "rejected")
    buttons.push(`<button type="submit" name="one" value="reject:${comment.id}">Từ chối</button>`);
  buttons.push(`<button type="submit" name="one" value="delete:${comment.id}" class="danger">Xóa</button>`);
  return `<div class="actions">${buttons.join(" ")}</div>`;
}

function articleLink(article: string, titleOf: QueueView["titleOf"], siteOrigin: string): string {
  const title = titleOf(article) ?? article;
  return `<a href="${escapeHtml(siteOrigin + article)}">${escapeHtml(title)}</a>`;
}

interface CardParts {
  /** A checkbox for acting on many at once. */
  select: boolean;
  /** Buttons for acting on this one. */
  actions: boolean;
}

function commentCard(
  comment: StoredComment,
  view: Pick<QueueView, "titleOf" | "siteOrigin">,
  parts: CardParts,
): string {
  const checkbox = parts.select
    ? `<input type="checkbox" name="id" value="${comment.id}" id="chon-${comment.id}" aria-label="Chọn bình luận #${comment.id} của ${escapeHtml(comment.author)}">`
    : "";
  return `<article class="comment comment--${comment.status}" aria-labelledby="tac-gia-${comment.id}">
<div class="meta">${checkbox}<strong id="tac-gia-${comment.id}">${escapeHtml(comment.author)}</strong>
<span class="status">${STATUS_LABELS[comment.status]}</span> ${time(comment.created_at)}
<span class="network">${escapeHtml(comment.ip_prefix ?? "không rõ mạng")}</span></div>
<p class="article">Bài: ${articleLink(comment.article, view.titleOf, view.siteOrigin)}</p>
<p class="body">${escapeHtml(comment.body)}</p>
<p class="more"><a href="${ADMIN_PATHS.comment(comment.id)}">Lịch sử bình luận #${comment.id}</a></p>
${parts.actions ? actionButtons(comment) : ""}</article>`;
}

export function queuePage(view: QueueView, frame: PageFrame & { moderator: { name: string; csrf: string } }): string {
  const tabs = (["pending", "approved", "rejected", "all"] as const)
    .map((status) => {
      const label = status === "all" ? "Tất cả" : `${STATUS_LABELS[status]} (${view.counts[status]})`;
      const current = status === view.status ? ' aria-current="page"' : "";
      return `<a href="${escapeHtml(queueLink(view, { status }))}"${current}>${label}</a>`;
    })
    .join(" ");
  const search = `<form method="get" action="${ADMIN_PATHS.queue}" class="search" role="search">
<input type="hidden" name="trang-thai" value="${escapeHtml(view.status)}">
<p><label for="q">Tìm trong tên và nội dung</label><input id="q" name="q" type="search" value="${escapeHtml(view.text)}"></p>
<p><label for="bai">Bài viết (tiêu đề hoặc đường dẫn)</label><input id="bai" name="bai" type="search" value="${escapeHtml(view.article)}"></p>
<p><button type="submit">Tìm</button></p></form>`;
  const first = (view.page - 1) * view.pageSize + 1;
  const summary =
    view.total === 0
      ? `<p class="summary">Không có bình luận nào ở đây.</p>`
      : `<p class="summary">Bình luận ${first}–${first + view.comments.length - 1} trên ${view.total}, mới nhất trước.</p>`;
  const bulk =
    view.comments.length === 0
      ? ""
      : `<fieldset class="bulk"><legend>Với các bình luận đã chọn</legend>
<button type="submit" name="action" value="approve">Duyệt</button> <button type="submit" name="action" value="reject">Từ chối</button> <button type="submit" name="action" value="delete" class="danger">Xóa</button></fieldset>`;
  const pages: string[] = [];
  if (view.page > 1)
    pages.push(`<a href="${escapeHtml(queueLink(view, { page: view.page - 1 }))}" rel="prev">Trang trước</a>`);
  if (view.page * view.pageSize < view.total)
    pages.push(`<a href="${escapeHtml(queueLink(view, { page: view.page + 1 }))}" rel="next">Trang sau</a>`);
  return page(
    frame,
    `<nav class="tabs" aria-label="Trạng thái">${tabs}</nav>${search}${summary}
<form method="post" action="${ADMIN_PATHS.act}">${csrfInput(frame.moderator.csrf)}<input type="hidden" name="back" value="${escapeHtml(view.self)}">
${bulk}${view.comments.map((comment) => commentCard(comment, view, { select: true, actions: true })).join("\n")}${bulk}</form>
${pages.length > 0 ? `<nav class="pages" aria-label="Trang">${pages.join(" ")}</nav>` : ""}`,
  );
}

export function commentPage(
  id: number,
  comment: StoredComment | undefined,
  history: LogEntry[],
  view: Pick<QueueView, "titleOf" | "siteOrigin">,
  frame: PageFrame & { moderator: { name: string; csrf: string } },
): string {
  const card = comment
    ? `<form method="post" action="${ADMIN_PATHS.act}">${csrfInput(frame.moderator.csrf)}<input type="hidden" name="back" value="${ADMIN_PATHS.comment(id)}">${commentCard(comment, view, { select: false, actions: true })}</form>`
    : `<p>Bình luận #${id} đã bị xóa; lịch sử của nó vẫn được giữ.</p>`;
  const created = comment
    ? `<tr><td>${time(comment.created_at)}</td><td>${escapeHtml(comment.author)} (người đọc)</td><td>Gửi bình luận</td></tr>`
    : "";
  const rows = history
    .map(
      (entry) =>
        `<tr><td>${time(entry.at)}</td><td>${escapeHtml(actorLabel(entry.actor))}</td><td>${ACTION_LABELS[entry.action]}</td></tr>`,
    )
    .join("");
  return page(
    frame,
    `${card}<h2>Lịch sử</h2><table><thead><tr><th scope="col">Lúc</th><th scope="col">Ai</th><th scope="col">Việc</th></tr></thead><tbody>${created}${rows}</tbody></table>
<p><a href="${ADMIN_PATHS.queue}">Về hàng chờ</a></p>`,
  );
}

export interface ReadersView {
  author: string;
  network: string;
  /** Undefined before a search; the comments found after one. */
  found?: StoredComment[];
  titleOf: QueueView["titleOf"];
  siteOrigin: string;
}

export function readersPage(
  view: ReadersView,
  frame: PageFrame & { moderator: { name: string; csrf: string } },
): string {
  const query = new URLSearchParams();
  if (view.author) query.set("author", view.author);
  if (view.network) query.set("network", view.network);
  const found = view.found;
  let results = "";
  if (found) {
    results =
      found.length === 0
        ? `<p class="summary">Không có bình luận nào của người đọc này.</p>`
        : `<p class="summary">${found.length} bình luận.</p>
<p><a href="${escapeHtml(`${ADMIN_PATHS.readerExport}?${query}`)}" download>Tải về JSON (gửi cho người đọc)</a></p>
<form method="post" action="${ADMIN_PATHS.readerDelete}" class="stack">${csrfInput(frame.moderator.csrf)}
<input type="hidden" name="author" value="${escapeHtml(view.author)}"><input type="hidden" name="network" value="${escapeHtml(view.network)}">
<p><label><input type="checkbox" name="confirm" value="yes" required> Tôi đã xem danh sách dưới đây: xóa hẳn ${found.length} bình luận này</label></p>
<p><button type="submit" class="danger">Xóa hẳn ${found.length} bình luận</button></p></form>
${found.map((comment) => commentCard(comment, view, { select: false, actions: false })).join("\n")}`;
  }
  return page(
    frame,
    `<p>Người đọc có quyền xem, nhận bản sao và yêu cầu xóa các bình luận của mình. Tìm theo tên đã ký và/hoặc địa chỉ mạng (địa chỉ IP hoặc dải đã lưu, ví dụ 203.0.113.0/24).</p>
<form method="get" action="${ADMIN_PATHS.readers}" class="search">
<p><label for="author">Tên người bình luận</label><input id="author" name="author" value="${escapeHtml(view.author)}"></p>
<p><label for="network">Địa chỉ mạng</label><input id="network" name="network" value="${escapeHtml(view.network)}"></p>
<p><button type="submit">Tìm</button></p></form>${results}`,
  );
}

export const STYLES = `*{box-sizing:border-box}body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1a1a1a;background:#f6f6f4}
.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;background:#8b0000;color:#fff}
.top a{color:#fff}.brand{font-weight:700;margin-right:auto;text-decoration:none}.top nav{display:flex;gap:1rem}
.signout{display:flex;gap:.5rem;align-items:center}main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}label{display:block;font-weight:600}
input[type=search],input[type=password],input:not([type]){width:100%;max-width:30rem;padding:.55rem;font:inherit;border:1px solid #767676;border-radius:4px}
button{font:inherit;min-height:2.75rem;padding:.4rem .9rem;border:1px solid #555;border-radius:4px;background:#fff;color:#1a1a1a;cursor:pointer}
button.danger{border-color:#a30000;color:#a30000}.tabs{display:flex;flex-wrap:wrap;gap:.75rem;margin-bottom:1rem}
.tabs [aria-current]{font-weight:700}.search{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:end}.search p{flex:1 1 14rem;margin:.25rem 0}
.comment{background:#fff;border:1px solid #ddd;border-left:4px solid #b36b00;border-radius:4px;padding:.75rem;margin:.75rem 0}
.comment--approved{border-left-color:#2e7d32}.comment--rejected{border-left-color:#777}
.meta{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:center}.meta input{width:1.5rem;height:1.5rem}
.status{font-size:.875rem;padding:0 .4rem;border-radius:3px;background:#eee}.network{color:#555;font-size:.875rem}
.body{white-space:pre-wrap;overflow-wrap:anywhere}.actions{display:flex;flex-wrap:wrap;gap:.5rem}
.bulk{border:1px solid #ccc;border-radius:4px;display:flex;flex-wrap:wrap;gap:.5rem}
.notice{padding:.6rem .8rem;border-radius:4px}.notice--ok{background:#e6f4ea}.notice--error{background:#fde8e8}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd}
a{color:#0b5394}.top a{color:#fff}
@media (prefers-color-scheme:dark){body{background:#161616;color:#eee}.comment{background:#222;border-color:#444}
button{background:#2a2a2a;color:#eee}a{color:#8ab4f8}.status{background:#333}.network{color:#bbb}
.notice--ok{background:#1e3a24}.notice--error{background:#4a1c1c}button.danger{color:#ff8a80;border-color:#ff8a80}}
`;
