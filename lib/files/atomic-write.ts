import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Writes a file so that a reader (the comments endpoint, a web server) sees either the old content
 * or the new, never half of it: the text goes to a temporary file beside it, then replaces it.
 */
export function writeFileAtomically(file: string, text: string | Uint8Array): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
