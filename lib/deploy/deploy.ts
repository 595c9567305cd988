import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { writeFileAtomically } from "../files/atomic-write.ts";
import { type BuildOutputs, cacheDirFor, readBuildOutputs } from "../build/build-cache.ts";
import { outputFingerprints } from "../build/dependencies.ts";
import { GITHUB_PAGES, limitProblems } from "../build/host-limits.ts";
import { listSiteFiles, outputFolderId } from "../build/output-folder.ts";
import { ledgerTotals, type OutputLedger } from "../build/output-ledger.ts";
import { count } from "../build/progress.ts";
import { runBuild } from "../build/run-build.ts";
import type { Settings } from "../settings/settings.ts";
import { DeployError } from "./deploy-error.ts";
import { type Destination, parseDestination } from "./destination.ts";
import { type DeployPlan, type DeployStep, planDeploy, type RemoteState, uploadsOf } from "./plan.ts";
import {
  decodePart,
  encodeRecord,
  parseRoot,
  partFile,
  partHashes,
  PENDING_FILE,
  type RecordedFile,
  type RecordRoot,
  ROOT_FILE,
} from "./record.ts";
import { addressesToPurge } from "./purge.ts";
import { RsyncTarget } from "./rsync-target.ts";
import { S3Target, s3ClientFromEnv } from "./s3-target.ts";
import type { DeployTarget } from "./target.ts";

export interface DeployOptions {
  destination: string | undefined;
  output: string;
  dryRun?: boolean;
  quiet?: boolean;
  /**
   * One step of the plan, and nothing else (no deletion, no record): what a part of a build across
   * machines sends, all parts their new files before any sends its changed ones (`--only`).
   */
  only?: DeployShare;
  /** Awaited after each step is at the destination (its name, or "xóa" after the deletions): progress for a caller. */
  afterStep?: (step: string) => Promise<void> | void;
}

export interface DeploySummary {
  destination: string;
  uploaded: number;
  deleted: number;
  unchanged: number;
  bytesSent: number;
  /** Files the last build had not written here and this deploy had built first (an interrupted deploy, a first one). */
  rebuilt: number;
  fullComparison: boolean;
  /** Addresses a CDN may still serve as they were: deleted, replaced long-cached files, new takedown notices. */
  purge: string[];
}

/** The steps `--only` can name. */
export type DeployShare = "new" | "changed";

const SHARE_STEP: Record<DeployShare, DeployStep["name"]> = {
  new: "trang, ảnh, tìm kiếm mới",
  changed: "bài, ảnh, tìm kiếm đã sửa",
};

/**
 * What this machine sends of a plan: never the files the parts of a merged build wrote elsewhere
 * (they sent them before the merge's deploy); with `only`, that one step and no deletion.
 */
function ownShare(plan: DeployPlan, ledger: OutputLedger, only: DeployShare | undefined): DeployPlan {
  const elsewhere = ledger.elsewhere ?? new Set<string>();
  const steps = plan.steps
    .map((step) => ({ ...step, files: step.files.filter((file) => !elsewhere.has(file)) }))
    .filter((step) => step.files.length > 0 && (!only || step.name === SHARE_STEP[only]));
  return only ? { steps, deletions: [], folders: [], unchanged: plan.unchanged } : { ...plan, steps };
}

export function targetFor(destination: Destination): DeployTarget {
  switch (destination.kind) {
    case "folder":
      return new RsyncTarget(destination.path, destination.label);
    case "ssh":
      return new RsyncTarget(destination.spec, destination.label);
    case "s3":
      return new S3Target(s3ClientFromEnv(), destination.bucket, destination.prefix, destination.label);
    case "github-pages":
      throw new Error("GitHub Pages takes the whole site as an artifact, not a target");
  }
}

/** The last complete build of `output`, made by this code and settings: what a deploy sends. */
function lastBuild(settings: Settings, output: string): BuildOutputs {
  const siteDir = path.resolve(output);
  const verdict = readBuildOutputs(
    cacheDirFor(settings, siteDir),
    outputFingerprints(settings, siteDir),
    siteDir,
    outputFolderId(siteDir),
    true,
    "whole",
  );
  if (!verdict.state)
    throw new DeployError(
      "deploy.no-build",
      `không có bản dựng hoàn tất của ${siteDir} để triển khai (${verdict.reason}) — chạy npm run build${output === "_site" ? "" : ` -- --output ${output}`} trước, với cùng cài đặt (SITE_URL, COMMENTS_URL…)`,
    );
  return verdict.state;
}

/** Which of these files the output folder really holds, as the build wrote them. */
function missingLocally(state: BuildOutputs, siteDir: string, files: readonly string[]): string[] {
  return files.filter((file) => {
    if (!state.ledger.local.has(file)) return true;
    const local = path.join(siteDir, file);
    return !existsSync(local) || statSync(local).size !== state.ledger.files.get(file)!.size;
  });
}

const megabytes = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1).replace(".", ",")} MB`;

/** A copy of the records this machine wrote or read, so a deploy downloads only the parts it has not seen. */
class LocalRecords {
  constructor(private readonly dir: string) {}

  part(hash: string): Buffer | undefined {
    const file = path.join(this.dir, partFile(hash));
    return existsSync(file) ? readFileSync(file) : undefined;
  }

  keep(hash: string, bytes: Buffer): void {
    const file = path.join(this.dir, partFile(hash));
    if (!existsSync(file)) writeFileAtomically(file, bytes);
  }
}

/** The files a record lists, its parts read from the local copy or else from the destination. */
async function readRecord(
  target: DeployTarget,
  root: RecordRoot,
  local: LocalRecords,
): Promise<Map<string, RecordedFile>> {
  const hashes = partHashes(root);
  const kept = new Map(hashes.map((hash) => [hash, local.part(hash)]));
  const wanted = hashes.filter((hash) => !kept.get(hash)).map(partFile);
  const fetched = wanted.length > 0 ? await target.readRecordFiles(wanted) : new Map<string, Buffer>();
  const files = new Map<string, RecordedFile>();
  for (const hash of hashes) {
    const bytes = kept.get(hash) ?? fetched.get(partFile(hash));
    if (!bytes)
      throw new DeployError(
        "deploy.record-broken",
        `${target.label}: bản ghi triển khai thiếu phần ${partFile(hash)} — xóa thư mục .toasoan-deploy ở nơi triển khai để so sánh lại toàn bộ`,
      );
    if (!kept.get(hash)) local.keep(hash, bytes);
    for (const [file, entry] of decodePart(bytes)) files.set(file, entry);
  }
  return files;
}

interface Remote {
  state: RemoteState;
  root?: RecordRoot;
  pending?: RecordRoot;
}

/**
 * What the destination holds: its record; with an interrupted deploy's pending record beside it,
 * every file the two disagree on is uncertain; with no record, a listing of the destination.
 */
async function readRemote(target: DeployTarget, local: LocalRecords): Promise<Remote> {
  const files = await target.readRecordFiles([ROOT_FILE, PENDING_FILE]);
  const where = (name: string) => `${target.label}/.toasoan-deploy/${name}`;
  const root = files.has(ROOT_FILE) ? parseRoot(files.get(ROOT_FILE)!, where(ROOT_FILE)) : undefined;
  const pending = files.has(PENDING_FILE) ? parseRoot(files.get(PENDING_FILE)!, where(PENDING_FILE)) : undefined;
  if (!root) return { state: { files: await target.inventory(), uncertain: new Set(), compare: true }, pending };
  const recorded = await readRecord(target, root, local);
  const uncertain = new Set<string>();
  if (pending) {
    const intended = await readRecord(target, pending, local);
    for (const [file, entry] of intended) {
      const before = recorded.get(file);
      if (before?.md5 !== entry.md5 || before.size !== entry.size) uncertain.add(file);
    }
    for (const file of recorded.keys()) if (!intended.has(file)) uncertain.add(file);
  }
  return { state: { files: recorded, uncertain, compare: false }, root, pending };
}

function describe(plan: DeployPlan): string {
  const uploads = uploadsOf(plan).length;
  return `tải lên ${count(uploads)} tệp (${plan.steps.map((step) => `${step.name}: ${count(step.files.length)}`).join(", ") || "không có"}), xóa ${count(plan.deletions.length)} tệp, ${count(plan.unchanged)} tệp không đổi`;
}

/**
 * Deploys what the last `npm run build` made to a destination: only the files that differ from
 * what the destination's record says it holds, new and changed pages, photos and search files
 * first, then the lists that link to them, deletions last, and the record written at the very end.
 * An interrupted deploy leaves a pending record, and the next deploy completes it.
 */
export async function deploy(settings: Settings, options: DeployOptions): Promise<DeploySummary> {
  const destination = parseDestination(options.destination);
  const siteDir = path.resolve(options.output);
  const say = (line: string) => {
    if (!options.quiet) console.log(line);
  };
  let state = lastBuild(settings, options.output);
  let rebuilt = 0;
  /** Builds the files a destination needs that this output folder does not hold (CI builds only what changed). */
  const complete = async (files: readonly string[]) => {
    const missing = missingLocally(state, siteDir, files);
    if (missing.length === 0) return;
    say(`Dựng lại ${count(missing.length)} tệp mà ${siteDir} không có (bản dựng chỉ ghi phần thay đổi)…`);
    await runBuild(settings, {
      output: options.output,
      quiet: true,
      onlyChanges: true,
      rewrite: new Set(missing),
      part: state.ledger.part,
    });
    state = lastBuild(settings, options.output);
    rebuilt += missing.length;
    const still = missingLocally(state, siteDir, files);
    if (still.length > 0)
      throw new DeployError(
        "deploy.no-build",
        `bản dựng không ghi được ${still.length} tệp cần triển khai, ví dụ ${still[0]}`,
      );
  };

  if (destination.kind === "github-pages") {
    // Pages publishes one whole artifact (actions/upload-pages-artifact): every file, at once.
    await complete([...state.ledger.files.keys()]);
    const stray = listSiteFiles(siteDir).filter((file) => !state.ledger.files.has(file));
    if (stray.length > 0)
      throw new DeployError(
        "deploy.stray-files",
        `${siteDir} có ${count(stray.length)} tệp không thuộc bản dựng (ví dụ ${stray[0]}) — dựng vào thư mục trống`,
      );
    const totals = ledgerTotals(state.ledger);
    const over = limitProblems(totals, GITHUB_PAGES).filter((problem) => problem.includes("vượt"));
    if (over.length > 0) throw new DeployError("deploy.host-limit", over.join("\n"));
    say(
      `${siteDir}: ${count(totals.files)} tệp, ${megabytes(totals.bytes)}, sẵn sàng cho GitHub Pages (actions/upload-pages-artifact).`,
    );
    return {
      destination: destination.label,
      uploaded: totals.files,
      deleted: 0,
      unchanged: 0,
      bytesSent: totals.bytes,
      rebuilt,
      fullComparison: true,
      purge: [],
    };
  }

  const target = targetFor(destination);
  try {
    const contact = await target.open(!options.dryRun);
    const localDir = path.join(
      cacheDirFor(settings, siteDir),
      "deploys",
      createHash("sha1").update(destination.label).digest("hex").slice(0, 12),
    );
    mkdirSync(localDir, { recursive: true });
    const local = new LocalRecords(localDir);
    const remote = await readRemote(target, local);
    // Only a deploy that deletes must know the destination is the site's. Without a record, files
    // this very build holds (the parts of a first build across machines sent them) are the site's.
    const foreign =
      !options.only &&
      !remote.root &&
      !contact.empty &&
      !contact.hasMarker &&
      [...remote.state.files.keys()].some((file) => !state.ledger.files.has(file));
    if (foreign)
      throw new DeployError(
        "deploy.foreign-destination",
        `${destination.label} đã có tệp nhưng không có bản ghi triển khai của toasoan và không phải một trang toasoan; triển khai sẽ xóa mọi tệp không thuộc trang, nên không làm — chọn thư mục (hoặc tiền tố) trống, hoặc xóa các tệp đó`,
      );
    let plan = ownShare(planDeploy(state.ledger.files, remote.state), state.ledger, options.only);
    say(
      `Triển khai ${siteDir} tới ${destination.label}${remote.root ? "" : " (chưa có bản ghi triển khai: so sánh toàn bộ)"}${remote.pending ? " (hoàn tất lần triển khai trước bị dừng giữa chừng)" : ""}: ${describe(plan)}`,
    );
    if (options.dryRun)
      return {
        destination: destination.label,
        uploaded: uploadsOf(plan).length,
        deleted: plan.deletions.length,
        unchanged: plan.unchanged,
        bytesSent: 0,
        rebuilt,
        fullComparison: !remote.root,
        purge: addressesToPurge(uploadsOf(plan), plan.deletions, remote.state.files, settings.site.url),
      };
    await complete(uploadsOf(plan));
    plan = ownShare(planDeploy(state.ledger.files, remote.state), state.ledger, options.only);
    if (options.only) {
      let bytesSent = 0;
      for (const step of plan.steps) {
        bytesSent += await target.upload(siteDir, step.files, { compare: remote.state.compare });
        say(`  ${step.name}: ${count(step.files.length)} tệp`);
        await options.afterStep?.(step.name);
      }
      say(
        `Đã gửi tới ${destination.label} ${count(uploadsOf(plan).length)} tệp (${megabytes(bytesSent)}); bản ghi triển khai để lần triển khai cuối (bản gộp) viết.`,
      );
      return {
        destination: destination.label,
        uploaded: uploadsOf(plan).length,
        deleted: 0,
        unchanged: plan.unchanged,
        bytesSent,
        rebuilt,
        fullComparison: !remote.root,
        purge: addressesToPurge(uploadsOf(plan), [], remote.state.files, settings.site.url),
      };
    }

    const record = encodeRecord(state.ledger.files, new Date().toISOString());
    const sameRecord =
      remote.root !== undefined &&
      JSON.stringify(Object.entries(remote.root.parts).sort()) ===
        JSON.stringify(Object.entries(record.root.parts).sort());
    if (sameRecord && !remote.pending && uploadsOf(plan).length === 0 && plan.deletions.length === 0) {
      say(`${destination.label} đã đúng như bản dựng: không có gì để gửi.`);
      return {
        destination: destination.label,
        uploaded: 0,
        deleted: 0,
        unchanged: plan.unchanged,
        bytesSent: 0,
        rebuilt,
        fullComparison: false,
        purge: [],
      };
    }
    // The new record's parts go up first (they are named by their hash, so they harm nothing), then
    // the pending root: from here on, an interrupted deploy is completed by the next one.
    const present = new Set([...partHashes(remote.root), ...partHashes(remote.pending)]);
    const newParts = new Map<string, Buffer>();
    for (const [hash, bytes] of record.parts) {
      local.keep(hash, bytes);
      if (!present.has(hash)) newParts.set(partFile(hash), bytes);
    }
    await target.writeRecordFiles(newParts);
    const rootBytes = Buffer.from(JSON.stringify(record.root));
    await target.writeRecordFiles(new Map([[PENDING_FILE, rootBytes]]));

    let bytesSent = [...newParts.values()].reduce((sum, bytes) => sum + bytes.length, rootBytes.length * 2);
    for (const step of plan.steps) {
      bytesSent += await target.upload(siteDir, step.files, { compare: remote.state.compare });
      say(`  ${step.name}: ${count(step.files.length)} tệp`);
      await options.afterStep?.(step.name);
    }
    await target.remove(plan.deletions, plan.folders);
    if (plan.deletions.length > 0) say(`  xóa: ${count(plan.deletions.length)} tệp`);
    await options.afterStep?.("xóa");

    await target.writeRecordFiles(new Map([[ROOT_FILE, rootBytes]]));
    await target.deleteRecordFiles([PENDING_FILE]);
    const kept = new Set(partHashes(record.root).map(partFile));
    await target.deleteRecordFiles((await target.listRecordParts()).filter((name) => !kept.has(name)));
    const summary: DeploySummary = {
      destination: destination.label,
      uploaded: uploadsOf(plan).length,
      deleted: plan.deletions.length,
      unchanged: plan.unchanged,
      bytesSent,
      rebuilt,
      fullComparison: !remote.root,
      purge: addressesToPurge(uploadsOf(plan), plan.deletions, remote.state.files, settings.site.url),
    };
    say(
      `Đã triển khai tới ${destination.label}: ${count(summary.uploaded)} tệp tải lên, ${count(summary.deleted)} tệp xóa, gửi ${megabytes(bytesSent)}.`,
    );
    if (summary.purge.length > 0) {
      say(`Địa chỉ cần xóa khỏi bộ nhớ đệm CDN (${count(summary.purge.length)}; ảnh được giữ tới một năm):`);
      for (const address of summary.purge) say(`  ${address}`);
    }
    return summary;
  } finally {
    await target.close();
  }
}
