import { createHash } from "node:crypto";
import { DeployError } from "./deploy-error.ts";
import { gunzipSync, gzipSync } from "node:zlib";
import type { OutputFile } from "../build/output-ledger.ts";
import { ROUTES } from "../settings/routes.ts";

/**
 * One file of a destination's record: what the destination holds as the last deploy left it, every
 * file with its MD5 and size. The record is
 * kept at the destination itself (`.toasoan-deploy/`), written last, so the next deploy, from any
 * machine, sends only what changed. To keep that small at 245,000 files, the list is cut into parts
 * by folder, each stored under its own hash: a deploy uploads only the parts that changed and a
 * root naming them.
 */
export interface RecordedFile {
  md5: string;
  size: number;
}

/** The small file that names a record's parts (`root.json`; `pending.json` while a deploy runs). */
export interface RecordRoot {
  format: 1;
  deployedAt: string;
  files: number;
  bytes: number;
  /** Part hash by folder group. */
  parts: Record<string, string>;
}

export const RECORD_DIR = ".toasoan-deploy";
export const ROOT_FILE = "root.json";
export const PENDING_FILE = "pending.json";
export const partFile = (hash: string) => `parts/${hash}.json.gz`;

/** Parts a section with a folder per name (authors, topics) is spread over. */
const SECTION_PARTS = 32;

/**
 * The part a file's entry lives in: a month of the date folders, one search shard, or one of a few
 * buckets of a section's folders (an archive has thousands of authors' folders): a push changes a
 * handful of parts.
 */
export function groupOf(file: string): string {
  const folders = file.split("/").slice(0, -1);
  if (folders.length < 2) return folders.join("/");
  if (/^\d{4}$/.test(folders[0]!)) return folders.slice(0, 2).join("/");
  if (`/${folders.slice(0, 2).join("/")}/` === ROUTES.searchShardFolders) return folders.slice(0, 3).join("/");
  const bucket = createHash("sha1").update(folders[1]!).digest().readUInt16BE(0) % SECTION_PARTS;
  return `${folders[0]}/#${bucket}`;
}

export interface EncodedRecord {
  root: RecordRoot;
  /** Part bytes (gzip) by hash. */
  parts: Map<string, Buffer>;
}

export function encodeRecord(files: ReadonlyMap<string, OutputFile | RecordedFile>, deployedAt: string): EncodedRecord {
  const groups = new Map<string, [string, [string, number]][]>();
  let bytes = 0;
  for (const [file, entry] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const group = groupOf(file);
    let list = groups.get(group);
    if (!list) groups.set(group, (list = []));
    list.push([file, [entry.md5, entry.size]]);
    bytes += entry.size;
  }
  const parts = new Map<string, Buffer>();
  const names: Record<string, string> = {};
  for (const [group, list] of groups) {
    const json = JSON.stringify(Object.fromEntries(list));
    const hash = createHash("sha256").update(json).digest("hex").slice(0, 32);
    names[group] = hash;
    parts.set(hash, gzipSync(json));
  }
  return { root: { format: 1, deployedAt, files: files.size, bytes, parts: names }, parts };
}

export function parseRoot(bytes: Buffer, where: string): RecordRoot {
  let root: RecordRoot;
  try {
    root = JSON.parse(bytes.toString("utf8")) as RecordRoot;
  } catch {
    throw new DeployError(
      "deploy.record-broken",
      `${where}: bản ghi triển khai hỏng (không phải JSON) — xóa thư mục .toasoan-deploy ở nơi triển khai để so sánh lại toàn bộ`,
    );
  }
  if (root.format !== 1 || typeof root.parts !== "object" || root.parts === null)
    throw new DeployError(
      "deploy.record-broken",
      `${where}: bản ghi triển khai không đúng định dạng (format ${String(root.format)}) — xóa thư mục .toasoan-deploy ở nơi triển khai để so sánh lại toàn bộ`,
    );
  return root;
}

export function decodePart(bytes: Buffer): Map<string, RecordedFile> {
  const entries = JSON.parse(gunzipSync(bytes).toString("utf8")) as Record<string, [string, number]>;
  return new Map(Object.entries(entries).map(([file, [md5, size]]) => [file, { md5, size }]));
}

export const partHashes = (root: RecordRoot | undefined): string[] => (root ? Object.values(root.parts) : []);
