import { readFileSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { z } from "zod";
import { CategoryCatalogue } from "./categories.ts";
import { NEWSROOM_ZONE } from "./dates.ts";

const siteSchema = z.object({
  title: z.string().min(1),
  tagline: z.string(),
  description: z.string(),
  url: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, "")),
  language: z.string().min(2),
  locale: z.string(),
  timezone: z.literal(NEWSROOM_ZONE),
  publisher: z.string().min(1),
  copyright: z.string(),
  perPage: z.number().int().min(1).max(200),
  latestCount: z.number().int().min(1).max(50),
  feedSize: z.number().int().min(1).max(500),
  homeCategoryCount: z.number().int().min(1).max(20),
  relatedCount: z.number().int().min(0).max(20),
  newsSitemapDays: z.number().int().min(1).max(30),
  searchRecentArticles: z.number().int().min(1),
  commentsEndpoint: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, "")),
});

export type SiteSettings = z.infer<typeof siteSchema>;

const categoriesSchema = z
  .array(
    z.strictObject({
      name: z.string().min(1),
      slug: z
        .string()
        .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
        .optional(),
      description: z.string().optional(),
    }),
  )
  .min(1);

export interface Settings {
  root: string;
  site: SiteSettings;
  categories: CategoryCatalogue;
  articlesDir: string;
  mediaDir: string;
  /** Export of approved comments to bake into pages (TOASOAN_COMMENTS; default data/approved-comments.json). */
  approvedCommentsFile: string;
  /** "Now" for the news sitemap's two-day window; fixed by TOASOAN_NOW in tests and reproducible builds. */
  now: DateTime;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: không đọc được JSON — ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

function parseOrExplain<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new Error(
    `${file}:\n${result.error.issues.map((issue) => `  ${issue.path.join(".") || "(gốc)"}: ${issue.message}`).join("\n")}`,
  );
}

/**
 * The newsroom's settings: `_data/site.json` and `_data/categories.json`, with deployment overrides
 * from the environment (SITE_URL, COMMENTS_URL, TOASOAN_SEARCH_RECENT_ARTICLES) and the content folders (TOASOAN_ARTICLES,
 * TOASOAN_MEDIA) so the same templates build fixture sites in tests.
 */
export function loadSettings(root: string, env: NodeJS.ProcessEnv = process.env): Settings {
  const dataDir = path.join(root, "_data");
  const siteFile = path.join(dataDir, "site.json");
  const rawSite = readJson(siteFile) as Record<string, unknown>;
  const site = parseOrExplain(
    siteSchema,
    {
      ...rawSite,
      url: env.SITE_URL || rawSite.url,
      commentsEndpoint: env.COMMENTS_URL || rawSite.commentsEndpoint,
      searchRecentArticles: env.TOASOAN_SEARCH_RECENT_ARTICLES
        ? Number(env.TOASOAN_SEARCH_RECENT_ARTICLES)
        : rawSite.searchRecentArticles,
    },
    siteFile,
  );
  const categoriesFile = path.join(dataDir, "categories.json");
  const categories = new CategoryCatalogue(parseOrExplain(categoriesSchema, readJson(categoriesFile), categoriesFile));
  const now = env.TOASOAN_NOW
    ? DateTime.fromISO(env.TOASOAN_NOW, { zone: NEWSROOM_ZONE })
    : DateTime.now().setZone(NEWSROOM_ZONE);
  if (!now.isValid) throw new Error(`TOASOAN_NOW="${env.TOASOAN_NOW}" không phải ngày giờ ISO 8601`);
  return {
    root,
    site,
    categories,
    articlesDir: path.resolve(root, env.TOASOAN_ARTICLES || "content/articles"),
    mediaDir: path.resolve(root, env.TOASOAN_MEDIA || "content/media"),
    approvedCommentsFile: path.resolve(root, env.TOASOAN_COMMENTS || "data/approved-comments.json"),
    now,
  };
}
