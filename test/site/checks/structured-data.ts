// What search engines and social networks read from an article page: schema.org NewsArticle in
// JSON-LD, Open Graph and Twitter tags. Returns the problems found; an empty list means complete.
import type { CheerioAPI } from "cheerio";

type Node = Record<string, unknown>;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/;
const isAbsolute = (value: unknown) => typeof value === "string" && /^https?:\/\/[^/]+\//.test(value);
const asList = (value: unknown): Node[] => (Array.isArray(value) ? (value as Node[]) : value ? [value as Node] : []);

function newsArticleOf($: CheerioAPI): Node | string {
  const blocks = $('script[type="application/ld+json"]')
    .map((_, script) => $(script).text())
    .get();
  for (const block of blocks) {
    let data: Node;
    try {
      data = JSON.parse(block) as Node;
    } catch (error) {
      return `JSON-LD that is not JSON: ${(error as Error).message}`;
    }
    if (data["@type"] === "NewsArticle") return data;
  }
  return "no NewsArticle in JSON-LD";
}

export function structuredDataProblems($: CheerioAPI): string[] {
  const problems: string[] = [];
  const hasPhoto = $(".article__figure img").length > 0;
  const article = newsArticleOf($);
  if (typeof article === "string") problems.push(article);
  else {
    if (article["@context"] !== "https://schema.org") problems.push("NewsArticle: @context is not https://schema.org");
    if (typeof article.headline !== "string" || !article.headline) problems.push("NewsArticle: no headline");
    else if (article.headline !== $("h1").first().text())
      problems.push("NewsArticle: headline is not the page's title");
    for (const name of ["datePublished", "dateModified"])
      if (!WITH_OFFSET.test(String(article[name])))
        problems.push(`NewsArticle: ${name} "${article[name]}" has no offset`);
    const images = asList(article.image);
    if (hasPhoto && !images.some((image) => isAbsolute(image.url ?? image)))
      problems.push("NewsArticle: the page has a photo but no image");
    const authors = asList(article.author);
    if (
      !authors.length ||
      authors.some((author) => author["@type"] !== "Person" || !author.name || !isAbsolute(author.url))
    )
      problems.push("NewsArticle: author is not a Person with name and url");
    const publisher = article.publisher as Node | undefined;
    const logo = publisher?.logo as Node | undefined;
    if (!publisher?.name || !isAbsolute(logo?.url)) problems.push("NewsArticle: publisher has no name or logo");
  }
  const meta = (attribute: string, name: string) => $(`meta[${attribute}="${name}"]`).attr("content");
  for (const name of ["og:title", "og:description", "og:url", "og:site_name"])
    if (!meta("property", name)) problems.push(`no ${name}`);
  if (meta("property", "og:type") !== "article") problems.push("og:type is not article");
  if (!isAbsolute(meta("property", "og:url"))) problems.push("og:url is not absolute");
  for (const name of ["twitter:card", "twitter:title", "twitter:description"])
    if (!meta("name", name)) problems.push(`no ${name}`);
  if (hasPhoto) {
    if (!isAbsolute(meta("property", "og:image"))) problems.push("a photo, but no absolute og:image");
    if (!isAbsolute(meta("name", "twitter:image"))) problems.push("a photo, but no absolute twitter:image");
    if (meta("name", "twitter:card") !== "summary_large_image")
      problems.push("a photo, but twitter:card is not summary_large_image");
  }
  return problems;
}
