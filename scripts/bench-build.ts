// npm run bench -- [--corpus DIR] [--articles 1000,5000] [--runs 3]
// Times `npm run build` (site + search index) and samples the memory of the whole process tree.
// With --corpus, builds that folder (e.g. one made by ../shared/corpus/gen-corpus.mjs); otherwise
// it writes a synthetic archive of each size, so the benchmark runs from a plain clone.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { median, runMeasured } from "./lib/process-tree.ts";
import { writeSyntheticCorpus } from "./lib/synthetic-corpus.ts";

const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    articles: { type: "string", default: "1000" },
    runs: { type: "string", default: "3" },
  },
});
const runs = Number(values.runs);

function countMarkdown(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".md")).length;
}

const corpora = values.corpus
  ? [{ dir: path.resolve(values.corpus), label: path.resolve(values.corpus), temporary: false }]
  : values.articles.split(",").map((n) => {
      const dir = mkdtempSync(path.join(tmpdir(), "toasoan-bench-"));
      writeSyntheticCorpus(dir, Number(n));
      return { dir, label: `synthetic ${n}`, temporary: true };
    });

const rows: { articles: number; seconds: number; rss: number }[] = [];
for (const corpus of corpora) {
  const articles = countMarkdown(corpus.dir);
  const output = mkdtempSync(path.join(tmpdir(), "toasoan-bench-site-"));
  const timings: number[] = [];
  const peaks: number[] = [];
  for (let run = 0; run < runs; run++) {
    rmSync(output, { recursive: true, force: true });
    const measured = await runMeasured(
      process.execPath,
      ["--import", "tsx", "scripts/build.ts", "--output", output, "--quiet"],
      { TOASOAN_ARTICLES: corpus.dir },
    );
    if (measured.code !== 0) throw new Error(`build failed on ${corpus.label}:\n${measured.stderr}`);
    timings.push(measured.seconds);
    peaks.push(measured.peakRssBytes);
    console.log(
      `  ${corpus.label}: run ${run + 1}/${runs} ${measured.seconds.toFixed(1)} s, peak ${(measured.peakRssBytes / 2 ** 30).toFixed(2)} GB`,
    );
  }
  const pages = readdirSync(output, { recursive: true, encoding: "utf8" }).filter((name) =>
    name.endsWith(".html"),
  ).length;
  rows.push({ articles, seconds: median(timings), rss: median(peaks) });
  console.log(
    `${corpus.label}: ${articles} articles → ${pages} HTML pages; median ${median(timings).toFixed(1)} s (${((median(timings) * 1000) / articles).toFixed(2)} ms/article), median peak RSS ${(median(peaks) / 2 ** 30).toFixed(2)} GB over ${runs} runs`,
  );
  rmSync(output, { recursive: true, force: true });
  if (corpus.temporary) rmSync(corpus.dir, { recursive: true, force: true });
}
for (let i = 1; i < rows.length; i++) {
  const [a, b] = [rows[i - 1]!, rows[i]!];
  console.log(
    `growth ${b.articles}/${a.articles} articles (×${(b.articles / a.articles).toFixed(1)}): time ×${(b.seconds / a.seconds).toFixed(2)}, memory ×${(b.rss / a.rss).toFixed(2)}`,
  );
}
