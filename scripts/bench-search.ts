// npm run bench:search -- [--corpus DIR | --articles 2000] [--site DIR]
// Bytes fetched and time for the first query on a fresh page (stock Pagefind vs ours), the index
// size on disk, and warm query times. Runs Pagefind's own browser runtime in Node against the site
// served over loopback, counting every byte it fetches.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { writeBundle } from "../lib/search-index.ts";
import { launchBrowser, serveStatic } from "../test/helpers/browser.ts";
import { median, runMeasured } from "./lib/process-tree.ts";
import { writeSyntheticCorpus } from "./lib/synthetic-corpus.ts";

const { values } = parseArgs({
  options: { corpus: { type: "string" }, articles: { type: "string", default: "2000" }, site: { type: "string" } },
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

// Stock Pagefind for comparison: one index of every article, as `npx pagefind` would make it.
const articleYears = readdirSync(siteDir).filter((name) => /^\d{4}$/.test(name));
if (!existsSync(path.join(siteDir, "pagefind-stock")))
  await writeBundle(
    siteDir,
    path.join(siteDir, "pagefind-stock"),
    articleYears.map((year) => `${year}/[0-9][0-9]`),
  );
const pagefindDir = path.join(siteDir, "pagefind");
const indexBytes = readdirSync(pagefindDir, { recursive: true, encoding: "utf8" }).reduce(
  (sum, name) => sum + statSync(path.join(pagefindDir, name)).size,
  0,
);
const fragments = readdirSync(path.join(pagefindDir, "fragment")).length;
const runtime = readFileSync(path.join(pagefindDir, "pagefind.js"));
const bundlesInfo = JSON.parse(readFileSync(path.join(siteDir, "tim-kiem/chi-muc.json"), "utf8")) as {
  bundles: { path: string; from: string; to: string; pages: number }[];
};
console.log(
  `bundles: ${bundlesInfo.bundles.map((bundle) => `${bundle.path} ${bundle.from} to ${bundle.to} (${bundle.pages} articles)`).join(", ")}`,
);
console.log(
  `recent index on disk: ${(indexBytes / 1024 / 1024).toFixed(1)} MB, ${fragments} fragment files; pagefind.js ${(runtime.length / 1024).toFixed(0)} KB (${(gzipSync(runtime).length / 1024).toFixed(0)} KB gzipped, loaded only when a search runs)`,
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
const server = await serveStatic(siteDir);
const browser = await launchBrowser();

type Mode = "stock" | "ours";
/** One reader with an empty cache: opens the site, runs one query, reads the first page of results. */
async function coldQuery(
  mode: Mode,
  query: string,
): Promise<{ bytes: Map<string, number>; total: number; ms: number; warmMs: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bytes = new Map<string, number>();
  page.on("response", async (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith("/pagefind")) return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    // Pagefind's own files are already gzipped; scripts are counted as a host would send them, gzipped.
    const size = url.pathname.endsWith(".js") ? gzipSync(body).length : body.length;
    const kind = url.pathname.endsWith(".pagefind")
      ? "wasm"
      : url.pathname.endsWith("pf_meta")
        ? "pf_meta"
        : url.pathname.endsWith("pf_index")
          ? "index chunks"
          : url.pathname.endsWith("pf_fragment")
            ? "fragments"
            : url.pathname.endsWith("pf_filter")
              ? "filters"
              : url.pathname.endsWith(".js")
                ? "runtime js"
                : "other";
    bytes.set(kind, (bytes.get(kind) ?? 0) + size);
  });
  await page.goto(`${server.origin}/404.html`);
  // Passed as text: the TypeScript loader would otherwise add helpers the page does not have.
  const timing = (await page.evaluate(`(async () => {
    const mode = ${JSON.stringify(mode)}, query = ${JSON.stringify(query)}, firstPage = ${FIRST_PAGE};
    const engine = await import("/assets/search-engine-bench.js");
    const started = performance.now();
    let run;
    if (mode === "stock") {
      const pagefind = await import("/pagefind-stock/pagefind.js");
      await pagefind.init();
      run = async (q) => (await pagefind.search(q)).results;
    } else {
      // What the search page does: the bundle list, then the recent index, the archive only if needed.
      const { bundles } = await (await fetch("/tim-kiem/chi-muc.json")).json();
      const loaders = bundles.map((bundle) => {
        let runtime;
        return () => (runtime ??= import(bundle.path + "pagefind.js").then(async (module) => { await module.init(); return module; }));
      });
      run = async (q) => (await engine.searchAcross(loaders, q, undefined, "relevance", firstPage)).hits;
    }
    const show = async (q) => Promise.all((await run(q)).slice(0, firstPage).map((hit) => hit.data()));
    await show(query);
    const cold = performance.now() - started;
    const warmStarted = performance.now();
    await show(query + " " + query.split(" ")[0]);
    return { cold, warm: performance.now() - warmStarted };
  })()`)) as { cold: number; warm: number };
  await page.waitForTimeout(50);
  await context.close();
  return { bytes, total: [...bytes.values()].reduce((a, b) => a + b, 0), ms: timing.cold, warmMs: timing.warm };
}

for (const mode of ["stock", "ours"] as const) {
  const totals: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  const byKind = new Map<string, number[]>();
  for (const query of QUERIES) {
    const measured = await coldQuery(mode, query);
    if (process.env.BENCH_VERBOSE)
      console.log(`  ${mode} "${query}": ${(measured.total / 1024).toFixed(0)} KB, ${measured.ms.toFixed(0)} ms`);
    totals.push(measured.total);
    cold.push(measured.ms);
    warm.push(measured.warmMs);
    for (const [kind, size] of measured.bytes) byKind.set(kind, [...(byKind.get(kind) ?? []), size]);
  }
  const kinds = [...byKind].map(([kind, list]) => `${kind} ${(median(list) / 1024).toFixed(0)}`).join(", ");
  console.log(
    `${mode === "stock" ? "stock Pagefind" : "ours"}: first query incl. ${FIRST_PAGE} results: median ${(median(totals) / 1024).toFixed(0)} KB, max ${(Math.max(...totals) / 1024).toFixed(0)} KB (KB by kind, medians: ${kinds}); time cold median ${median(cold).toFixed(0)} ms, next query median ${median(warm).toFixed(0)} ms`,
  );
}
await browser.close();
await server.close();
