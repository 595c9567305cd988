import { closest, distance } from "fastest-levenshtein";
import { slugify } from "./text.ts";
import { foldVietnamese } from "./vietnamese.ts";

export interface Category {
  name: string;
  slug: string;
  description: string;
  url: string;
}

export interface CategoryInput {
  name: string;
  slug?: string;
  description?: string;
}

export type CategoryLookup = { ok: true; category: Category } | { ok: false; message: string };

export class CategoryCatalogue {
  readonly all: readonly Category[];
  private readonly byKey = new Map<string, Category>();

  constructor(inputs: readonly CategoryInput[]) {
    this.all = inputs.map((input) => {
      const slug = input.slug ?? slugify(input.name);
      return {
        name: input.name.normalize("NFC"),
        slug,
        description: input.description ?? "",
        url: `/chuyen-muc/${slug}/`,
      };
    });
    for (const category of this.all) {
      for (const key of [category.name.toLocaleLowerCase("vi"), category.slug]) {
        const existing = this.byKey.get(key);
        if (existing && existing !== category) {
          throw new Error(
            `_data/categories.json: "${category.name}" và "${existing.name}" trùng tên hoặc slug "${key}"`,
          );
        }
        this.byKey.set(key, category);
      }
    }
  }

  /** Finds a category by its name (as editors write it, case-insensitive) or its slug. */
  lookup(value: string): CategoryLookup {
    const key = value.normalize("NFC").replace(/\s+/g, " ").trim().toLocaleLowerCase("vi");
    const found = this.byKey.get(key);
    if (found) return { ok: true, category: found };
    const suggestion = this.closestName(value);
    const hint = suggestion
      ? `có phải ý bạn là "${suggestion}"?`
      : `dùng một trong: ${this.all.map((c) => `"${c.name}"`).join(", ")}`;
    return { ok: false, message: `chuyên mục "${value}" không có trong _data/categories.json — ${hint}` };
  }

  private closestName(value: string): string | undefined {
    const folded = foldVietnamese(value);
    const foldedNames = this.all.map((c) => foldVietnamese(c.name));
    const best = closest(folded, foldedNames);
    // Suggest only when the guess is plausibly a typo, not an unrelated word.
    if (distance(folded, best) > Math.max(2, Math.floor(best.length / 3))) return undefined;
    return this.all[foldedNames.indexOf(best)]?.name;
  }
}
