import { type Dirent, existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * A file toasoan leaves in every folder it builds into. Pruning deletes whatever the content no
 * longer defines, so it must never run on a folder of someone else's files.
 */
export const OUTPUT_MARKER = ".toasoan-output";

export class OutputFolderError extends Error {
  override name = "OutputFolderError";
}

/** Makes `dir` a toasoan output folder, or refuses when it holds files toasoan did not write. */
export function claimOutputFolder(folder: string): void {
  const dir = path.resolve(folder);
  const marker = path.join(dir, OUTPUT_MARKER);
  if (existsSync(dir) && !existsSync(marker) && readdirSync(dir).length > 0) {
    throw new OutputFolderError(
      `${dir} đã có tệp không do toasoan tạo ra; bản dựng sẽ xóa mọi tệp không thuộc trang, nên không dựng vào đây — chọn thư mục trống (--output) hoặc xóa thư mục này`,
    );
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(marker, "Thư mục này do toasoan tạo ra: mỗi lần dựng, tệp nào không còn thuộc trang sẽ bị xóa.\n");
}

/** Every file path under `dir`, relative to it, with "/" separators. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
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
  previous?: readonly string[],
  alsoIfEmpty: readonly string[] = [],
): string[] {
  const removed: string[] = [];
  for (const file of previous ?? listFiles(dir)) {
    if (file === OUTPUT_MARKER || produced.has(file)) continue;
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
