import { Parser } from "htmlparser2";

/** The site's own addresses a page links to or loads (a, link, img, script, source, form), without query or fragment. */
export function internalLinksOf(html: string): string[] {
  const links: string[] = [];
  const take = (value: string | undefined) => {
    if (!value || !value.startsWith("/") || value.startsWith("//")) return;
    links.push(value.replace(/[?#].*$/, ""));
  };
  new Parser({
    onopentag(name, attributes) {
      if (name === "a" || name === "link") take(attributes.href);
      if (name === "img" || name === "script" || name === "source" || name === "iframe") take(attributes.src);
      if (name === "form") take(attributes.action);
      for (const candidate of (attributes.srcset ?? "").split(",")) take(candidate.trim().split(/\s+/)[0]);
    },
  }).end(html);
  return links;
}

/** The file an address is served from: `/a/b/` → `a/b/index.html`, `/a.css` → `a.css`. */
export const fileOfAddress = (address: string) =>
  address.endsWith("/") ? `${address.slice(1)}index.html` : address.slice(1);

/** A file no reader is sent to: under a hidden folder or hidden itself (rsync's unfinished files, the deploy's record). */
const hidden = (file: string) => file.split("/").some((part) => part.startsWith("."));

/** Every link of every page of a site's files that leads to no file: "page → address". */
export function brokenLinks(files: ReadonlyMap<string, Buffer>): string[] {
  const broken: string[] = [];
  for (const [file, bytes] of files) {
    if (!file.endsWith(".html") || hidden(file)) continue;
    for (const address of new Set(internalLinksOf(bytes.toString())))
      if (!files.has(fileOfAddress(address))) broken.push(`${file} → ${address}`);
  }
  return broken.sort();
}
