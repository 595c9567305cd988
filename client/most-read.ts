// Đọc nhiều in the browser: the article page's view, sent once as a beacon (not when the reader asks
// not to be followed), and the box brought up to date from the endpoint's lists between builds.
// Items are clones of the box's own <template>; a title is set as text, never as markup.
import { COMMENTS_API } from "../comments/shared/api-paths.ts";
import { MOST_READ_PERIODS, type MostReadExport, type MostReadItem } from "../comments/shared/most-read.ts";

function countView(): void {
  const marker = document.querySelector<HTMLElement>("[data-views]");
  const { endpoint, article } = marker?.dataset ?? {};
  if (!endpoint || !article) return;
  const navigatorPrivacy = navigator as Navigator & { globalPrivacyControl?: boolean };
  if (navigatorPrivacy.globalPrivacyControl || navigator.doNotTrack === "1") return;
  navigator.sendBeacon(`${endpoint}${COMMENTS_API.views}`, new URLSearchParams({ article }));
}

/** Only the site's own pages: an address like "/2025/05/04/bai/", never another site or a script. */
const isSitePath = (url: unknown): url is string => typeof url === "string" && /^\/(?!\/)/.test(url);

function fill(box: HTMLElement, lists: MostReadExport): void {
  const template = box.querySelector<HTMLTemplateElement>("template[data-most-read-item]");
  const scope = box.dataset.scope ?? "";
  const count = Number(box.dataset.count) || 5;
  const mine = scope ? lists.categories?.[scope] : lists.site;
  if (!template || !mine) return;
  let shown = 0;
  for (const period of MOST_READ_PERIODS) {
    const section = box.querySelector<HTMLElement>(`[data-most-read-period="${period}"]`);
    const list = section?.querySelector<HTMLElement>("[data-most-read-list]");
    if (!section || !list) continue;
    const items = (mine[period] ?? []).filter((item: MostReadItem) => isSitePath(item.url)).slice(0, count);
    list.replaceChildren(
      ...items.map((item) => {
        const clone = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
        const link = clone.querySelector("a")!;
        link.href = item.url;
        link.textContent = item.title;
        return clone;
      }),
    );
    section.hidden = items.length === 0;
    shown += items.length;
  }
  box.hidden = shown === 0;
}

async function refresh(box: HTMLElement): Promise<void> {
  const response = await fetch(`${box.dataset.endpoint}${COMMENTS_API.mostRead}`);
  if (!response.ok) return;
  fill(box, (await response.json()) as MostReadExport);
}

countView();
const box = document.querySelector<HTMLElement>("[data-most-read]");
// An endpoint that cannot be reached leaves the lists the build baked.
if (box) refresh(box).catch(() => undefined);
