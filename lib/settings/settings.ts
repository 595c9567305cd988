import { UserError } from "../messages/user-error.ts";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { z } from "zod";
import { CategoryCatalogue } from "./categories.ts";
import { NEWSROOM_ZONE } from "../text/dates.ts";
import { suggestKey } from "../text/suggest.ts";
import { SLUG_PATTERN } from "../text/text.ts";

const httpUrl = z.url({ protocol: /^https?$/, error: "phải là địa chỉ bắt đầu bằng http:// hoặc https://" });
const count = (min: number, max: number) =>
  z
    .number({ error: "phải là một số" })
    .int({ error: "phải là số nguyên" })
    .min(min, { error: `phải từ ${min} đến ${max}` })
    .max(max, { error: `phải từ ${min} đến ${max}` });
const words = (minLength: number) =>
  z.string({ error: "phải là một đoạn văn bản" }).min(minLength, { error: "đang để trống" });

const siteSchema = z.strictObject({
  title: words(1),
  tagline: words(0),
  description: words(0),
  url: httpUrl.transform((url) => url.replace(/\/+$/, "")),
  language: words(2),
  locale: words(2),
  timezone: z.literal(NEWSROOM_ZONE, { error: `phải là "${NEWSROOM_ZONE}" (giờ của tòa soạn)` }),
  publisher: words(1),
  copyright: words(0),
  perPage: count(1, 200),
  latestCount: count(1, 50),
  /** Articles in each of Đọc nhiều's lists (the last 24 hours, the last 7 days). */
  mostReadCount: count(1, 10).default(5),
  feedSize: count(1, 500),
  homeCategoryCount: count(1, 20),
  relatedCount: count(0, 20),
  newsSitemapDays: count(1, 30),
  /** Months per search shard: a divisor of 12, so shards are calendar periods (3: quarters). */
  searchShardMonths: z.union(
    [1, 2, 3, 4, 6, 12].map((months) => z.literal(months)) as [z.ZodLiteral<number>, ...z.ZodLiteral<number>[]],
    {
      error: "phải là 1, 2, 3, 4, 6 hoặc 12 (số tháng mỗi phần chỉ mục tìm kiếm)",
    },
  ),
  /** About how many articles a search shard holds (whole periods of searchShardMonths are grouped until then). */
  searchShardArticles: count(1, 100000),
  /**
   * About how many kilobytes of shards the search page downloads for a query's first answer, and
   * for each press of "search further" (at least one shard each time; a shard of 500 articles costs
   * about 6 KB plus 28 KB per query syllable).
   */
  searchFirstKilobytes: count(1, 100000),
  searchMoreKilobytes: count(1, 100000),
  /** A lead photo narrower than this (pixels) is an error: it would show blurred across the article column. */
  leadImageMinWidth: count(100, 4000),
  commentsEndpoint: httpUrl.transform((url) => url.replace(/\/+$/, "")),
  /** The GitHub repository the CMS at /admin/ commits to (owner/name); GITHUB_REPOSITORY in the workflow. */
  cmsRepository: z.string({ error: "phải là owner/tên-kho trên GitHub" }).regex(/^[\w.-]+\/[\w.-]+$/, {
    error: "phải có dạng owner/tên-kho, ví dụ baosonla/toasoan",
  }),
  cmsBranch: words(1),
  /** Where the CMS's GitHub sign-in runs (an OAuth client such as sveltia-cms-auth); without it, editors sign in with a token. */
  cmsAuthUrl: httpUrl.transform((url) => url.replace(/\/+$/, "")).optional(),
});

export type SiteSettings = z.infer<typeof siteSchema>;

const categoriesSchema = z
  .array(
    z.strictObject({
      name: words(1),
      slug: z
        .string({ error: "phải là một slug" })
        .regex(SLUG_PATTERN, { error: "chỉ gồm chữ thường không dấu, số và dấu gạch nối" })
        .optional(),
      description: words(0).optional(),
    }),
    { error: "phải là một danh sách chuyên mục" },
  )
  .min(1, { error: 'chưa có chuyên mục nào — thêm ít nhất một, ví dụ [{ "name": "Thời sự" }]' });

/** The interface words (`_data/ui.json`): templates and browser scripts read them by these names. */
export const UI_KEYS = [
  "skipToContent",
  "home",
  "latest",
  "archive",
  "archiveYear",
  "archiveMonth",
  "archiveDescription",
  "archiveYearDescription",
  "archiveCount",
  "archiveArticles",
  "archiveMonthDescription",
  "archiveDayDescription",
  "latestDescription",
  "categoryDescription",
  "categoryFeedDescription",
  "authorDescription",
  "tagDescription",
  "search",
  "searchDescription",
  "searchLabel",
  "searchPlaceholder",
  "categories",
  "author",
  "tags",
  "related",
  "published",
  "updated",
  "readMore",
  "previousPage",
  "nextPage",
  "pageOf",
  "feeds",
  "noArticles",
  "notFoundTitle",
  "notFoundBody",
  "searchHint",
  "searchNeedsScript",
  "redirectMoved",
  "searchArchiveLink",
  "searchAllCategories",
  "searchSort",
  "searchSortRelevance",
  "searchSortNewest",
  "searchMore",
  "searchPrompt",
  "searching",
  "searchingArchive",
  "searchFailed",
  "searchRetry",
  "searchFound",
  "searchNone",
  "searchInCategory",
  "searchScope",
  "searchUnmatched",
  "searchArchive",
  "searchWhole",
  "searchBestCertain",
  "searchNewestCertain",
  "searchLikeliest",
  "searchPhraseComplete",
  "topStories",
  "breadcrumbs",
  "share",
  "shareFacebook",
  "shareX",
  "shareEmail",
  "searchQuick",
  "withdrawnTitle",
  "withdrawnBody",
  "withdrawnOn",
  "withdrawnReason",
  "corrections",
  "correctionsDescription",
  "correctionsNone",
  "correctionsFeed",
  "correctionOf",
  "mostRead",
  "mostReadDay",
  "mostReadWeek",
  "privacy",
  "privacyDescription",
  "video",
  "videoDescription",
  "videoPlay",
  "videoPrivacy",
  "videoDownload",
  "videoCaptions",
  "photoStories",
  "photoStoriesDescription",
  "photoCredit",
  "galleryClose",
  "galleryZoom",
  "galleryPrevious",
  "galleryNext",
  "galleryError",
] as const;
export type UiWords = Record<(typeof UI_KEYS)[number], string>;
const uiSchema = z.strictObject(
  Object.fromEntries(UI_KEYS.map((key) => [key, words(1)])) as Record<
    (typeof UI_KEYS)[number],
    ReturnType<typeof words>
  >,
);

/**
 * The settings as plain data, read and validated once per process: what a worker thread receives
 * (it rebuilds the few objects from it without reading any file).
 */
export interface SettingsData {
  root: string;
  /** Folder of site.json, categories.json and ui.json (TOASOAN_DATA; default _data/). */
  dataDir: string;
  site: SiteSettings;
  categoryInputs: z.infer<typeof categoriesSchema>;
  categoriesFile: string;
  ui: UiWords;
  articlesDir: string;
  mediaDir: string;
  /** Export of approved comments to bake into pages (TOASOAN_COMMENTS; default data/approved-comments.json). */
  approvedCommentsFile: string;
  /** Đọc nhiều from the endpoint, to bake into pages (TOASOAN_MOST_READ; default data/most-read.json). */
  mostReadFile: string;
  /** "Now" as ISO 8601 (TOASOAN_NOW for reproducible builds). */
  nowIso: string;
  /** A newsroom starting out may publish a site without articles (TOASOAN_ALLOW_EMPTY=1 or --allow-empty). */
  allowEmpty: boolean;
  /** Where the build keeps its cache, when not in the project (TOASOAN_CACHE). */
  cacheDir?: string;
  /** Worker threads of a build (TOASOAN_THREADS; 0: the main thread); by default one per core. */
  threads?: number;
  /** Print each kind of work's time at the end of a build (TOASOAN_TIMINGS=1). */
  timings: boolean;
  /** Where the site is deployed (DEPLOY_TO; GitHub Pages when empty): the build warns about that host's limits. */
  deployTo: string;
}

export interface Settings extends Omit<SettingsData, "categoryInputs" | "nowIso"> {
  categories: CategoryCatalogue;
  /** "Now": what is scheduled, the news sitemap's window, stamps in generated files. */
  now: DateTime;
  /** The plain form these settings were made from (for worker threads). */
  data: SettingsData;
}

export class SettingsError extends UserError {
  override name = "SettingsError";
  constructor(message: string, options?: ErrorOptions) {
    super("settings.invalid", message, options);
  }
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SettingsError(`${file}: không đọc được tệp — ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      cause: error,
    });
  }
  if (text.trim() === "") throw new SettingsError(`${file}: tệp rỗng — cần nội dung JSON`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SettingsError(
      `${file}: không đọc được JSON — ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** Every problem of a settings file at once, each as `file: field: what is wrong`. */
function parseOrExplain<T>(
  schema: z.ZodType<T>,
  value: unknown,
  file: string,
  sources: Record<string, string> = {},
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      const known = schemaKeys(schema);
      return issue.keys.map(
        (key) => `${[...issue.path, key].join(".")}: trường không có trong cài đặt — ${suggestKey(key, known)}`,
      );
    }
    const field = issue.path.join(".") || "(gốc)";
    const source = sources[field] ? ` (từ biến môi trường ${sources[field]})` : "";
    return [
      `${field}${source}: ${issue.code === "invalid_type" && issue.input === undefined ? "thiếu trường bắt buộc" : issue.message}`,
    ];
  });
  // One problem on the file's line; several, one per line under it.
  throw new SettingsError(
    lines.length === 1 ? `${file}: ${lines[0]}` : `${file}:\n${lines.map((line) => `  ${line}`).join("\n")}`,
  );
}

function schemaKeys(schema: z.ZodType): string[] {
  const shape =
    (schema as unknown as { shape?: Record<string, unknown>; element?: { shape?: Record<string, unknown> } }).shape ??
    (schema as unknown as { element?: { shape?: Record<string, unknown> } }).element?.shape;
  return shape ? Object.keys(shape) : [];
}

function requireFolder(folder: string, what: string, variable: string): void {
  if (!existsSync(folder))
    throw new SettingsError(`${what} ${folder} không tồn tại — kiểm tra ${variable} hoặc tạo thư mục đó`);
}

/** The content folders must exist before anything is read: a wrong path is an error, never an empty newspaper. */
export function requireContentFolders(settings: Settings): void {
  requireFolder(settings.articlesDir, "Thư mục bài viết", "TOASOAN_ARTICLES");
  requireFolder(settings.mediaDir, "Thư mục ảnh", "TOASOAN_MEDIA");
}

/**
 * The newsroom's settings: `site.json`, `categories.json` and `ui.json` from the data folder, with
 * deployment overrides from the environment (SITE_URL, COMMENTS_URL, TOASOAN_SEARCH_SHARD_MONTHS)
 * and the content folders (TOASOAN_ARTICLES, TOASOAN_MEDIA, TOASOAN_DATA) so the same templates build
 * fixture sites in tests.
 */
export function loadSettings(root: string, env: NodeJS.ProcessEnv = process.env): Settings {
  const dataDir = path.resolve(root, env.TOASOAN_DATA || "_data");
  requireFolder(dataDir, "Thư mục cài đặt", "TOASOAN_DATA");
  const siteFile = path.join(dataDir, "site.json");
  const rawSite = readJson(siteFile);
  if (typeof rawSite !== "object" || rawSite === null || Array.isArray(rawSite))
    throw new SettingsError(`${siteFile}: phải là một đối tượng JSON { … }`);
  const overrides: Record<string, [string, unknown]> = {
    url: ["SITE_URL", env.SITE_URL],
    commentsEndpoint: ["COMMENTS_URL", env.COMMENTS_URL],
    cmsRepository: env.CMS_REPOSITORY
      ? ["CMS_REPOSITORY", env.CMS_REPOSITORY]
      : ["GITHUB_REPOSITORY", env.GITHUB_REPOSITORY],
    cmsBranch: ["CMS_BRANCH", env.CMS_BRANCH],
    searchShardMonths: [
      "TOASOAN_SEARCH_SHARD_MONTHS",
      env.TOASOAN_SEARCH_SHARD_MONTHS ? Number(env.TOASOAN_SEARCH_SHARD_MONTHS) : undefined,
    ],
  };
  const merged: Record<string, unknown> = { ...rawSite };
  const sources: Record<string, string> = {};
  for (const [field, [variable, value]] of Object.entries(overrides)) {
    if (value === undefined || value === "") continue;
    merged[field] = value;
    sources[field] = variable;
  }
  const site = parseOrExplain(siteSchema, merged, siteFile, sources);
  const categoriesFile = path.join(dataDir, "categories.json");
  const categoryInputs = parseOrExplain(categoriesSchema, readJson(categoriesFile), categoriesFile);
  const uiFile = path.join(dataDir, "ui.json");
  const ui = parseOrExplain(uiSchema, readJson(uiFile), uiFile) as UiWords;

  const now = env.TOASOAN_NOW
    ? DateTime.fromISO(env.TOASOAN_NOW, { zone: NEWSROOM_ZONE })
    : DateTime.now().setZone(NEWSROOM_ZONE);
  if (!now.isValid) throw new SettingsError(`TOASOAN_NOW="${env.TOASOAN_NOW}" không phải ngày giờ ISO 8601`);
  const threads = env.TOASOAN_THREADS ? Number(env.TOASOAN_THREADS) : undefined;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0))
    throw new SettingsError(
      `TOASOAN_THREADS="${env.TOASOAN_THREADS}" phải là số nguyên từ 0 (0: không dùng luồng phụ)`,
    );
  return settingsFromData({
    root,
    dataDir,
    site,
    categoryInputs,
    categoriesFile,
    ui,
    articlesDir: path.resolve(root, env.TOASOAN_ARTICLES || "content/articles"),
    mediaDir: path.resolve(root, env.TOASOAN_MEDIA || "content/media"),
    approvedCommentsFile: path.resolve(root, env.TOASOAN_COMMENTS || "data/approved-comments.json"),
    mostReadFile: path.resolve(root, env.TOASOAN_MOST_READ || "data/most-read.json"),
    nowIso: now.toISO()!,
    allowEmpty: env.TOASOAN_ALLOW_EMPTY === "1",
    cacheDir: env.TOASOAN_CACHE ? path.resolve(root, env.TOASOAN_CACHE) : undefined,
    threads,
    timings: env.TOASOAN_TIMINGS === "1",
    deployTo: env.DEPLOY_TO ?? "",
  });
}

/** Settings from their plain form, without reading anything (a worker thread's copy of the main thread's). */
export function settingsFromData(data: SettingsData): Settings {
  const { categoryInputs, nowIso, ...rest } = data;
  return {
    ...rest,
    categories: new CategoryCatalogue(categoryInputs, data.categoriesFile),
    now: DateTime.fromISO(nowIso, { zone: NEWSROOM_ZONE }),
    data,
  };
}
