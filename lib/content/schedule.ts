import type { Article } from "./article.ts";
import type { DateTime } from "luxon";

export interface Schedule {
  /** Published now, newest first. */
  published: Article[];
  /** Dated later than now: on no page, feed, sitemap, search index or comments list until then. */
  scheduled: Article[];
}

/**
 * An article dated in the future (newsroom time) waits for its time. The workflow builds every
 * 15 minutes, so it goes live within a quarter of an hour of its time without a new commit.
 */
export function splitBySchedule(articles: readonly Article[], now: DateTime): Schedule {
  const cutoff = now.toMillis();
  const published: Article[] = [];
  const scheduled: Article[] = [];
  for (const article of articles) (article.timestamp <= cutoff ? published : scheduled).push(article);
  return { published, scheduled };
}
