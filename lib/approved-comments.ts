import { existsSync, readFileSync } from "node:fs";
import { DateTime } from "luxon";
import { z } from "zod";
import type { Article } from "./article.ts";
import { formatVietnameseDateTime, isoWithOffset } from "./dates.ts";

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

/**
 * Reads the export of approved comments (`npm run comments:admin -- export`, or the endpoint's
 * GET /api/comments/export) and attaches each article's comments, oldest first. No file: no comments.
 */
export function attachApprovedComments(articles: readonly Article[], file: string): number {
  if (!existsSync(file)) return 0;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(
      `${file}: không phải tệp xuất bình luận hợp lệ — không đọc được JSON (${error instanceof Error ? error.message : String(error)}); tải lại bằng npm run comments:fetch hoặc xóa tệp`,
      { cause: error },
    );
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `${file}: không phải tệp xuất bình luận hợp lệ — ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
  }
  let attached = 0;
  for (const article of articles) {
    const comments = parsed.data.comments[article.url] ?? [];
    article.comments = comments.map((comment) => {
      const created = DateTime.fromISO(comment.created_at);
      return {
        id: comment.id,
        author: comment.author,
        body: comment.body,
        dateIso: isoWithOffset(created),
        dateDisplay: formatVietnameseDateTime(created),
      };
    });
    attached += comments.length;
  }
  return attached;
}
