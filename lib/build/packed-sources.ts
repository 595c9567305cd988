// The cache's record of every editor's file, packed for the disk: at 100,000 articles it is most of
// what every push reads and writes. Text an article repeats (its lead and description are usually
// its summary; its file and content hash are the entry's) is kept once, and the category, author
// and tag objects that thousands of articles share are one object each, which v8's serializer then
// writes once.
import type { Article, LinkRef } from "../content/article.ts";
import type { SourceResult } from "../content/article-source.ts";
import type { SourceEntry } from "./build-cache.ts";

/** Stands for the same text as the summary, or as the entry's own file or hash. */
const SAME = 0;

/** An article with the same keys in the same order (page hashes are taken of its JSON). */
type PackedArticle = Omit<Article, "lead" | "description" | "sourceFile" | "contentHash"> & {
  lead?: string | typeof SAME;
  description: string | typeof SAME;
  sourceFile: string | typeof SAME;
  contentHash: string | typeof SAME;
};

/** A cache entry whose article record has the shape A. */
type EntryOf<A> = Omit<SourceEntry, "result"> & {
  result: Exclude<SourceResult, { kind: "article" }> | { kind: "article"; article: A };
};

export type PackedEntry = EntryOf<PackedArticle>;

/** The entries with each article's record converted; drafts and invalid files stay as they are. */
function convertArticles<A, B>(
  entries: ReadonlyMap<string, EntryOf<A>>,
  convert: (article: A, file: string, entry: EntryOf<A>) => B,
): Map<string, EntryOf<B>> {
  const converted = new Map<string, EntryOf<B>>();
  for (const [file, entry] of entries) {
    const { result } = entry;
    converted.set(
      file,
      result.kind === "article"
        ? { ...entry, result: { kind: "article", article: convert(result.article, file, entry) } }
        : { ...entry, result },
    );
  }
  return converted;
}

export function packSources(sources: ReadonlyMap<string, SourceEntry>): Map<string, PackedEntry> {
  const shared = new Map<string, object>();
  const once = <T extends object>(key: string, value: T): T => {
    const known = shared.get(key) as T | undefined;
    if (known) return known;
    shared.set(key, value);
    return value;
  };
  const link = (kind: string) => (ref: LinkRef) => once(`${kind} ${ref.name} ${ref.url}`, ref);
  return convertArticles(sources, (source: Article, file, entry) => {
    const article: PackedArticle = { ...source };
    const { category } = source;
    article.category = once(`category ${category.name} ${category.slug} ${category.url}`, category);
    article.author = link("author")(source.author);
    article.tags = source.tags.map(link("tag"));
    if (source.lead === source.summary) article.lead = SAME;
    if (source.description === source.summary) article.description = SAME;
    if (source.sourceFile === file) article.sourceFile = SAME;
    if (source.contentHash === entry.contentHash) article.contentHash = SAME;
    return article;
  });
}

export function unpackSources(packed: ReadonlyMap<string, PackedEntry>): Map<string, SourceEntry> {
  return convertArticles(packed, (stored: PackedArticle, file, entry) => {
    const article = { ...stored } as Article;
    if (stored.lead === SAME) article.lead = stored.summary;
    if (stored.description === SAME) article.description = stored.summary;
    if (stored.sourceFile === SAME) article.sourceFile = file;
    if (stored.contentHash === SAME) article.contentHash = entry.contentHash;
    return article;
  });
}
