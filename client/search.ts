// The search page: the query lives in the URL (?q=…&chuyen-muc=…&sap-xep=moi-nhat), so a search
// can be shared and the back button works. Pagefind's runtime is loaded only when a search runs.
import { ROUTES, SEARCH_PARAMS } from "../lib/settings/routes.ts";
import type { UiWords } from "../lib/settings/settings.ts";
import { formatIsoInNewsroomZone } from "../lib/text/vietnamese.ts";
import { required } from "./dom.ts";
import { excerptParts } from "./excerpt.ts";
import { type Hit, type MergeablePagefind, type SortOrder } from "./search-engine.ts";
import type { SearchShardsManifest } from "../lib/outputs/search-routing.ts";
import { RoutingIndex } from "./search-plan.ts";
import { type ShardedOutcome, ShardedIndex, searchShards, shardsFor } from "./search-shards.ts";
import { fill } from "../lib/text/fill.ts";

/** The interface words of `_data/ui.json`, put in by the build (see lib/render/client-bundle.ts). */
declare const TOASOAN_UI: UiWords;
const ui = TOASOAN_UI;

const PAGE_SIZE = 10;

interface PagefindModule {
  createInstance(
    options: Record<string, unknown> & { basePath: string },
  ): MergeablePagefind & { init(): Promise<void> };
}

interface SearchState {
  query: string;
  categorySlug: string;
  sort: SortOrder;
}

let index: Promise<ShardedIndex> | undefined;
/** The list of shards, then the newest one; a failed load is forgotten so that "Thử lại" starts over. */
function loadIndex(): Promise<ShardedIndex> {
  index ??= readJson(ROUTES.searchShards).then((read) => {
    const manifest = read as SearchShardsManifest;
    return new ShardedIndex(
      manifest,
      async (first, options) => {
        const runtime = (await import(
          /* a URL on the site, resolved by the browser */ `${first.path}pagefind.js`
        )) as PagefindModule;
        // In the page's own thread: a search over a few shards takes milliseconds, and Pagefind's
        // worker would be one more script to download before the first answer.
        const instance = runtime.createInstance({ ...options, basePath: first.path, noWorker: true });
        await instance.init();
        return instance;
      },
      new RoutingIndex(manifest, readJson),
    );
  });
  index.catch(() => (index = undefined));
  return index;
}

async function readJson(sitePath: string): Promise<unknown> {
  const response = await fetch(sitePath);
  if (!response.ok) throw new Error(`${sitePath}: ${response.status}`);
  return response.json();
}

/** How many more shards a press of the archive button searches. */
const nextBatch = (outcome: ShardedOutcome, kilobytes: number) =>
  Math.min(shardsFor(outcome.syllables, kilobytes), outcome.plan.shards.length - outcome.searched);

function readState(): SearchState {
  const params = new URLSearchParams(location.search);
  return {
    query: (params.get(SEARCH_PARAMS.query) ?? "").trim(),
    categorySlug: params.get(SEARCH_PARAMS.category) ?? "",
    sort: params.get(SEARCH_PARAMS.sort) === SEARCH_PARAMS.newest ? "newest" : "relevance",
  };
}

function stateUrl(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.query) params.set(SEARCH_PARAMS.query, state.query);
  if (state.categorySlug) params.set(SEARCH_PARAMS.category, state.categorySlug);
  if (state.sort === "newest") params.set(SEARCH_PARAMS.sort, SEARCH_PARAMS.newest);
  const search = params.toString();
  return `${location.pathname}${search ? `?${search}` : ""}`;
}

function renderResult(data: Awaited<ReturnType<Hit["data"]>>, syllables: readonly string[]): HTMLLIElement {
  // Everything goes in as text: titles and bodies come from editors and must never become markup.
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title ?? data.url;
  heading.append(link);
  const meta = document.createElement("p");
  meta.className = "search-result__meta";
  const category = data.filters.category?.[0];
  if (category) meta.append(category);
  if (data.meta.date) {
    const time = document.createElement("time");
    time.dateTime = data.meta.date;
    time.textContent = formatIsoInNewsroomZone(data.meta.date);
    meta.append(category ? " · " : "", time);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-result__excerpt";
  for (const part of excerptParts(data.content, syllables)) {
    if (part.match) {
      const mark = document.createElement("mark");
      mark.textContent = part.text;
      excerpt.append(mark);
    } else {
      excerpt.append(part.text);
    }
  }
  item.append(heading, meta, excerpt);
  return item;
}

function start(section: HTMLElement): void {
  const form = required<HTMLFormElement>(section, "[data-search-form]");
  const input = required<HTMLInputElement>(form, "[data-search-input]");
  const categorySelect = required<HTMLSelectElement>(form, "[data-search-category]");
  const sortSelect = required<HTMLSelectElement>(form, "[data-search-sort]");
  const status = required<HTMLElement>(section, "[data-search-status]");
  const list = required<HTMLOListElement>(section, "[data-search-results]");
  const more = required<HTMLButtonElement>(section, "[data-search-more]");
  const archive = required<HTMLButtonElement>(section, "[data-search-archive]");
  const retry = required<HTMLButtonElement>(section, "[data-search-retry]");
  // Kilobytes of shards a first answer may download, and as many more each press of the archive
  // button (the site's searchFirstKilobytes and searchMoreKilobytes).
  const firstBudget = Number(section.dataset.firstKilobytes) || 150;
  const moreBudget = Number(section.dataset.moreKilobytes) || 350;
  let generation = 0;

  const categoryName = (slug: string) =>
    [...categorySelect.options].find((option) => option.value === slug)?.dataset.name;

  const show = (state: SearchState) => {
    input.value = state.query;
    categorySelect.value = categoryName(state.categorySlug) ? state.categorySlug : "";
    sortSelect.value = state.sort === "newest" ? SEARCH_PARAMS.newest : "";
  };

  const run = async (state: SearchState) => {
    const current = ++generation;
    list.replaceChildren();
    for (const button of [more, archive, retry]) button.hidden = true;
    if (!state.query) {
      status.textContent = ui.searchPrompt;
      return;
    }
    const name = categoryName(state.categorySlug);
    const filters = name ? { category: name } : undefined;
    let shown = 0;
    let outcome: ShardedOutcome;
    let sharded: ShardedIndex;

    const failed = () => {
      if (current !== generation) return;
      status.textContent = fill(ui.searchFailed, { retry: ui.searchRetry });
      retry.hidden = false;
      retry.onclick = () => void run(state);
      archive.disabled = false;
    };
    const describe = () => {
      const where = name ? fill(ui.searchInCategory, { category: name }) : "";
      const scope = outcome.complete
        ? ui.searchWhole
        : fill(ui.searchScope, { searched: outcome.searched, total: outcome.plan.shards.length });
      const values = { count: outcome.hits.length, query: state.query, where, scope };
      const missing =
        outcome.unmatched.length > 0 ? fill(ui.searchUnmatched, { words: outcome.unmatched.join("”, “") }) : "";
      // Says what was searched: the whole archive, or which part, and whether the first results are
      // already the archive's own (then the button only adds more of them).
      const wholePhrase = outcome.hits.filter((hit) => hit.phrase === outcome.syllables.length).length;
      const certainty = outcome.complete
        ? ""
        : outcome.firstPageCertain
          ? state.sort === "newest"
            ? ui.searchNewestCertain
            : ui.searchBestCertain
          : outcome.phraseComplete && wholePhrase > 0 && state.sort !== "newest"
            ? fill(ui.searchPhraseComplete, { count: wholePhrase, query: state.query })
            : ui.searchLikeliest;
      status.textContent =
        (outcome.hits.length === 0 ? fill(ui.searchNone, values) : fill(ui.searchFound, values)) +
        (outcome.hits.length > 0 ? certainty : "") +
        missing;
      archive.hidden = outcome.complete;
      if (!outcome.complete) archive.textContent = fill(ui.searchArchive, { count: nextBatch(outcome, moreBudget) });
      more.hidden = shown >= outcome.hits.length;
    };
    const showMore = async () => {
      const page = outcome.hits.slice(shown, shown + PAGE_SIZE);
      const items = await Promise.all(page.map(async (hit) => renderResult(await hit.data(), outcome.syllables)));
      if (current !== generation) return;
      shown += page.length;
      list.append(...items);
      describe();
    };
    const search = async (kilobytes: number, moreThan?: number) => {
      outcome = await searchShards(sharded, state.query, filters, state.sort, {
        enough: PAGE_SIZE,
        kilobytes,
        moreThan,
      });
      if (current !== generation) return;
      // A search over more shards merges them into one ranking: the list starts again from the top.
      list.replaceChildren();
      shown = 0;
      await showMore();
    };

    status.textContent = ui.searching;
    more.onclick = () => void showMore().catch(failed);
    archive.onclick = async () => {
      archive.disabled = true;
      status.textContent = fill(ui.searchingArchive, { count: nextBatch(outcome, moreBudget) });
      try {
        await search(moreBudget, outcome.hits.length);
        archive.disabled = false;
      } catch {
        failed();
      }
    };
    try {
      sharded = await loadIndex();
      await search(firstBudget);
    } catch {
      failed();
    }
  };

  const submit = () => {
    const state: SearchState = {
      query: input.value.trim(),
      categorySlug: categorySelect.value,
      sort: sortSelect.value === SEARCH_PARAMS.newest ? "newest" : "relevance",
    };
    history.pushState(null, "", stateUrl(state));
    void run(state);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  categorySelect.addEventListener("change", submit);
  sortSelect.addEventListener("change", submit);
  // Start fetching the list of shards while the reader is still typing.
  input.addEventListener("focus", () => void loadIndex().catch(() => undefined), { once: true });
  addEventListener("popstate", () => {
    const state = readState();
    show(state);
    void run(state);
  });

  const initial = readState();
  show(initial);
  // Mirror the query in the header box too, so the reader sees what was searched.
  const headerBox = document.querySelector<HTMLInputElement>("#search-q");
  if (headerBox) headerBox.value = initial.query;
  void run(initial);
}

const section = document.querySelector<HTMLElement>("[data-search-page]");
if (section) start(section);
