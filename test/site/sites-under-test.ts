// The two sites the quality gates look at, built and served as readers get them: the sample newspaper
// (content/) and a fixture newsroom with every page family (lead and body photos, a second category
// page, aliases, updates, tags, authors, date archives, a hostile title, videos, a photo story, a
// long-form page). Each is served over HTTP with
// its own real comments endpoint, so the comment box talks to a live server as in production.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { articleFile, createFixture, fixtureEnv, photo, PROJECT_ROOT } from "../helpers/fixture-site.ts";
import { serveWithComments } from "../helpers/site-with-comments.ts";
import { listFiles } from "../../lib/files/list-files.ts";
import { ARTICLE_PATH, categoryUrl, pageUrl, ROUTES } from "../../lib/settings/routes.ts";

/** The pages every gate looks at, by what a reader calls them. */
export interface PageSample {
  home: string;
  article: string;
  category: string;
  categoryPage2?: string;
  search: string;
  archive: string;
  notFound: string;
  /** The readers' features (the fixture newsroom has them): a hosted video, a video file, a photo story, a long-form page. */
  video?: string;
  videoFile?: string;
  photoStory?: string;
  longform?: string;
}

export interface SiteUnderTest {
  name: string;
  dir: string;
  origin: string;
  pages: PageSample;
  /** Every HTML page the build wrote, as site paths. */
  htmlPages: string[];
}

export const HOSTILE_TITLE = 'Giá lúa "tăng" <img src=x onerror=alert(1)> & </script> giảm';

/**
 * 22 articles in Kinh tế (two pages of 20), photos, an alias, an update, a correction, an article
 * taken down, tags, several authors and days.
 */
export function everyPageFamily(): { articles: Record<string, string>; media: Record<string, Buffer> } {
  const articles: Record<string, string> = {};
  for (let index = 0; index < 22; index++) {
    const day = String(1 + (index % 28)).padStart(2, "0");
    articles[`kinh-te-${index}.md`] = articleFile(
      {
        title: `Sơn La mở rộng vùng cây ăn quả đợt ${index + 1}`,
        date: `2025-04-${day} 0${index % 10}:15`,
        category: "Kinh tế",
        author: index % 3 ? "Thanh Huyền" : "Lò Văn Páo",
        summary: `Đợt ${index + 1}: nông dân chuyển đổi đất dốc sang trồng xoài, nhãn, mận hậu.`,
        tags: ["nông nghiệp", "cây ăn quả"],
      },
      `Nông dân huyện Mộc Châu chuyển đổi ${index + 1} héc-ta đất dốc.\n\nXem thêm [tin cải cách](/2025/05/04/cai-cach-hanh-chinh-buoc-dot-pha/).`,
    );
  }
  articles["anh.md"] = articleFile(
    {
      title: "Cải cách hành chính: bước đột phá",
      date: "2025-05-04 08:00",
      updated: "2025-05-05 09:30",
      category: "Cải cách hành chính",
      author: "Thanh Huyền",
      summary: "Tỉnh rút ngắn thời gian giải quyết thủ tục hành chính còn một nửa.",
      image: "/media/2025/05/mot-cua.jpg",
      caption: "Người dân làm thủ tục tại bộ phận một cửa.",
      tags: ["cải cách hành chính"],
      aliases: ["/2025/05/cai-cach-hanh-chinh.html"],
      corrections: [{ date: "2025-05-05 09:30", text: `Bản trước ghi sai số liệu ${HOSTILE_TITLE}` }],
    },
    "Đoạn mở đầu.\n\n![Cán bộ hướng dẫn người dân](/media/2025/05/huong-dan.png)\n\nĐoạn kết.",
  );
  articles["doc-hai.md"] = articleFile({
    title: HOSTILE_TITLE,
    date: "2025-05-03 07:00",
    category: "Văn hóa - Xã hội",
    author: 'Hà "Thu" <b>',
    summary: "Tóm tắt có <script>alert(1)</script> và & dấu.",
  });
  // An article taken down: its address and its old one show the notice.
  articles["go-bai.md"] = articleFile({
    title: "Bài đã gỡ",
    date: "2025-04-20 07:00",
    category: "Kinh tế",
    author: "Thanh Huyền",
    aliases: ["/2025/04/bai-da-go.html"],
    withdrawn: { date: "2025-04-25 10:00", reason: `Theo quyết định của cơ quan chức năng ${HOSTILE_TITLE}` },
  });
  // The readers' features: a hosted video with its poster, a file with captions, a photo story, a long-form piece.
  articles["video.md"] = articleFile({
    title: "Video: lễ hội hoa ban Điện Biên",
    date: "2025-04-28 08:00",
    category: "Văn hóa - Xã hội",
    author: "Thanh Huyền",
    summary: "Không khí lễ hội hoa ban qua ống kính phóng viên.",
    video: "https://www.youtube.com/watch?v=M7lc1UVf-VE",
    video_poster: "/media/2025/05/mot-cua.jpg",
  });
  articles["video-tep.md"] = articleFile({
    title: `Video tự quay: ${HOSTILE_TITLE}`,
    date: "2025-04-27 08:00",
    category: "Văn hóa - Xã hội",
    author: "Thanh Huyền",
    video: "/media/2025/05/clip.mp4",
    video_captions: "/media/2025/05/clip.vi.vtt",
  });
  articles["phong-su-anh.md"] = articleFile({
    title: "Phóng sự ảnh: mùa mận Mộc Châu",
    date: "2025-04-26 08:00",
    category: "Văn hóa - Xã hội",
    author: "Lò Văn Páo",
    gallery: [
      {
        image: "/media/2025/05/mot-cua.jpg",
        caption: "Người dân làm thủ tục tại bộ phận một cửa.",
        credit: "Lò Văn Páo",
      },
      { image: "/media/2025/05/huong-dan.png", image_alt: "Biểu đồ số thủ tục", credit: HOSTILE_TITLE },
    ],
  });
  articles["emagazine.md"] = articleFile(
    {
      title: "eMagazine: Sơn La sau ba mươi năm",
      date: "2025-04-25 08:00",
      category: "Văn hóa - Xã hội",
      author: "Thanh Huyền",
      layout: "longform",
      image: "/media/2025/05/mot-cua.jpg",
      caption: "Trung tâm hành chính tỉnh.",
    },
    "Đoạn mở đầu dài.\n\n::: trich-dan\nNgười dân là trung tâm của mọi đổi thay.\n:::\n\nĐoạn giữa.\n\n::: toan-canh\n![Toàn cảnh trung tâm hành chính](/media/2025/05/mot-cua.jpg)\n:::\n\nĐoạn kết.",
  );
  const video = (name: string) => readFileSync(path.join(PROJECT_ROOT, "test/fixtures/videos", name));
  return {
    articles,
    media: {
      "2025/05/mot-cua.jpg": photo("anh-lon.jpg"),
      "2025/05/huong-dan.png": photo("trong-suot.png"),
      "2025/05/clip.mp4": video("clip.mp4"),
      "2025/05/clip.vi.vtt": video("clip.vi.vtt"),
    },
  };
}

interface Running {
  sites: SiteUnderTest[];
  stop(): Promise<void>;
}

async function buildAndServe(
  name: string,
  outDir: string,
  buildEnv: NodeJS.ProcessEnv,
  pages: (htmlPages: string[]) => PageSample,
  stoppers: (() => Promise<unknown>)[],
): Promise<SiteUnderTest> {
  const served = await serveWithComments({ outDir, buildEnv }).catch((error: Error) => {
    throw new Error(`${name}: ${error.message}`);
  });
  stoppers.push(() => served.stop());
  const htmlPages = listFiles(outDir)
    .filter((file) => file.endsWith(".html"))
    .map((file) => `/${file.replace(/(^|\/)index\.html$/, "$1")}`);
  return { name, dir: outDir, origin: served.origin, pages: pages(htmlPages), htmlPages };
}

const firstMatching = (htmlPages: string[], pattern: RegExp) => {
  const found = htmlPages.find((page) => pattern.test(page));
  if (!found) throw new Error(`the site has no page like ${pattern}`);
  return found;
};

const firstArticle = (htmlPages: string[]) => {
  const article = htmlPages.find((page) => ARTICLE_PATH.test(page));
  if (!article) throw new Error("the site has no article page");
  return article;
};

/** Builds and serves both sites; `stop()` ends every server. */
export async function startSitesUnderTest(): Promise<Running> {
  const stoppers: (() => Promise<unknown>)[] = [];
  const work = mkdtempSync(path.join(tmpdir(), "toasoan-quality-"));
  try {
    const sample = await buildAndServe(
      "trang mẫu",
      path.join(work, "sample"),
      {},
      (htmlPages) => ({
        home: ROUTES.home,
        article: firstArticle(htmlPages),
        category: categoryUrl("cai-cach-hanh-chinh"),
        search: `${ROUTES.search}?q=cai+cach+hanh+chinh`,
        archive: ROUTES.archive,
        notFound: ROUTES.notFound,
      }),
      stoppers,
    );
    const families = everyPageFamily();
    const fixture = createFixture(families.articles, { media: families.media });
    const everyFamily = await buildAndServe(
      "mọi loại trang",
      fixture.outDir,
      fixtureEnv(fixture, { now: "2025-05-06T12:00:00+07:00" }),
      (htmlPages) => ({
        home: ROUTES.home,
        article: "/2025/05/04/cai-cach-hanh-chinh-buoc-dot-pha/",
        category: categoryUrl("kinh-te"),
        categoryPage2: pageUrl(categoryUrl("kinh-te"), 2),
        search: `${ROUTES.search}?q=cay+an+qua`,
        archive: ROUTES.archive,
        notFound: ROUTES.notFound,
        video: "/2025/04/28/video-le-hoi-hoa-ban-dien-bien/",
        videoFile: firstMatching(htmlPages, /^\/2025\/04\/27\/video-tu-quay/),
        photoStory: "/2025/04/26/phong-su-anh-mua-man-moc-chau/",
        longform: firstMatching(htmlPages, /^\/2025\/04\/25\/[^/]+\/$/),
      }),
      stoppers,
    );
    return {
      sites: [sample, everyFamily],
      stop: async () => {
        for (const stop of stoppers.reverse()) await stop();
      },
    };
  } catch (error) {
    for (const stop of stoppers.reverse()) await stop();
    throw error;
  }
}
