import escapeHtml from "escape-html";
import { Parser } from "htmlparser2";

/** Attributes that hold one address. */
const URL_ATTRIBUTES = new Set(["href", "src", "action", "poster"]);

/** A site path (`/a/b/?q#x`) as the preview page should write it. */
export type AddressOf = (sitePath: string) => string;

const isSitePath = (value: string) => value.startsWith("/") && !value.startsWith("//");

function rewriteSrcset(value: string, addressOf: AddressOf): string {
  return value
    .split(",")
    .map((candidate) => {
      const [url = "", ...descriptors] = candidate.trim().split(/\s+/);
      return [isSitePath(url) ? addressOf(url) : url, ...descriptors].join(" ");
    })
    .join(", ");
}

/** A start tag written again with its attributes in their order, every value escaped. */
function startTag(name: string, attributes: Record<string, string>): string {
  const written = Object.entries(attributes).map(([attr, value]) => ` ${attr}="${escapeHtml(value)}"`);
  return `<${name}${written.join("")}>`;
}

/** A part of the page replaced: [start, end) by `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * A built page as its preview serves it: the same page, but for what a preview must not do.
 * - It is never indexed: its robots meta says `noindex`, added before `</head>` when it has none.
 * - It takes no comments and counts no views: the comment box, the view's picture and the page's own
 *   scripts (which talk to the live endpoint and lists) are left out; what the build baked stays as built.
 * - Each address on the site becomes `addressOf`'s: the preview's copy of a changed page or file,
 *   the live site's for the rest.
 * The page is read with htmlparser2, which says where each tag starts and ends; only those tags
 * are written again, every other byte is the page's own.
 */
export function previewPage(html: string, addressOf: AddressOf): string {
  const edits: Edit[] = [];
  /** An element being left out: where it starts, and how deep the parser is inside it. */
  let leaving: { start: number; depth: number } | undefined;
  let robotsSaid = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (leaving) {
          leaving.depth++;
          return;
        }
        if (
          (name === "section" && "data-comments" in attributes) ||
          (name === "noscript" && "data-views" in attributes) ||
          (name === "script" && isSitePath(attributes.src ?? ""))
        ) {
          leaving = { start: parser.startIndex, depth: 1 };
          return;
        }
        let changed = false;
        if (name === "meta" && attributes.name === "robots") {
          robotsSaid = true;
          // A page that lets engines in (max-image-preview:large) is shut to them in its preview.
          if (!/\bnoindex\b/.test(attributes.content ?? "")) {
            attributes.content = "noindex";
            changed = true;
          }
        }
        for (const [attr, value] of Object.entries(attributes)) {
          if (URL_ATTRIBUTES.has(attr) && isSitePath(value)) attributes[attr] = addressOf(value);
          else if (attr === "srcset") attributes[attr] = rewriteSrcset(value, addressOf);
          else continue;
          changed = true;
        }
        if (changed)
          edits.push({ start: parser.startIndex, end: parser.endIndex + 1, text: startTag(name, attributes) });
      },
      onclosetag(name, isImplied) {
        if (leaving) {
          if (--leaving.depth === 0) {
            edits.push({ start: leaving.start, end: parser.endIndex + 1, text: "" });
            leaving = undefined;
          }
          return;
        }
        if (name === "head" && !isImplied && !robotsSaid)
          edits.push({
            start: parser.startIndex,
            end: parser.startIndex,
            text: `${startTag("meta", { name: "robots", content: "noindex" })}\n`,
          });
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  let result = "";
  let at = 0;
  for (const edit of edits) {
    result += html.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + html.slice(at);
}
