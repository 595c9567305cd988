import { NEWSROOM_ZONE } from "../../comments/shared/zone.ts";
import { DateTime } from "luxon";
import { formatDateTimeParts, formatDayParts } from "./vietnamese.ts";

/** The newsroom's zone: a date an editor writes without an offset means local time here. */
export { NEWSROOM_ZONE };

export type DateParseResult = { ok: true; value: DateTime } | { ok: false; reason: string };

/**
 * Reads an editor's date. Accepts ISO 8601 with `T` or a space between date and time; an input
 * without an offset is taken as newsroom local time. YAML is configured not to turn these into
 * UTC instants first (see frontmatter.ts), so the text is exactly what the editor wrote.
 */
export function parseEditorDate(text: string): DateParseResult {
  const trimmed = text.trim();
  const iso = trimmed.replace(/^(\d{4}-\d{2}-\d{2})[ ]+(?=\d)/, "$1T").replace(/[ ]+(?=(Z|[+-]\d{2}(:?\d{2})?)$)/, "");
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/.test(iso)) {
    return { ok: false, reason: `"${trimmed}" không đúng định dạng ngày giờ ISO 8601` };
  }
  const parsed = DateTime.fromISO(iso, { zone: NEWSROOM_ZONE, setZone: false });
  if (!parsed.isValid) {
    return { ok: false, reason: `"${trimmed}" không phải ngày giờ có thật (ngày, tháng, giờ hoặc phút vượt giới hạn)` };
  }
  return { ok: true, value: parsed.setZone(NEWSROOM_ZONE) };
}

function inNewsroomZone(date: DateTime): DateTime {
  return date.setZone(NEWSROOM_ZONE);
}

/** Full ISO timestamp with offset, for `<time datetime>` and machine formats. */
export function isoWithOffset(date: DateTime): string {
  return inNewsroomZone(date).toISO({ suppressMilliseconds: true }) ?? "";
}

/** "Thứ Năm, 26/11/2026 08:30", the way Vietnamese newspapers print a publication time. */
export function formatVietnameseDateTime(date: DateTime): string {
  return formatDateTimeParts(inNewsroomZone(date));
}

export function dayLabel(year: number, month: number, day: number): string {
  return formatDayParts(DateTime.fromObject({ year, month, day }, { zone: NEWSROOM_ZONE }));
}

/** The newest of some ISO timestamps (undefined ones skipped), or undefined when there is none. */
export function newestDate(dates: readonly (string | undefined)[]): string | undefined {
  let newest: string | undefined;
  for (const date of dates) if (date && (!newest || Date.parse(date) > Date.parse(newest))) newest = date;
  return newest;
}

/** When any of these articles last changed: its update, else its publication. */
export function newestChange(articles: readonly { dateIso: string; updatedIso?: string }[]): string | undefined {
  return newestDate(articles.map((article) => article.updatedIso ?? article.dateIso));
}
