// The Tin mới sidebar, brought up to date. A build rewrites only the pages whose own content
// changed, so a page's baked list may be a few articles behind; the newest list is one small JSON.
// Without JavaScript, or if the JSON cannot be loaded, the baked list stays.
import type { ArticleSummary } from "../lib/content/article.ts";
import { ROUTES } from "../lib/settings/routes.ts";

function renderItem(item: ArticleSummary): HTMLLIElement {
  // Text only: titles and summaries come from editors and must never become markup.
  const li = document.createElement("li");
  li.className = "latest__item";
  const title = document.createElement("a");
  title.className = "latest__title";
  title.href = item.url;
  title.textContent = item.title;
  const meta = document.createElement("p");
  meta.className = "latest__meta";
  const category = document.createElement("a");
  category.href = item.category.url;
  category.textContent = item.category.name;
  const time = document.createElement("time");
  time.dateTime = item.dateIso;
  time.textContent = item.dateDisplay;
  meta.append(category, " · ", time);
  const summary = document.createElement("p");
  summary.className = "latest__summary";
  summary.textContent = item.summary;
  li.append(title, meta, summary);
  return li;
}

async function refresh(list: HTMLElement): Promise<void> {
  const response = await fetch(ROUTES.latestJson);
  if (!response.ok) return;
  const { items } = (await response.json()) as { items: ArticleSummary[] };
  const shown = [...list.querySelectorAll<HTMLAnchorElement>(".latest__title")].map((link) =>
    link.getAttribute("href"),
  );
  if (items.length === 0 || items.map((item) => item.url).join() === shown.join()) return;
  list.replaceChildren(...items.map(renderItem));
}

const list = document.querySelector<HTMLElement>("[data-latest-list]");
if (list) refresh(list).catch(() => undefined);
