import { existsSync, readFileSync } from "node:fs";
import { DateTime } from "luxon";
import { z } from "zod";
import { parseCheckedJson } from "./checked-json.ts";
import type { Article } from "./article.ts";
import { formatVietnameseDateTime, isoWithOffset } from "../text/dates.ts";

/** An approved comment as baked into an article page (readable without JavaScript, indexable). */
export interface BakedComment {
  id: number;
  author: string;
  body: string;
  dateIso: string;
  dateDisplay: string;
}

const exportSchema = z.object({
  generated_at: z.string(),
  comments: z.record(
    z.string(),
    z.array(
      z.object({
        id: z.number().int(),
        author: z.string(),
        body: z.string(),
        created_at: z.iso.datetime({ offset: true }),
      }),
    ),
  ),
});

export type ApprovedExport = z.infer<typeof exportSchema>;

/**
 * The export of approved comments (`npm run comments:admin -- export`, or the endpoint's
 * GET /api/comments/export), validated; `source` names it in every error.
 */
export function parseApprovedExport(text: string, source: string): ApprovedExport {
  return parseCheckedJson(text, source, exportSchema, "comments-export.invalid", "tệp xuất bình luận");
}

/** Each article's approved comments (by position, oldest first). No file: no comments. */
export function approvedCommentsOf(articles: readonly Article[], file: string): BakedComment[][] {
  if (!existsSync(file)) return articles.map(() => []);
  const approved = parseApprovedExport(readFileSync(file, "utf8"), file);
  return articles.map((article) =>
    (approved.comments[article.url] ?? []).map((comment) => {
      const created = DateTime.fromISO(comment.created_at);
      return {
        id: comment.id,
        author: comment.author,
        body: comment.body,
        dateIso: isoWithOffset(created),
        dateDisplay: formatVietnameseDateTime(created),
      };
    }),
  );
}
