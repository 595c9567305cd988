// Đọc nhiều as the endpoint serves it and the build bakes it: the same shape on both sides.

export interface MostReadItem {
  url: string;
  title: string;
  views: number;
}

/** The two periods a list covers: the last 24 hours and the last 7 days. */
export const MOST_READ_PERIODS = ["day", "week"] as const;
export type MostReadPeriod = (typeof MOST_READ_PERIODS)[number];

export type MostReadLists = Record<MostReadPeriod, MostReadItem[]>;

export interface MostReadExport {
  generated_at: string;
  /** The whole site's lists. */
  site: MostReadLists;
  /** Each category's lists, by the category's slug. */
  categories: Record<string, MostReadLists>;
}

/** How many articles each list holds. */
export const MOST_READ_SIZE = 10;
