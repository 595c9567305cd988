import { decodeHTMLAttribute } from "entities";
import escapeHtml from "escape-html";

/** The formats a photo is published in, best first; the last one is what every browser can show. */
export type PictureFormat = "avif" | "webp" | "jpeg" | "png" | "gif" | "svg";

const MIME_TYPES: Record<PictureFormat, string> = {
  avif: "image/avif",
  webp: "image/webp",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  svg: "image/svg+xml",
};

/**
 * A photo's published renditions, small enough to ride along with every article record: each
 * rendition lives at `${base}-${width}.${format}` for every width and format listed.
 */
export interface Picture {
  /** The URL prefix of the renditions, e.g. /anh/Ab12Cd34Ef */
  base: string;
  /** Ascending. */
  widths: number[];
  /** Best first; the last is the fallback (JPEG for photos, PNG for transparency, GIF for animation, SVG for drawings). */
  formats: PictureFormat[];
  /** The largest rendition's size: the photo's aspect ratio, and the width and height the page reserves. */
  width: number;
  height: number;
}

/** What the page says about one photo it shows. */
export interface PictureAttributes {
  alt: string;
  /** How wide the photo is shown, for the browser to pick a rendition (the `sizes` attribute). */
  sizes: string;
  /** The lead photo is fetched at once; photos further down wait until the reader scrolls near them. */
  priority: "lead" | "lazy";
}

/** Where each slot shows photos: the article column, or a card in a list. */
export const PICTURE_SIZES = {
  article: "(min-width: 60rem) 50rem, 100vw",
  front: "(min-width: 60rem) 34rem, 100vw",
  card: "(min-width: 60rem) 16rem, (min-width: 40rem) 50vw, 7.5rem",
} as const;

export const renditionUrl = (picture: Picture, width: number, format: PictureFormat) =>
  `${picture.base}-${width}.${format}`;

export const fallbackFormat = (picture: Picture): PictureFormat => picture.formats[picture.formats.length - 1]!;

/** The fallback rendition closest to `wanted` pixels wide and not narrower when one is: for og:image, feeds, search results. */
export function renditionNear(picture: Picture, wanted: number): { url: string; width: number; height: number } {
  const width = picture.widths.find((candidate) => candidate >= wanted) ?? picture.widths[picture.widths.length - 1]!;
  return {
    url: renditionUrl(picture, width, fallbackFormat(picture)),
    width,
    height: Math.round((picture.height * width) / picture.width),
  };
}

function srcset(picture: Picture, format: PictureFormat): string {
  return picture.widths.map((width) => `${renditionUrl(picture, width, format)} ${width}w`).join(", ");
}

/**
 * `<picture>` with a source per modern format and an `<img>` fallback that carries width and height
 * (no layout shift), srcset and sizes. Every value from an editor is escaped here.
 */
export function pictureHtml(picture: Picture, attributes: PictureAttributes, extra = ""): string {
  const fallback = fallbackFormat(picture);
  const largest = picture.widths[picture.widths.length - 1]!;
  const loading =
    attributes.priority === "lead" ? 'loading="eager" fetchpriority="high"' : 'loading="lazy" decoding="async"';
  const sizes = escapeHtml(attributes.sizes);
  const sources = picture.formats
    .slice(0, -1)
    .map(
      (format) =>
        `<source type="${MIME_TYPES[format]}" srcset="${escapeHtml(srcset(picture, format))}" sizes="${sizes}">`,
    )
    .join("");
  const img =
    `<img src="${escapeHtml(renditionUrl(picture, largest, fallback))}"` +
    (picture.widths.length > 1 ? ` srcset="${escapeHtml(srcset(picture, fallback))}" sizes="${sizes}"` : "") +
    ` width="${picture.width}" height="${picture.height}" alt="${escapeHtml(attributes.alt)}" ${loading}${extra ? ` ${extra}` : ""}>`;
  return sources ? `<picture>${sources}${img}</picture>` : img;
}

/**
 * Body images as the Markdown renderer writes them (raw HTML is off in bodies, so every `<img>` in a
 * rendered body is the renderer's own, with escaped `src` and `alt` first): each local photo becomes
 * its `<picture>`, or its largest fallback rendition for a feed reader.
 */
const BODY_IMAGE = /<img src="([^"]*)" alt="([^"]*)"[^>]*>/g;

export function withPictures(
  bodyHtml: string,
  pictures: Readonly<Record<string, Picture>>,
  mode: "page" | "feed",
): string {
  return bodyHtml.replace(BODY_IMAGE, (tag, src: string, alt: string) => {
    const picture = pictures[decodeHTMLAttribute(src)];
    if (!picture) return tag;
    if (mode === "page")
      return pictureHtml(picture, { alt: decodeHTMLAttribute(alt), sizes: PICTURE_SIZES.article, priority: "lazy" });
    const largest = renditionNear(picture, Number.POSITIVE_INFINITY);
    return `<img src="${escapeHtml(largest.url)}" alt="${alt}" width="${largest.width}" height="${largest.height}">`;
  });
}

/** How wide the photo is that others show for an article: social cards, JSON-LD, feeds. */
const SHARED_WIDTH = 1200;
/** How wide the photo is beside a search result. */
const THUMBNAIL_WIDTH = 400;

type Illustrated = { image?: string; picture?: Picture };

/** The photo others show for an article: a 1200-pixel rendition when the photo step made one, else the photo itself (an https:// photo). */
export function sharedImageOf(article: Illustrated): { url: string; width?: number; height?: number } | undefined {
  if (article.picture) return renditionNear(article.picture, SHARED_WIDTH);
  return article.image ? { url: article.image } : undefined;
}

export function thumbnailOf(article: Illustrated): string | undefined {
  return article.picture ? renditionNear(article.picture, THUMBNAIL_WIDTH).url : article.image;
}
