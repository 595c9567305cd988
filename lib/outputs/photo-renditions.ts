import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import Image from "@11ty/eleventy-img";
import eleventyImgPackage from "@11ty/eleventy-img/package.json" with { type: "json" };
import sharp from "sharp";
import type { Article } from "../content/article.ts";
import { BODY_FIELD } from "../content/article-source.ts";
import { writeFileAtomically } from "../files/atomic-write.ts";
import { linkOrCopy } from "../files/link-file.ts";
import { type ContentProblem, lineOf } from "../messages/content-errors.ts";
import { resolveMediaPath } from "../content/media.ts";
import type { Picture, PictureFormat } from "../content/pictures.ts";
import { ROUTES } from "../settings/routes.ts";

/** Rendition widths: a phone, a tablet or the article column, the column on a 2× screen, a large screen. */
export const RENDITION_WIDTHS = [400, 800, 1200, 1600];

/**
 * Encoder settings. They are part of every rendition's file name (with the photo's bytes), so a
 * change here makes new files instead of serving old ones. Readers' bytes come first (mozjpeg is
 * ~20% smaller than plain libjpeg at 2.5× the time): a photo is encoded once in its life, the cache
 * keeps it. AVIF effort 1 is 5–10× faster than the default for a few percent more bytes.
 */
const ENCODING = {
  sharpAvifOptions: { quality: 55, effort: 1 },
  sharpWebpOptions: { quality: 75 },
  sharpJpegOptions: { quality: 78, mozjpeg: true, progressive: true },
  sharpPngOptions: { compressionLevel: 9, palette: true },
};

interface ManifestEntry {
  /** The source file when it was processed: size and time first, the bytes' hash when the time moved (a fresh git checkout). */
  size: number;
  mtimeMs: number;
  sha256: string;
  picture: Picture;
}

interface Manifest {
  /** The widths, encoders and libraries the renditions were made with: another recipe makes them again. */
  recipe: string;
  photos: Record<string, ManifestEntry>;
}

const eleventyImgVersion = eleventyImgPackage.version;
const RECIPE = createHash("sha256")
  .update(JSON.stringify({ RENDITION_WIDTHS, ENCODING, sharp: sharp.versions, eleventyImg: eleventyImgVersion }))
  .digest("hex");

const MANIFEST = "manifest.json";

/** The formats a photo is published in, from what it is: drawings stay SVG, transparency stays PNG. */
function formatsFor(metadata: sharp.Metadata): PictureFormat[] {
  if (metadata.format === "svg") return ["svg"];
  if ((metadata.pages ?? 1) > 1) return ["webp", "gif"];
  return metadata.hasAlpha ? ["avif", "webp", "png"] : ["avif", "webp", "jpeg"];
}

/**
 * The photo step: every local photo an article shows, published as AVIF, WebP and JPEG (or PNG) at
 * several widths through eleventy-img. Renditions are kept in a cache folder (the workflow keeps it
 * between runs) with a manifest: a photo whose file has not changed is never decoded again, and a
 * rendition is written whole or not at all, so a build killed half-way leaves nothing broken behind.
 */
export class PhotoRenditions {
  private readonly manifest: Manifest;
  private readonly used = new Map<string, Picture>();
  private readonly inFlight = new Map<string, Promise<Picture>>();
  /** Photos decoded and encoded by this build (the rest came from the cache). */
  processed = 0;

  /** Photos this build shows. */
  get count(): number {
    return this.used.size;
  }

  constructor(
    private readonly cacheDir: string,
    private readonly mediaDir: string,
  ) {
    this.manifest = readManifest(path.join(cacheDir, MANIFEST));
  }

  /** The published renditions of a photo in the media folder (`/media/…`), made when they are not cached. */
  pictureOf(sitePath: string): Promise<Picture> {
    let pending = this.inFlight.get(sitePath);
    if (!pending) {
      pending = this.resolve(sitePath).then((picture) => {
        this.used.set(sitePath, picture);
        return picture;
      });
      this.inFlight.set(sitePath, pending);
    }
    return pending;
  }

  private async resolve(sitePath: string): Promise<Picture> {
    const resolved = resolveMediaPath(this.mediaDir, sitePath);
    if ("problem" in resolved) throw new Error(resolved.problem);
    const stat = statSync(resolved.file);
    const known = this.manifest.photos[sitePath];
    if (known && known.size === stat.size && this.cached(known.picture)) {
      if (known.mtimeMs === stat.mtimeMs) return known.picture;
      if (known.sha256 === sha256Of(resolved.file)) {
        known.mtimeMs = stat.mtimeMs;
        return known.picture;
      }
    }
    const picture = await this.render(resolved.file, sitePath);
    this.manifest.photos[sitePath] = {
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      sha256: sha256Of(resolved.file),
      picture,
    };
    this.processed++;
    return picture;
  }

  private cached(picture: Picture): boolean {
    return renditionFiles(picture).every((file) => existsSync(path.join(this.cacheDir, file)));
  }

  private async render(file: string, sitePath: string): Promise<Picture> {
    let metadata: sharp.Metadata;
    try {
      metadata = await sharp(file).metadata();
    } catch (error) {
      throw new Error(`ảnh "${sitePath}" không đọc được: ${(error as Error).message}`, { cause: error });
    }
    const formats = formatsFor(metadata);
    const results = await Image(file, {
      widths: RENDITION_WIDTHS,
      formats,
      svgShortCircuit: true,
      fixOrientation: true,
      sharpOptions: formats.includes("gif") ? { animated: true } : {},
      ...ENCODING,
      urlPath: ROUTES.images,
      outputDir: this.cacheDir,
      // Buffers back, written here whole (eleventy-img would write in place).
      dryRun: true,
      useCache: false,
      filenameFormat: (id: string, _src: string, width: number, format: string) => `${id}-${width}.${format}`,
    });
    for (const entries of Object.values(results))
      for (const entry of entries) writeFileAtomically(path.join(this.cacheDir, entry.filename), entry.buffer);
    const fallback = results[formats[formats.length - 1]!]!;
    const largest = fallback[fallback.length - 1]!;
    return {
      base: largest.url.slice(0, largest.url.lastIndexOf("-")),
      widths: fallback.map((entry) => entry.width),
      formats,
      width: largest.width,
      height: largest.height,
    };
  }

  /**
   * Puts the renditions of every photo of this build into the site (hard links to the cache when
   * they share a disk) and returns their site paths. Photos no article shows are forgotten, and
   * their files leave the cache.
   */
  publish(siteDir: string): string[] {
    const produced: string[] = [];
    const targetDir = path.join(siteDir, ROUTES.images);
    if (this.used.size > 0) mkdirSync(targetDir, { recursive: true });
    for (const picture of this.used.values()) {
      for (const file of renditionFiles(picture)) {
        linkOrCopy(path.join(this.cacheDir, file), path.join(targetDir, file));
        produced.push(`${ROUTES.images.replace(/^\/|\/$/g, "")}/${file}`);
      }
    }
    return produced;
  }

  /** Keeps what this build used for the next one. */
  save(): void {
    const photos: Record<string, ManifestEntry> = {};
    for (const sitePath of this.used.keys()) photos[sitePath] = this.manifest.photos[sitePath]!;
    const keep = new Set([MANIFEST, ...Object.values(photos).flatMap((entry) => renditionFiles(entry.picture))]);
    if (existsSync(this.cacheDir))
      for (const name of readdirSync(this.cacheDir)) if (!keep.has(name)) rmSync(path.join(this.cacheDir, name));
    writeFileAtomically(
      path.join(this.cacheDir, MANIFEST),
      JSON.stringify({ recipe: RECIPE, photos } satisfies Manifest),
    );
  }
}

/** Photos made at once: sharp spreads each one over the cores, more at once would only queue. */
const PHOTOS_AT_ONCE = 4;

/**
 * The published records: each article as loaded, with the renditions of its lead photo and body
 * photos (the loaded record itself is never changed). A photo that cannot be decoded (its header
 * read fine at check time) is a problem naming the article and the field.
 */
export async function publishedWithPhotos(
  articles: readonly Article[],
  photos: PhotoRenditions,
): Promise<{ articles: Article[]; problems: ContentProblem[] }> {
  const problems: ContentProblem[] = [];
  const lead: (Picture | undefined)[] = articles.map(() => undefined);
  const body: (Record<string, Picture> | undefined)[] = articles.map(() => undefined);
  const jobs = articles.flatMap((article, index) => [
    ...(article.image?.startsWith(ROUTES.media) ? [{ index, field: "image", src: article.image }] : []),
    ...article.bodyImages.map((src) => ({ index, field: BODY_FIELD, src })),
    ...article.otherPhotos.map((src) => ({
      index,
      field: src === article.video?.poster ? "video_poster" : "gallery",
      src,
    })),
  ]);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const { index, field, src } = jobs[next++]!;
      try {
        const picture = await photos.pictureOf(src);
        if (field === "image") lead[index] = picture;
        else (body[index] ??= {})[src] = picture;
      } catch (error) {
        const article = articles[index]!;
        const line = lineOf(readFileSync(article.sourceFile, "utf8"), field, field === "image" ? undefined : src);
        problems.push({
          code: "content.photo-unreadable",
          file: article.sourcePath,
          line,
          field,
          message: (error as Error).message,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: PHOTOS_AT_ONCE }, worker));
  return {
    articles: articles.map((article, index) => ({ ...article, picture: lead[index], bodyPictures: body[index] })),
    problems,
  };
}

function renditionFiles(picture: Picture): string[] {
  const prefix = picture.base.slice(ROUTES.images.length);
  return picture.formats.flatMap((format) => picture.widths.map((width) => `${prefix}-${width}.${format}`));
}

function readManifest(file: string): Manifest {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Manifest;
    if (parsed.recipe === RECIPE && typeof parsed.photos === "object" && parsed.photos) return parsed;
  } catch {
    // No manifest yet, or a damaged one: every photo is made again.
  }
  return { recipe: RECIPE, photos: {} };
}

function sha256Of(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}
