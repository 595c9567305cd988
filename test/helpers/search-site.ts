import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PagefindApi } from "../../client/search-engine.ts";
import { serveStatic, type StaticSite } from "./browser.ts";
import { buildFixture, PROJECT_ROOT, type FixtureSite } from "./fixture-site.ts";

export const SEARCH_FIXTURES = path.join(PROJECT_ROOT, "test/fixtures/search");

export interface PagefindRuntime extends PagefindApi {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

export interface SearchSite {
  site: FixtureSite;
  server: StaticSite;
  /** Pagefind's own browser runtime for the recent index, running in Node against the served files. */
  pagefind: PagefindRuntime;
  /** The same for the archive index (older years). */
  archive: PagefindRuntime;
  /** Both, newest first, as the search page loads them. */
  bundles: (() => Promise<PagefindApi>)[];
}

async function loadRuntime(site: FixtureSite, server: StaticSite, bundle: string): Promise<PagefindRuntime> {
  const runtime = (await import(pathToFileURL(path.join(site.outDir, bundle, "pagefind.js")).href)) as PagefindRuntime;
  await runtime.options({ basePath: `${server.origin}/${bundle}/` });
  await runtime.init();
  return runtime;
}

export async function buildSearchSite(): Promise<SearchSite> {
  const articles = Object.fromEntries(
    readdirSync(SEARCH_FIXTURES)
      .filter((name) => name.endsWith(".md"))
      .map((name) => [name, readFileSync(path.join(SEARCH_FIXTURES, name), "utf8")]),
  );
  // 15 recent articles: the 2024–2025 ones; the 2017 article goes to the archive index.
  const { site, result } = await buildFixture(articles, { env: { TOASOAN_SEARCH_RECENT_ARTICLES: "15" } });
  if (result.code !== 0) throw new Error(result.stderr);
  const server = await serveStatic(site.outDir);
  const pagefind = await loadRuntime(site, server, "pagefind");
  const archive = await loadRuntime(site, server, "pagefind-luu-tru");
  return { site, server, pagefind, archive, bundles: [async () => pagefind, async () => archive] };
}
