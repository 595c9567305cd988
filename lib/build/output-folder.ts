import { listFiles } from "../files/list-files.ts";
import { UserError } from "../messages/user-error.ts";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { newFolderId } from "./output-ledger.ts";
import { PARTS_FOLDER } from "./parts.ts";

/**
 * A file toasoan leaves in every folder it builds into. Pruning deletes whatever the content no
 * longer defines, so it must never run on a folder of someone else's files. It also names the
 * folder (an id the build cache's ledger repeats), so that a build knows whether the folder holds
 * the files the cache says it does.
 */
export const OUTPUT_MARKER = ".toasoan-output";

const MARKER_TEXT = "Thư mục này do toasoan tạo ra: mỗi lần dựng, tệp nào không còn thuộc trang sẽ bị xóa.\n";

export class OutputFolderError extends UserError {
  override name = "OutputFolderError";
  constructor(message: string, options?: ErrorOptions) {
    super("output.refused", message, options);
  }
}

/** The id in a folder's marker; undefined when the folder is not a toasoan output folder (or predates ids). */
export function outputFolderId(folder: string): string | undefined {
  const marker = path.join(path.resolve(folder), OUTPUT_MARKER);
  if (!existsSync(marker)) return undefined;
  return /^id: (\S+)$/m.exec(readFileSync(marker, "utf8"))?.[1];
}

/**
 * Makes `dir` a toasoan output folder, or refuses when it holds files toasoan did not write.
 * Returns the folder's id: the one its marker has, or `id` (a new one by default) for a new folder.
 */
export function claimOutputFolder(folder: string, id = outputFolderId(folder) ?? newFolderId()): string {
  const dir = path.resolve(folder);
  const marker = path.join(dir, OUTPUT_MARKER);
  // The parts' records alone (a merge's folder on CI) are toasoan's own too.
  const foreign = existsSync(dir) ? readdirSync(dir).filter((name) => name !== PARTS_FOLDER) : [];
  if (!existsSync(marker) && foreign.length > 0) {
    throw new OutputFolderError(
      `${dir} đã có tệp không do toasoan tạo ra; bản dựng sẽ xóa mọi tệp không thuộc trang, nên không dựng vào đây — chọn thư mục trống (--output) hoặc xóa thư mục này`,
    );
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(marker, `${MARKER_TEXT}id: ${id}\n`);
  return id;
}

/** The files of a built site as a host serves them: every file but toasoan's own marker. */
export function listSiteFiles(dir: string): string[] {
  return listFiles(dir).filter((file) => file !== OUTPUT_MARKER);
}

/**
 * Deletes every file in the output folder that this build did not produce (an article withdrawn,
 * moved to another date or slug, an author or tag page no longer needed), then the folders left
 * empty. With the previous build's list of files, only those are considered; without it, the whole
 * folder is. Returns the site paths removed.
 */
export function pruneOutput(
  dir: string,
  produced: ReadonlySet<string>,
  previous?: Iterable<string>,
  alsoIfEmpty: readonly string[] = [],
): string[] {
  const removed: string[] = [];
  for (const file of previous ?? listFiles(dir)) {
    if (file === OUTPUT_MARKER || produced.has(file)) continue;
    if (!existsSync(path.join(dir, file))) continue;
    rmSync(path.join(dir, file), { force: true });
    removed.push(file);
  }
  if (previous) {
    for (const folder of new Set([...removed.map((file) => path.dirname(file)), ...alsoIfEmpty]))
      removeEmptyParents(dir, folder);
  } else {
    removeEmptyFolders(dir);
  }
  return removed;
}

/** Removes a folder and its parents, up to the output folder, as long as they are empty. */
function removeEmptyParents(dir: string, folder: string): void {
  for (let current = folder; current !== "." && current !== ""; current = path.dirname(current)) {
    const absolute = path.join(dir, current);
    if (!existsSync(absolute) || readdirSync(absolute).length > 0) return;
    rmdirSync(absolute);
  }
}

function removeEmptyFolders(dir: string): boolean {
  let empty = true;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && removeEmptyFolders(path.join(dir, entry.name))) rmdirSync(path.join(dir, entry.name));
    else empty = false;
  }
  return empty;
}
