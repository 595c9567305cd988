// The site changes that need more than the articles, for `npm run bench:publish`: a template, a word
// of ui.json, the stylesheet, a new category and a dependency update, each applied to a copy of the
// project (never to the project itself) and timed from the check to the last file deployed.
import { appendFileSync, cpSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface SiteChange {
  label: string;
  /** The goal, against a full build and its first deploy in the same run. */
  goal: number;
  apply(project: string): void;
}

const editJson = (file: string, change: (value: Record<string, unknown>) => unknown) =>
  writeFileSync(file, JSON.stringify(change(JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>)));

export const SITE_CHANGES: SiteChange[] = [
  {
    label: "a template (the footer)",
    goal: 0.4,
    apply: (project) => {
      const footer = path.join(project, "_includes/partials/footer.njk");
      writeFileSync(footer, readFileSync(footer, "utf8").replace("</footer>", "<!-- bench --></footer>"));
    },
  },
  {
    label: "a word of ui.json (every page's skip link)",
    goal: 0.4,
    apply: (project) =>
      editJson(path.join(project, "_data/ui.json"), (ui) => ({ ...ui, skipToContent: "Đến nội dung chính" })),
  },
  {
    label: "the stylesheet",
    goal: 0.4,
    apply: (project) => appendFileSync(path.join(project, "content/assets/site.css"), "\n.bench { color: inherit; }\n"),
  },
  {
    label: "a category added",
    goal: 0.4,
    apply: (project) =>
      writeFileSync(
        path.join(project, "_data/categories.json"),
        JSON.stringify([
          ...(JSON.parse(readFileSync(path.join(project, "_data/categories.json"), "utf8")) as unknown[]),
          { name: "Chuyển đổi số", slug: "chuyen-doi-so" },
        ]),
      ),
  },
  {
    label: "a dependency update",
    goal: 1,
    apply: (project) => appendFileSync(path.join(project, "package-lock.json"), "\n"),
  },
];

/** A copy of the project to change, sharing its installed dependencies. */
export function copyProject(root: string, target: string): string {
  const skipped = new Set(["node_modules", ".git", ".cache", "_site", "content/articles"]);
  cpSync(root, target, {
    recursive: true,
    filter: (source) => !skipped.has(path.relative(root, source).split(path.sep).join("/")),
  });
  symlinkSync(path.join(root, "node_modules"), path.join(target, "node_modules"));
  return target;
}
