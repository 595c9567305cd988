import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { BuildPart } from "./parts.ts";

/** One file of the built site as a deploy compares it: its bytes' MD5 (base64, as S3's ETag holds it in hex) and size. */
export interface OutputFile {
  md5: string;
  size: number;
  /** The file's modification time when it was last hashed from disk: unchanged time and size, unchanged bytes. */
  mtimeMs?: number;
}

/**
 * Every file a build's site holds, with its hash: what `npm run deploy` compares with what a
 * destination holds. `local` names the files this output folder really holds as listed; a build
 * from the cache alone (CI, without the previous `_site/`) writes only what changed, and the rest
 * is only in the ledger (and at the destination).
 */
export interface OutputLedger {
  /** Identifies the output folder the ledger describes (also written in the folder's marker). */
  folderId: string;
  files: Map<string, OutputFile>;
  local: Set<string>;
  /**
   * Files of a merged build that its parts wrote on other machines and that this folder lacks: the
   * parts deploy them before the merge (set only by the merge that made the ledger).
   */
  elsewhere?: Set<string>;
  /** The part of a build across machines this folder holds: a deploy completing it builds that part again. */
  part?: BuildPart;
}

export const md5Of = (bytes: string | Uint8Array): string => createHash("md5").update(bytes).digest("base64");

export const newFolderId = (): string => randomUUID();

/** MD5 (base64) → the hex form S3 gives as an object's ETag. */
export const md5Hex = (md5: string): string => Buffer.from(md5, "base64").toString("hex");

/** Hashes a file on disk, reusing the previous hash when its size and time are the same. */
export function hashOnDisk(siteDir: string, sitePath: string, previous: OutputFile | undefined): OutputFile {
  const file = path.join(siteDir, sitePath);
  const stat = statSync(file);
  if (previous && previous.size === stat.size && previous.mtimeMs === stat.mtimeMs) return previous;
  return { md5: md5Of(readFileSync(file)), size: stat.size, mtimeMs: stat.mtimeMs };
}

export interface LedgerInputs {
  siteDir: string;
  folderId: string;
  /** Every file the site now holds, relative to the site folder. */
  produced: Iterable<string>;
  /** Files this build wrote whose hash it computed as it wrote them (the pages of the workers). */
  hashed: ReadonlyMap<string, OutputFile>;
  /** Files this build did not rewrite because their inputs did not change: their hash is the previous build's. */
  carried: ReadonlySet<string>;
  /** Files the parts of a build across machines wrote, with their hashes (a merge). */
  fromParts?: ReadonlyMap<string, OutputFile>;
  /** The build completes a deploy: files the previous ledger said the parts hold stay theirs. */
  completing?: boolean;
  part?: BuildPart;
  previous?: OutputLedger;
}

/**
 * The ledger after a build. A file is hashed from the worker's result when a worker wrote it, taken
 * over from the previous ledger when the build left it as it was, and read back from disk otherwise
 * (Eleventy's pages, copies, scripts, manifests: the few files written every time).
 */
export function ledgerAfterBuild({
  siteDir,
  folderId,
  produced,
  hashed,
  carried,
  fromParts,
  completing,
  part,
  previous,
}: LedgerInputs): OutputLedger {
  const files = new Map<string, OutputFile>();
  const local = new Set<string>();
  const elsewhere = new Set<string>();
  const sameFolder = previous?.folderId === folderId;
  for (const sitePath of produced) {
    const known = hashed.get(sitePath);
    const before = previous?.files.get(sitePath);
    const parts = fromParts?.get(sitePath);
    if (known) {
      files.set(sitePath, known);
      local.add(sitePath);
    } else if (parts) {
      files.set(sitePath, parts);
      (existsSync(path.join(siteDir, sitePath)) ? local : elsewhere).add(sitePath);
    } else if (carried.has(sitePath) && before) {
      files.set(sitePath, before);
      if (sameFolder && previous.local.has(sitePath)) local.add(sitePath);
      else if (completing && previous?.elsewhere?.has(sitePath)) elsewhere.add(sitePath);
    } else {
      files.set(sitePath, hashOnDisk(siteDir, sitePath, before));
      local.add(sitePath);
    }
  }
  return {
    folderId,
    files,
    local,
    ...(elsewhere.size > 0 ? { elsewhere } : {}),
    ...(part ? { part } : {}),
  };
}

/** The site's size as a host counts it: files and bytes. */
export function ledgerTotals(ledger: Pick<OutputLedger, "files">): { files: number; bytes: number } {
  let bytes = 0;
  for (const file of ledger.files.values()) bytes += file.size;
  return { files: ledger.files.size, bytes };
}
