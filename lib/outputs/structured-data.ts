import type { Article } from "../content/article.ts";
import { absoluteUrl } from "./feeds.ts";
import { sharedImageOf } from "../content/pictures.ts";
import { videoThumbnailOf } from "../content/video.ts";
import { ROUTES } from "../settings/routes.ts";
import type { SiteSettings } from "../settings/settings.ts";

/**
 * Serialises data for a `<script type="application/ld+json">` block. JSON.stringify alone is not
 * enough: a title containing `</script>` would end the block, so `<`, `>`, `&` and the two line
 * separators JavaScript treats as newlines are written as \u escapes (still the same JSON value).
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function publisherOf(site: SiteSettings) {
  return {
    "@type": "NewsMediaOrganization",
    name: site.publisher,
    url: site.url + "/",
    logo: { "@type": "ImageObject", url: site.url + ROUTES.logo, width: 512, height: 512 },
  };
}

export function newsArticleJsonLd(article: Article, site: SiteSettings): string {
  const shared = sharedImageOf(article);
  return scriptSafeJson({
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: article.title,
    description: article.description,
    datePublished: article.dateIso,
    dateModified: article.updatedIso ?? article.dateIso,
    inLanguage: site.language,
    mainEntityOfPage: { "@type": "WebPage", "@id": site.url + article.url },
    url: site.url + article.url,
    articleSection: article.category.name,
    keywords: article.tags.map((tag) => tag.name),
    wordCount: article.wordCount,
    image: shared
      ? [{ "@type": "ImageObject", url: absoluteUrl(site, shared.url), width: shared.width, height: shared.height }]
      : undefined,
    author: [{ "@type": "Person", name: article.author.name, url: site.url + article.author.url }],
    publisher: publisherOf(site),
    correction:
      article.corrections.length > 0
        ? article.corrections.map((correction) => ({
            "@type": "CorrectionComment",
            text: correction.text,
            datePublished: correction.dateIso,
          }))
        : undefined,
  });
}

/** The article's video as Google reads it: every field it requires (name, thumbnailUrl, uploadDate) and where it plays. */
export function videoJsonLd(article: Article, site: SiteSettings): string {
  const video = article.video!;
  return scriptSafeJson({
    "@context": "https://schema.org",
    "@type": "VideoObject",
    name: article.title,
    description: article.description,
    thumbnailUrl: [absoluteUrl(site, videoThumbnailOf(video, article.bodyPictures))],
    uploadDate: article.dateIso,
    inLanguage: site.language,
    ...(video.kind === "file" ? { contentUrl: absoluteUrl(site, video.source) } : { embedUrl: video.embedUrl }),
    publisher: publisherOf(site),
  });
}

export function websiteJsonLd(site: SiteSettings): string {
  return scriptSafeJson({
    "@context": "https://schema.org",
    "@type": "WebSite",
    name: site.title,
    url: site.url + "/",
    inLanguage: site.language,
    potentialAction: {
      "@type": "SearchAction",
      target: `${site.url}/tim-kiem/?q={search_term_string}`,
      "query-input": "required name=search_term_string",
    },
  });
}
