import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import { OUTPUT_MARKER } from "../build/output-folder.ts";
import { md5Of, type OutputFile } from "../build/output-ledger.ts";
import { count } from "../build/progress.ts";
import { runBuild } from "../build/run-build.ts";
import { ArticleReader, sourceContextOf } from "../content/article-source.ts";
import { targetFor } from "../deploy/deploy.ts";
import { parseDestination } from "../deploy/destination.ts";
import { foldersOf, planDeploy, uploadsOf } from "../deploy/plan.ts";
import { sitePathOf } from "../deploy/file-roles.ts";
import { RECORD_DIR, ROOT_FILE } from "../deploy/record.ts";
import type { DeployTarget } from "../deploy/target.ts";
import { UserError } from "../messages/user-error.ts";
import { ROUTES } from "../settings/routes.ts";
import { type Settings, settingsFromData } from "../settings/settings.ts";
import { formatVietnameseDateTime, NEWSROOM_ZONE } from "../text/dates.ts";
import { slugify } from "../text/text.ts";
import { branchName, changedArticleFiles } from "./branch.ts";
import { previewPage } from "./preview-page.ts";

export interface PreviewOptions {
  /** Where previews live: a folder, user@host:/path or s3://bucket/prefix; each branch has a folder there. */
  destination: string;
  /** The branch the preview is compared with, whose build cache `baseOutput`'s is. */
  base: string;
  /** The base branch's build output (its cache is the one read). */
  baseOutput: string;
  branch?: string;
  /** The moment to show the site at (ISO 8601, newsroom time); by default the latest scheduled time the branch adds, else now. */
  at?: string;
  /** Where `destination` is served, for the addresses printed and written in pages. */
  url?: string;
  quiet?: boolean;
}

export interface PreviewPage {
  sitePath: string;
  address: string;
  change: "new" | "changed";
}

export interface PreviewSummary {
  branch: string;
  /** The branch's folder under the destination. */
  folder: string;
  /** Where the preview is served (`--url`), else where it was sent: its home page's address. */
  address: string;
  base: string;
  at: string;
  pages: PreviewPage[];
  /** Pages of the base the branch no longer has (their live address). */
  removed: string[];
  /** Files the preview holds, and those sent this time. */
  files: number;
  uploaded: number;
  bytesSent: number;
}

/** Sections whose changed files a preview page may show: photos, their renditions, styles and scripts. */
const ASSET_SECTIONS = [ROUTES.images, ROUTES.media, ROUTES.assets].map((route) => route.slice(1));
/** A page a reader opens: not the CMS, not the Tin mới fragment (pages load it; a preview's pages run no script). */
const isPage = (file: string) =>
  file.endsWith(".html") && !file.startsWith(ROUTES.admin.slice(1)) && `/${file}` !== ROUTES.latestFragment;
const isPreviewFile = (file: string) => isPage(file) || ASSET_SECTIONS.some((section) => file.startsWith(section));

/** The site file a site path is served from: `/a/b/` → `a/b/index.html`. */
const fileOf = (sitePath: string) => `${sitePath.slice(1)}${sitePath.endsWith("/") ? "index.html" : ""}`;

/** A branch's folder: the branch name as a slug (`cms/posts/dak-lak` → `cms-posts-dak-lak`). */
export function previewFolder(branch: string): string {
  const folder = slugify(branch);
  if (!folder) throw new UserError("preview.usage", `không đặt được tên thư mục cho nhánh "${branch}" — nêu --branch`);
  return folder;
}

/**
 * The moment a preview shows: `--at`, else the latest time the branch schedules an article for
 * (it is previewed as it will look then), else now.
 */
function previewMoment(settings: Settings, options: PreviewOptions): DateTime {
  if (options.at) {
    const at = DateTime.fromISO(options.at, { zone: NEWSROOM_ZONE });
    if (!at.isValid) throw new UserError("preview.usage", `--at "${options.at}" không phải ngày giờ ISO 8601`);
    return at;
  }
  const reader = new ArticleReader(sourceContextOf(settings));
  let latest = settings.now;
  for (const file of changedArticleFiles(settings.articlesDir, options.base)) {
    const { result } = reader.read(file, file);
    if (result.kind === "article" && result.article.timestamp > latest.toMillis())
      latest = DateTime.fromMillis(result.article.timestamp, { zone: NEWSROOM_ZONE });
  }
  return latest;
}

/** The destination of one branch's preview, refusing what is not a preview's place. */
async function branchTarget(destination: string, folder: string, env: NodeJS.ProcessEnv): Promise<DeployTarget> {
  const root = parseDestination(destination);
  if (root.kind === "github-pages")
    throw new UserError(
      "preview.live-destination",
      "GitHub Pages chỉ giữ một trang: bản xem trước cần thư mục, máy chủ hoặc kho S3 riêng (trên GitHub Actions, không có DEPLOY_PREVIEW_TO thì bản xem trước là một artifact)",
    );
  const live = env.DEPLOY_TO ? parseDestination(env.DEPLOY_TO).label.replace(/\/+$/, "") : undefined;
  if (live && (root.label === live || root.label.startsWith(`${live}/`)))
    throw new UserError("preview.live-destination", `${root.label} là (hoặc nằm trong) nơi của trang thật (DEPLOY_TO)`);
  // A folder inside a deployed site would be served by it, under the live address.
  if (root.kind === "folder")
    for (let dir = path.dirname(root.path); dir !== path.dirname(dir); dir = path.dirname(dir))
      if (existsSync(path.join(dir, RECORD_DIR)) || existsSync(path.join(dir, OUTPUT_MARKER)))
        throw new UserError("preview.live-destination", `${root.label} nằm trong trang đã triển khai ở ${dir}`);
  const rootTarget = targetFor(root);
  try {
    const contact = await rootTarget.open(true);
    if (!contact.empty && (contact.hasMarker || (await rootTarget.readRecordFiles([ROOT_FILE])).size > 0))
      throw new UserError("preview.live-destination", `${root.label} đang giữ một trang đã triển khai`);
  } finally {
    await rootTarget.close();
  }
  return targetFor(parseDestination(`${destination.replace(/\/+$/, "")}/${folder}`));
}

/** Opens a branch's preview folder, refusing one that holds files toasoan did not put there. */
async function openOwnFolder(target: DeployTarget, create: boolean): Promise<boolean> {
  const contact = await target.open(create);
  if (!contact.empty && !contact.hasMarker)
    throw new UserError(
      "preview.live-destination",
      `${target.label} có tệp không phải của một bản xem trước — chọn nơi khác cho bản xem trước`,
    );
  return contact.exists;
}

/**
 * `npm run preview`: builds what the current branch changes against the base branch's build (its
 * cache, never changed), and sends only those pages, with the photos and files they show, to the
 * branch's folder at the destination. The pages carry noindex, have no comment box, and link to
 * the preview for what it holds and to the live site for the rest; the live site and its cache are
 * untouched, and nothing of the preview is in any sitemap, feed or search index.
 */
export async function preview(
  settings: Settings,
  options: PreviewOptions,
  env: NodeJS.ProcessEnv,
): Promise<PreviewSummary> {
  const say = (line: string) => {
    if (!options.quiet) console.log(line);
  };
  const branch = branchName(settings.articlesDir, options.branch, env);
  const folder = previewFolder(branch);
  const at = previewMoment(settings, options);
  const target = await branchTarget(options.destination, folder, env);
  const output = mkdtempSync(path.join(tmpdir(), "toasoan-preview-"));
  try {
    await openOwnFolder(target, true);
    const atSettings = settingsFromData({ ...settings.data, nowIso: at.toISO()! });
    const build = await runBuild(atSettings, {
      output,
      quiet: options.quiet ?? false,
      preview: { baseOutput: options.baseOutput },
    });
    const { ledger, base } = build.previewOutcome!;
    const changed = [...ledger.files].filter(
      ([file, entry]) => isPreviewFile(file) && base?.files.get(file)?.md5 !== entry.md5,
    );
    const held = new Set(changed.map(([file]) => file));
    const prefix = options.url ? `${options.url.replace(/\/+$/, "")}/${folder}` : `/${folder}`;
    const addressOf = (address: string) => {
      const sitePath = address.replace(/[?#].*$/, "");
      const inPreview = held.has(fileOf(sitePath)) || held.has(fileOf(`${sitePath}/`));
      return `${inPreview ? prefix : settings.site.url}${address}`;
    };
    const files = new Map<string, OutputFile>();
    for (const [file, entry] of changed) {
      if (!isPage(file)) {
        files.set(file, entry);
        continue;
      }
      const html = previewPage(readFileSync(path.join(output, file), "utf8"), addressOf);
      writeFileSync(path.join(output, file), html);
      files.set(file, { md5: md5Of(html), size: Buffer.byteLength(html) });
    }
    const plan = planDeploy(files, { files: await target.inventory(), uncertain: new Set(), compare: true });
    let bytesSent = 0;
    for (const step of plan.steps) bytesSent += await target.upload(output, step.files, { compare: true });
    bytesSent += await target.upload(output, [OUTPUT_MARKER], { compare: true });
    await target.remove(plan.deletions, plan.folders);

    const pages: PreviewPage[] = changed
      .filter(([file]) => isPage(file))
      .map(([file]) => ({
        sitePath: sitePathOf(file),
        address: options.url ? `${prefix}${sitePathOf(file)}` : `${target.label}${sitePathOf(file)}`,
        change: base?.files.has(file) ? ("changed" as const) : ("new" as const),
      }));
    const removed = [...(base?.files.keys() ?? [])]
      .filter((file) => isPage(file) && !ledger.files.has(file))
      .map((file) => `${settings.site.url}${sitePathOf(file)}`);
    say(
      `Bản xem trước của nhánh ${branch} (so với ${options.base}, trang như lúc ${formatVietnameseDateTime(at)}): ${count(pages.length)} trang thay đổi, ${count(files.size - pages.length)} tệp ảnh và tài nguyên, gửi ${count(uploadsOf(plan).length)} tệp tới ${target.label}`,
    );
    for (const page of pages) say(`  ${page.change === "new" ? "mới " : "sửa "} ${page.address}`);
    for (const address of removed) say(`  bỏ   ${address}`);
    return {
      branch,
      folder,
      address: `${options.url ? prefix : target.label}/`,
      base: options.base,
      at: at.toISO()!,
      pages,
      removed,
      files: files.size,
      uploaded: uploadsOf(plan).length,
      bytesSent,
    };
  } finally {
    rmSync(output, { recursive: true, force: true });
    await target.close();
  }
}

/** `npm run preview -- DEST --remove`: removes the branch's preview folder and everything in it. */
export async function removePreview(
  settings: Settings,
  options: Pick<PreviewOptions, "destination" | "branch" | "quiet">,
  env: NodeJS.ProcessEnv,
): Promise<{ branch: string; folder: string; removed: number }> {
  const branch = branchName(settings.articlesDir, options.branch, env);
  const folder = previewFolder(branch);
  const target = await branchTarget(options.destination, folder, env);
  let removed = 0;
  try {
    if (await openOwnFolder(target, false)) {
      const files = [...(await target.inventory()).keys()];
      await target.remove([...files, OUTPUT_MARKER], [...foldersOf(files)].sort().reverse());
      removed = files.length;
    }
  } finally {
    await target.close();
  }
  const root = parseDestination(options.destination);
  if (root.kind === "folder" || root.kind === "ssh") {
    const rootTarget = targetFor(root);
    try {
      await rootTarget.remove([], [folder]);
    } finally {
      await rootTarget.close();
    }
  }
  if (!options.quiet)
    console.log(`Đã xóa bản xem trước của nhánh ${branch} (${count(removed)} tệp) khỏi ${root.label}.`);
  return { branch, folder, removed };
}
