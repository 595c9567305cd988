// The Tin mới sidebar, brought up to date. A build rewrites only the pages whose own content
// changed, so a page's baked list may be a few articles behind; the newest items are one small
// page the build makes with the sidebar's own partial (escaped there like every page).
// Without JavaScript, or if the fragment cannot be loaded, the baked list stays.
import { ROUTES } from "../lib/settings/routes.ts";

const titlesOf = (root: ParentNode) =>
  [...root.querySelectorAll<HTMLAnchorElement>(".latest__title")].map((link) => link.getAttribute("href"));

async function refresh(list: HTMLElement): Promise<void> {
  const response = await fetch(ROUTES.latestFragment);
  if (!response.ok) return;
  const newest = new DOMParser()
    .parseFromString(await response.text(), "text/html")
    .querySelector("[data-latest-list]");
  const items = newest ? [...newest.children] : [];
  if (items.length === 0 || titlesOf(newest!).join() === titlesOf(list).join()) return;
  list.replaceChildren(...items);
}

const list = document.querySelector<HTMLElement>("[data-latest-list]");
if (list) refresh(list).catch(() => undefined);
