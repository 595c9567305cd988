// npm run bench:parts -- [--corpus DIR[,DIR…]] [--articles 2000] [--parts 8] [--runs 1]
//                        [--beside DIR] [--work DIR [--reuse-records]] [--one-part K]
// A build across machines measured on this one: the parts one after another, then the merge,
// beside a single full build of the same archive in the same run. The wall time a newsroom would
// see is the slowest part plus the merge (the parts run at once on their runners).
//
// Every build here is a full one after a change to the build's code, as when the workflow fans
// out: what each editor's file was read as (the cache's records) is kept, every page and shard is
// made again. A first single build with no cache at all makes those records, and is reported too.
// Each part then starts from those records, as each runner restores its own cache.
//
// With --beside DIR (the 1,000,000-article corpus beside the 100,000 one), the single full build
// is of DIR's archive instead: the goal there is that each part and the merge take no longer than
// it and fit in 7 GB, since a full single build of a million articles does not fit on a runner.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { PARTS_FOLDER } from "../lib/build/parts.ts";
import { median, runMeasured, type Measured } from "./lib/process-tree.ts";
import { writeSyntheticCorpus } from "./lib/synthetic-corpus.ts";

const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    articles: { type: "string", default: "2000" },
    parts: { type: "string", default: "8" },
    runs: { type: "string", default: "1" },
    beside: { type: "string" },
    work: { type: "string" },
    // With --work: the records of an earlier run there are used, its build with no cache not redone.
    "reuse-records": { type: "boolean", default: false },
    // Part K alone, with no cache and then from its records, without the other parts or the merge:
    // a first figure when all of them take hours (a million articles on two cores).
    "one-part": { type: "string" },
  },
});
const partCount = Number(values.parts);
const runs = Number(values.runs);
const RUNNER_MEMORY = 7 * 2 ** 30;
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GB`;
const secs = (seconds: number) => `${seconds.toFixed(1)} s`;

const countMarkdown = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".md")).length;

/** `npm run build` with these arguments on a corpus, its cache in `cache`; a failure stops the benchmark. */
async function build(corpus: string, output: string, cache: string, args: string[]): Promise<Measured> {
  // The previous build's writes and deletions flushed first: each build is timed on a quiet disk.
  execFileSync("sync");
  const result = await runMeasured(
    process.execPath,
    ["--import", "tsx", "scripts/build.ts", "--output", output, "--quiet", ...args],
    { TOASOAN_ARTICLES: corpus, TOASOAN_CACHE: cache },
  );
  if (result.code !== 0) throw new Error(`npm run build -- ${args.join(" ")} failed:\n${result.stderr}`);
  return result;
}

/** A cache holding only the records of every file (as a runner restores after a change to the code). */
function recordsOnly(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const name of ["sources.v8", "published-addresses.json"])
    if (existsSync(path.join(from, name))) cpSync(path.join(from, name), path.join(to, name));
}

const line = (label: string, measured: Measured) =>
  `${label}: ${secs(measured.seconds)}, peak ${gib(measured.peakRssBytes)}`;

interface Corpus {
  dir: string;
  label: string;
  temporary: boolean;
}

const corpora: Corpus[] = values.corpus
  ? values.corpus.split(",").map((dir) => ({ dir: path.resolve(dir), label: path.resolve(dir), temporary: false }))
  : values.articles.split(",").map((n) => {
      const dir = mkdtempSync(path.join(tmpdir(), "toasoan-bench-"));
      writeSyntheticCorpus(dir, Number(n));
      return { dir, label: `synthetic ${n}`, temporary: true };
    });

/** Part K of N with no cache at all, then again from the records it kept. */
async function onePart(corpus: Corpus, k: number): Promise<void> {
  const work = values.work ? path.resolve(values.work) : mkdtempSync(path.join(tmpdir(), "toasoan-bench-parts-"));
  const at = (name: string) => path.join(work, name);
  console.log(`${corpus.label}: ${countMarkdown(corpus.dir)} articles, part ${k} of ${partCount} alone`);
  const part = ["--part", `${k}/${partCount}`];
  const cold = await build(corpus.dir, at("phan-lanh"), at("phan-cache"), ["--full", ...part]);
  console.log(`  ${line(`part ${k}/${partCount}, no cache at all`, cold)}`);
  rmSync(at("phan-lanh"), { recursive: true, force: true });
  const warm = await build(corpus.dir, at("phan-am"), at("phan-cache"), part);
  console.log(`  ${line(`part ${k}/${partCount}, every page and shard again from the records`, warm)}`);
  const fits = Math.max(cold.peakRssBytes, warm.peakRssBytes) <= RUNNER_MEMORY;
  console.log(`  ${fits ? "fits" : "does not fit"} a 7 GB runner`);
  if (!values.work) rmSync(work, { recursive: true, force: true });
}

for (const corpus of corpora) {
  if (values["one-part"]) {
    await onePart(corpus, Number(values["one-part"]));
    continue;
  }
  const work = values.work ? path.resolve(values.work) : mkdtempSync(path.join(tmpdir(), "toasoan-bench-parts-"));
  mkdirSync(work, { recursive: true });
  const at = (name: string) => path.join(work, name);
  const articles = countMarkdown(corpus.dir);
  const reference = values.beside ? path.resolve(values.beside) : corpus.dir;
  console.log(
    `${corpus.label}: ${articles} articles in ${partCount} parts${values.beside ? `, beside a single build of ${reference} (${countMarkdown(reference)} articles)` : ""}`,
  );

  // The records: a single build with no cache at all (of the reference corpus), and for the parts
  // part 1 with no cache (it reads every file, as every part does), its records then given to all.
  const reuse = values["reuse-records"] && existsSync(path.join(at("mot-may-cache"), "sources.v8"));
  const cold = reuse ? undefined : await build(reference, at("mot-may-0"), at("mot-may-cache"), ["--full"]);
  console.log(
    `  ${cold ? line("single full build, no cache at all", cold) : `records of every file from an earlier run in ${work}`}`,
  );
  rmSync(at("mot-may-0"), { recursive: true, force: true });
  let recordsFrom = at("mot-may-cache");
  if (values.beside && !(reuse && existsSync(path.join(at("phan-0-cache"), "sources.v8")))) {
    const first = await build(corpus.dir, at("phan-0"), at("phan-0-cache"), ["--full", "--part", `1/${partCount}`]);
    console.log(`  ${line(`part 1/${partCount}, no cache at all`, first)}`);
    rmSync(at("phan-0"), { recursive: true, force: true });
  }
  if (values.beside) recordsFrom = at("phan-0-cache");
  for (let k = 1; k <= partCount; k++) recordsOnly(recordsFrom, at(`phan-${k}-cache`));
  recordsOnly(recordsFrom, at("gop-cache"));

  const singles: Measured[] = [];
  const slowest: Measured[] = [];
  const merges: Measured[] = [];
  for (let run = 1; run <= runs; run++) {
    // A new output folder each time: the machinery's fingerprint names the folder, so every page
    // and shard is made again while the records are kept.
    const single = await build(reference, at(`mot-may-${run}`), at("mot-may-cache"), []);
    singles.push(single);
    console.log(`  run ${run}: ${line("single full build", single)}`);
    rmSync(at(`mot-may-${run}`), { recursive: true, force: true });

    const merged = at(`gop-${run}`);
    rmSync(merged, { recursive: true, force: true });
    const parts: Measured[] = [];
    for (let k = 1; k <= partCount; k++) {
      const output = at(`phan-${k}-${run}`);
      const part = await build(corpus.dir, output, at(`phan-${k}-cache`), ["--part", `${k}/${partCount}`]);
      parts.push(part);
      console.log(`  run ${run}: ${line(`part ${k}/${partCount}`, part)}`);
      // What the merge's runner downloads: the records, not the pages (each part deploys its own).
      cpSync(path.join(output, PARTS_FOLDER), path.join(merged, PARTS_FOLDER), { recursive: true });
      rmSync(output, { recursive: true, force: true });
    }
    const merge = await build(corpus.dir, merged, at("gop-cache"), ["--merge"]);
    merges.push(merge);
    rmSync(merged, { recursive: true, force: true });
    const worst = parts.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    slowest.push(worst);
    const heaviest = Math.max(...parts.map((part) => part.peakRssBytes), merge.peakRssBytes);
    console.log(
      `  run ${run}: ${line("merge", merge)}; slowest part ${secs(worst.seconds)} + merge = ${secs(worst.seconds + merge.seconds)} = ${((worst.seconds + merge.seconds) / single.seconds).toFixed(2)}× the single full build; parts median ${secs(median(parts.map((part) => part.seconds)))}; largest peak ${gib(heaviest)} (${heaviest <= RUNNER_MEMORY ? "fits" : "does not fit"} a 7 GB runner)`,
    );
  }
  const single = median(singles.map((m) => m.seconds));
  const wall = median(slowest.map((m, i) => m.seconds + merges[i]!.seconds));
  console.log(
    `${corpus.label}: single full build median ${secs(single)}${cold ? ` (no cache at all: ${secs(cold.seconds)})` : ""}; slowest part + merge median ${secs(wall)} = ${(wall / single).toFixed(2)}×${cold ? ` (${(wall / cold.seconds).toFixed(2)}× the build with no cache)` : ""} over ${runs} run(s)`,
  );
  if (values.beside)
    console.log(
      `  each part and the merge against the single build of ${reference}: slowest part ${(median(slowest.map((m) => m.seconds)) / single).toFixed(2)}×, merge ${(median(merges.map((m) => m.seconds)) / single).toFixed(2)}×`,
    );
  if (!values.work) rmSync(work, { recursive: true, force: true });
  if (corpus.temporary) rmSync(corpus.dir, { recursive: true, force: true });
}
