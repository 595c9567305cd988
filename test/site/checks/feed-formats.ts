// What each format's specification requires, read with a real XML parser: RSS 2.0, Atom 1.0
// (RFC 4287), JSON Feed 1.1, the sitemaps protocol 0.9 and Google News sitemaps. Each function returns
// the problems it finds, in words that name the element; an empty list means the file is valid.
import { XMLParser, XMLValidator } from "fast-xml-parser";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  textNodeName: "#text",
  parseTagValue: false,
  isArray: (name) => ["item", "entry", "link", "url", "sitemap", "author"].includes(name),
});

type Node = Record<string, unknown>;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const W3C_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
/** RFC 822 as RSS uses it: "Sun, 04 May 2025 08:00:00 +0700". */
const RFC_822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT|Z)$/;
export const SITEMAP_URL_LIMIT = 50_000;
export const NEWS_SITEMAP_LIMIT = 1_000;

function parse(xml: string): { document?: Node; problems: string[] } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { problems: [`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`] };
  return { document: parser.parse(xml) as Node, problems: [] };
}

/** An element's text; of a repeated element (RSS's <link> beside <atom:link>), the first one's. */
const text = (value: unknown): string => {
  const node = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof node === "string"
    ? node
    : typeof node === "object" && node
      ? String((node as Node)["#text"] ?? "")
      : "";
};
const list = (value: unknown): Node[] => (Array.isArray(value) ? (value as Node[]) : []);
const isAbsolute = (url: string) => /^https?:\/\/[^/]+/.test(url);

export function rssProblems(xml: string): string[] {
  const { document, problems } = parse(xml);
  if (!document) return problems;
  const rss = document.rss as Node | undefined;
  if (rss?.["@version"] !== "2.0") return ['the root is not <rss version="2.0">'];
  const channel = rss.channel as Node | undefined;
  if (!channel) return ["no <channel>"];
  for (const name of ["title", "link", "description"])
    if (!text(channel[name]).trim()) problems.push(`<channel> has no <${name}>`);
  list(channel.item).forEach((item, index) => {
    const where = `<item> ${index + 1}`;
    if (!text(item.title).trim() && !text(item.description).trim())
      problems.push(`${where}: neither title nor description`);
    if (!isAbsolute(text(item.link))) problems.push(`${where}: <link> is not an absolute URL`);
    if (!text(item.guid)) problems.push(`${where}: no <guid>`);
    if (!RFC_822.test(text(item.pubDate))) problems.push(`${where}: <pubDate> "${text(item.pubDate)}" is not RFC 822`);
  });
  return problems;
}

export function atomProblems(xml: string): string[] {
  const { document, problems } = parse(xml);
  if (!document) return problems;
  const feed = document.feed as Node | undefined;
  if (feed?.["@xmlns"] !== "http://www.w3.org/2005/Atom") return ["the root is not an Atom 1.0 <feed>"];
  for (const name of ["id", "title"]) if (!text(feed[name]).trim()) problems.push(`<feed> has no <${name}>`);
  if (!RFC_3339.test(text(feed.updated))) problems.push("<feed> has no RFC 3339 <updated>");
  if (!list(feed.link).some((link) => link["@rel"] === "self")) problems.push('<feed> has no <link rel="self">');
  const feedHasAuthor = list(feed.author).length > 0;
  list(feed.entry).forEach((entry, index) => {
    const where = `<entry> ${index + 1}`;
    for (const name of ["id", "title"]) if (!text(entry[name]).trim()) problems.push(`${where}: no <${name}>`);
    if (!RFC_3339.test(text(entry.updated))) problems.push(`${where}: no RFC 3339 <updated>`);
    if (!feedHasAuthor && list(entry.author).length === 0)
      problems.push(`${where}: no <author> (and none on the feed)`);
    const alternate = list(entry.link).find((link) => (link["@rel"] ?? "alternate") === "alternate");
    if (!alternate || !isAbsolute(String(alternate["@href"])))
      problems.push(`${where}: no alternate <link> to the page`);
    if (!entry.content && !alternate) problems.push(`${where}: neither <content> nor an alternate link`);
  });
  return problems;
}

export function jsonFeedProblems(source: string): string[] {
  let feed: Node;
  try {
    feed = JSON.parse(source) as Node;
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  if (feed.version !== "https://jsonfeed.org/version/1.1") problems.push('"version" is not JSON Feed 1.1');
  if (typeof feed.title !== "string" || !feed.title) problems.push('no "title"');
  for (const name of ["home_page_url", "feed_url"])
    if (typeof feed[name] !== "string" || !isAbsolute(feed[name] as string))
      problems.push(`"${name}" is not an absolute URL`);
  if (!Array.isArray(feed.items)) return [...problems, 'no "items" array'];
  (feed.items as Node[]).forEach((item, index) => {
    const where = `item ${index + 1}`;
    if (typeof item.id !== "string" || !item.id) problems.push(`${where}: "id" is not a non-empty string`);
    if (typeof item.content_html !== "string" && typeof item.content_text !== "string")
      problems.push(`${where}: neither "content_html" nor "content_text"`);
    if (item.date_published !== undefined && !RFC_3339.test(String(item.date_published)))
      problems.push(`${where}: "date_published" is not RFC 3339`);
  });
  return problems;
}

/** A sitemap index, or a list of URLs (sitemaps.org 0.9), with at most 50,000 of them. */
export function sitemapProblems(xml: string): string[] {
  const { document, problems } = parse(xml);
  if (!document) return problems;
  const index = document.sitemapindex as Node | undefined;
  const urlset = document.urlset as Node | undefined;
  const root = index ?? urlset;
  if (!root || root["@xmlns"] !== "http://www.sitemaps.org/schemas/sitemap/0.9")
    return ["the root is neither <sitemapindex> nor <urlset> of sitemaps 0.9"];
  const entries = list(index ? root.sitemap : root.url);
  if (entries.length > SITEMAP_URL_LIMIT) problems.push(`${entries.length} entries: more than ${SITEMAP_URL_LIMIT}`);
  entries.forEach((entry, position) => {
    const where = `entry ${position + 1}`;
    if (!isAbsolute(text(entry.loc))) problems.push(`${where}: <loc> "${text(entry.loc)}" is not an absolute URL`);
    if (entry.lastmod !== undefined && !W3C_DATE.test(text(entry.lastmod)))
      problems.push(`${where}: <lastmod> "${text(entry.lastmod)}" is not a W3C date`);
  });
  return problems;
}

export function newsSitemapProblems(xml: string): string[] {
  const problems = sitemapProblems(xml);
  const { document } = parse(xml);
  const urlset = document?.urlset as Node | undefined;
  if (!urlset) return problems;
  if (urlset["@xmlns:news"] !== "http://www.google.com/schemas/sitemap-news/0.9")
    problems.push("no xmlns:news of Google News sitemaps 0.9");
  const urls = list(urlset.url);
  if (urls.length > NEWS_SITEMAP_LIMIT) problems.push(`${urls.length} articles: more than ${NEWS_SITEMAP_LIMIT}`);
  urls.forEach((url, position) => {
    const where = `url ${position + 1}`;
    const news = url["news:news"] as Node | undefined;
    const publication = news?.["news:publication"] as Node | undefined;
    if (!news || !publication) return problems.push(`${where}: no <news:news> with <news:publication>`);
    if (!text(publication["news:name"]).trim()) problems.push(`${where}: no <news:name>`);
    if (!/^[a-z]{2,3}(-[A-Za-z]+)?$/.test(text(publication["news:language"])))
      problems.push(`${where}: no ISO 639 <news:language>`);
    if (!W3C_DATE.test(text(news["news:publication_date"]))) problems.push(`${where}: no W3C <news:publication_date>`);
    if (!text(news["news:title"]).trim()) problems.push(`${where}: no <news:title>`);
    return undefined;
  });
  return problems;
}
