import matter from "gray-matter";
import yaml from "js-yaml";

/**
 * YAML's default schema turns `2025-05-04 23:30` into a UTC instant before we see it, which would
 * shift every offset-less date by seven hours. The JSON schema keeps such values as the text the
 * editor wrote (still reading true/false, numbers and null), so dates are interpreted once, in the
 * newsroom's zone, by lib/dates.ts. The build (Eleventy) and every tool use these same options.
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

/** Parses a Markdown file; the whole text is normalised to NFC first (some keyboards type decomposed Vietnamese). */
export function parseMarkdownFile(text: string): ParsedMarkdownFile {
  const normalised = text.normalize("NFC").replace(/^\uFEFF/, "");
  // With options passed, gray-matter does not cache by input, so a large archive is not kept alive.
  const file = matter(normalised, grayMatterOptions);
  return {
    data: file.data as Record<string, unknown>,
    body: file.content,
    hasFrontMatter: file.matter.trim().length > 0,
  };
}
