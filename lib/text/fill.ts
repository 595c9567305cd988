/** Puts values into an interface phrase of `_data/ui.json`: fill("Tìm thấy {count} bài", { count: 3 }). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
