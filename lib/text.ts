import slugifyLib from "@sindresorhus/slugify";

/** ASCII slug with Vietnamese letters transliterated: "Đắk Lắk" → "dak-lak". */
export function slugify(text: string): string {
  return slugifyLib(text.normalize("NFC"), { customReplacements: [["&", " va "]] });
}

/** Collapses runs of whitespace and trims: what an editor means by a one-line text. */
export function singleLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
