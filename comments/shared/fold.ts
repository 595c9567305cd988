/**
 * Lower-case, accent-free form for forgiving comparisons ("Kinh te" ~ "Kinh tế", "Đ" → "d").
 * Dependency-free: the build, the browser bundles and the comments endpoint all use this one.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
}
