import escapeHtml from "escape-html";
import { XMLBuilder } from "fast-xml-parser";
import type { FeedSection } from "../newsroom/newsroom.ts";
import type { Article, Correction } from "../content/article.ts";
import { newestChange } from "../text/dates.ts";
import { sharedImageOf } from "../content/pictures.ts";
import type { FeedLinks } from "../settings/routes.ts";
import type { SiteSettings } from "../settings/settings.ts";

export interface FeedDocument {
  url: string;
  body: string;
}

/** What a feed says of one article. Every field but `contentHtml` is plain text. */
export interface FeedEntry {
  url: string;
  title: string;
  summary: string;
  /** The rendered Markdown body, with site-relative links made absolute for feed readers. */
  contentHtml: string;
  published: string;
  updated: string;
  author: { name: string; url: string };
  category: { name: string; url: string };
  image?: string;
}

export interface FeedChannel {
  links: FeedLinks;
  title: string;
  description: string;
  homeUrl: string;
  /** The newest change among its entries; for an empty section, the newsroom's newest change. */
  updated: string;
  entries: FeedEntry[];
}

// XMLBuilder escapes &, <, >, " and ' in every text node and attribute value, so any string can be
// handed to it; CDATA is never used.
const xml = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  format: true,
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
});
const XML_DECLARATION = { "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" } };

/**
 * RSS 2.0 readers render `<title>`, `<description>`, `<author>`-like and category text as HTML, so a
 * plain-text field is HTML-escaped before it becomes XML text: a title "a <b> c" reaches the
 * reader's screen as those characters, never as markup.
 */
const rssText = (plain: string) => escapeHtml(plain);

function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

export function rss2(channel: FeedChannel, site: SiteSettings): string {
  return xml.build({
    ...XML_DECLARATION,
    rss: {
      "@_version": "2.0",
      "@_xmlns:atom": "http://www.w3.org/2005/Atom",
      "@_xmlns:content": "http://purl.org/rss/1.0/modules/content/",
      "@_xmlns:dc": "http://purl.org/dc/elements/1.1/",
      channel: {
        title: rssText(channel.title),
        link: channel.homeUrl,
        description: rssText(channel.description),
        language: site.language,
        copyright: rssText(site.copyright),
        generator: "toasoan",
        lastBuildDate: rfc822(channel.updated),
        "atom:link": { "@_href": site.url + channel.links.rss, "@_rel": "self", "@_type": "application/rss+xml" },
        item: channel.entries.map((entry) => ({
          title: rssText(entry.title),
          link: entry.url,
          guid: { "@_isPermaLink": "true", "#text": entry.url },
          pubDate: rfc822(entry.published),
          description: rssText(entry.summary),
          "content:encoded": entry.contentHtml,
          "dc:creator": rssText(entry.author.name),
          category: { "@_domain": entry.category.url, "#text": rssText(entry.category.name) },
          ...(entry.image
            ? { enclosure: { "@_url": entry.image, "@_type": imageType(entry.image), "@_length": "0" } }
            : {}),
        })),
      },
    },
  });
}

/** Atom text constructs are typed: plain-text fields are `type="text"`, only the body is `type="html"`. */
export function atom1(channel: FeedChannel, site: SiteSettings): string {
  return xml.build({
    ...XML_DECLARATION,
    feed: {
      "@_xmlns": "http://www.w3.org/2005/Atom",
      "@_xml:lang": site.language,
      id: channel.homeUrl,
      title: { "@_type": "text", "#text": channel.title },
      subtitle: { "@_type": "text", "#text": channel.description },
      updated: channel.updated,
      link: [
        { "@_rel": "alternate", "@_type": "text/html", "@_href": channel.homeUrl },
        { "@_rel": "self", "@_type": "application/atom+xml", "@_href": site.url + channel.links.atom },
      ],
      rights: { "@_type": "text", "#text": site.copyright },
      generator: "toasoan",
      author: { name: site.publisher, uri: site.url + "/" },
      entry: channel.entries.map((entry) => ({
        id: entry.url,
        title: { "@_type": "text", "#text": entry.title },
        link: [
          { "@_rel": "alternate", "@_type": "text/html", "@_href": entry.url },
          ...(entry.image ? [{ "@_rel": "enclosure", "@_type": imageType(entry.image), "@_href": entry.image }] : []),
        ],
        published: entry.published,
        updated: entry.updated,
        author: { name: entry.author.name, uri: entry.author.url },
        category: { "@_term": entry.category.url, "@_label": entry.category.name },
        summary: { "@_type": "text", "#text": entry.summary },
        content: { "@_type": "html", "#text": entry.contentHtml },
      })),
    },
  });
}

/** JSON Feed 1.1: `title`, `summary` and names are plain text by the spec; `content_html` is HTML. */
export function jsonFeed(channel: FeedChannel, site: SiteSettings): string {
  return JSON.stringify(
    {
      version: "https://jsonfeed.org/version/1.1",
      title: channel.title,
      home_page_url: channel.homeUrl,
      feed_url: site.url + channel.links.json,
      description: channel.description,
      language: site.language,
      authors: [{ name: site.publisher, url: site.url + "/" }],
      items: channel.entries.map((entry) => ({
        id: entry.url,
        url: entry.url,
        title: entry.title,
        summary: entry.summary,
        content_html: entry.contentHtml,
        date_published: entry.published,
        date_modified: entry.updated,
        authors: [{ name: entry.author.name, url: entry.author.url }],
        tags: [entry.category.name],
        ...(entry.image ? { image: entry.image } : {}),
      })),
    },
    null,
    2,
  );
}

function imageType(url: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  const types: Record<string, string> = {
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    png: "image/png",
    gif: "image/gif",
    webp: "image/webp",
    avif: "image/avif",
    svg: "image/svg+xml",
  };
  return (extension && types[extension]) ?? "image/jpeg";
}

export function absoluteUrl(site: SiteSettings, pathOrUrl: string): string {
  return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : site.url + pathOrUrl;
}

/**
 * Site-relative links and images in a rendered body (`href="/…"`, `src="/…"`) made absolute: a feed
 * reader has no page URL to resolve them against. The body comes from markdown-it, which always
 * quotes and escapes attribute values, so the pattern cannot be fooled by the editor's text.
 */
export function absolutiseBodyUrls(html: string, site: SiteSettings): string {
  return html.replace(/ (href|src)="\/(?!\/)/g, ` $1="${site.url}/`);
}

export function feedEntry(article: Article, bodyHtml: string, site: SiteSettings): FeedEntry {
  const shared = sharedImageOf(article);
  return {
    url: site.url + article.url,
    title: article.title,
    summary: article.description,
    contentHtml: absolutiseBodyUrls(bodyHtml, site),
    published: article.dateIso,
    updated: article.updatedIso ?? article.dateIso,
    author: { name: article.author.name, url: site.url + article.author.url },
    category: { name: article.category.name, url: site.url + article.category.url },
    image: shared ? absoluteUrl(site, shared.url) : undefined,
  };
}

/**
 * RSS 2.0, Atom and JSON Feed for each section (the whole site, each category), newest first.
 * `bodyOf` renders an article's body: only the few dozen articles of the feeds need it.
 */
export function buildFeeds(
  site: SiteSettings,
  sections: readonly FeedSection[],
  bodyOf: (article: Article) => string,
  now: string,
): FeedDocument[] {
  // Atom requires <updated> even on an empty feed: a category's first article is still to come.
  const newsroomUpdated = newestChange(sections.flatMap((section) => section.items.slice(0, site.feedSize))) ?? now;
  const bodies = new Map<string, string>();
  const body = (article: Article) =>
    bodies.get(article.url) ?? bodies.set(article.url, bodyOf(article)).get(article.url)!;
  return sections.flatMap((section) => {
    const channel: FeedChannel = {
      links: section.links,
      title: section.links.title,
      description: section.description,
      homeUrl: site.url + section.links.home,
      updated: newestChange(section.items.slice(0, site.feedSize)) ?? newsroomUpdated,
      entries: section.items.slice(0, site.feedSize).map((article) => feedEntry(article, body(article), site)),
    };
    return channelDocuments(channel, site);
  });
}

/** A channel as its three files: RSS 2.0, Atom and JSON Feed. */
export function channelDocuments(channel: FeedChannel, site: SiteSettings): FeedDocument[] {
  return [
    { url: channel.links.rss, body: rss2(channel, site) },
    { url: channel.links.atom, body: atom1(channel, site) },
    { url: channel.links.json, body: jsonFeed(channel, site) },
  ];
}

/**
 * A correction as an entry of the corrections feed: its own address (the correction on the
 * article's page), dated when it was published; its text is plain, escaped for the HTML content.
 */
export function correctionFeedEntry(
  correction: Correction & { anchor: string },
  article: Article,
  heading: string,
  site: SiteSettings,
): FeedEntry {
  return {
    ...feedEntry(article, escapeHtml(correction.text), site),
    url: `${site.url}${article.url}#${correction.anchor}`,
    title: `${heading}: ${article.title}`,
    summary: correction.text,
    published: correction.dateIso,
    updated: correction.dateIso,
  };
}
