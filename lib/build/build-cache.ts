import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import type { SourceResult } from "../content/article-source.ts";
import { writeFileAtomically } from "../files/atomic-write.ts";
import type { OutputFingerprints } from "./dependencies.ts";
import type { OutputLedger } from "./output-ledger.ts";
import { packSources, type PackedEntry, unpackSources } from "./packed-sources.ts";
import type { Settings } from "../settings/settings.ts";

/** What a previous build learnt about one editor's file. */
export interface SourceEntry {
  mtimeMs: number;
  size: number;
  contentHash: string;
  result: SourceResult;
  /** The media paths the file names (front matter and body), and whether each existed then. */
  media: { sitePath: string; exists: boolean }[];
}

/**
 * What the previous build wrote, from what: each page's and each search shard's inputs as a hash,
 * and every file of the site with its own hash (the ledger a deploy compares). Kept between builds
 * (locally in .cache/, in CI with actions/cache) so that a push redoes only what it changed, with
 * or without the previous build's output folder.
 */
export interface CacheState {
  fingerprints: OutputFingerprints;
  sources: Map<string, SourceEntry>;
  pages: Map<string, string>;
  shards: Map<string, { hash: string; files: string[] }>;
  ledger: OutputLedger;
}

/**
 * Two files, so that each command reads only what it needs: the check reads the sources, the deploy
 * the outputs (pages, shards, ledger), the build both. At 100,000 articles the sources are ~130 MB
 * and the outputs ~80 MB, and reading one is seconds of a push.
 */
const SOURCES_FILE = "sources.v8";
const OUTPUTS_FILE = "outputs.v8";
/** The single file of earlier versions, removed when the cache is next dropped. */
const OLD_CACHE_FILE = "build-cache.v8";

/** What the deploy needs of the last build: what it wrote. */
export type BuildOutputs = Omit<CacheState, "sources">;

interface StoredSources {
  fingerprints: OutputFingerprints;
  /** The same in both files of one save: files of two different builds are never combined. */
  saveId: string;
  sources: Map<string, PackedEntry>;
}

type StoredOutputs = BuildOutputs & { saveId: string };

export type CacheVerdict<T = CacheState> =
  | {
      state: T;
      reason?: undefined;
      sources?: undefined;
      /** The save the stored sources belong to: a build that read them all unchanged keeps that file as it is. */
      sourcesSaveId?: string;
    }
  | {
      state?: undefined;
      reason: string;
      /** What the previous build learnt of each file, when only its pages can no longer be trusted. */
      sources?: Map<string, SourceEntry>;
      sourcesSaveId?: string;
    };

type Stored<T> = { value: T } | { reason: string };

/**
 * Which of the stored fingerprints a reader needs equal to today's: the build's machinery for a
 * build (each output then checks its own), every file for a deploy, which sends the build as it is.
 */
export type CacheUse = "build" | "whole" | "sources";

function readStored<T extends { fingerprints: OutputFingerprints }>(
  cacheDir: string,
  name: string,
  fingerprints: OutputFingerprints,
  use: CacheUse,
): Stored<T> {
  const file = path.join(cacheDir, name);
  if (!existsSync(file)) return { reason: "chưa có bộ nhớ đệm của lần dựng trước (hoặc lần trước không hoàn tất)" };
  let value: T;
  try {
    value = deserialize(readFileSync(file)) as T;
  } catch {
    return { reason: "bộ nhớ đệm hỏng" };
  }
  if (value.fingerprints?.[use] !== fingerprints[use])
    return {
      reason:
        use === "build"
          ? "mã dựng trang, thư viện hoặc thư mục đã thay đổi từ lần dựng trước"
          : "mã, mẫu trang, thư viện hoặc cài đặt đã thay đổi từ lần dựng trước",
    };
  return { value };
}

/**
 * What the previous build wrote, if it was made by this code and settings, for this output folder.
 * `folderId` is the id in the folder's marker: unless the build writes only what changed
 * (`onlyChanges`, CI without the previous `_site/`), the folder must be the one the cache describes.
 */
export function readBuildOutputs(
  cacheDir: string,
  fingerprints: OutputFingerprints,
  siteDir: string,
  folderId: string | undefined,
  onlyChanges: boolean,
  use: CacheUse,
): CacheVerdict<StoredOutputs> {
  const stored = readStored<StoredOutputs>(cacheDir, OUTPUTS_FILE, fingerprints, use);
  if ("reason" in stored) return stored;
  if (!onlyChanges && stored.value.ledger.folderId !== folderId)
    return { reason: `thư mục ${siteDir} không còn là bản dựng trước` };
  return { state: stored.value };
}

/** What the previous build learnt of each editor's file, if the code reading files is today's. */
export function readCachedSources(
  cacheDir: string,
  fingerprints: OutputFingerprints,
): Map<string, SourceEntry> | undefined {
  const stored = readStored<StoredSources>(cacheDir, SOURCES_FILE, fingerprints, "sources");
  return "value" in stored ? unpackSources(stored.value.sources) : undefined;
}

/**
 * The whole cache of the previous build (see readBuildOutputs for the folder). When its pages cannot
 * be trusted (other machinery, another folder), what it read of each file still can be, as long as
 * the code reading files is today's: a change to how pages are made reads no file again.
 */
export function readCache(
  cacheDir: string,
  fingerprints: OutputFingerprints,
  siteDir: string,
  folderId: string | undefined,
  onlyChanges: boolean,
  withSources = true,
): CacheVerdict {
  const outputs = readBuildOutputs(cacheDir, fingerprints, siteDir, folderId, onlyChanges, "build");
  const sources: Stored<StoredSources> = withSources
    ? readStored<StoredSources>(cacheDir, SOURCES_FILE, fingerprints, "sources")
    : { reason: "" };
  const known = "value" in sources ? unpackSources(sources.value.sources) : undefined;
  const sourcesSaveId = "value" in sources ? sources.value.saveId : undefined;
  if (!outputs.state) return { reason: outputs.reason, sources: known, sourcesSaveId };
  if (!known) return { state: { ...withoutSaveId(outputs.state), sources: new Map() } };
  // Each save writes both files with one id; the sources alone outlive a build that stopped.
  if (sourcesSaveId !== outputs.state.saveId)
    return { reason: "bộ nhớ đệm không trọn vẹn (hai tệp của hai lần dựng khác nhau)", sources: known, sourcesSaveId };
  return { state: { ...withoutSaveId(outputs.state), sources: known }, sourcesSaveId };
}

function withoutSaveId(outputs: StoredOutputs): BuildOutputs {
  const { saveId: _saveId, ...written } = outputs;
  return written;
}

/**
 * Removes the cache as the build starts changing the output folder; it is written again only when the
 * build completes, so a crash or a cancelled run leaves no cache for a later build to trust.
 */
export function dropCache(cacheDir: string): void {
  // What each file was read as stays true of it whatever happens to the output: it is checked
  // against the file before use.
  for (const name of [OUTPUTS_FILE, OLD_CACHE_FILE]) rmSync(path.join(cacheDir, name), { force: true });
}

/**
 * Writes the cache, the sources first: a build stopped in between leaves no outputs to trust. With
 * `keptSources`, the stored sources are this build's exactly (of the save with that id): they are
 * kept as they are, the outputs joined to them.
 */
export function saveCache(cacheDir: string, state: CacheState, keptSources?: string): void {
  const { sources, ...outputs } = state;
  const saveId = keptSources ?? randomUUID();
  if (!keptSources) {
    const stored: StoredSources = { fingerprints: state.fingerprints, saveId, sources: packSources(sources) };
    writeFileAtomically(path.join(cacheDir, SOURCES_FILE), serialize(stored));
  }
  writeFileAtomically(path.join(cacheDir, OUTPUTS_FILE), serialize({ ...outputs, saveId } satisfies StoredOutputs));
}

export function hashOf(value: unknown): string {
  return createHash("sha1").update(JSON.stringify(value)).digest("base64");
}

/** Whether a file is still what the cache saw: same size and time, or failing that the same bytes. */
export function unchangedSource(
  file: string,
  entry: SourceEntry | undefined,
  mediaExists: (sitePath: string) => boolean,
): { unchanged: boolean; mtimeMs: number; size: number } {
  const stat = statSync(file);
  if (!entry) return { unchanged: false, mtimeMs: stat.mtimeMs, size: stat.size };
  const mediaSame = entry.media.every((dependency) => mediaExists(dependency.sitePath) === dependency.exists);
  if (!mediaSame || stat.size !== entry.size) return { unchanged: false, mtimeMs: stat.mtimeMs, size: stat.size };
  if (stat.mtimeMs === entry.mtimeMs) return { unchanged: true, mtimeMs: stat.mtimeMs, size: stat.size };
  // A fresh checkout (CI) gives every file a new time: the bytes decide.
  const contentHash = createHash("sha256").update(readFileSync(file)).digest("hex");
  return { unchanged: contentHash === entry.contentHash, mtimeMs: stat.mtimeMs, size: stat.size };
}

/** Where a build keeps its cache: TOASOAN_CACHE, or .cache/toasoan/ in the project, one per output folder. */
export function cacheDirFor(settings: Settings, siteDir: string): string {
  if (settings.cacheDir) return settings.cacheDir;
  const name =
    path.resolve(siteDir) === path.join(settings.root, "_site")
      ? "site"
      : createHash("sha1").update(path.resolve(siteDir)).digest("hex").slice(0, 12);
  return path.join(settings.root, ".cache", "toasoan", name);
}
