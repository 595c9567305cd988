import { UserError } from "../messages/user-error.ts";
import path from "node:path";
import { categoryUrl } from "./routes.ts";
import { closestName } from "../text/suggest.ts";
import { slugify } from "../text/text.ts";
import { foldVietnamese } from "../text/vietnamese.ts";

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

  /** `file` is where the list comes from, named in every message about it. */
  constructor(
    inputs: readonly CategoryInput[],
    private readonly file = "_data/categories.json",
  ) {
    this.all = inputs.map((input) => {
      const slug = input.slug ?? slugify(input.name);
      return {
        name: input.name.normalize("NFC"),
        slug,
        description: input.description ?? "",
        url: categoryUrl(slug),
      };
    });
    for (const category of this.all) {
      for (const key of [category.name.toLocaleLowerCase("vi"), category.slug]) {
        const existing = this.byKey.get(key);
        if (existing && existing !== category) {
          throw new UserError(
            "categories.duplicate",
            `${file}: "${category.name}" và "${existing.name}" trùng tên hoặc slug "${key}" — đổi tên hoặc slug của một trong hai`,
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
    const foldedNames = this.all.map((category) => foldVietnamese(category.name));
    const guess = closestName(foldVietnamese(value), foldedNames);
    const suggestion = guess === undefined ? undefined : this.all[foldedNames.indexOf(guess)]?.name;
    const hint = suggestion
      ? `có phải ý bạn là "${suggestion}"?`
      : `dùng một trong: ${this.all.map((c) => `"${c.name}"`).join(", ")}`;
    return {
      ok: false,
      message: `chuyên mục "${value}" không có trong ${path.basename(path.dirname(this.file))}/${path.basename(this.file)} — ${hint}`,
    };
  }
}
