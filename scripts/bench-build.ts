// npm run bench -- [--corpus DIR[,DIR…]] [--articles 1000,5000] [--runs 3] [--hugo-site DIR]
// Times a full `npm run build` (site + search shards) and samples the memory of its whole process
// tree (worker threads, Pagefind's processes). With --corpus it builds those folders (e.g. made by
// ../shared/corpus/gen-corpus.mjs); otherwise it writes a synthetic archive of each size, so the
// benchmark runs from a plain clone. When Debian's `hugo` is installed and the reference Hugo site
// is found (--hugo-site, default ../shared/bench/hugo-site), it builds the same corpus with Hugo
// and then the Pagefind CLI, alternating runs with ours, and prints the ratio of the medians.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { median, runMeasured, type Measured } from "./lib/process-tree.ts";
import { writeSyntheticCorpus } from "./lib/synthetic-corpus.ts";

const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    articles: { type: "string", default: "1000" },
    runs: { type: "string", default: "3" },
    "hugo-site": { type: "string", default: path.resolve("../shared/bench/hugo-site") },
    timings: { type: "boolean", default: false },
    // Pagefind's CLI indexes a site as one index: past ~60k articles it needs more memory than the
    // machine has (about 0.25 GB per 1,000 articles), so the comparison stops there.
    "hugo-max-articles": { type: "string", default: "60000" },
  },
});
const runs = Number(values.runs);
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GB`;
const secs = (seconds: number) => `${seconds.toFixed(1)} s`;

function countFiles(dir: string, suffix: string): number {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(suffix)).length;
}

function hugoAvailable(): boolean {
  const onPath = (process.env.PATH ?? "").split(path.delimiter).some((dir) => existsSync(path.join(dir, "hugo")));
  return onPath && existsSync(path.join(values["hugo-site"], "hugo.toml"));
}

async function mustSucceed(label: string, measured: Promise<Measured>): Promise<Measured> {
  const result = await measured;
  if (result.code !== 0) throw new Error(`${label} failed:\n${result.stderr}`);
  return result;
}

async function buildToasoan(corpus: string, output: string): Promise<Measured> {
  rmSync(output, { recursive: true, force: true });
  // --full: the records a previous run kept of each file (the cache outlives the folder) are not used.
  const args = ["--import", "tsx", "scripts/build.ts", "--output", output, "--quiet", "--full"];
  return mustSucceed(
    "toasoan build",
    runMeasured(process.execPath, args, { TOASOAN_ARTICLES: corpus, TOASOAN_TIMINGS: values.timings ? "1" : "" }),
  );
}

/** Hugo on the reference site with the corpus as its content, then the Pagefind CLI on its output. */
async function buildHugo(corpus: string, work: string): Promise<{ hugo: Measured; pagefind: Measured; pages: number }> {
  rmSync(work, { recursive: true, force: true });
  cpSync(values["hugo-site"], work, { recursive: true });
  mkdirSync(path.join(work, "content"), { recursive: true });
  cpSync(corpus, path.join(work, "content/tin"), { recursive: true });
  const hugo = await mustSucceed("hugo", runMeasured("hugo", ["--quiet", "--source", work], {}));
  const pagefindCli = path.resolve("node_modules/pagefind/lib/runner/bin.cjs");
  const pagefind = await mustSucceed(
    "pagefind",
    runMeasured(process.execPath, [pagefindCli, "--site", path.join(work, "public")], {}),
  );
  return { hugo, pagefind, pages: countFiles(path.join(work, "public"), ".html") };
}

const corpora = values.corpus
  ? values.corpus.split(",").map((dir) => ({ dir: path.resolve(dir), label: path.resolve(dir), temporary: false }))
  : values.articles.split(",").map((n) => {
      const dir = mkdtempSync(path.join(tmpdir(), "toasoan-bench-"));
      writeSyntheticCorpus(dir, Number(n));
      return { dir, label: `synthetic ${n}`, temporary: true };
    });

const withHugo = hugoAvailable();
if (!withHugo)
  console.log(`(no Hugo comparison: needs Debian's hugo on PATH and the reference site at ${values["hugo-site"]})`);

const rows: { articles: number; seconds: number; rss: number; pages: number; hugo?: number }[] = [];
for (const corpus of corpora) {
  const articles = countFiles(corpus.dir, ".md");
  const output = mkdtempSync(path.join(tmpdir(), "toasoan-bench-site-"));
  const hugoWork = path.join(tmpdir(), `toasoan-bench-hugo-${process.pid}`);
  const ours: Measured[] = [];
  const theirs: { hugo: Measured; pagefind: Measured; pages: number }[] = [];
  // Alternating runs, so that both see the same machine state.
  for (let run = 0; run < runs; run++) {
    const measured = await buildToasoan(corpus.dir, output);
    ours.push(measured);
    console.log(
      `  ${corpus.label}: toasoan run ${run + 1}/${runs}: ${secs(measured.seconds)}, peak ${gib(measured.peakRssBytes)}`,
    );
    if (values.timings && measured.stdout.trim()) console.log(measured.stdout.trim().replace(/^/gm, "    "));
    if (withHugo && articles <= Number(values["hugo-max-articles"])) {
      const hugo = await buildHugo(corpus.dir, hugoWork);
      theirs.push(hugo);
      console.log(
        `  ${corpus.label}: hugo run ${run + 1}/${runs}: ${secs(hugo.hugo.seconds)} + Pagefind CLI ${secs(hugo.pagefind.seconds)} = ${secs(hugo.hugo.seconds + hugo.pagefind.seconds)}, peak ${gib(hugo.hugo.peakRssBytes)} / ${gib(hugo.pagefind.peakRssBytes)}`,
      );
    }
  }
  const pages = countFiles(output, ".html");
  const seconds = median(ours.map((m) => m.seconds));
  const rss = median(ours.map((m) => m.peakRssBytes));
  const row = {
    articles,
    seconds,
    rss,
    pages,
    hugo: theirs.length > 0 ? median(theirs.map((m) => m.hugo.seconds + m.pagefind.seconds)) : undefined,
  };
  rows.push(row);
  console.log(
    `${corpus.label}: ${articles} articles → ${pages} HTML pages; median ${secs(seconds)} (${((seconds * 1000) / articles).toFixed(2)} ms/article), median peak RSS ${gib(rss)} over ${runs} runs`,
  );
  if (withHugo && row.hugo === undefined)
    console.log(
      `  Hugo + Pagefind CLI: not run above ${values["hugo-max-articles"]} articles (one Pagefind index needs ~0.25 GB per 1,000 articles)`,
    );
  if (row.hugo !== undefined) {
    const hugoPages = theirs[0]!.pages;
    console.log(
      `  Hugo + Pagefind CLI: median ${secs(row.hugo)} (${hugoPages} HTML pages); toasoan / Hugo+Pagefind = ${(seconds / row.hugo).toFixed(2)}×`,
    );
  }
  rmSync(output, { recursive: true, force: true });
  rmSync(hugoWork, { recursive: true, force: true });
  if (corpus.temporary) rmSync(corpus.dir, { recursive: true, force: true });
}
for (let i = 1; i < rows.length; i++) {
  const [a, b] = [rows[i - 1]!, rows[i]!];
  console.log(
    `growth ${b.articles}/${a.articles} articles (×${(b.articles / a.articles).toFixed(1)}): time ×${(b.seconds / a.seconds).toFixed(2)}, memory ×${(b.rss / a.rss).toFixed(2)}`,
  );
}
