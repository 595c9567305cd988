/** The element the page's markup promises; a missing one is a template bug, reported by name. */
export function required<T extends Element>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`Thiếu phần tử ${selector} trên trang`);
  return element;
}
