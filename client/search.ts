// The search page: the query lives in the URL (?q=…&chuyen-muc=…&sap-xep=moi-nhat), so a search
// can be shared and the back button works. Pagefind's runtime is loaded only when a search runs.
import { formatIsoInNewsroomZone } from "../lib/vietnamese.ts";
import { required } from "./dom.ts";
import { excerptParts, type Hit, type PagefindApi, searchAcross, type SortOrder } from "./search-engine.ts";

const PAGE_SIZE = 10;
const BUNDLES_URL = "/tim-kiem/chi-muc.json";

interface PagefindModule extends PagefindApi {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
}

interface SearchState {
  query: string;
  categorySlug: string;
  sort: SortOrder;
}

interface Bundle {
  path: string;
  /** "yyyy-mm": the months of articles this index holds. */
  from: string;
  to: string;
  load: () => Promise<PagefindModule>;
}

let bundles: Promise<Bundle[]> | undefined;
/** The search indexes (newest years first), each loaded only when a search needs it. */
function loadBundles(): Promise<Bundle[]> {
  bundles ??= fetch(BUNDLES_URL)
    .then((response) => response.json() as Promise<{ bundles: Omit<Bundle, "load">[] }>)
    .then(({ bundles: list }) =>
      list.map((bundle) => {
        let module: Promise<PagefindModule> | undefined;
        const load = () =>
          (module ??= (
            import(
              /* a URL on the site, resolved by the browser */ `${bundle.path}pagefind.js`
            ) as Promise<PagefindModule>
          ).then(async (runtime) => {
            await runtime.init();
            return runtime;
          }));
        return { ...bundle, load };
      }),
    );
  return bundles;
}

function monthText(value: string): string {
  const [year, month] = value.split("-");
  return `tháng ${Number(month)}/${year}`;
}

/** "tháng 3/2025 – tháng 10/2026": the months a set of indexes covers. */
function period(list: readonly Bundle[]): string {
  const from = list.map((bundle) => bundle.from).sort()[0]!;
  const to = list
    .map((bundle) => bundle.to)
    .sort()
    .reverse()[0]!;
  return from === to ? monthText(from) : `${monthText(from)} – ${monthText(to)}`;
}

function readState(): SearchState {
  const params = new URLSearchParams(location.search);
  return {
    query: (params.get("q") ?? "").trim(),
    categorySlug: params.get("chuyen-muc") ?? "",
    sort: params.get("sap-xep") === "moi-nhat" ? "newest" : "relevance",
  };
}

function stateUrl(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.query) params.set("q", state.query);
  if (state.categorySlug) params.set("chuyen-muc", state.categorySlug);
  if (state.sort === "newest") params.set("sap-xep", "moi-nhat");
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
  let generation = 0;

  const categoryName = (slug: string) =>
    [...categorySelect.options].find((option) => option.value === slug)?.dataset.name;

  const show = (state: SearchState) => {
    input.value = state.query;
    categorySelect.value = categoryName(state.categorySlug) ? state.categorySlug : "";
    sortSelect.value = state.sort === "newest" ? "moi-nhat" : "";
  };

  const run = async (state: SearchState) => {
    const current = ++generation;
    list.replaceChildren();
    more.hidden = true;
    archive.hidden = true;
    if (!state.query) {
      status.textContent = "Nhập từ khóa rồi bấm Tìm kiếm.";
      return;
    }
    status.textContent = "Đang tìm…";
    const name = categoryName(state.categorySlug);
    const filters = name ? { category: name } : undefined;
    let all: Bundle[];
    let outcome: Awaited<ReturnType<typeof searchAcross>>;
    try {
      all = await loadBundles();
      outcome = await searchAcross(
        all.map((bundle) => bundle.load),
        state.query,
        filters,
        state.sort,
        PAGE_SIZE,
      );
    } catch {
      if (current === generation) status.textContent = "Chưa tải được bộ tìm kiếm. Bạn vui lòng tải lại trang.";
      return;
    }
    if (current !== generation) return;
    const hits: Hit[] = [...outcome.hits];
    let searched = outcome.searched;
    let shown = 0;

    const describe = () => {
      const where = name ? ` trong chuyên mục ${name}` : "";
      const scope = searched < all.length ? ` (${period(all.slice(0, searched))})` : "";
      const missing = outcome.unmatched.length > 0 ? ` Không bài nào có từ “${outcome.unmatched.join("”, “")}”.` : "";
      status.textContent =
        hits.length === 0
          ? `Không tìm thấy bài nào cho “${state.query}”${where}.${missing} Bạn thử bỏ bớt từ hoặc dùng từ khác.`
          : `Tìm thấy ${hits.length} bài cho “${state.query}”${where}${scope}.${missing}`;
      archive.hidden = searched >= all.length;
      if (!archive.hidden) archive.textContent = `Tìm thêm trong lưu trữ ${period(all.slice(searched))}`;
      more.hidden = shown >= hits.length;
    };
    const showMore = async () => {
      const page = hits.slice(shown, shown + PAGE_SIZE);
      shown += page.length;
      const items = await Promise.all(page.map(async (hit) => renderResult(await hit.data(), outcome.syllables)));
      if (current !== generation) return;
      list.append(...items);
      describe();
    };
    more.onclick = () => void showMore();
    archive.onclick = async () => {
      archive.disabled = true;
      status.textContent = `Đang tìm trong lưu trữ ${period(all.slice(searched))}…`;
      const older = await searchAcross(
        all.slice(searched).map((bundle) => bundle.load),
        state.query,
        filters,
        state.sort,
        Number.POSITIVE_INFINITY,
      );
      archive.disabled = false;
      if (current !== generation) return;
      hits.push(...older.hits);
      searched += older.searched;
      outcome.unmatched = outcome.unmatched.filter((syllable) => older.unmatched.includes(syllable));
      if (shown < hits.length) await showMore();
      else describe();
    };
    describe();
    await showMore();
  };

  const submit = () => {
    const state: SearchState = {
      query: input.value.trim(),
      categorySlug: categorySelect.value,
      sort: sortSelect.value === "moi-nhat" ? "newest" : "relevance",
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
  // Start fetching the recent index while the reader is still typing.
  input.addEventListener(
    "focus",
    () =>
      void loadBundles()
        .then((list) => list[0]?.load())
        .catch(() => undefined),
    { once: true },
  );
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
