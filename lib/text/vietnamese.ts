// Dependency-free Vietnamese text helpers, shared by the build and the browser bundles.

import { NEWSROOM_ZONE } from "../../comments/shared/zone.ts";

export { foldVietnamese } from "../../comments/shared/fold.ts";

const vietnameseCollator = new Intl.Collator("vi", { sensitivity: "base" });

/** Vietnamese dictionary order (a ă â b c d đ e ê …), not code-point order. */
export function compareVietnamese(a: string, b: string): number {
  return vietnameseCollator.compare(a, b);
}

/** The words of a text: runs of letters and digits, in NFC lower case. */
export function words(text: string): string[] {
  return (
    text
      .normalize("NFC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

const WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"] as const;

export interface LocalDateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const two = (value: number) => String(value).padStart(2, "0");

/** "Thứ Năm, 26/11/2026 08:30", the way Vietnamese newspapers print a publication time. */
export function formatDateTimeParts(parts: LocalDateParts): string {
  return `${formatDayParts(parts)} ${two(parts.hour)}:${two(parts.minute)}`;
}

/** "Thứ Năm, 26/11/2026" */
export function formatDayParts(parts: Omit<LocalDateParts, "hour" | "minute">): string {
  return `${WEEKDAYS[parts.weekday - 1]}, ${two(parts.day)}/${two(parts.month)}/${parts.year}`;
}

const browserParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: NEWSROOM_ZONE,
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  weekday: "short",
  hourCycle: "h23",
});
const WEEKDAY_NUMBER: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Formats an ISO timestamp in the newsroom's zone without Luxon (for the browser bundles). */
export function formatIsoInNewsroomZone(iso: string): string {
  const parts = Object.fromEntries(browserParts.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return formatDateTimeParts({
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAY_NUMBER[parts.weekday ?? ""] ?? 1,
  });
}
