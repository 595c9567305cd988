import slugifyLib from "@sindresorhus/slugify";

/** ASCII slug with Vietnamese letters transliterated: "Đắk Lắk" → "dak-lak". */
export function slugify(text: string): string {
  return slugifyLib(text.normalize("NFC"), { customReplacements: [["&", " va "]] });
}

/** Collapses runs of whitespace and trims: what an editor means by a one-line text. */
export function singleLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** What slugify makes and what an editor may write as a slug: lowercase ASCII words joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
