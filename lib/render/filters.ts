import type { Article } from "../content/article.ts";
import { absoluteUrl } from "../outputs/feeds.ts";
import {
  type Picture,
  type PictureAttributes,
  PICTURE_SIZES,
  pictureHtml,
  renditionNear,
  sharedImageOf,
} from "../content/pictures.ts";
import type { SiteSettings } from "../settings/settings.ts";
import { fill } from "../text/fill.ts";
import { newsArticleJsonLd, videoJsonLd, websiteJsonLd } from "../outputs/structured-data.ts";

/** Filters are formatting only; every list and date is already computed in lib/newsroom/newsroom.ts. */
export function siteFilters(site: SiteSettings): Record<string, (value: never, ...options: never[]) => unknown> {
  return {
    absoluteUrl: (pathOrUrl: string) => absoluteUrl(site, pathOrUrl),
    /** `{{ article.picture | picture(article.imageAlt, "article", "lead") | safe }}`: escaped inside. */
    picture: (
      picture: Picture,
      alt: string,
      slot: keyof typeof PICTURE_SIZES,
      priority: PictureAttributes["priority"],
    ) => pictureHtml(picture, { alt: alt ?? "", sizes: PICTURE_SIZES[slot], priority }),
    /** The photo social cards show: `{ url, width?, height? }`. */
    sharedImage: (article: Article) => sharedImageOf(article),
    newsArticleJsonLd: (article: Article) => newsArticleJsonLd(article, site),
    videoJsonLd: (article: Article) => videoJsonLd(article, site),
    /** `{{ picture | renditionUrl(1200) }}`: the address of the rendition nearest that width. */
    renditionUrl: (picture: Picture, width: number) => renditionNear(picture, width).url,
    websiteJsonLd: (value: SiteSettings) => websiteJsonLd(value),
    /** `{{ ui.archiveYear | fill({ year: 2025 }) }}`: values put into an interface phrase of _data/ui.json. */
    fill: (template: string, values: Record<string, string | number>) => fill(template, values),
  };
}
