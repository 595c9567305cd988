import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Settings } from "../settings/settings.ts";

/** The pages the build writes itself (not Eleventy), each from its own template. */
export type PageFamily = "article" | "listing" | "withdrawn" | "redirect";

const FAMILY_TEMPLATES: Record<PageFamily, string> = {
  article: "pages/article.njk",
  listing: "pages/listing.njk",
  withdrawn: "pages/withdrawn.njk",
  redirect: "pages/redirect.njk",
};

/**
 * What each kind of cached output depends on besides its own data, as hashes. A change to one
 * redoes only the outputs that depend on it: a word of ui.json re-renders the pages showing it and
 * never re-indexes a search shard.
 */
export interface OutputFingerprints {
  /** The build's own machinery, the dependencies, Node and the folders: a change rebuilds everything. */
  build: string;
  /** What an editor's file becomes (record and body): a change reads every file again. */
  sources: string;
  /** What makes a search document of a record, beside the record itself. */
  search: string;
  /** Each page family's templates, rendering code, words and settings. */
  pages: Record<PageFamily, string>;
  /** Every file the build runs and every setting: the deploy sends only a build of what is here now. */
  whole: string;
  /** The same without the folders: what the parts of a build across machines must share with its merge. */
  shared: string;
}

/** Where a path matches one of `prefixes` (a folder ends with "/"). */
const under = (file: string, prefixes: readonly string[]) =>
  prefixes.some((prefix) => (prefix.endsWith("/") ? file.startsWith(prefix) : file === prefix));

/** The modules of the endpoint the site shares: rules, API paths, folding, the time zone. */
const SHARED_WITH_ENDPOINT = ["comments/shared/"];

/** Code that turns an editor's file into its record and body. */
const SOURCE_CODE = [
  "lib/content/",
  "lib/text/",
  "lib/messages/",
  "lib/settings/",
  "lib/files/",
  ...SHARED_WITH_ENDPOINT,
];

/** The template of what Pagefind reads of an article. */
const SEARCH_DOCUMENT = "search/document.njk";

/** Code that makes a search document and a shard's routing from a record and its body. */
const SEARCH_CODE = [
  "lib/outputs/search-index.ts",
  "lib/render/page-renderer.ts",
  "lib/render/site-templates.ts",
  "lib/outputs/search-routing.ts",
  "lib/content/markdown.ts",
  "lib/content/pictures.ts",
  "lib/text/vietnamese.ts",
  "comments/shared/fold.ts",
];

/** Code that renders the worker-written pages, beside their templates. */
const PAGE_CODE = [
  "lib/render/",
  "lib/newsroom/",
  "lib/outputs/structured-data.ts",
  "lib/outputs/redirects.ts",
  "lib/outputs/withdrawals.ts",
  ...SOURCE_CODE,
];

/**
 * Files whose outputs every build writes anew, so no cached output depends on them: the whole-site
 * pages Eleventy renders (content/*.njk), the stylesheet and assets, the browser bundles, the feeds,
 * sitemaps and CMS files; and code the build never runs (deploy, preview, import).
 */
const REWRITTEN_EVERY_BUILD = [
  "content/",
  "client/",
  "lib/outputs/feeds.ts",
  "lib/outputs/sitemaps.ts",
  "lib/outputs/site-documents.ts",
  "lib/outputs/cms-config.ts",
  "lib/outputs/cms-files.ts",
  "lib/outputs/cms-cdn-map.ts",
  "lib/outputs/media-files.ts",
];

/** Folders of code that never changes what a build writes: the deploy, the preview, the importer. */
const NOT_BUILD_CODE = ["lib/deploy/", "lib/preview/", "lib/wordpress/"];

/** Files outside the code folders that the build runs: its command, its config and the exact dependencies. */
const BUILD_FILES = ["scripts/build.ts", "scripts/lib/commands.ts", ".eleventy.ts", "package-lock.json"];

const FORMAT = 4;

/** Every file of the project whose change can change an output, relative to the root, sorted. */
export function buildCodeFiles(root: string): string[] {
  const folders = ["lib", "_includes", "client", "content", ...SHARED_WITH_ENDPOINT];
  const skipped = (file: string) => under(file, ["content/articles/", "content/media/"]) || under(file, NOT_BUILD_CODE);
  const files = folders
    .filter((folder) => existsSync(path.join(root, folder)))
    .flatMap((folder) =>
      readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
        .filter((file) => !skipped(file)),
    );
  return [...files, ...BUILD_FILES.filter((file) => existsSync(path.join(root, file)))].sort();
}

/** The templates a page template is made of: itself and, at any depth, what it extends, includes or imports. */
export function templateClosure(includesDir: string, template: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const text = readFileSync(path.join(includesDir, name), "utf8");
    for (const match of text.matchAll(/\{%-?\s*(?:extends|include|import|from)\s+"([^"]+)"/g)) visit(match[1]!);
  };
  visit(template);
  return [...seen].sort();
}

/** The words of ui.json a text reads (`ui.name`). */
const wordsReadBy = (text: string) => [...text.matchAll(/\bui\.([A-Za-z]\w*)/g)].map((match) => match[1]!);

export function outputFingerprints(settings: Settings, siteDir: string): OutputFingerprints {
  const root = settings.root;
  const code = buildCodeFiles(root);
  const contents = new Map(code.map((file) => [file, readFileSync(path.join(root, file))]));
  const digest = (files: readonly string[], extra: unknown) => {
    const hash = createHash("sha256").update(`format ${FORMAT}\n`);
    for (const file of files)
      hash.update(`${file}\n`).update(contents.get(file) ?? readFileSync(path.join(root, file)));
    return hash.update(JSON.stringify(extra)).digest("hex");
  };
  const classified = [...SOURCE_CODE, ...SEARCH_CODE, ...PAGE_CODE, ...REWRITTEN_EVERY_BUILD];
  const includes = path.join(root, "_includes");
  const machinery = code.filter((file) => !file.startsWith("_includes/") && !under(file, classified));
  const folders = {
    node: process.version,
    articles: settings.articlesDir,
    media: settings.mediaDir,
    output: path.resolve(siteDir),
  };
  const pageCode = code.filter((file) => under(file, PAGE_CODE));
  const codeWords = pageCode.flatMap((file) => wordsReadBy(contents.get(file)!.toString("utf8")));
  const pageSettings = { site: settings.site, categories: settings.categories.all };
  const family = (template: string | undefined) => {
    const templates = template ? templateClosure(includes, template).map((name) => `_includes/${name}`) : [];
    const words = [
      ...new Set([...codeWords, ...templates.flatMap((file) => wordsReadBy(contents.get(file)!.toString("utf8")))]),
    ]
      .sort()
      .map((key) => [key, settings.ui[key as keyof typeof settings.ui]]);
    return digest([...templates, ...pageCode], { ...pageSettings, words });
  };
  return {
    build: digest(machinery, folders),
    // Not the machinery: a change to how pages are made keeps what every file was read as.
    sources: digest(
      [...code.filter((file) => under(file, SOURCE_CODE)), "package-lock.json"].filter((file) =>
        existsSync(path.join(root, file)),
      ),
      { ...pageSettings, node: process.version, articles: settings.articlesDir },
    ),
    search: digest(
      [
        ...code.filter((file) => under(file, SEARCH_CODE)),
        ...templateClosure(includes, SEARCH_DOCUMENT).map((name) => `_includes/${name}`),
      ],
      { language: settings.site.language },
    ),
    pages: Object.fromEntries(
      Object.entries(FAMILY_TEMPLATES).map(([name, template]) => [name, family(template)]),
    ) as Record<PageFamily, string>,
    whole: digest(code, { ...folders, ...pageSettings, ui: settings.ui }),
    shared: digest(code, { ...pageSettings, ui: settings.ui, node: process.version }),
  };
}
