// Readers' features on a built fixture site: videos (hosted and files), photo stories and long-form
// pages, read with a real parser; each new front-matter field's mistakes as one line with its code;
// and in Chromium, that a hosted video asks nothing of its host before the press, and that a photo
// story's viewer works with the keyboard.
import assert from "node:assert/strict";
import { readFileSync, truncateSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { CheerioAPI } from "cheerio";
import type { Browser, Page } from "playwright-core";
import sharp from "sharp";
import { ROUTES } from "../lib/settings/routes.ts";
import {
  articleFile,
  buildFixture,
  checkFixture,
  createFixture,
  FIXTURE_SITE_URL,
  fixtureEnv,
  type FixtureSite,
  photo,
  PROJECT_ROOT,
  runCommand,
} from "./helpers/fixture-site.ts";
import { serveStatic, type StaticSite } from "./helpers/browser.ts";
import { browserForRun } from "./helpers/shared-services.ts";
import { waitUntil } from "./helpers/wait.ts";

const HOSTILE = 'Mùa mận "chín" <img src=x onerror="window.__pwned=1"> & </script> Mộc Châu';
const video = (name: string) => readFileSync(path.join(PROJECT_ROOT, "test/fixtures/videos", name));
const base = { category: "Văn hóa - Xã hội", author: "Lò Văn Páo" };
const YOUTUBE_ID = "M7lc1UVf-VE";

const ARTICLES: Record<string, string> = {
  "youtube.md": articleFile({
    ...base,
    title: HOSTILE,
    date: "2025-05-04 08:00",
    video: `https://youtu.be/${YOUTUBE_ID}`,
    video_poster: "/media/poster.jpg",
  }),
  "vimeo.md": articleFile({
    ...base,
    title: "Lễ hội Xên bản của người Thái",
    date: "2025-05-03 08:00",
    video: "https://vimeo.com/76979871",
  }),
  "tep.md": articleFile({
    ...base,
    title: "Thu hoạch mận hậu",
    date: "2025-05-02 08:00",
    video: "/media/clip.mp4",
    video_poster: "/media/poster.jpg",
    video_captions: "/media/clip.vi.vtt",
  }),
  "anh.md": articleFile({
    ...base,
    title: "Phóng sự ảnh: mùa hoa ban",
    date: "2025-05-01 08:00",
    gallery: [
      { image: "/media/hoa-ban-1.jpg", caption: "Hoa ban nở trắng rừng.", credit: "Quàng Văn Hặc" },
      { image: "/media/hoa-ban-2.jpg", image_alt: "Thiếu nữ Thái bên cành hoa ban" },
      { image: "/media/hoa-ban-3.jpg", caption: HOSTILE, credit: 'Tác giả "<b>"' },
    ],
  }),
  "emagazine.md": articleFile(
    { ...base, title: "Sơn La: hành trình ba mươi năm", date: "2025-04-30 08:00", layout: "longform" },
    "Mở đầu bài dài.\n\n::: trich-dan\nNgười dân là trung tâm của mọi đổi thay.\n:::\n\n::: toan-canh\n![Toàn cảnh thành phố Sơn La](/media/hoa-ban-1.jpg)\n:::\n\nKết bài.",
  ),
};
const MEDIA = {
  "poster.jpg": photo("anh-lon.jpg"),
  "hoa-ban-1.jpg": photo("anh-lon.jpg"),
  "hoa-ban-2.jpg": photo("anh-xoay.jpg"),
  "hoa-ban-3.jpg": photo("anh-nho.jpg"),
  "clip.mp4": video("clip.mp4"),
  "clip.webm": video("clip.webm"),
  "clip.vi.vtt": video("clip.vi.vtt"),
};
const URLS = {
  youtube: "/2025/05/04/mua-man-chin-img-src-x-onerror-window-pwned-1-va-script-moc-chau/",
  vimeo: "/2025/05/03/le-hoi-xen-ban-cua-nguoi-thai/",
  file: "/2025/05/02/thu-hoach-man-hau/",
  gallery: "/2025/05/01/phong-su-anh-mua-hoa-ban/",
  longform: "/2025/04/30/son-la-hanh-trinh-ba-muoi-nam/",
};

let site: FixtureSite;
before(async () => {
  const built = await buildFixture(ARTICLES, { media: MEDIA });
  assert.equal(built.result.code, 0, built.result.stderr);
  site = built.site;
});

function jsonLd($: CheerioAPI, type: string): Record<string, unknown> | undefined {
  const blocks = $('script[type="application/ld+json"]')
    .map((_, element) => JSON.parse($(element).text()) as unknown)
    .get() as Record<string, unknown>[];
  return blocks.find((data) => data["@type"] === type);
}

describe("a hosted video", () => {
  test("is a link to its page with the newsroom's poster: no player, no picture from the host in the page", () => {
    const $ = site.html(URLS.youtube);
    const frame = $("[data-video]");
    assert.equal(frame.attr("data-embed"), `https://www.youtube-nocookie.com/embed/${YOUTUBE_ID}`);
    assert.equal(frame.attr("data-title"), HOSTILE, "the title as an attribute, escaped");
    assert.equal(frame.find("a.video__play").attr("href"), `https://www.youtube.com/watch?v=${YOUTUBE_ID}`);
    assert.match(frame.find("img").attr("src")!, new RegExp(`^${ROUTES.images}`), "the poster from the photo step");
    assert.equal($("iframe").length, 0);
    const external = $("[src], [srcset], link[href]")
      .map((_, element) => $(element).attr("src") ?? $(element).attr("href") ?? "")
      .get()
      .filter((address) => /youtube|ytimg|vimeo/.test(address));
    assert.deepEqual(external, []);
    assert.equal($(`script[src="${ROUTES.videoScript}"]`).length, 1);
    assert.match($(".video__note").text(), /chế độ không cookie/);
  });

  test("a Vimeo video asks its player not to track (dnt=1); without a poster the placeholder shows the title", () => {
    const $ = site.html(URLS.vimeo);
    assert.equal($("[data-video]").attr("data-embed"), "https://player.vimeo.com/video/76979871?dnt=1");
    assert.equal($(".video__placeholder").text(), "Lễ hội Xên bản của người Thái");
  });

  test("VideoObject carries every field Google requires; its picture is the poster's or the newsroom's own card", async () => {
    const youtube = jsonLd(site.html(URLS.youtube), "VideoObject")!;
    assert.equal(youtube.name, HOSTILE);
    assert.equal(youtube.uploadDate, "2025-05-04T08:00:00+07:00");
    assert.equal(youtube.embedUrl, `https://www.youtube-nocookie.com/embed/${YOUTUBE_ID}`);
    assert.match(
      (youtube.thumbnailUrl as string[])[0]!,
      new RegExp(`^${FIXTURE_SITE_URL}${ROUTES.images}.*-1200\\.jpeg$`),
    );
    assert.ok(
      !site.read(URLS.youtube).includes('"name":"Mùa mận \\"chín\\" <img'),
      "no raw < inside the JSON-LD block",
    );
    const vimeo = jsonLd(site.html(URLS.vimeo), "VideoObject")!;
    assert.deepEqual(vimeo.thumbnailUrl, [`${FIXTURE_SITE_URL}${ROUTES.videoThumbnail}`]);
    const card = await sharp(site.file(ROUTES.videoThumbnail)).metadata();
    assert.deepEqual([card.format, card.width, card.height], ["jpeg", 1280, 720]);
    const file = jsonLd(site.html(URLS.file), "VideoObject")!;
    assert.equal(file.contentUrl, `${FIXTURE_SITE_URL}/media/clip.mp4`);
  });
});

describe("a video file", () => {
  test("plays in <video preload=none> with its captions; the files reach the site; no player script", () => {
    const $ = site.html(URLS.file);
    const player = $("video");
    assert.equal(player.attr("preload"), "none");
    assert.match(player.attr("poster")!, new RegExp(`^${ROUTES.images}`));
    assert.deepEqual(
      [player.find("source").attr("src"), player.find("source").attr("type")],
      ["/media/clip.mp4", "video/mp4"],
    );
    assert.deepEqual(
      [player.find("track").attr("kind"), player.find("track").attr("src")],
      ["captions", "/media/clip.vi.vtt"],
    );
    assert.ok(site.exists("/media/clip.mp4") && site.exists("/media/clip.vi.vtt"));
    assert.equal($(`script[src="${ROUTES.videoScript}"]`).length, 0);
  });
});

describe("a WebM file", () => {
  test("is judged a WebM by its first bytes and announced as one", async () => {
    const built = await buildFixture(
      { "webm.md": articleFile({ ...base, title: "Video WebM", date: "2025-05-04 09:00", video: "/media/clip.webm" }) },
      { media: { "clip.webm": MEDIA["clip.webm"] } },
    );
    assert.equal(built.result.code, 0, built.result.stderr);
    const source = built.site.html("/2025/05/04/video-web-m/")("video source");
    assert.deepEqual([source.attr("src"), source.attr("type")], ["/media/clip.webm", "video/webm"]);
  });
});

describe("the video section and sitemap", () => {
  test("/video/ lists the articles with a video, newest first; /phong-su-anh/ the photo stories", () => {
    const titles = (address: string) => {
      const $ = site.html(address);
      return $(".listing .card__title")
        .map((_, element) => $(element).text().trim())
        .get();
    };
    assert.deepEqual(titles(ROUTES.video), [HOSTILE, "Lễ hội Xên bản của người Thái", "Thu hoạch mận hậu"]);
    assert.deepEqual(titles(ROUTES.photoStories), ["Phóng sự ảnh: mùa hoa ban"]);
  });

  test("the video sitemap has every video with its picture, words and player or file, and the index names it", () => {
    const $ = site.xml("/sitemaps/video.xml");
    const entries = $("url")
      .map((_, url) => ({
        loc: $(url).children("loc").text(),
        thumbnail: $(url).find("video\\:thumbnail_loc").text(),
        title: $(url).find("video\\:title").text(),
        player: $(url).find("video\\:player_loc").text(),
        content: $(url).find("video\\:content_loc").text(),
      }))
      .get();
    assert.equal(entries.length, 3);
    assert.equal(entries[0]!.title, HOSTILE);
    assert.equal(entries[0]!.player, `https://www.youtube-nocookie.com/embed/${YOUTUBE_ID}`);
    assert.equal(entries[2]!.content, `${FIXTURE_SITE_URL}/media/clip.mp4`);
    assert.ok(entries.every((entry) => entry.thumbnail.startsWith(FIXTURE_SITE_URL)));
    assert.match(site.read(ROUTES.sitemapIndex), /\/sitemaps\/video\.xml/);
  });
});

describe("a photo story", () => {
  test("shows each photo as a figure from its renditions, linked to the largest, with caption and credit as text", () => {
    const $ = site.html(URLS.gallery);
    const figures = $("[data-gallery] figure");
    assert.equal(figures.length, 3);
    const first = figures.eq(0);
    assert.match(first.find("a.gallery__link").attr("href")!, new RegExp(`^${ROUTES.images}.*-1600\\.jpeg$`));
    assert.equal(first.find("a").attr("data-pswp-width"), "1600");
    assert.equal(first.find("img").attr("alt"), "Hoa ban nở trắng rừng.");
    assert.equal(first.find(".gallery__credit").text(), "Ảnh: Quàng Văn Hặc");
    assert.equal(figures.eq(1).find("img").attr("alt"), "Thiếu nữ Thái bên cành hoa ban");
    assert.equal(figures.eq(1).find("figcaption").length, 0);
    assert.equal(figures.eq(2).find("figcaption").contents().first().text().trim(), HOSTILE);
    assert.equal($("[data-gallery] b, [data-gallery] script, figcaption img").length, 0);
    assert.equal($(`script[src="${ROUTES.galleryScript}"]`).length, 1);
    assert.equal($(`link[href="${ROUTES.galleryStyles}"]`).length, 1);
    assert.ok(site.exists(ROUTES.galleryStyles));
  });
});

describe("a long-form page", () => {
  test("is one wide column without the sidebar, with pull quotes and a full-bleed photo", () => {
    const $ = site.html(URLS.longform);
    assert.equal($(".page").hasClass("page--longform"), true);
    assert.equal($(".latest, .most-read").length, 0);
    assert.equal($("blockquote.pull-quote").text().trim(), "Người dân là trung tâm của mọi đổi thay.");
    assert.equal($(".full-bleed picture img").attr("alt"), "Toàn cảnh thành phố Sơn La");
    assert.equal(site.html(URLS.vimeo)(".latest").length, 1, "other articles keep their sidebar");
  });
});

describe("mistakes in the new fields", () => {
  const valid = { ...base, title: "Bài", date: "2025-05-04 08:00" };
  const check = async (front: Record<string, unknown>, media: Record<string, string | Buffer> = MEDIA) => {
    const result = await checkFixture({ "a.md": articleFile({ ...valid, ...front }) }, { media });
    assert.equal(result.code, 1, result.stdout);
    return result.stdout + result.stderr;
  };

  test("a video from another host, a missing file, a format browsers cannot play, a file over 100 MB", async () => {
    assert.match(
      await check({ video: "https://www.dailymotion.com/video/x8abc" }),
      /a\.md:\d+: video: "https:\/\/www\.dailymotion\.com\/video\/x8abc" không phải địa chỉ video YouTube hay Vimeo.*\[content\.video-host\]/,
    );
    assert.match(await check({ video: "https://www.youtube.com/watch?v=ngan" }), /\[content\.video-host\]/);
    assert.match(
      await check({ video: "/media/khong-co.mp4" }),
      /video: không tìm thấy tệp video "\/media\/khong-co\.mp4".*\[content\.video-missing\]/,
    );
    const quicktime = Buffer.concat([Buffer.from([0, 0, 0, 20]), Buffer.from("ftypqt  \0\0\0\0qt  ")]);
    assert.match(
      await check({ video: "/media/phim.mov" }, { "phim.mov": quicktime }),
      /không phải video MP4 hay WebM.*\[content\.video-format\]/,
    );
    assert.match(
      await check({ video: "/media/gia.mp4" }, { "gia.mp4": "không phải video" }),
      /\[content\.video-format\]/,
    );
  });

  test("a file over 100 MB is refused before anyone tries to commit it (GitHub refuses such files)", async () => {
    const fixture = createFixture(
      { "a.md": articleFile({ ...valid, video: "/media/lon.mp4" }) },
      { media: { "lon.mp4": video("clip.mp4") } },
    );
    // A sparse file: 101 MB that take no room on the disk; its first bytes are a real MP4's.
    truncateSync(path.join(fixture.mediaDir, "lon.mp4"), 101 * 1024 * 1024);
    const result = await runCommand("check", [], fixtureEnv(fixture));
    assert.equal(result.code, 1);
    assert.match(
      result.stdout + result.stderr,
      /video: tệp video "\/media\/lon\.mp4" nặng 101 MB, GitHub không nhận tệp quá 100 MB.*\[content\.video-too-large\]/,
    );
  });

  test("captions that are not WebVTT, captions of a hosted video, a poster without a video", async () => {
    assert.match(
      await check({ video: "/media/clip.mp4", video_captions: "/media/poster.jpg" }),
      /không phải phụ đề WebVTT.*\[content\.video-captions\]/,
    );
    assert.match(
      await check({ video: "https://vimeo.com/1", video_captions: "/media/clip.vi.vtt" }),
      /video_captions: phụ đề chỉ dùng cho tệp video/,
    );
    assert.match(
      await check({ video_poster: "/media/poster.jpg" }),
      /video_poster: có cho video nhưng bài không có video/,
    );
    assert.match(
      await check({ video: "https://vimeo.com/1", video_poster: "/media/khong-co.jpg" }),
      /\[content\.photo-missing\]/,
    );
  });

  test("a photo story's photo without caption or description, outside the media folder, or missing; an unknown layout", async () => {
    assert.match(
      await check({ gallery: [{ image: "/media/poster.jpg" }] }),
      /gallery\.0\.image_alt: ảnh cần chú thích hoặc lời mô tả.*\[content\.photo-description\]/,
    );
    assert.match(
      await check({ gallery: [{ image: "https://example.com/a.jpg", caption: "A" }] }),
      /gallery\.0\.image: phải là ảnh trong thư mục ảnh/,
    );
    assert.match(
      await check({ gallery: [{ image: "/media/khong-co.jpg", caption: "A" }] }),
      /\[content\.photo-missing\]/,
    );
    assert.match(await check({ gallery: "/media/poster.jpg" }), /gallery: phải là một danh sách ảnh/);
    assert.match(await check({ layout: "wide" }), /layout: chỉ có thể là longform/);
  });
});

describe("in Chromium", () => {
  let browser: Browser;
  let served: StaticSite;
  before(async () => {
    served = await serveStatic(site.outDir);
    browser = await browserForRun();
  });
  after(async () => {
    await browser?.close();
    await served?.close();
  });

  /** A page whose every request is recorded; none may leave this machine (the hosts cannot be reached here anyway). */
  async function open(address: string): Promise<{ page: Page; requested: string[]; close: () => Promise<void> }> {
    const context = await browser.newContext();
    const requested: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      requested.push(url);
      return new URL(url).hostname === "127.0.0.1" ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    await page.goto(served.origin + address);
    await page.waitForLoadState("networkidle");
    return { page, requested, close: () => context.close() };
  }

  const thirdParty = (requested: string[]) => requested.filter((url) => new URL(url).hostname !== "127.0.0.1");

  test("a hosted video: nothing goes to a third party until the press; then the privacy-enhanced player, playing", async () => {
    const { page, requested, close } = await open(URLS.youtube);
    assert.deepEqual(thirdParty(requested), [], "before the press");
    const playerRequest = page.waitForRequest(/youtube-nocookie\.com/);
    await page.locator("a.video__play").focus();
    await page.keyboard.press("Enter");
    await playerRequest;
    const iframe = page.locator("[data-video] iframe");
    assert.equal(await iframe.getAttribute("src"), `https://www.youtube-nocookie.com/embed/${YOUTUBE_ID}?autoplay=1`);
    assert.equal(await iframe.getAttribute("title"), HOSTILE);
    assert.deepEqual(
      thirdParty(requested).map((url) => new URL(url).hostname),
      ["www.youtube-nocookie.com"],
      "after the press, only the player",
    );
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await close();
  });

  test("a photo story opens in the viewer; the arrow keys move through it and Esc closes it", async () => {
    const { page, requested, close } = await open(URLS.gallery);
    await page.locator("a.gallery__link").first().click();
    const viewer = page.locator(".pswp");
    await viewer.waitFor({ state: "visible" });
    const counter = async () => (await page.locator(".pswp__counter").textContent())?.trim();
    assert.equal(await counter(), "1 / 3");
    // The viewer takes keys once its opening animation ends (it says nothing then): press as a reader
    // would, until it moves.
    await waitUntil(
      async () => {
        await page.keyboard.press("ArrowRight");
        await new Promise((resolve) => setTimeout(resolve, 250));
        return (await counter()) !== "1 / 3";
      },
      "the arrow key shows the next photo",
      10_000,
    );
    assert.equal(await counter(), "2 / 3");
    assert.equal(await page.locator(".pswp__button--close").getAttribute("title"), "Đóng");
    await page.keyboard.press("Escape");
    await viewer.waitFor({ state: "detached" });
    assert.deepEqual(thirdParty(requested), []);
    await close();
  });
});
