import { Readable } from "node:stream";
import { RewritingStream } from "parse5-html-rewriting-stream";

type StartTag = Parameters<RewritingStream["emitStartTag"]>[0];

/** Attributes that hold one address. */
const URL_ATTRIBUTES = new Set(["href", "src", "action", "poster"]);

/** Elements that have no end tag: they open no subtree. */
const VOID_ELEMENTS = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);

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

/**
 * A built page as its preview serves it: the same page, but for what a preview must not do.
 * - It is never indexed: `noindex`, added before `</head>` unless the page says it already.
 * - It takes no comments: the comment box and the page's own scripts (which talk to the live
 *   endpoint and lists) are left out; what the build baked stays as built.
 * - Each address on the site becomes `addressOf`'s: the preview's copy of a changed page or file,
 *   the live site's for the rest.
 * A streaming HTML rewriter (parse5's) changes only those tokens; every other byte is the page's own.
 */
export async function previewPage(html: string, addressOf: AddressOf): Promise<string> {
  const rewriter = new RewritingStream();
  let skippedDepth = 0;
  let skippingScript = false;
  let robotsSaid = false;
  rewriter.on("startTag", (tag, raw) => {
    if (skippedDepth > 0) {
      if (!VOID_ELEMENTS.has(tag.tagName) && !tag.selfClosing) skippedDepth++;
      return;
    }
    const attribute = (name: string) => tag.attrs.find((attr) => attr.name === name);
    if (tag.tagName === "section" && attribute("data-comments")) {
      skippedDepth = 1;
      return;
    }
    const src = attribute("src")?.value;
    if (tag.tagName === "script" && src && isSitePath(src)) {
      skippingScript = true;
      return;
    }
    if (tag.tagName === "meta" && attribute("name")?.value === "robots") robotsSaid = true;
    let changed = false;
    for (const attr of tag.attrs) {
      if (URL_ATTRIBUTES.has(attr.name) && isSitePath(attr.value)) {
        attr.value = addressOf(attr.value);
        changed = true;
      } else if (attr.name === "srcset") {
        attr.value = rewriteSrcset(attr.value, addressOf);
        changed = true;
      }
    }
    if (changed) rewriter.emitStartTag(tag);
    else rewriter.emitRaw(raw);
  });
  rewriter.on("endTag", (tag, raw) => {
    if (skippedDepth > 0) {
      skippedDepth--;
      return;
    }
    if (skippingScript && tag.tagName === "script") {
      skippingScript = false;
      return;
    }
    if (tag.tagName === "head" && !robotsSaid) {
      const noindex: Pick<StartTag, "tagName" | "attrs" | "selfClosing"> = {
        tagName: "meta",
        attrs: [
          { name: "name", value: "robots" },
          { name: "content", value: "noindex" },
        ],
        selfClosing: false,
      };
      rewriter.emitStartTag(noindex as StartTag);
      rewriter.emitRaw("\n");
    }
    rewriter.emitRaw(raw);
  });
  for (const event of ["text", "comment"] as const)
    rewriter.on(event as "text", (_token, raw) => {
      if (skippedDepth === 0 && !skippingScript) rewriter.emitRaw(raw);
    });
  const chunks: string[] = [];
  rewriter.on("data", (chunk: string) => chunks.push(chunk));
  await new Promise<void>((resolve, reject) => {
    rewriter.on("end", resolve).on("error", reject);
    Readable.from([html]).pipe(rewriter);
  });
  return chunks.join("");
}
