// npm run bench:publish -- [--corpus DIR | --articles 2000] [--runs 3] [--destinations folder,ssh,s3] [--dev]
// From an editor's push to readers, as CI runs it: the build cache is kept, the pages are not.
// A full build first (it makes the cache), then the first full deploy to each destination. Then,
// per run, a push (a new article, an old article's title corrected, an article deleted) and a
// scheduled run with nothing new, each timed step by step as separate processes, the way the
// workflow runs them: `npm run check`, `npm run build -- --only-changes` into an empty _site/,
// and `npm run deploy` to a folder, to a server over SSH (a local sshd) and to S3-compatible
// storage (s3rver, the stand-in the tests use: the client is the real AWS SDK). After each push, a
// preview of a branch with the same kinds of change (`npm run preview`, against the cache the push
// left, to each kind of destination), beside that push's time to live. With --dev, also the dev
// server: the time from saving an edited title to the page and its list showing it. Last, the site
// changes that need more than the articles (a template, a word, the stylesheet, a category, a
// dependency update: scripts/lib/site-changes.ts), each on a copy of the project, timed from the
// check to the last file deployed to each destination, beside the full build and first deploy.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { NEWSROOM_ZONE } from "../lib/text/dates.ts";
import type { DeploySummary } from "../lib/deploy/deploy.ts";
import type { PreviewSummary } from "../lib/preview/preview.ts";
import { listMarkdownFiles } from "../lib/build/load-articles.ts";
import { articleUrl, dayUrl } from "../lib/settings/routes.ts";
import { freePort } from "../test/helpers/browser.ts";
import { startS3Server } from "../test/helpers/s3-server.ts";
import { startSshServer } from "../test/helpers/ssh-server.ts";
import { median, runMeasured } from "./lib/process-tree.ts";
import { writeSyntheticCorpus } from "./lib/synthetic-corpus.ts";
import { copyProject, SITE_CHANGES } from "./lib/site-changes.ts";

const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    articles: { type: "string", default: "2000" },
    runs: { type: "string", default: "3" },
    destinations: { type: "string", default: "folder,ssh,s3" },
    dev: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const kinds = values.destinations.split(",").filter(Boolean);

// The corpus is copied: the benchmark adds, edits and deletes articles.
const work = mkdtempSync(path.join(tmpdir(), "toasoan-bench-publish-"));
const articlesDir = path.join(work, "articles");
if (values.corpus) cpSync(path.resolve(values.corpus), articlesDir, { recursive: true });
else writeSyntheticCorpus(articlesDir, Number(values.articles));
const output = path.join(work, "site");
const cacheDir = path.join(work, "cache");
const env: NodeJS.ProcessEnv = {
  TOASOAN_ARTICLES: articlesDir,
  TOASOAN_CACHE: cacheDir,
  TOASOAN_NOW: "2026-11-26T12:00:00+07:00",
  DEPLOY_TO: "bench",
};
const files = listMarkdownFiles(articlesDir);
console.log(`${files.length} articles in ${articlesDir}`);

const seconds = (value: number) => `${value.toFixed(1)} s`;
const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** The project the steps run in: this one, then a copy that the site changes edit. */
let projectRoot: string | undefined;

async function step(label: string, script: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const measured = await runMeasured(
    process.execPath,
    ["--import", "tsx", script, ...args],
    { ...env, ...extraEnv },
    projectRoot,
  );
  if (measured.code !== 0) throw new Error(`${label} failed:\n${measured.stdout}\n${measured.stderr}`);
  return measured;
}

const check = () => step("check", "scripts/check.ts", ["--output", output]);

/** A build as CI runs it: the cache, no previous _site/. */
async function buildFromCache(label: string) {
  rmSync(output, { recursive: true, force: true });
  const measured = await step(label, "scripts/build.ts", ["--output", output, "--only-changes", "--quiet"]);
  return { ...measured, written: countFiles(output) };
}

function countFiles(dir: string): number {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { isFile(): boolean }[]).filter((entry) =>
    entry.isFile(),
  ).length;
}

function folderBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) bytes += statSync(path.join(entry.parentPath, entry.name)).size;
  return bytes;
}

async function deployTo(kind: string, destination: string, extraEnv: NodeJS.ProcessEnv) {
  const measured = await step(
    `deploy to ${kind}`,
    "scripts/deploy.ts",
    [destination, "--output", output, "--quiet", "--json"],
    extraEnv,
  );
  const summary = JSON.parse(measured.stdout.trim().split("\n").at(-1)!) as DeploySummary;
  return { seconds: measured.seconds, summary };
}

function newArticle(run: number, name = `tin-nong-${run}`): string {
  const text = `---\ntitle: "Tin nóng số ${run}: mưa lớn gây sạt lở trên quốc lộ (${name})"\ndate: 2026-11-26 ${String(8 + run).padStart(2, "0")}:00\ncategory: "Thời sự - Chính trị"\nauthor: "Phóng viên thường trú"\nsummary: "Tin vừa xảy ra."\n---\nMưa lớn kéo dài gây sạt lở nhiều điểm trên quốc lộ. Lực lượng chức năng đang khắc phục.\n`;
  const file = path.join(articlesDir, `${name}.md`);
  writeFileSync(file, text);
  return file;
}

/**
 * A branch's preview of the same kinds of change as a push (a new article, a corrected title, an
 * article deleted), against the cache the last push left (the base's build), then taken back so the
 * next push starts from that cache's content.
 */
async function previewBranch(run: number) {
  const edited = files[Math.floor(files.length / 4)]!;
  const before = readFileSync(edited, "utf8");
  const deleted = files[files.length - 20 - run]!;
  const deletedText = readFileSync(deleted, "utf8");
  const added = newArticle(run, `xem-truoc-${run}`);
  correctTitle(edited, run);
  rmSync(deleted);
  const results: Record<string, { seconds: number; files: number; bytes: number }> = {};
  try {
    for (const target of previewDestinations) {
      const measured = await step(
        `preview to ${target.kind}`,
        "scripts/preview.ts",
        [target.destination, "--branch", `nhanh-${run}`, "--at", env.TOASOAN_NOW!, "--output", output, "--json"],
        target.env,
      );
      const summary = JSON.parse(measured.stdout.trim().split("\n").at(-1)!) as PreviewSummary;
      results[target.kind] = { seconds: measured.seconds, files: summary.uploaded, bytes: summary.bytesSent };
    }
  } finally {
    rmSync(added);
    writeFileSync(edited, before);
    writeFileSync(deleted, deletedText);
  }
  return results;
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
rmSync(output, { recursive: true, force: true });
const full = await step("full build", "scripts/build.ts", ["--output", output, "--quiet"]);
console.log(
  `  ${seconds(full.seconds)}, peak ${(full.peakRssBytes / 2 ** 30).toFixed(2)} GB, ${countFiles(output)} files, ${megabytes(folderBytes(output))}`,
);

const ssh = kinds.includes("ssh") ? await startSshServer() : undefined;
const s3 = kinds.includes("s3") ? await startS3Server(["bao"]) : undefined;
const destinations: { kind: string; destination: string; env: NodeJS.ProcessEnv; folder?: string }[] = [];
for (const kind of kinds) {
  const folder = path.join(work, `dest-${kind}`);
  if (kind === "folder") destinations.push({ kind, destination: folder, env: {}, folder });
  if (kind === "ssh")
    destinations.push({ kind, destination: `${ssh!.login}${folder}`, env: { RSYNC_RSH: ssh!.rsyncRsh }, folder });
  if (kind === "s3") destinations.push({ kind, destination: "s3://bao/site", env: s3!.env });
}
/** Where previews go: beside the live destinations, never one of them. */
const previewDestinations = destinations.map((target) => ({
  ...target,
  destination: target.kind === "s3" ? "s3://bao/xem-truoc" : `${target.destination}-xem-truoc`,
}));

try {
  console.log("first full deploy (no record at the destination: a full comparison):");
  const firstDeploys: Record<string, number> = {};
  for (const target of destinations) {
    const { seconds: took, summary } = await deployTo(target.kind, target.destination, target.env);
    firstDeploys[target.kind] = took;
    console.log(`  ${target.kind}: ${seconds(took)}, ${summary.uploaded} files, ${megabytes(summary.bytesSent)} sent`);
  }

  type Row = {
    check: number;
    build: number;
    written: number;
    deploys: Record<string, { seconds: number; files: number; deleted: number; bytes: number }>;
    previews?: Record<string, { seconds: number; files: number; bytes: number }>;
  };
  const pushes: Row[] = [];
  const idle: Row[] = [];
  const measurePush = async (label: string): Promise<Row> => {
    const checked = await check();
    const built = await buildFromCache(`${label}: build`);
    const row: Row = { check: checked.seconds, build: built.seconds, written: built.written, deploys: {} };
    for (const target of destinations) {
      const { seconds: took, summary } = await deployTo(target.kind, target.destination, target.env);
      row.deploys[target.kind] = {
        seconds: took,
        files: summary.uploaded,
        deleted: summary.deleted,
        bytes: summary.bytesSent,
      };
    }
    const line = Object.entries(row.deploys)
      .map(([kind, d]) => `${kind} ${seconds(d.seconds)} (${d.files} up, ${d.deleted} deleted, ${megabytes(d.bytes)})`)
      .join("; ");
    console.log(
      `  ${label}: check ${seconds(row.check)}, build ${seconds(row.build)} (${row.written} files written), deploy ${line}`,
    );
    return row;
  };
  for (let run = 1; run <= runs; run++) {
    newArticle(run);
    correctTitle(files[Math.floor(files.length / 3)]!, run);
    rmSync(files[files.length - 10 - run]!);
    const push = await measurePush(`run ${run}: a push (new, edited, deleted article)`);
    push.previews = await previewBranch(run);
    console.log(
      `  run ${run}: a preview (new, edited, deleted article): ${Object.entries(push.previews)
        .map(([kind, p]) => `${kind} ${seconds(p.seconds)} (${p.files} files, ${megabytes(p.bytes)})`)
        .join("; ")}`,
    );
    pushes.push(push);
    idle.push(await measurePush(`run ${run}: a scheduled run, nothing new`));
  }
  const summarise = (rows: Row[], what: string) => {
    console.log(`${what} (${files.length} articles, medians of ${rows.length}):`);
    console.log(
      `  check ${seconds(median(rows.map((r) => r.check)))}, build from the cache ${seconds(median(rows.map((r) => r.build)))}`,
    );
    for (const target of destinations) {
      const deploys = rows.map((r) => r.deploys[target.kind]!);
      const total = median(rows.map((r) => r.check + r.build + r.deploys[target.kind]!.seconds));
      console.log(
        `  ${target.kind}: deploy ${seconds(median(deploys.map((d) => d.seconds)))}, ${median(deploys.map((d) => d.files))} files up, ${median(deploys.map((d) => d.deleted))} deleted, ${megabytes(median(deploys.map((d) => d.bytes)))} sent; push to live ${seconds(total)}`,
      );
    }
  };
  summarise(pushes, "a push");
  console.log(
    `a preview of a branch (${files.length} articles, medians of ${pushes.length}, each beside the push of its run):`,
  );
  for (const target of destinations) {
    const previews = pushes.map((row) => row.previews![target.kind]!);
    const ratios = pushes.map(
      (row) => row.previews![target.kind]!.seconds / (row.check + row.build + row.deploys[target.kind]!.seconds),
    );
    console.log(
      `  ${target.kind}: ${seconds(median(previews.map((p) => p.seconds)))}, ${median(previews.map((p) => p.files))} files, ${megabytes(median(previews.map((p) => p.bytes)))} sent; ${median(ratios).toFixed(2)}× the push to live`,
    );
  }
  summarise(idle, "a scheduled run with nothing new");

  projectRoot = copyProject(process.cwd(), path.join(work, "project"));
  // The copy's own folders (its media folder) make its first build a full one: made before timing.
  await buildFromCache("the project's copy: first build");
  for (const target of destinations) await deployTo(target.kind, target.destination, target.env);
  console.log("site changes, each from the check to the last file deployed (against the full build + first deploy):");
  for (const change of SITE_CHANGES) {
    change.apply(projectRoot);
    const checked = await check();
    rmSync(output, { recursive: true, force: true });
    const built = await step(`${change.label}: build`, "scripts/build.ts", ["--output", output, "--only-changes"]);
    const shards = /(\d+)\/(\d+) phần chỉ mục tìm kiếm/.exec(built.stdout);
    for (const target of destinations) {
      const { seconds: took, summary } = await deployTo(target.kind, target.destination, target.env);
      const total = checked.seconds + built.seconds + took;
      const baseline = full.seconds + firstDeploys[target.kind]!;
      console.log(
        `  ${change.label}, ${target.kind}: ${seconds(total)} (check ${seconds(checked.seconds)}, build ${seconds(built.seconds)}, deploy ${seconds(took)}, ${summary.uploaded} files up; ${shards ? `${shards[1]}/${shards[2]}` : "?"} search shards indexed) = ${(total / baseline).toFixed(2)}× (goal ≤ ${change.goal}×)`,
      );
    }
  }
  console.log(`build cache: ${megabytes(folderBytes(cacheDir))} (${cacheDir})`);
  for (const target of destinations.filter((d) => d.folder))
    console.log(
      `deploy record at the destination: ${megabytes(folderBytes(path.join(target.folder!, ".toasoan-deploy")))}`,
    );
} finally {
  await Promise.all([ssh?.stop(), s3?.stop()]);
}

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
      COMMENTS_LOG: "off",
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
