import { readFileSync } from "node:fs";
import path from "node:path";

/** The project files a module imports by relative path (static and dynamic imports, worker URLs). */
export function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"|new URL\("(\.{1,2}\/[^"]+)"/g)].map((match) =>
    path.resolve(path.dirname(file), (match[1] ?? match[2])!),
  );
}

/** Every project file reachable from the entry modules through relative imports. */
export function importGraph(entries: string[]): string[] {
  const seen = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...importsOf(file).filter((target) => /\.(ts|mjs|js)$/.test(target)));
  }
  return [...seen].sort();
}
