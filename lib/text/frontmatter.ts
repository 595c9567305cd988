import matter from "gray-matter";
import yaml from "js-yaml";

/**
 * YAML's default schema turns `2025-05-04 23:30` into a UTC instant before we see it, which would
 * shift every offset-less date by seven hours. The JSON schema keeps such values as the text the
 * editor wrote (still reading true/false, numbers and null), so dates are interpreted once, in the
 * newsroom's zone, by lib/text/dates.ts. The build (Eleventy) and every tool use these same options.
 */
export function parseYaml(source: string): Record<string, unknown> {
  const value = yaml.load(source, { schema: yaml.JSON_SCHEMA });
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new Error("phần đầu (front matter) phải là các cặp `trường: giá trị`");
  }
  return value as Record<string, unknown>;
}

export const grayMatterOptions = {
  engines: { yaml: parseYaml },
} as const;

export interface ParsedMarkdownFile {
  data: Record<string, unknown>;
  body: string;
  hasFrontMatter: boolean;
}

const CLOSING_DELIMITER = /\r?\n---[ \t]*(?:\r?\n|$)/;

/** Parses a Markdown file; the whole text is normalised to NFC first (some keyboards type decomposed Vietnamese). */
export function parseMarkdownFile(text: string): ParsedMarkdownFile {
  const normalised = text.normalize("NFC").replace(/^\uFEFF/, "");
  // gray-matter looks every input up in a cache keyed by the whole text, which costs as much as
  // hashing the body: it is given the front matter alone, and the body is what follows it.
  const closing = normalised.startsWith("---") ? CLOSING_DELIMITER.exec(normalised.slice(3)) : null;
  const head = closing ? normalised.slice(0, 3 + closing.index + closing[0].length) : normalised;
  const file = matter(head, grayMatterOptions);
  const found = file.matter.trim().length > 0;
  return {
    data: file.data as Record<string, unknown>,
    body: closing && found ? normalised.slice(head.length) : closing ? normalised : file.content,
    hasFrontMatter: found,
  };
}

/**
 * The front matter block a tool writes for a new or imported article: YAML by the same library and
 * schema that read it, so any title, quote or colon round-trips; dates stay plain `yyyy-MM-dd HH:mm`
 * text, read in the newsroom's zone. Fields keep the order given; undefined fields are left out.
 */
export function formatFrontMatter(fields: Record<string, unknown>): string {
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return `---\n${yaml.dump(present, { schema: yaml.JSON_SCHEMA, lineWidth: -1, flowLevel: 1 })}---\n`;
}
