import type { SqlDatabase } from "./sql-database.ts";

const HOUR_MS = 3_600_000;

/** The hour a moment falls in, counted from the epoch: the unit views are kept in. */
export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS);

/** An article's views over the last 24 hours and the last 7 days (the current hour included). */
export interface ArticleViews {
  article: string;
  day: number;
  week: number;
}

export const DAY_HOURS = 24;
export const WEEK_HOURS = 7 * 24;

/**
 * Views per article per hour, and the articles editors keep out of Đọc nhiều. Nothing here says who
 * read what: a row is an article, an hour and a number.
 */
export class ViewCounts {
  constructor(private readonly db: SqlDatabase) {}

  /** Adds counts (article → views) made in `hour`, in one transaction. */
  async add(hour: number, counts: ReadonlyMap<string, number>): Promise<void> {
    if (counts.size === 0) return;
    await this.db.transaction(async (tx) => {
      for (const [article, views] of counts)
        await tx.run(
          `INSERT INTO article_views (article, hour, views) VALUES (?, ?, ?)
           ON CONFLICT (article, hour) DO UPDATE SET views = article_views.views + excluded.views`,
          [article, hour, views],
        );
    });
  }

  /** Every article viewed in the last 7 days, with its counts. */
  async recent(now = Date.now()): Promise<ArticleViews[]> {
    const current = hourOf(now);
    const rows = await this.db.all<{ article: string; day: number | string; week: number | string }>(
      `SELECT article, SUM(CASE WHEN hour > ? THEN views ELSE 0 END) AS day, SUM(views) AS week
       FROM article_views WHERE hour > ? GROUP BY article`,
      [current - DAY_HOURS, current - WEEK_HOURS],
    );
    return rows.map((row) => ({ article: row.article, day: Number(row.day), week: Number(row.week) }));
  }

  async exclude(article: string, actor: string, now = new Date()): Promise<void> {
    await this.db.run(
      "INSERT INTO most_read_exclusions (article, actor, at) VALUES (?, ?, ?) ON CONFLICT (article) DO NOTHING",
      [article, actor, now.toISOString()],
    );
  }

  async include(article: string): Promise<void> {
    await this.db.run("DELETE FROM most_read_exclusions WHERE article = ?", [article]);
  }

  async excluded(): Promise<Set<string>> {
    const rows = await this.db.all<{ article: string }>("SELECT article FROM most_read_exclusions");
    return new Set(rows.map((row) => row.article));
  }

  /** Hours older than `keepHours` go. */
  async prune(keepHours: number, now = Date.now()): Promise<number> {
    return this.db.run("DELETE FROM article_views WHERE hour <= ?", [hourOf(now) - keepHours]);
  }
}
