import type { Picture } from "./pictures.ts";
import type { ArticleVideo } from "./video.ts";

/** One photo of a photo story, as pages show it. */
export interface GalleryPhoto {
  image: string;
  caption?: string;
  /** What a screen reader says: the description, or the caption. */
  alt: string;
  credit?: string;
}

/** What templates see of an article in lists: everything is derived once, at load time. */
export interface ArticleSummary {
  url: string;
  title: string;
  summary: string;
  category: CategoryRef;
  dateIso: string;
  dateDisplay: string;
  image?: string;
  imageAlt?: string;
  /** The lead photo's published renditions, when it is in the media folder (set by the photo step). */
  picture?: Picture;
}

export interface CategoryRef {
  name: string;
  slug: string;
  url: string;
}

export interface LinkRef {
  name: string;
  url: string;
}

/** A date as the pages show it: machine-readable and in Vietnamese, newsroom time. */
export interface DatedNote {
  dateIso: string;
  dateDisplay: string;
}

/** A published correction (đính chính) of an article. */
export interface Correction extends DatedNote {
  text: string;
}

/** Why and when an article was taken down. */
export interface Withdrawal extends DatedNote {
  reason: string;
}

export interface Article extends ArticleSummary {
  /** The editor's file as messages name it (relative to the project). */
  sourcePath: string;
  /** The file itself, read again when the body is rendered. */
  sourceFile: string;
  /** SHA-256 of the file's bytes: a changed body is a changed hash. */
  contentHash: string;
  slug: string;
  author: LinkRef;
  tags: LinkRef[];
  caption?: string;
  updatedIso?: string;
  updatedDisplay?: string;
  /** Milliseconds since the epoch: the one sort key for "newest first". */
  timestamp: number;
  year: number;
  month: number;
  day: number;
  /** The summary the editor wrote, shown as the article's lead; absent when the summary is derived from the body. */
  lead?: string;
  /** Summary, or the opening of the body when there is none: for meta description and feeds. */
  description: string;
  wordCount: number;
  /** Old addresses of the article (site paths) that redirect to it. */
  aliases: string[];
  /** Links in the body to pages of this site, as written: checked against the whole archive. */
  siteLinks: string[];
  /** Photos of the media folder shown in the body, as the rendered body writes their addresses. */
  bodyImages: string[];
  /** Their published renditions, and those of `otherPhotos`, by address (set by the photo step). */
  bodyPictures?: Record<string, Picture>;
  /** Corrections, oldest first. The newest one also counts as the article's last update. */
  corrections: Correction[];
  /** Set when the article has been taken down: it is then on no list, and its addresses show a notice. */
  withdrawn?: Withdrawal;
  video?: ArticleVideo;
  /** A photo story's photos, in order. */
  gallery: GalleryPhoto[];
  /** `longform`: the wide eMagazine page without a sidebar. */
  layout?: "longform";
  /** Photos of the media folder shown besides the lead and the body (the video's poster, the photo story's): their renditions join `bodyPictures`. */
  otherPhotos: string[];
}

/** The list view of an article: what every list (Tin mới, category, author, tag, date, related) shows. */
export function toSummary(article: Article): ArticleSummary {
  const { url, title, summary, category, dateIso, dateDisplay, image, imageAlt, picture } = article;
  return { url, title, summary, category, dateIso, dateDisplay, image, imageAlt, picture };
}

export function newestFirst(a: { timestamp: number; url: string }, b: { timestamp: number; url: string }): number {
  return b.timestamp - a.timestamp || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
}
