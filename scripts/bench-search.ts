// npm run bench:search -- [--corpus DIR | --articles 2000] [--site DIR] [--runs 3] [--stock auto|yes|no]
// What a reader downloads, and waits, for a search on the site's own search page in Chromium, with
// a cold cache, the site served over loopback as a static host serves it (files cacheable for ten
// minutes; text counted gzipped). The corpus gets the search fixtures (test/fixtures/search) mixed
// in: a breaking-news article in the newest shard, an event of 2011, a person named only in a body,
// and the relevance set's articles. For each query of a fixed set, alone and filtered by category:
// the first answer (what the page shows without being asked), then the archive button pressed once,
// each with its bytes, files and time, what the page says it searched, and how many of the whole
// archive's first ten results it shows (every shard searched, in Node). Also MRR@10 on the
// relevance set, for ours and for stock Pagefind (one index of every article) where that fits.
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import sirv from "sirv";
import { searchShards } from "../client/search-shards.ts";
import { loadSettings } from "../lib/settings/settings.ts";
import { launchBrowser, serveStatic } from "../test/helpers/browser.ts";
import { meanReciprocalRank, ourRanking, RELEVANCE_SET, stockRanking } from "../test/helpers/relevance.ts";
import { pagefindFor, SEARCH_FIXTURES, shardedIndexOf } from "../test/helpers/search-site.ts";
import { median, runMeasured } from "./lib/process-tree.ts";
import { writeSyntheticCorpus } from "./lib/synthetic-corpus.ts";

const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    articles: { type: "string", default: "2000" },
    site: { type: "string" },
    runs: { type: "string", default: "3" },
    stock: { type: "string", default: "auto" },
  },
});
const runs = Number(values.runs);
const settings = loadSettings(process.cwd());
const slugOf = (name: string) => settings.categories.all.find((category) => category.name === name)!.slug;
const budgets = {
  firstKilobytes: settings.site.searchFirstKilobytes,
  moreKilobytes: settings.site.searchMoreKilobytes,
};

/** The fixed set: [what it stands for, the query, the category of the article it is after]. */
const CASES: [string, string, string][] = [
  ["common phrase", "cải cách hành chính", "Cải cách hành chính"],
  ["common phrase, no accents", "cai cach hanh chinh", "Cải cách hành chính"],
  ["rare phrase, newest shard", "lũ quét ở Bắc Yên", "Bản tin thời tiết"],
  ["rare phrase, one 2011 article", "cầu treo Tạ Bú", "Kinh tế"],
  ["rare phrase, no accents", "cau treo ta bu", "Kinh tế"],
  ["a person's name", "Lò Văn Puôn", "Văn hóa - Xã hội"],
  ["no match", "tuyết rơi", "Bản tin thời tiết"],
];
/** Beyond this many articles one Pagefind index needs more memory than this machine has (0.25 GB per 1,000). */
const STOCK_LIMIT = 60_000;

/** The corpus with the search fixtures, as hard links in a folder of its own (the corpus is not touched). */
function corpusWithFixtures(corpus: string): string {
  const folder = mkdtempSync(path.join(tmpdir(), "toasoan-bench-search-corpus-"));
  const walk = (from: string, to: string) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(from, entry.name), path.join(to, entry.name));
      else if (entry.name.endsWith(".md")) linkSync(path.join(from, entry.name), path.join(to, entry.name));
    }
  };
  walk(corpus, folder);
  walk(SEARCH_FIXTURES, path.join(folder, "bench-fixtures"));
  return folder;
}

let siteDir = values.site ? path.resolve(values.site) : "";
if (!siteDir) {
  let corpus = values.corpus ? path.resolve(values.corpus) : "";
  if (!corpus) {
    corpus = mkdtempSync(path.join(tmpdir(), "toasoan-bench-corpus-"));
    writeSyntheticCorpus(corpus, Number(values.articles));
  }
  const articles = corpusWithFixtures(corpus);
  siteDir = mkdtempSync(path.join(tmpdir(), "toasoan-bench-search-"));
  console.log(`building ${corpus} with the search fixtures into ${siteDir} …`);
  const built = await runMeasured(
    process.execPath,
    ["--import", "tsx", "scripts/build.ts", "--output", siteDir, "--quiet"],
    { TOASOAN_ARTICLES: articles, TOASOAN_CACHE: path.join(siteDir, "..", `${path.basename(siteDir)}-cache`) },
  );
  if (built.code !== 0) throw new Error(built.stderr);
  console.log(`built in ${built.seconds.toFixed(0)} s, peak ${(built.peakRssBytes / 2 ** 30).toFixed(2)} GB`);
}

const { manifest } = shardedIndexOf(siteDir, { origin: "", requests: [], close: async () => {} });
const articleCount = manifest.shards.reduce((sum, shard) => sum + shard.articles, 0);
console.log(
  `${articleCount} articles in ${manifest.shards.length} shards (newest ${manifest.shards[0]?.id}, oldest ${manifest.shards.at(-1)?.id}), routing index in ${manifest.routing.buckets} buckets`,
);

// Stock Pagefind: the CLI over the article pages, one index, as `npx pagefind` would make it.
const stockDir = path.join(siteDir, "pagefind-stock");
const wantStock = values.stock === "yes" || (values.stock === "auto" && articleCount <= STOCK_LIMIT);
if (wantStock && !existsSync(stockDir)) {
  const cli = path.resolve("node_modules/pagefind/lib/runner/bin.cjs");
  const stock = await runMeasured(
    process.execPath,
    [cli, "--site", siteDir, "--glob", "[0-9][0-9][0-9][0-9]/*/*/*/index.html", "--output-subdir", "pagefind-stock"],
    {},
  );
  if (stock.code !== 0) throw new Error(`stock Pagefind failed:\n${stock.stderr}`);
  console.log(
    `stock Pagefind: one index in ${stock.seconds.toFixed(0)} s, peak ${(stock.peakRssBytes / 2 ** 30).toFixed(2)} GB`,
  );
} else if (!wantStock) {
  console.log(
    `stock Pagefind: not built (${articleCount} articles > ${STOCK_LIMIT}: one index would not fit in memory)`,
  );
}

// A static host: files cacheable for ten minutes, as GitHub Pages serves them. What it sends is
// counted here, as the network carries it: text gzipped, a 304 as nothing.
const handler = sirv(siteDir, { maxAge: 600, etag: true, extensions: ["html"] });
const TEXT = /\.(html|css|js|json|xml|svg)$|\/$/;
const sizeSent = new Map<string, number>();
const sent = { bytes: 0, files: 0 };
const server = createServer((request, response) => {
  response.on("finish", () => {
    if (response.statusCode !== 200) return;
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://host").pathname);
    const file = path.join(siteDir, pathname.endsWith("/") ? `${pathname}index.html` : pathname);
    if (!sizeSent.has(file)) {
      const bytes = readFileSync(file);
      sizeSent.set(file, TEXT.test(pathname) ? gzipSync(bytes).length : bytes.length);
    }
    sent.bytes += sizeSent.get(file)!;
    sent.files++;
  });
  handler(request, response, () => {
    response.statusCode = 404;
    response.end();
  });
});
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
// The reference rankings and the relevance set run in Node, against a server of their own: what
// they download is not the reader's.
const site = await serveStatic(siteDir);
const { index } = shardedIndexOf(siteDir, site);

/**
 * The whole archive's first ten results (every shard searched), as URLs. Shards are added a few at
 * a time, as presses of the archive button add them: all at once, their index chunks would be
 * asked for in thousands of requests together.
 */
async function wholeArchiveTop(query: string, category?: string): Promise<string[]> {
  const sharded = index();
  const filters = category ? { category } : undefined;
  const step = { enough: 10, kilobytes: 1500 };
  let outcome = await searchShards(sharded, query, filters, "relevance", step);
  while (!outcome.complete)
    outcome = await searchShards(sharded, query, filters, "relevance", { ...step, moreThan: outcome.hits.length });
  return Promise.all(outcome.hits.slice(0, 10).map(async (hit) => (await hit.data()).url));
}

interface Step {
  bytes: number;
  files: number;
  ms: number;
  status: string;
  urls: string[];
}

/** Waits until the page has answered (not "Đang tìm…"), then reads what it shows. */
async function answered(page: Page, started: number, counted: () => { bytes: number; files: number }): Promise<Step> {
  await page.waitForFunction(() => {
    const status = document.querySelector("[data-search-status]")?.textContent ?? "";
    return /^(Tìm thấy|Không tìm thấy|Chưa tải được)/.test(status);
  });
  const ms = performance.now() - started;
  // Let the last responses' bodies be counted.
  await page.waitForTimeout(150);
  return {
    ...counted(),
    ms,
    status: (await page.locator("[data-search-status]").textContent()) ?? "",
    urls: await page
      .locator(".search-result h2 a")
      .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? "")),
  };
}

const browser = await launchBrowser();

/** One reader with an empty cache: opens the search page with the query, then presses the archive button once. */
async function coldSearch(query: string, categorySlug?: string): Promise<{ first: Step; more?: Step }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  sent.bytes = 0;
  sent.files = 0;
  const counted = () => ({ ...sent });
  const params = new URLSearchParams({ q: query, ...(categorySlug ? { "chuyen-muc": categorySlug } : {}) });
  const started = performance.now();
  await page.goto(`${origin}/tim-kiem/?${params}`);
  const first = await answered(page, started, counted);
  let more: Step | undefined;
  const archive = page.locator("[data-search-archive]");
  if (await archive.isVisible()) {
    const pressed = performance.now();
    await archive.click();
    await page.waitForFunction(
      () => !/^Đang tìm/.test(document.querySelector("[data-search-status]")?.textContent ?? ""),
    );
    more = await answered(page, pressed - first.ms, counted);
  }
  await context.close();
  return { first, more };
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const scope = (status: string) =>
  /toàn bộ kho lưu trữ\./.test(status) && !/phần/.test(status)
    ? "whole archive"
    : /(\d+\/\d+) phần/.exec(status)?.[1]
      ? `${/(\d+\/\d+) phần/.exec(status)![1]} parts${/đã là những bài/.test(status) ? ", first page certain" : ""}`
      : "—";
const found = (top: string[], urls: string[]) =>
  top.length === 0 ? "—" : `${top.filter((url) => urls.slice(0, 10).includes(url)).length}/${top.length}`;

console.log(
  `\n| query | filter | first answer: bytes, files, time | searched | top 10 | after one press: bytes, files, time | searched | top 10 |`,
);
console.log(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
const firstBytes: number[] = [];
const bestBytes: number[] = [];
for (const [kind, query, category] of CASES) {
  for (const filtered of [false, true]) {
    const top = await wholeArchiveTop(query, filtered ? category : undefined);
    const measured: { first: Step; more?: Step }[] = [];
    for (let run = 0; run < runs; run++)
      measured.push(await coldSearch(query, filtered ? slugOf(category) : undefined));
    const first = measured.map((m) => m.first);
    const more = measured.flatMap((m) => (m.more ? [m.more] : []));
    const summary = (steps: Step[]) =>
      `${kb(median(steps.map((s) => s.bytes)))}, ${median(steps.map((s) => s.files))}, ${seconds(median(steps.map((s) => s.ms)))}`;
    firstBytes.push(median(first.map((s) => s.bytes)));
    bestBytes.push(median((more.length > 0 ? more : first).map((s) => s.bytes)));
    console.log(
      `| ${kind}: “${query}” | ${filtered ? category : "—"} | ${summary(first)} | ${scope(first[0]!.status)} | ${found(top, first[0]!.urls)} | ${
        more.length > 0
          ? `${summary(more)} | ${scope(more[0]!.status)} | ${found(top, more[0]!.urls)}`
          : "not offered | | "
      } |`,
    );
  }
}
console.log(
  `\nfirst answer: median ${kb(median(firstBytes))}, max ${kb(Math.max(...firstBytes))}; after one press (or the first answer when the archive is searched): median ${kb(median(bestBytes))}, max ${kb(Math.max(...bestBytes))}`,
);

// MRR@10 on the relevance set, in Node against the same served site.
const mrrFirst = await meanReciprocalRank((query) => ourRanking(index(), query, budgets));
const mrrMore = await meanReciprocalRank((query) => ourRanking(index(), query, { ...budgets, presses: 1 }));
let stockLine = "stock Pagefind: not measured (no index)";
if (existsSync(stockDir)) {
  const stock = await pagefindFor(siteDir, site, "/pagefind-stock/");
  const mrrStock = await meanReciprocalRank((query) => stockRanking(stock, query));
  stockLine = `stock Pagefind ${mrrStock.mrr.toFixed(3)}`;
}
console.log(
  `MRR@10 over ${RELEVANCE_SET.length} queries: ours, first answer ${mrrFirst.mrr.toFixed(3)}; after one press ${mrrMore.mrr.toFixed(3)}; ${stockLine}`,
);
for (const { query, rr } of mrrFirst.perQuery)
  if (rr < 1) console.log(`  first answer: "${query}" reciprocal rank ${rr.toFixed(2)}`);
await browser.close();
server.close();
await site.close();
// Pagefind's runtime in Node keeps timers; the figures are printed.
process.exit(0);
