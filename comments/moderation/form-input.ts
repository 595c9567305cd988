// What the moderation pages read from a form or a query, and the notices they show after an action.
import { ADMIN_PATHS } from "../shared/api-paths.ts";
import type { ModerationAction } from "../store/store.ts";
import { HttpProblem } from "../runtime/requests.ts";
import type { PageFrame } from "./pages.ts";

export const ACTIONS: readonly ModerationAction[] = ["approve", "reject", "delete"];

const DONE_MESSAGES: Record<ModerationAction, (count: number) => string> = {
  approve: (count) => `Đã duyệt ${count} bình luận.`,
  reject: (count) => `Đã từ chối ${count} bình luận.`,
  delete: (count) => `Đã xóa hẳn ${count} bình luận.`,
};

export const moderatorActor = (name: string) => `moderator:${name}`;

export function text(body: unknown, field: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  return typeof value === "string" ? value.normalize("NFC") : "";
}

export function texts(body: unknown, field: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

export function commentId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new HttpProblem(400, `"${raw}" không phải mã bình luận.`);
  return Number(raw);
}

/** Where an action returns to: a page of /quan-tri/ itself, with the result of the action. */
export function backTo(raw: string, done: Record<string, string>): string {
  const url = new URL(raw.startsWith(ADMIN_PATHS.queue) ? raw : ADMIN_PATHS.queue, "http://quan-tri.invalid");
  if (url.origin !== "http://quan-tri.invalid" || !url.pathname.startsWith(ADMIN_PATHS.queue)) return ADMIN_PATHS.queue;
  for (const [key, value] of Object.entries(done)) url.searchParams.set(key, value);
  return `${url.pathname}${url.search}`;
}

/** What an editor does to an article in Đọc nhiều, and what the page says after it. */
export const MOST_READ_ACTIONS = {
  exclude: "Đã bỏ bài khỏi Đọc nhiều: bài không còn trong danh sách của trang, lượt xem vẫn được đếm.",
  include: "Đã đưa bài trở lại Đọc nhiều.",
} as const;

/** The notice a page shows after an action redirected to it (from fixed words, never echoed input). */
export function doneNotice(query: Record<string, string | undefined>): PageFrame["notice"] {
  const action = query.xong as ModerationAction | "none" | undefined;
  if (action === "none") return { kind: "error", text: "Chưa chọn bình luận nào." };
  const mostRead = MOST_READ_ACTIONS[action as keyof typeof MOST_READ_ACTIONS] as string | undefined;
  if (mostRead && Object.hasOwn(MOST_READ_ACTIONS, action!)) return { kind: "ok", text: mostRead };
  if (!action || !ACTIONS.includes(action)) return undefined;
  const count = Number(query.so);
  return { kind: "ok", text: DONE_MESSAGES[action](Number.isInteger(count) && count >= 0 ? count : 0) };
}
