// A build across machines (an Actions matrix): part K of N renders the article pages and search
// shards of its share of the archive and leaves a record of them in its output folder; the merge
// finds every part's record in its own output folder (the parts' folders copied into one, as
// actions/download-artifact with merge-multiple leaves them) and makes what spans the archive.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import { writeFileAtomically } from "../files/atomic-write.ts";
import { UserError } from "../messages/user-error.ts";
import type { ShardPlan } from "../outputs/search-index.ts";
import type { ShardRouting } from "../outputs/search-routing.ts";
import { hashOf, type SourceEntry } from "./build-cache.ts";
import { packSources, type PackedEntry, unpackSources } from "./packed-sources.ts";
import type { OutputFile } from "./output-ledger.ts";

/** Part `index` (from 1) of `count`. */
export interface BuildPart {
  index: number;
  count: number;
}

/** The folder of an output folder where a part leaves its record; the merge removes it. */
export const PARTS_FOLDER = ".toasoan-parts";

/** More parts than this would leave each part too little to pay for reading the whole archive. */
const MAX_PARTS = 256;

const RECORD_FORMAT = 1;

/** `--part K/N` as written on the command line. */
export function parsePart(text: string): BuildPart {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || count > MAX_PARTS || index < 1 || index > count)
    throw new UserError(
      "build.part-invalid",
      `--part ${text}: cần dạng K/N, với N từ 1 đến ${MAX_PARTS} và K từ 1 đến N (ví dụ --part 3/8)`,
    );
  return { index, count };
}

export const partName = (part: BuildPart): string => `${part.index}/${part.count}`;

/**
 * Which part renders each shard (and the pages of its articles): the shards, oldest first, cut into
 * `count` runs of about the same number of articles, so each part holds a span of dates.
 */
export function partsOfShards(shards: readonly ShardPlan[], count: number): Map<string, number> {
  const oldestFirst = [...shards].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const total = oldestFirst.reduce((sum, plan) => sum + plan.articles.length, 0);
  const parts = new Map<string, number>();
  let before = 0;
  for (const plan of oldestFirst) {
    const middle = before + plan.articles.length / 2;
    parts.set(plan.id, total === 0 ? 1 : Math.min(count, Math.floor((middle * count) / total) + 1));
    before += plan.articles.length;
  }
  return parts;
}

/** The editors' files whose records part `part` hands to the merge: its share of the sorted list. */
export function filesOfPart(files: readonly string[], part: BuildPart): string[] {
  const from = Math.floor(((part.index - 1) * files.length) / part.count);
  const to = Math.floor((part.index * files.length) / part.count);
  return files.slice(from, to);
}

/** What a part made, for the merge: enough to list, route and deploy its files without them. */
export interface PartRecord {
  format: typeof RECORD_FORMAT;
  part: BuildPart;
  /**
   * What every part must share with the merge: the code and settings (without the folders), the
   * shards and their parts, the Tin mới and Đọc nhiều boxes baked into article pages.
   */
  agreement: { code: string; plan: string; boxes: string };
  /** The shards' starts its plan kept from its cache: the merge cuts the shards from the same. */
  starts: string[];
  /** The records of its share of the editors' files: the merge parses none of them again. */
  sources: Map<string, PackedEntry>;
  /** Its article pages' input hashes, by site path. */
  pages: Map<string, string>;
  shards: Map<string, { hash: string; files: string[] }>;
  routing: Map<string, ShardRouting>;
  /** Every file of the part, with its MD5 and size. */
  files: Map<string, OutputFile>;
}

/** The hash parts and merge compare: the shards' ids, their articles (by address) and their parts. */
export function planAgreement(
  shards: readonly ShardPlan[],
  articles: readonly { url: string }[],
  parts: ReadonlyMap<string, number>,
): string {
  return hashOf(
    shards.map((plan) => [plan.id, parts.get(plan.id), plan.articles.map((index) => articles[index]!.url)]),
  );
}

const recordFile = (siteDir: string, part: BuildPart) =>
  path.join(siteDir, PARTS_FOLDER, `phan-${part.index}-tren-${part.count}.v8`);

export function writePartRecord(
  siteDir: string,
  record: Omit<PartRecord, "format" | "sources"> & { sources: ReadonlyMap<string, SourceEntry> },
): void {
  const file = recordFile(siteDir, record.part);
  // A part's folder holds its own record only, whatever it was built as before.
  rmSync(path.dirname(file), { recursive: true, force: true });
  mkdirSync(path.dirname(file), { recursive: true });
  const packed: PartRecord = { format: RECORD_FORMAT, ...record, sources: packSources(record.sources) };
  writeFileAtomically(file, serialize(packed));
}

/** What the build knows of each editor's file: its own cache's, and for a merge every part's. */
export function knownSources(
  previous: ReadonlyMap<string, SourceEntry> | undefined,
  records: readonly PartRecord[] | undefined,
): ReadonlyMap<string, SourceEntry> | undefined {
  if (!records) return previous;
  const known = new Map(previous);
  for (const record of records) for (const [file, entry] of unpackSources(record.sources)) known.set(file, entry);
  return known;
}

/**
 * Every part's record in the merge's output folder, each part once and all of one build, in part
 * order. Any other state is the user's to put right (a part missing, a folder from another run).
 */
export function readPartRecords(siteDir: string, expected: PartRecord["agreement"]["code"]): PartRecord[] {
  const folder = path.join(siteDir, PARTS_FOLDER);
  const names = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith(".v8")) : [];
  if (names.length === 0)
    throw new UserError(
      "build.parts-missing",
      `${siteDir} không có bản ghi của phần nào (${PARTS_FOLDER}/) — chép thư mục kết quả của mọi phần (npm run build -- --part K/N) vào đây rồi chạy lại --merge`,
    );
  const records = names.map((name) => {
    let record: PartRecord;
    try {
      record = deserialize(readFileSync(path.join(folder, name))) as PartRecord;
    } catch {
      throw new UserError("build.parts-mismatch", `${PARTS_FOLDER}/${name}: bản ghi hỏng — dựng lại phần đó`);
    }
    if (record?.format !== RECORD_FORMAT)
      throw new UserError(
        "build.parts-mismatch",
        `${PARTS_FOLDER}/${name}: bản ghi của một phiên bản toasoan khác — dựng lại phần đó bằng mã này`,
      );
    return record;
  });
  records.sort((a, b) => a.part.index - b.part.index);
  const count = records[0]!.part.count;
  const other = records.find((record) => record.part.count !== count);
  if (other)
    throw new UserError(
      "build.parts-mismatch",
      `phần ${partName(records[0]!.part)} và phần ${partName(other.part)} chia kho bài thành số phần khác nhau — chỉ chép các phần của cùng một lần dựng`,
    );
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter(
    (index) => !records.some((record) => record.part.index === index),
  );
  if (missing.length > 0)
    throw new UserError(
      "build.parts-missing",
      `thiếu phần ${missing.map((index) => `${index}/${count}`).join(", ")} trong ${folder} — mọi phần phải dựng xong trước khi gộp`,
    );
  const foreign = records.find((record) => record.agreement.code !== expected);
  if (foreign)
    throw new UserError(
      "build.parts-mismatch",
      `phần ${partName(foreign.part)} được dựng bằng mã hoặc cài đặt khác bản gộp — dựng mọi phần và bản gộp từ cùng một commit, cùng cài đặt`,
    );
  return records;
}

/** Checks that every part saw the archive the merge sees: the same shards, parts and boxes. */
export function checkPartsAgree(records: readonly PartRecord[], plan: string, boxes: string): void {
  for (const record of records) {
    if (record.agreement.plan !== plan)
      throw new UserError(
        "build.parts-mismatch",
        `phần ${partName(record.part)} được dựng từ các bài khác bản gộp — dựng mọi phần và bản gộp từ cùng một commit`,
      );
    if (record.agreement.boxes !== boxes)
      throw new UserError(
        "build.parts-mismatch",
        `phần ${partName(record.part)} có Tin mới hoặc Đọc nhiều khác bản gộp — dùng cùng data/most-read.json và data/approved-comments.json cho mọi phần`,
      );
  }
}

/** The records, once the merge has taken what it needs: they are not part of the site. */
export function removePartRecords(siteDir: string): void {
  rmSync(path.join(siteDir, PARTS_FOLDER), { recursive: true, force: true });
}
