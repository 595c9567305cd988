// What the moderation pages (moderation/views/, rendered through @fastify/view) are given: the words
// they share, the newsroom's time, and each page's data. The markup is in the templates only.
import { fileURLToPath } from "node:url";
import { ADMIN_PATHS } from "../shared/api-paths.ts";
import { NEWSROOM_ZONE } from "../shared/zone.ts";
import type { CommentStatus, LogEntry, StoredComment } from "../store/store.ts";

/** The templates and stylesheet of the moderation pages (copied beside the compiled code in the package). */
export const MODERATION_VIEWS = fileURLToPath(new URL("./views/", import.meta.url));

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
export function newsroomTime(iso: string): string {
  const parts = Object.fromEntries(timeFormat.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** What every moderation template may read besides its page's data. */
export const MODERATION_GLOBALS = {
  paths: ADMIN_PATHS,
  csrfField: CSRF_FIELD,
  statusLabels: STATUS_LABELS,
  actionLabels: ACTION_LABELS,
};

export const MODERATION_FILTERS = { newsroomTime, actorLabel };

/** What every page shows around its own part (layout.njk). */
export interface PageFrame {
  title: string;
  /** Signed-in moderator; none on the sign-in page. */
  moderator?: { name: string };
  /** The token of the page's forms. */
  csrf: string;
  notice?: { kind: "ok" | "error"; text: string };
}

/** How a page names articles: by their title in the site's manifest, linked on the site. */
export interface ArticleNames {
  titleOf: (article: string) => string | undefined;
  siteOrigin: string;
}

export interface QueueView extends ArticleNames {
  status: CommentStatus | "all";
  text: string;
  article: string;
  page: number;
  pageSize: number;
  total: number;
  comments: StoredComment[];
  counts: Record<CommentStatus, number>;
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

/** The queue page's data (queue.njk): its tabs by status, its range and the links to the pages beside it. */
export function queuePageData(view: QueueView) {
  return {
    ...view,
    tabs: (["pending", "approved", "rejected", "all"] as const).map((status) => ({
      label: status === "all" ? "Tất cả" : `${STATUS_LABELS[status]} (${view.counts[status]})`,
      href: queueLink(view, { status }),
      current: status === view.status,
    })),
    first: (view.page - 1) * view.pageSize + 1,
    previous: view.page > 1 ? queueLink(view, { page: view.page - 1 }) : undefined,
    next: view.page * view.pageSize < view.total ? queueLink(view, { page: view.page + 1 }) : undefined,
  };
}

/** The reader-requests page's data (readers.njk): the search, and what it found (undefined before one). */
export function readersPageData(view: ArticleNames & { author: string; network: string; found?: StoredComment[] }) {
  const query = new URLSearchParams();
  if (view.author) query.set("author", view.author);
  if (view.network) query.set("network", view.network);
  return { ...view, exportHref: `${ADMIN_PATHS.readerExport}?${query}` };
}
