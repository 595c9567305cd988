import markdownit, { type Token } from "markdown-it";
import container from "markdown-it-container";
type MarkdownIt = ReturnType<typeof markdownit>;

/**
 * The blocks an editor may mark with `::: name` … `:::` (a Markdown container), for eMagazine pieces:
 * a pull quote, and a photo across the whole width of the page. Each becomes one element with a class.
 */
export const BODY_CONTAINERS = {
  "trich-dan": { tag: "blockquote", className: "pull-quote" },
  "toan-canh": { tag: "div", className: "full-bleed" },
} as const;

/**
 * Article bodies. Raw HTML is off: a body is the editor's text, and anything that looks like a tag
 * is shown as text, never executed. Headings shift one level down because the page's h1 is the title.
 */
export function createMarkdown(): MarkdownIt {
  const md = markdownit({ html: false, linkify: true, typographer: false });
  md.core.ruler.push("shift_headings", (state) => {
    for (const token of state.tokens) {
      if ((token.type === "heading_open" || token.type === "heading_close") && token.tag !== "h6") {
        token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 1)}`;
      }
    }
  });
  for (const [name, { tag, className }] of Object.entries(BODY_CONTAINERS))
    md.use(container, name, {
      render: (tokens: Token[], index: number) =>
        tokens[index]!.nesting === 1 ? `<${tag} class="${className}">\n` : `</${tag}>\n`,
    });
  const renderImage = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, index, options, env, self) => {
    tokens[index]!.attrSet("loading", "lazy");
    tokens[index]!.attrSet("decoding", "async");
    return renderImage(tokens, index, options, env, self);
  };
  return md;
}

/** What the build needs to know of a body without rendering it. */
export interface BodyScan {
  /** The body as plain text (for descriptions), entities already decoded. */
  text: string;
  wordCount: number;
  /** Every image address in the body, as written, so the build can check that each exists. */
  images: string[];
  /** Every link to a page of this site (`/…`), as written, so the build can check it leads somewhere. */
  links: string[];
}

export function scanBody(md: MarkdownIt, source: string): BodyScan & { render(): string } {
  const tokens = md.parse(source, {});
  const text = plainText(tokens);
  return {
    text,
    wordCount: text.split(/\s+/).filter(Boolean).length,
    images: imageSources(tokens),
    links: siteLinks(tokens),
    // From the same tokens: rendering costs a fraction of parsing.
    render: () => md.renderer.render(tokens, md.options, {}),
  };
}

export function renderBody(md: MarkdownIt, source: string): string {
  return md.render(source);
}

function plainText(tokens: Token[]): string {
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.type === "inline") {
      for (const child of token.children ?? []) {
        if (child.type === "text" || child.type === "code_inline") parts.push(child.content);
        else if (child.type === "softbreak" || child.type === "hardbreak") parts.push(" ");
      }
    } else if (token.type.endsWith("_close") && token.block) {
      parts.push(" ");
    }
  }
  return parts.join("").replace(/\s+/g, " ").trim();
}

function imageSources(tokens: Token[]): string[] {
  const sources: string[] = [];
  for (const token of tokens) {
    for (const child of token.children ?? []) {
      if (child.type === "image") sources.push(String(child.attrGet("src") ?? ""));
    }
  }
  return sources;
}

function siteLinks(tokens: Token[]): string[] {
  const links = new Set<string>();
  for (const token of tokens) {
    for (const child of token.children ?? []) {
      const href = child.type === "link_open" ? String(child.attrGet("href") ?? "") : "";
      if (href.startsWith("/") && !href.startsWith("//")) links.add(href);
    }
  }
  return [...links];
}
