import { Feed } from "feed";
import type { Article } from "./article.ts";
import type { Category } from "./categories.ts";
import type { FeedLinks } from "./listings.ts";
import type { SiteSettings } from "./settings.ts";

export interface FeedDocument {
  url: string;
  body: string;
}

/** Every section with a feed has the same three files under its own path. */
export function feedLinksFor(baseUrl: string, title: string): FeedLinks {
  return { title, rss: `${baseUrl}feed.xml`, atom: `${baseUrl}atom.xml`, json: `${baseUrl}feed.json` };
}

/** RSS 2.0, Atom and JSON Feed for the whole site and for each category, newest first. */
export function buildFeeds(
  site: SiteSettings,
  articles: readonly Article[],
  categories: readonly Category[],
  byCategory: ReadonlyMap<string, readonly Article[]>,
): FeedDocument[] {
  const sections = [
    { baseUrl: "/", title: `${site.title} — Tin mới`, description: site.description, items: articles },
    ...categories.map((category) => ({
      baseUrl: category.url,
      title: `${site.title} — ${category.name}`,
      description: category.description || `Tin ${category.name}`,
      items: byCategory.get(category.slug) ?? [],
    })),
  ];
  return sections.flatMap((section) => {
    const links = feedLinksFor(section.baseUrl, section.title);
    const feed = new Feed({
      id: site.url + section.baseUrl,
      link: site.url + section.baseUrl,
      title: section.title,
      description: section.description,
      language: site.language,
      copyright: site.copyright,
      updated: section.items[0] ? new Date(section.items[0].timestamp) : undefined,
      generator: "toasoan",
      feedLinks: { rss: site.url + links.rss, atom: site.url + links.atom, json: site.url + links.json },
      author: { name: site.publisher, link: site.url + "/" },
    });
    for (const article of section.items.slice(0, site.feedSize)) {
      feed.addItem({
        id: site.url + article.url,
        link: site.url + article.url,
        title: article.title,
        description: article.description,
        content: article.bodyHtml,
        date: new Date(article.updatedIso ?? article.dateIso),
        published: new Date(article.dateIso),
        author: [{ name: article.author.name, link: site.url + article.author.url }],
        category: [{ name: article.category.name, domain: site.url + article.category.url }],
        image: article.image ? absoluteUrl(site, article.image) : undefined,
      });
    }
    return [
      { url: links.rss, body: feed.rss2() },
      { url: links.atom, body: feed.atom1() },
      { url: links.json, body: feed.json1() },
    ];
  });
}

export function absoluteUrl(site: SiteSettings, pathOrUrl: string): string {
  return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : site.url + pathOrUrl;
}
