import TurndownService from "turndown";
import { gfm } from "turndown-plugin-gfm";

export interface ConvertedBody {
  markdown: string;
  /** What could not be kept as it was (shortcodes dropped…), for the report. */
  notes: string[];
}

const BLOCK = /^<(p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|iframe|section|article|dl|address)\b/i;

/**
 * WordPress stores paragraphs as blank lines (its editor adds the <p> when it shows a post): the same
 * is done here before the conversion, for the text that is not already in a block.
 */
export function wpautop(html: string): string {
  return html
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (BLOCK.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, "<br>\n")}</p>`))
    .join("\n");
}

const attribute = (attributes: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(attributes)?.[1] ?? "";

/**
 * Shortcodes: `[caption]…[/caption]` becomes a figure with its caption, `[embed]url[/embed]` a link;
 * others (galleries, players of old plugins) cannot be shown on a static page: the tag is removed,
 * what it wraps is kept, and the report says so.
 */
export function expandShortcodes(html: string, notes: string[]): string {
  let out = html.replace(/\[caption([^\]]*)\]([\s\S]*?)\[\/caption\]/g, (_whole, attributes: string, inner: string) => {
    const image = /<img[^>]*>/i.exec(inner)?.[0] ?? "";
    const caption = (
      attribute(attributes, "caption") || inner.replace(/<a[^>]*>\s*<img[^>]*>\s*<\/a>|<img[^>]*>/gi, "")
    ).trim();
    return `<figure>${image}<figcaption>${caption}</figcaption></figure>`;
  });
  out = out.replace(
    /\[embed\]([\s\S]*?)\[\/embed\]/g,
    (_whole, url: string) => `<p><a href="${url.trim()}">${url.trim()}</a></p>`,
  );
  out = out.replace(/\[(\/?)([a-z_][a-z0-9_-]*)([^\]]*)\]/gi, (whole, closing: string, name: string) => {
    if (!closing) notes.push(`bỏ shortcode [${name}] (không hiển thị được trên trang tĩnh)`);
    return "";
  });
  return out;
}

function turndown(rewriteImage: (src: string) => string): TurndownService {
  const service = new TurndownService({
    headingStyle: "atx",
    bulletListMarker: "-",
    codeBlockStyle: "fenced",
    emDelimiter: "*",
  });
  service.use(gfm);
  service.addRule("figure", {
    filter: "figure",
    replacement: (_content, node) => {
      const element = node as HTMLElement;
      const image = element.querySelector("img");
      const caption = element.querySelector("figcaption")?.textContent?.trim() ?? "";
      if (!image) return caption ? `\n\n*${caption}*\n\n` : "";
      const alt = (image.getAttribute("alt") || caption).replace(/[[\]]/g, "");
      return `\n\n![${alt}](${rewriteImage(image.getAttribute("src") ?? "")})${caption ? `\n*${caption.replace(/\*/g, "\\*")}*` : ""}\n\n`;
    },
  });
  service.addRule("image", {
    filter: "img",
    replacement: (_content, node) => {
      const image = node as HTMLElement;
      const src = image.getAttribute("src") ?? "";
      return src ? `![${(image.getAttribute("alt") ?? "").replace(/[[\]]/g, "")}](${rewriteImage(src)})` : "";
    },
  });
  // Scripts, styles and embedded players are not content: a static article does not run them.
  service.remove(["script", "style", "iframe", "object", "embed", "noscript", "form"]);
  return service;
}

/** A post's HTML as clean Markdown; `rewriteImage` decides where each image will live. */
export function htmlToMarkdown(html: string, rewriteImage: (src: string) => string): ConvertedBody {
  const notes: string[] = [];
  const prepared = wpautop(expandShortcodes(html, notes));
  const markdown = turndown(rewriteImage)
    .turndown(prepared)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { markdown, notes: [...new Set(notes)] };
}

/** Plain text of a bit of HTML (an excerpt, a comment): tags dropped, entities decoded, spaces collapsed. */
export function htmlToText(html: string): string {
  return new TurndownService()
    .addRule("plain", { filter: ["a", "strong", "em", "b", "i", "span", "code"], replacement: (content) => content })
    .turndown(wpautop(html))
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}
