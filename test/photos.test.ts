import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { imageSize } from "image-size";
import {
  articleFile,
  buildFixture,
  checkFixture,
  createFixture,
  FIXTURE_SITE_URL,
  fixtureEnv,
  photo,
  type FixtureSite,
  runCommand,
} from "./helpers/fixture-site.ts";

const HOSTILE_ALT = 'Cầu "Pá Uôn" <script>alert(1)</script> & hồ';
const valid = { title: "Tin có ảnh", date: "2025-05-04 08:00", category: "Kinh tế", author: "Thanh Huyền" };
const withLead = (front: Record<string, unknown> = {}, body = "Nội dung bài viết.") =>
  articleFile(
    { ...valid, image: "/media/anh-lon.jpg", image_alt: HOSTILE_ALT, caption: "Chú thích ảnh", ...front },
    body,
  );

const ARTICLE = "/2025/05/04/tin-co-anh/";
const MEDIA = { "anh-lon.jpg": photo("anh-lon.jpg"), "trong-suot.png": photo("trong-suot.png") };

/** The file behind a rendition URL, read as an image: its real format and size. */
function rendition(site: FixtureSite, url: string) {
  const size = imageSize(site.file(url));
  return { type: size.type, width: size.width, height: size.height };
}

const srcsetUrls = (srcset: string) =>
  srcset.split(",").map((candidate) => {
    const [url, width] = candidate.trim().split(/\s+/);
    return { url: url!, width: Number(width!.replace("w", "")) };
  });

const renditionFiles = (site: FixtureSite) =>
  existsSync(path.join(site.outDir, "anh")) ? readdirSync(path.join(site.outDir, "anh")).sort() : [];

describe("photos: responsive AVIF, WebP and JPEG renditions through eleventy-img", () => {
  test("the lead photo is a <picture> with every format and width, its size reserved, fetched first", async () => {
    const { site, result } = await buildFixture(
      { "a.md": withLead({}, "Mở đầu.\n\n![Biểu đồ trong suốt](/media/trong-suot.png)\n\nKết.") },
      { media: MEDIA },
    );
    assert.equal(result.code, 0, result.stderr);
    const page = site.html(ARTICLE);
    const lead = page(".article__figure picture");
    assert.equal(lead.length, 1);
    const sources = lead.find("source");
    assert.deepEqual(sources.map((_, source) => page(source).attr("type")).get(), ["image/avif", "image/webp"]);
    const img = lead.find("img");
    assert.equal(img.attr("alt"), HOSTILE_ALT, "the alt text arrives as the editor wrote it, as text");
    assert.equal(page(".article__figure script").length, 0);
    assert.equal(img.attr("width"), "1600");
    assert.equal(img.attr("height"), "1000");
    assert.equal(img.attr("loading"), "eager");
    assert.equal(img.attr("fetchpriority"), "high");
    assert.match(img.attr("sizes") ?? "", /50rem/);

    // Every candidate is a real file of the format and width it claims.
    const formats = { "image/avif": "avif", "image/webp": "webp" } as Record<string, string>;
    for (const source of sources.toArray()) {
      const candidates = srcsetUrls(page(source).attr("srcset")!);
      assert.deepEqual(
        candidates.map((candidate) => candidate.width),
        [400, 800, 1200, 1600],
      );
      for (const candidate of candidates) {
        const file = rendition(site, candidate.url);
        assert.equal(file.type, formats[page(source).attr("type")!], candidate.url);
        assert.equal(file.width, candidate.width, candidate.url);
      }
    }
    for (const candidate of srcsetUrls(img.attr("srcset")!)) {
      const file = rendition(site, candidate.url);
      assert.equal(file.type, "jpg");
      assert.equal(file.width, candidate.width);
      assert.equal(file.height, Math.round((candidate.width * 1000) / 1600));
    }
    assert.equal(rendition(site, img.attr("src")!).width, 1600);

    // A photo in the body waits until the reader scrolls near it; transparency stays PNG.
    const body = page(".article__body picture img");
    assert.equal(body.attr("loading"), "lazy");
    assert.equal(body.attr("alt"), "Biểu đồ trong suốt");
    assert.equal(rendition(site, body.attr("src")!).type, "png");
    assert.equal(body.attr("width"), "800", "no rendition is wider than the photo (900 px)");

    // Social cards and JSON-LD: a 1200-pixel JPEG; feeds too, and the body photo at its largest.
    assert.equal(
      page('meta[property="og:image"]').attr("content"),
      `${FIXTURE_SITE_URL}${srcsetUrls(img.attr("srcset")!).find((candidate) => candidate.width === 1200)!.url}`,
    );
    assert.equal(page('meta[property="og:image:width"]').attr("content"), "1200");
    // Google Discover and News may show it large.
    assert.equal(page('meta[name="robots"]').attr("content"), "max-image-preview:large");
    const jsonLd = JSON.parse(page('script[type="application/ld+json"]').first().text()) as {
      image: { url: string; width: number }[];
    };
    assert.equal(jsonLd.image[0]!.url, page('meta[property="og:image"]').attr("content"));
    const feed = site.json("/feed.json") as { items: { image: string; content_html: string }[] };
    assert.equal(feed.items[0]!.image, jsonLd.image[0]!.url);
    assert.match(feed.items[0]!.content_html, new RegExp(`<img src="${FIXTURE_SITE_URL}/anh/[^"]+-800\\.png"`));
    assert.doesNotMatch(feed.items[0]!.content_html, /<picture|<source/);

    // Lists show the smallest fitting rendition, never the original.
    const card = site.html("/tin-moi/")(".card__image img");
    assert.match(card.attr("srcset") ?? "", /-400\.jpeg 400w/);
    assert.match(card.attr("sizes") ?? "", /16rem/);
    assert.equal(card.attr("loading"), "lazy");
  });

  test("an unchanged photo is never processed twice; a changed one is, and its old files go", async () => {
    const site = createFixture({ "a.md": withLead() }, { media: MEDIA });
    const build = () => runCommand("build", ["--output", site.outDir], fixtureEnv(site));
    const first = await build();
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /1 ảnh, làm mới 1/);
    const before = renditionFiles(site);
    const firstStat = statSync(path.join(site.outDir, "anh", before[0]!));

    const again = await build();
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /1 ảnh, làm mới 0/);
    assert.deepEqual(renditionFiles(site), before);
    assert.equal(statSync(path.join(site.outDir, "anh", before[0]!)).mtimeMs, firstStat.mtimeMs);

    const full = await runCommand("build", ["--output", site.outDir, "--full"], fixtureEnv(site));
    assert.match(full.stdout, /1 ảnh, làm mới 0/, "a full build keeps the photo cache");
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(site.mediaDir, "anh-lon.jpg"), later, later);
    const touched = await build();
    assert.match(touched.stdout, /1 ảnh, làm mới 0/, "a fresh checkout's new file times are not a new photo");

    writeFileSync(path.join(site.mediaDir, "anh-lon.jpg"), photo("anh-xoay.jpg"));
    writeFileSync(
      path.join(site.articlesDir, "a.md"),
      withLead({ image: "/media/anh-lon.jpg" }).replace("Nội dung bài viết.", "Nội dung mới."),
    );
    const changed = await build();
    assert.equal(changed.code, 1, "the new photo is 700 px wide once turned upright: too small for the lead");
    assert.match(changed.stderr, /a\.md:\d+: image: ảnh "\/media\/anh-lon\.jpg" chỉ rộng 700 px/);

    writeFileSync(path.join(site.mediaDir, "anh-lon.jpg"), photo("trong-suot.png"));
    writeFileSync(path.join(site.articlesDir, "a.md"), articleFile(valid, "Bài không còn ảnh."));
    const withoutPhoto = await build();
    assert.equal(withoutPhoto.code, 0, withoutPhoto.stderr);
    assert.deepEqual(renditionFiles(site), [], "renditions of a photo no article shows leave the site");
  });

  test("a photo that is missing, not an image, in a format browsers cannot show, or too small for the lead is an error", async () => {
    const result = await checkFixture(
      {
        "missing.md": articleFile({ ...valid, title: "Một", image: "/media/khong-co.jpg", image_alt: "x" }),
        "text.md": articleFile({ ...valid, title: "Hai", image: "/media/gia.jpg", image_alt: "x" }),
        "tiff.md": articleFile({ ...valid, title: "Ba", image: "/media/anh.tiff", image_alt: "x" }),
        "small.md": articleFile({ ...valid, title: "Bốn", image: "/media/anh-nho.jpg", image_alt: "x" }),
        "turned.md": articleFile({ ...valid, title: "Năm", image: "/media/anh-xoay.jpg", image_alt: "x" }),
        "body.md": articleFile({ ...valid, title: "Sáu" }, "Ảnh: ![Ảnh hỏng](/media/gia.jpg)"),
        "svg.md": articleFile({ ...valid, title: "Tám", image: "/media/ve.svg", image_alt: "x" }),
        "fine.md": articleFile(
          { ...valid, title: "Bảy", image: "/media/anh-lon.jpg", image_alt: "x" },
          "Ảnh nhỏ trong bài vẫn được: ![Ảnh nhỏ](/media/anh-nho.jpg)",
        ),
      },
      {
        media: {
          "gia.jpg": "Đây là văn bản, không phải ảnh",
          "ve.svg": "<svg xmlns='http://www.w3.org/2000/svg'><circle r='4'/></svg>",
          "anh.tiff": photo("anh.tiff"),
          "anh-nho.jpg": photo("anh-nho.jpg"),
          "anh-xoay.jpg": photo("anh-xoay.jpg"),
          "anh-lon.jpg": photo("anh-lon.jpg"),
        },
      },
    );
    assert.equal(result.code, 1);
    const out = result.stderr;
    assert.match(out, /missing\.md:\d+: image: không tìm thấy tệp ảnh "\/media\/khong-co\.jpg"/);
    assert.match(out, /text\.md:\d+: image: "\/media\/gia\.jpg" không phải tệp ảnh/);
    assert.match(
      out,
      /tiff\.md:\d+: image: ảnh "\/media\/anh\.tiff" ở định dạng tiff, trình duyệt không hiển thị được/,
    );
    assert.match(
      out,
      /small\.md:\d+: image: ảnh "\/media\/anh-nho\.jpg" chỉ rộng 500 px, ảnh đầu bài cần ít nhất 800 px/,
    );
    assert.match(
      out,
      /turned\.md:\d+: image: ảnh "\/media\/anh-xoay\.jpg" chỉ rộng 700 px/,
      "the width as shown, upright",
    );
    assert.match(out, /body\.md:7: nội dung: "\/media\/gia\.jpg" không phải tệp ảnh/);
    assert.match(out, /svg\.md:\d+: image: ảnh SVG "\/media\/ve\.svg" không có kích thước — thêm viewBox/);
    assert.doesNotMatch(out, /fine\.md/);
    const codeOf = (file: string) => new RegExp(`${file}:\\d+: .* \\[([a-z.-]+)\\]$`, "m").exec(out)?.[1];
    assert.deepEqual(
      ["missing", "text", "tiff", "small", "body", "svg"].map((name) => codeOf(`${name}\\.md`)),
      [
        "content.photo-missing",
        "content.photo-unreadable",
        "content.photo-unreadable",
        "content.photo-too-small",
        "content.photo-unreadable",
        "content.photo-unreadable",
      ],
    );
  });
});
