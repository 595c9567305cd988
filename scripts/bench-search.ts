// npm run bench:search -- [--corpus DIR | --articles 2000] [--site DIR] [--no-stock]
// What a reader downloads for one search, in Chromium against the built site served over loopback
// the way a static host serves it (cacheable files, JavaScript gzipped): the first query, which the
// search page answers from the newest shards; the same query over the whole archive (older shards
// merged until a page of whole-phrase results is certain); and stock Pagefind, one index of every
// article. Also the time of a first and a next query.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import sirv from "sirv";
import { launchBrowser } from "../test/helpers/browser.ts";
import { median, runMeasured } from "./lib/process-tree.ts";
import { writeSyntheticCorpus } from "./lib/synthetic-corpus.ts";

const { values } = parseArgs({
  options: {
    corpus: { type: "string" },
    articles: { type: "string", default: "2000" },
    site: { type: "string" },
    "no-stock": { type: "boolean", default: false },
  },
});
const QUERIES = [
  "cải cách hành chính",
  "cai cach hanh chinh",
  "dien nong thon",
  "Dak Lak",
  "dang bo",
  "du lich cong dong",
  "chuyển đổi số",
  "an ninh trat tu",
  "giải bóng đá",
  "nuoc sach",
];
const FIRST_PAGE = 10;
const AUTOMATIC_SHARDS = 12;

let siteDir = values.site ? path.resolve(values.site) : "";
if (!siteDir) {
  let corpus = values.corpus ? path.resolve(values.corpus) : "";
  if (!corpus) {
    corpus = mkdtempSync(path.join(tmpdir(), "toasoan-bench-corpus-"));
    writeSyntheticCorpus(corpus, Number(values.articles));
  }
  siteDir = mkdtempSync(path.join(tmpdir(), "toasoan-bench-search-"));
  console.log(`building ${corpus} into ${siteDir} …`);
  const built = await runMeasured(
    process.execPath,
    ["--import", "tsx", "scripts/build.ts", "--output", siteDir, "--quiet"],
    { TOASOAN_ARTICLES: corpus },
  );
  if (built.code !== 0) throw new Error(built.stderr);
  console.log(`built in ${built.seconds.toFixed(1)} s`);
}

// Stock Pagefind: the CLI over the article pages, one index, as `npx pagefind` would make it.
const stockDir = path.join(siteDir, "pagefind-stock");
if (!values["no-stock"] && !existsSync(stockDir)) {
  const cli = path.resolve("node_modules/pagefind/lib/runner/bin.cjs");
  const stock = await runMeasured(
    process.execPath,
    [
      cli,
      "--site",
      siteDir,
      "--glob",
      "[0-9][0-9][0-9][0-9]/*/*/*/index.html",
      "--output-subdir",
      "pagefind-stock",
      "--force-language",
      "vi",
    ],
    {},
  );
  if (stock.code !== 0) throw new Error(`stock Pagefind failed:\n${stock.stderr}`);
  console.log(
    `stock Pagefind index: ${stock.seconds.toFixed(1)} s, peak ${(stock.peakRssBytes / 2 ** 30).toFixed(2)} GB`,
  );
}
const manifest = JSON.parse(readFileSync(path.join(siteDir, "tim-kiem/chi-muc.json"), "utf8")) as {
  shards: { id: string; articles: number }[];
};
console.log(
  `shards: ${manifest.shards.length}, newest ${manifest.shards[0]?.id} (${manifest.shards[0]?.articles} articles), oldest ${manifest.shards.at(-1)?.id}`,
);

// The engine as the search page uses it, exposed as a module the measuring page can import.
await build({
  entryPoints: ["client/search-engine.ts"],
  outfile: path.join(siteDir, "assets/search-engine-bench.js"),
  bundle: true,
  format: "esm",
  minify: true,
  logLevel: "warning",
});
writeFileSync(path.join(siteDir, "bench.html"), "<!doctype html><html lang=vi><title>bench</title></html>");

// A static host: files cacheable for ten minutes, like GitHub Pages.
const handler = sirv(siteDir, { maxAge: 600, etag: true });
const server = createServer((request, response) =>
  handler(request, response, () => {
    response.statusCode = 404;
    response.end();
  }),
);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await launchBrowser();

type Mode = "first" | "archive" | "stock";
const kindOf = (pathname: string) =>
  pathname.endsWith(".pagefind")
    ? "wasm"
    : pathname.endsWith("pf_meta")
      ? "pf_meta"
      : pathname.endsWith("pf_index")
        ? "index chunks"
        : pathname.endsWith("pf_fragment")
          ? "fragments"
          : pathname.endsWith("pf_filter")
            ? "filters"
            : pathname.endsWith(".js")
              ? "runtime js"
              : "other";

/** One reader with an empty cache: opens the site, runs one query, reads the first page of results. */
async function coldQuery(mode: Mode, query: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bytes = new Map<string, number>();
  const pending: Promise<void>[] = [];
  context.on("response", (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith("/tim-kiem/") && !url.pathname.startsWith("/pagefind-stock/")) return;
    pending.push(
      (async () => {
        const body = await response.body().catch(() => Buffer.alloc(0));
        if (response.status() === 304 || response.fromServiceWorker()) return;
        // Pagefind's own files are gzipped already; scripts and JSON are counted as a host sends them, gzipped.
        const size = /\.(js|json)$/.test(url.pathname) ? gzipSync(body).length : body.length;
        bytes.set(kindOf(url.pathname), (bytes.get(kindOf(url.pathname)) ?? 0) + size);
      })(),
    );
  });
  await page.goto(`${origin}/bench.html`);
  // Passed as text: the TypeScript loader would otherwise add helpers the page does not have.
  const result = (await page.evaluate(`(async () => {
    const mode = ${JSON.stringify(mode)}, query = ${JSON.stringify(query)}, firstPage = ${FIRST_PAGE};
    const started = performance.now();
    let run;
    if (mode === "stock") {
      const runtime = await import("/pagefind-stock/pagefind.js");
      const pagefind = runtime.createInstance({ basePath: "/pagefind-stock/" });
      run = async (q) => ({ hits: (await pagefind.search(q)).results, searched: 1 });
    } else {
      const engine = await import("/assets/search-engine-bench.js");
      const { shards } = await (await fetch("/tim-kiem/chi-muc.json")).json();
      const create = async (newest, options) => {
        const runtime = await import(newest.path + "pagefind.js");
        const instance = runtime.createInstance({ ...options, basePath: newest.path });
        await instance.init();
        return instance;
      };
      const index = new engine.ShardedIndex(shards, create);
      const maxShards = mode === "first" ? ${AUTOMATIC_SHARDS} : undefined;
      run = async (q) => engine.searchShards(index, q, undefined, "relevance", { enough: firstPage, maxShards });
    }
    const show = async (q) => { const outcome = await run(q); await Promise.all(outcome.hits.slice(0, firstPage).map((hit) => hit.data())); return outcome.searched; };
    const searched = await show(query);
    const cold = performance.now() - started;
    const warmStarted = performance.now();
    await show(query + " " + query.split(" ")[0]);
    return { cold, warm: performance.now() - warmStarted, searched };
  })()`)) as { cold: number; warm: number; searched: number };
  await page.waitForTimeout(100);
  await Promise.all(pending);
  await context.close();
  return { bytes, total: [...bytes.values()].reduce((a, b) => a + b, 0), ...result };
}

const modes: Mode[] = values["no-stock"] ? ["first", "archive"] : ["first", "archive", "stock"];
const label: Record<Mode, string> = {
  first: "ours, first query (newest shards, as the page searches without asking)",
  archive: "ours, whole archive (older shards merged until the first page is certain)",
  stock: "stock Pagefind (one index of every article)",
};
for (const mode of modes) {
  const totals: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  const shardsLoaded: number[] = [];
  const byKind = new Map<string, number[]>();
  for (const query of QUERIES) {
    const measured = await coldQuery(mode, query);
    console.log(
      `  ${mode} "${query}": ${(measured.total / 1024).toFixed(0)} KB, ${measured.searched} shard(s), ${measured.cold.toFixed(0)} ms`,
    );
    totals.push(measured.total);
    cold.push(measured.cold);
    warm.push(measured.warm);
    shardsLoaded.push(measured.searched);
    for (const [kind, size] of measured.bytes) byKind.set(kind, [...(byKind.get(kind) ?? []), size]);
  }
  const kinds = [...byKind].map(([kind, list]) => `${kind} ${(median(list) / 1024).toFixed(0)}`).join(", ");
  console.log(
    `${label[mode]}: first ${FIRST_PAGE} results: median ${(median(totals) / 1024).toFixed(0)} KB, max ${(Math.max(...totals) / 1024).toFixed(0)} KB, "${QUERIES[0]}" ${(totals[0]! / 1024).toFixed(0)} KB (KB by kind, medians: ${kinds}); shards median ${median(shardsLoaded)}; time cold median ${median(cold).toFixed(0)} ms, next query median ${median(warm).toFixed(0)} ms`,
  );
}
await browser.close();
server.close();
