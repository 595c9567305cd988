// npm run bench:publish -- [--corpus DIR | --articles 2000] [--runs 3] [--dev]
// How long a push takes to publish with the previous build's cache: a full build first (the cache),
// then, each timed, a rebuild with no change, one new article (the newest, as breaking news), and a
// corrected title of an old article. With --dev, also the dev server (npm start): the time from
// saving an edited title to the page and its category list showing it over HTTP.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { NEWSROOM_ZONE } from "../lib/dates.ts";
import { listMarkdownFiles } from "../lib/load-articles.ts";
import { articleUrl, dayUrl } from "../lib/routes.ts";
import { freePort } from "../test/helpers/browser.ts";
import { median, runMeasured } from "./lib/process-tree.ts";
import { writeSyntheticCorpus } from "./lib/synthetic-corpus.ts";

const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    articles: { type: "string", default: "2000" },
    runs: { type: "string", default: "3" },
    dev: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);

// The corpus is copied: the benchmark adds and edits articles.
const work = mkdtempSync(path.join(tmpdir(), "toasoan-bench-publish-"));
const articlesDir = path.join(work, "articles");
if (values.corpus) cpSync(path.resolve(values.corpus), articlesDir, { recursive: true });
else writeSyntheticCorpus(articlesDir, Number(values.articles));
const output = path.join(work, "site");
const env = {
  TOASOAN_ARTICLES: articlesDir,
  TOASOAN_CACHE: path.join(work, "cache"),
  TOASOAN_NOW: "2026-11-26T12:00:00+07:00",
};
const files = listMarkdownFiles(articlesDir);
console.log(`${files.length} articles in ${articlesDir}`);

async function build(label: string): Promise<number> {
  const measured = await runMeasured(
    process.execPath,
    ["--import", "tsx", "scripts/build.ts", "--output", output],
    env,
  );
  if (measured.code !== 0) throw new Error(`${label} failed:\n${measured.stderr}`);
  const kind =
    /^(Dựng [^:]+):/m.exec(
      measured.stdout
        .split("\n")
        .filter((line) => line.startsWith("Dựng"))
        .at(-1) ?? "",
    )?.[1] ?? "?";
  console.log(
    `  ${label}: ${measured.seconds.toFixed(1)} s, peak ${(measured.peakRssBytes / 2 ** 30).toFixed(2)} GB (${kind})`,
  );
  return measured.seconds;
}

function newArticle(run: number): void {
  const text = `---\ntitle: "Tin nóng số ${run}: mưa lớn gây sạt lở trên quốc lộ"\ndate: 2026-11-26 ${String(8 + run).padStart(2, "0")}:00\ncategory: "Thời sự - Chính trị"\nauthor: "Phóng viên thường trú"\nsummary: "Tin vừa xảy ra."\n---\nMưa lớn kéo dài gây sạt lở nhiều điểm trên quốc lộ. Lực lượng chức năng đang khắc phục.\n`;
  writeFileSync(path.join(articlesDir, `tin-nong-${run}.md`), text);
}

/** A corrected title on an old article (its slug is written out, so its URL stays). */
function correctTitle(file: string, run: number): void {
  const text = readFileSync(file, "utf8");
  writeFileSync(
    file,
    text.replace(
      /^title: "?(.*?)"?$/m,
      (_line, title: string) =>
        `title: ${JSON.stringify(`${title.replace(/ \(đính chính \d+\)$/, "")} (đính chính ${run})`)}`,
    ),
  );
}

console.log("full build (makes the cache):");
const full = await build("full build");
const timings = { nothing: [] as number[], added: [] as number[], edited: [] as number[] };
for (let run = 1; run <= runs; run++) {
  timings.nothing.push(await build(`run ${run}: no change`));
  newArticle(run);
  timings.added.push(await build(`run ${run}: one new article`));
  correctTitle(files[Math.floor(files.length / 3)]!, run);
  timings.edited.push(await build(`run ${run}: an old article's title corrected`));
}
console.log(
  `publish with the cache (${files.length} articles, medians of ${runs}): no change ${median(timings.nothing).toFixed(1)} s, one new article ${median(timings.added).toFixed(1)} s, a corrected title ${median(timings.edited).toFixed(1)} s; the full build took ${full.toFixed(1)} s`,
);

if (values.dev) await devServer();
rmSync(work, { recursive: true, force: true });

/** The dev server on the same content: an edit saved, then polled over HTTP until it shows. */
async function devServer(): Promise<void> {
  const port = await freePort();
  const root = mkdtempSync(path.join(tmpdir(), "toasoan-bench-dev-"));
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      COMMENTS_PORT: String(await freePort()),
      COMMENTS_DB: path.join(root, "c.sqlite"),
      COMMENTS_LOG: "0",
      TOASOAN_OUTPUT: output,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  server.stdout.on("data", (chunk) => (log += chunk));
  server.stderr.on("data", (chunk) => (log += chunk));
  try {
    const started = performance.now();
    while (!log.includes("Trang: http")) {
      if (server.exitCode !== null) throw new Error(`the dev server stopped:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(
      `dev server ready in ${((performance.now() - started) / 1000).toFixed(1)} s (first build with the cache)`,
    );
    const latencies: number[] = [];
    const target = files[Math.floor(files.length / 2)]!;
    const front = readFileSync(target, "utf8");
    const date = DateTime.fromISO(/^date: "?(.*?)"?$/m.exec(front)![1]!.replace(" ", "T"), {
      zone: NEWSROOM_ZONE,
    }).setZone(NEWSROOM_ZONE);
    const slug = /^slug: "?(.*?)"?$/m.exec(front)![1]!;
    // The article's own page, and its day's archive: a list that shows its title.
    const urls = [articleUrl(date.year, date.month, date.day, slug), dayUrl(date.year, date.month, date.day)];
    for (let run = 1; run <= runs; run++) {
      const title = `Bản sửa số ${run} lúc ${Date.now()}`;
      const saved = performance.now();
      writeFileSync(target, readFileSync(target, "utf8").replace(/^title: .*$/m, `title: ${JSON.stringify(title)}`));
      await showing(port, urls, title);
      latencies.push((performance.now() - saved) / 1000);
      console.log(`  edit ${run}: visible on ${urls.join(" and ")} after ${latencies.at(-1)!.toFixed(2)} s`);
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
    console.log(
      `dev server: an edited title shows on its page and its list in median ${median(latencies).toFixed(2)} s (max ${Math.max(...latencies).toFixed(2)} s)`,
    );
  } finally {
    server.kill("SIGTERM");
    rmSync(root, { recursive: true, force: true });
  }
}

/** Polls the pages over HTTP until every one shows the text. */
async function showing(port: number, urls: readonly string[], text: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const pages = await Promise.all(
      urls.map((url) =>
        fetch(`http://127.0.0.1:${port}${url}`).then(
          (response) => response.text(),
          () => "",
        ),
      ),
    );
    if (pages.every((page) => page.includes(text))) return;
    if (Date.now() > deadline) throw new Error(`the edit never showed: ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
