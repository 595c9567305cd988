import { foldVietnamese } from "../lib/text/vietnamese.ts";

export interface ExcerptPart {
  text: string;
  match: boolean;
}

/**
 * The stretch of an article's text with the most query syllables (folded, so "dien" marks "điện"),
 * split into parts for the page to render as text and <mark>: never as HTML.
 */
export function excerptParts(content: string, syllables: readonly string[], length = 32): ExcerptPart[] {
  const tokens = content.split(/\s+/).filter(Boolean);
  const wanted = new Set(syllables.map(foldVietnamese));
  const matches = tokens.map((token) =>
    wanted.has(foldVietnamese(token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))),
  );
  // Sliding window: the first stretch of `length` words holding the most matches.
  let count = matches.slice(0, length).filter(Boolean).length;
  let best = { start: 0, count };
  for (let start = 1; start + length <= tokens.length; start++) {
    count += (matches[start + length - 1] ? 1 : 0) - (matches[start - 1] ? 1 : 0);
    if (count > best.count) best = { start, count };
  }
  const parts: ExcerptPart[] = [];
  const push = (text: string, match: boolean) => {
    const last = parts[parts.length - 1];
    if (last && !last.match && !match) last.text += text;
    else parts.push({ text, match });
  };
  const end = Math.min(tokens.length, best.start + length);
  if (best.start > 0) push("… ", false);
  for (let i = best.start; i < end; i++) {
    if (i > best.start) push(" ", false);
    push(tokens[i]!, matches[i]!);
  }
  if (end < tokens.length) push(" …", false);
  return parts;
}
