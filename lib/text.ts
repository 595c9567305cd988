import slugifyLib from "@sindresorhus/slugify";

/** ASCII slug with Vietnamese letters transliterated: "Đắk Lắk" → "dak-lak". */
export function slugify(text: string): string {
  return slugifyLib(text.normalize("NFC"), { customReplacements: [["&", " va "]] });
}

/** Lower-case, accent-free form for forgiving comparisons ("Kinh te" ~ "Kinh tế", "Đ" → "d"). */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .normalize("NFC");
}

/** Collapses runs of whitespace and trims: what an editor means by a one-line text. */
export function singleLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

const vietnameseCollator = new Intl.Collator("vi", { sensitivity: "base" });

export function compareVietnamese(a: string, b: string): number {
  return vietnameseCollator.compare(a, b);
}
