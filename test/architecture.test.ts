import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
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
});

const COMMENTS_PARTS = ["shared", "store", "runtime", "moderation", "readers", "endpoint"].map(
  (part) => `comments/${part}`,
);
const LIB_LAYERS = LAYERS.map((layer) => `lib/${layer}`);

/**
 * Every folder of the repository and the folders its modules may import from, besides their own
 * ("*": any). The endpoint's parts go from what the site shares with it up to the server that
 * puts them together; lib/ in pipeline order, each layer over the ones before it and the rules it
 * shares with the endpoint; the browser scripts over lib/ without the tools; the commands and the
 * tests over everything.
 */
const MAY_IMPORT: Record<string, readonly string[] | "*"> = {
  ...Object.fromEntries(COMMENTS_PARTS.map((part, index) => [part, COMMENTS_PARTS.slice(0, index)])),
  // Moderation and the readers' routes are side by side: neither imports the other.
  "comments/readers": COMMENTS_PARTS.slice(0, 3),
  comments: COMMENTS_PARTS,
  ...Object.fromEntries(
    LIB_LAYERS.map((layer, index) => [
      layer,
      [
        ...LIB_LAYERS.slice(0, index),
        "comments/shared",
        // The importer brings a WordPress site's comments into the endpoint's own database.
        ...(layer === "lib/wordpress" ? ["comments/store"] : []),
      ],
    ]),
  ),
  client: [...LIB_LAYERS.slice(0, LIB_LAYERS.indexOf("lib/build")), "comments/shared"],
  "scripts/lib": "*",
  scripts: "*",
  test: "*",
  ".": "*",
};

/** The folder of MAY_IMPORT a module belongs to: the longest that holds it. */
function folderOf(file: string): string | undefined {
  const relative = path.relative(PROJECT_ROOT, file).split(path.sep).join("/");
  const folder = path.posix.dirname(relative);
  return Object.keys(MAY_IMPORT)
    .filter((key) => key === "." || folder === key || folder.startsWith(`${key}/`))
    .sort((a, b) => b.length - a.length)
    .find((key) => key !== "." || !folder.includes("/"));
}

describe("every folder of the repository imports only from the folders below it", () => {
  const sources = execFileSync("git", ["ls-files", "*.ts", "*.mjs", "*.js"], { cwd: PROJECT_ROOT, encoding: "utf8" })
    .split("\n")
    .filter((file) => file && !file.endsWith(".d.ts") && !file.startsWith("comments/dist/"))
    .map((file) => path.join(PROJECT_ROOT, file));

  test("every module sits in a folder with its rule", () => {
    assert.ok(sources.length > 150, `the repository was listed (${sources.length} modules)`);
    assert.deepEqual(
      sources.filter((file) => folderOf(file) === undefined).map((file) => path.relative(PROJECT_ROOT, file)),
      [],
    );
  });

  test("no import crosses a rule: lib/ in pipeline order, the endpoint apart from the site, the browser without the tools", () => {
    const crossings: string[] = [];
    for (const file of sources) {
      const from = folderOf(file)!;
      const allowed = MAY_IMPORT[from]!;
      if (allowed === "*") continue;
      for (const target of importsOf(file)) {
        const to = folderOf(target);
        if (to === from || (to !== undefined && allowed.includes(to))) continue;
        crossings.push(`${path.relative(PROJECT_ROOT, file)} → ${path.relative(PROJECT_ROOT, target)}`);
      }
    }
    assert.deepEqual(crossings, []);
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
