import { copyFileSync, linkSync, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

/** Whether two paths are one file on disk (a hard link), so there is nothing to copy. */
function sameInode(a: string, b: string): boolean {
  try {
    const [left, right] = [statSync(a), statSync(b)];
    return left.ino === right.ino && left.dev === right.dev;
  } catch {
    return false;
  }
}

/**
 * Puts `source` at `target` as a hard link (no bytes copied), or as a copy where the two are on
 * different file systems. A target that is already the same file is left alone.
 */
export function linkOrCopy(source: string, target: string): void {
  if (sameInode(source, target)) return;
  mkdirSync(path.dirname(target), { recursive: true });
  rmSync(target, { force: true });
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
  }
}
