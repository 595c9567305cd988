import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { buildCodeFiles } from "../lib/build/dependencies.ts";
import { PROJECT_ROOT } from "./helpers/fixture-site.ts";
import { importGraph, importsOf } from "./helpers/imports.ts";

/**
 * The build's folders in pipeline order (docs/architecture.md): a module imports only from its own
 * folder and the folders before it. The tools come last and may read the whole build.
 */
const LAYERS = [
  "files",
  "text",
  "messages",
  "settings",
  "content",
  "newsroom",
  "outputs",
  "render",
  "build",
  "deploy",
  "preview",
  "wordpress",
];
const LIB = path.join(PROJECT_ROOT, "lib");

const layerOf = (file: string) => {
  const relative = path.relative(LIB, file);
  return relative.startsWith("..") ? undefined : relative.split(path.sep)[0];
};

describe("the build's folders show the pipeline", () => {
  const files = readdirSync(LIB, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));

  test("every module of lib/ sits in one of the pipeline's folders", () => {
    for (const file of files) assert.ok(LAYERS.includes(layerOf(file)!), path.relative(PROJECT_ROOT, file));
  });

  test("imports point only down the pipeline: a folder never imports from a later one", () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = LAYERS.indexOf(layerOf(file)!);
      for (const target of importsOf(file)) {
        const layer = layerOf(target);
        // The shared comment rules, time zone and folding live with the endpoint (comments/), below everything.
        if (layer === undefined) continue;
        if (LAYERS.indexOf(layer) > from)
          upward.push(`${path.relative(PROJECT_ROOT, file)} → ${path.relative(PROJECT_ROOT, target)}`);
      }
    }
    assert.deepEqual(upward, []);
  });

  test("the endpoint imports nothing from the site's build", () => {
    const endpoint = path.join(PROJECT_ROOT, "comments");
    const leaks: string[] = [];
    for (const entry of readdirSync(endpoint, { withFileTypes: true }))
      if (entry.isFile() && entry.name.endsWith(".ts"))
        for (const target of importsOf(path.join(endpoint, entry.name)))
          if (!target.startsWith(endpoint))
            leaks.push(`comments/${entry.name} → ${path.relative(PROJECT_ROOT, target)}`);
    assert.deepEqual(leaks, []);
  });
});

describe("the build cache knows the build's code", () => {
  test("every module the build runs is in the cache's fingerprints: editing any of them redoes what depends on it", () => {
    const fingerprinted = new Set(buildCodeFiles(PROJECT_ROOT).map((file) => path.join(PROJECT_ROOT, file)));
    const run = importGraph([path.join(PROJECT_ROOT, "scripts/build.ts"), path.join(PROJECT_ROOT, ".eleventy.ts")]);
    assert.ok(run.length > 40, `the import graph was read (${run.length} modules)`);
    assert.deepEqual(
      run.filter((file) => !fingerprinted.has(file)).map((file) => path.relative(PROJECT_ROOT, file)),
      [],
    );
  });
});
