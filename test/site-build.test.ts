import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { HtmlValidate } from "html-validate";
import { articleFile, buildFixture, FIXTURE_SITE_URL, type FixtureSite } from "./helpers/fixture-site.ts";

const HOSTILE_TITLE = `</script><script>alert("x")</script> & <b>đậm</b> 'q' ]]>`;
const HOSTILE_SUMMARY = `"><img src=x onerror=alert(1)> tóm tắt`;
const HOSTILE_AUTHOR = "<i>Kẻ xấu</i>";

const sportsArticles = Object.fromEntries(
  Array.from({ length: 25 }, (_, i) => {
    const day = String(i + 1).padStart(2, "0");
    return [
      `2024/01/the-thao-${day}.md`,
      articleFile({
        title: `Giải bóng đá ngày ${i + 1}`,
        date: `2024-01-${day} 09:00`,
        category: "Thể thao",
        author: "Lê Văn Bình",
        summary: `Tóm tắt trận ${i + 1}.`,
      }),
    ];
  }),
);

const articles: Record<string, string> = {
  "2017/11/cchc.md": articleFile(
    {
      title: "Những chuyển biến tích cực trong công tác cải cách hành chính",
      date: "2017-11-20 08:00",
      category: "Cải cách hành chính",
      author: "Thanh Huyền",
      summary: "Trong năm 2017, tỉnh ta đã có nhiều giải pháp thực hiện quyết liệt công tác cải cách hành chính.",
      image: "/media/cchc.svg",
      caption: "Kiểm tra công tác CCHC tại Trường Cao đẳng Sơn La.",
      tags: ["cải cách hành chính", "Sơn La"],
      // A correction long after publication: the newest change of the site.
      updated: "2025-05-05 11:00",
    },
    "Đoạn một.\n\n# Tiêu đề trong bài\n\nĐoạn hai có <b>thẻ</b> viết tay.",
  ),
  "2025/05/dak-lak.md": articleFile({
    title: "Đắk Lắk đẩy mạnh chuyển đổi số",
    date: "2025-05-04T06:00:00+07:00",
    category: "kinh-te",
    author: "Nguyễn Văn An",
  }),
  "2025/05/toi.md": articleFile({
    title: "Tin lúc khuya",
    date: "2025-05-04 23:30",
    category: "Thời sự - Chính trị",
    author: "Nguyễn Văn An",
    summary: "Tin đăng lúc 23:30 giờ Sơn La.",
  }),
  "2025/05/utc.md": articleFile({
    title: "Tin viết theo giờ UTC",
    date: "2025-05-03T20:30:00Z",
    category: "Kinh tế",
    author: "Trần Thị Hà",
  }),
  "2025/05/slug.md": articleFile({
    title: "Bài có đường dẫn riêng",
    date: "2025-05-01 10:00",
    category: "Du lịch",
    author: "Trần Thị Hà",
    slug: "tin-rieng",
  }),
  "2025/05/draft.md": articleFile({
    title: "Bản nháp bí mật",
    date: "2025-05-05 07:00",
    category: "Kinh tế",
    author: "Trần Thị Hà",
    draft: true,
  }),
  "2025/05/hostile.md": articleFile(
    {
      title: HOSTILE_TITLE,
      date: "2025-05-05 08:00",
      category: "Pháp luật",
      author: HOSTILE_AUTHOR,
      summary: HOSTILE_SUMMARY,
      tags: ["<svg onload=alert(1)>"],
    },
    "Thân bài <script>alert(2)</script> có [liên kết](javascript:alert(3)).",
  ),
  "2025/04/nfd.md": articleFile({
    title: "Tin Hà Nội".normalize("NFD"),
    date: "2025-04-30 10:00",
    category: "Văn hóa - Xã hội",
    author: "Trần Thị Hà",
  }),
  ...sportsArticles,
};

const PUBLISHED = Object.keys(articles).length - 1;

let site: FixtureSite;

before(async () => {
  const built = await buildFixture(articles, {
    media: { "cchc.svg": "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1200 675'/>" },
  });
  assert.equal(built.result.code, 0, built.result.stderr);
  site = built.site;
});

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => path.join(dir, name))
    .filter((file) => /\.(html|xml|json|txt)$/.test(file));
}

describe("article pages", () => {
  test("an article lives at /yyyy/mm/dd/slug/ with Vietnamese letters transliterated", () => {
    assert.ok(site.exists("/2025/05/04/dak-lak-day-manh-chuyen-doi-so/"));
    assert.ok(site.exists("/2017/11/20/nhung-chuyen-bien-tich-cuc-trong-cong-tac-cai-cach-hanh-chinh/"));
  });

  test("an explicit slug wins over the title", () => {
    assert.ok(site.exists("/2025/05/01/tin-rieng/"));
    assert.ok(!site.exists("/2025/05/01/bai-co-duong-dan-rieng/"));
  });

  test("shows title, category link, Vietnamese date in <time> with offset, author, figure and caption", () => {
    const $ = site.html("/2017/11/20/nhung-chuyen-bien-tich-cuc-trong-cong-tac-cai-cach-hanh-chinh/");
    assert.equal($("html").attr("lang"), "vi");
    assert.equal($("h1").length, 1);
    assert.equal($("h1").text(), "Những chuyển biến tích cực trong công tác cải cách hành chính");
    assert.equal($(".article__category").attr("href"), "/chuyen-muc/cai-cach-hanh-chinh/");
    const time = $(".article__meta time").first();
    assert.equal(time.attr("datetime"), "2017-11-20T08:00:00+07:00");
    assert.equal(time.text(), "Thứ Hai, 20/11/2017 08:00");
    assert.equal($(".article__author a").text(), "Thanh Huyền");
    assert.equal($(".article__author a").attr("href"), "/tac-gia/thanh-huyen/");
    assert.match($("figure img").attr("src") ?? "", /^\/anh\/[\w-]+-1200\.svg$/, "the published rendition");
    assert.equal($("figure img").attr("alt"), "Kiểm tra công tác CCHC tại Trường Cao đẳng Sơn La.");
    assert.equal($("figcaption").text(), "Kiểm tra công tác CCHC tại Trường Cao đẳng Sơn La.");
    assert.deepEqual(
      $(".article__tags a")
        .map((_, a) => $(a).text())
        .get(),
      ["cải cách hành chính", "Sơn La"],
    );
    assert.ok(site.exists("/media/cchc.svg"), "media are published");
  });

  test("body headings sit below the page title and raw HTML in a body is shown as text", () => {
    const $ = site.html("/2017/11/20/nhung-chuyen-bien-tich-cuc-trong-cong-tac-cai-cach-hanh-chinh/");
    assert.equal($(".article__body h2").text(), "Tiêu đề trong bài");
    assert.equal($(".article__body b").length, 0);
    assert.match($(".article__body").text(), /<b>thẻ<\/b>/);
  });

  test("every date shown sits in a <time> with a full ISO timestamp and offset", () => {
    for (const url of ["/", "/tin-moi/", "/2025/05/04/dak-lak-day-manh-chuyen-doi-so/", "/chuyen-muc/the-thao/"]) {
      const $ = site.html(url);
      assert.ok($("time").length > 0, url);
      $("time").each((_, el) =>
        assert.match($(el).attr("datetime") ?? "", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/, url),
      );
    }
  });

  test("head carries canonical URL, description, Open Graph and a NewsArticle JSON-LD that parses", () => {
    const url = "/2025/05/04/dak-lak-day-manh-chuyen-doi-so/";
    const $ = site.html(url);
    assert.equal($('link[rel="canonical"]').attr("href"), FIXTURE_SITE_URL + url);
    assert.equal($('meta[property="og:type"]').attr("content"), "article");
    assert.equal($('meta[property="og:title"]').attr("content"), "Đắk Lắk đẩy mạnh chuyển đổi số");
    assert.ok(($('meta[name="description"]').attr("content") ?? "").length > 0);
    const data = JSON.parse($('script[type="application/ld+json"]').text());
    assert.equal(data["@type"], "NewsArticle");
    assert.equal(data.headline, "Đắk Lắk đẩy mạnh chuyển đổi số");
    assert.equal(data.datePublished, "2025-05-04T06:00:00+07:00");
    assert.equal(data.articleSection, "Kinh tế");
    assert.equal(data.author[0].name, "Nguyễn Văn An");
  });

  test("related articles come from the same category, never the article itself", () => {
    const $ = site.html("/2024/01/10/giai-bong-da-ngay-10/");
    const related = $(".related .card__title a")
      .map((_, a) => $(a).text())
      .get();
    assert.deepEqual(related, [
      "Giải bóng đá ngày 9",
      "Giải bóng đá ngày 8",
      "Giải bóng đá ngày 7",
      "Giải bóng đá ngày 6",
    ]);
    const newest = site.html("/2024/01/01/giai-bong-da-ngay-1/");
    assert.deepEqual(
      newest(".related .card__title a")
        .map((_, a) => newest(a).text())
        .get(),
      ["Giải bóng đá ngày 2", "Giải bóng đá ngày 3", "Giải bóng đá ngày 4", "Giải bóng đá ngày 5"],
    );
  });

  test("text typed decomposed is published in NFC", () => {
    const $ = site.html("/2025/04/30/tin-ha-noi/");
    assert.equal($("h1").text(), "Tin Hà Nội".normalize("NFC"));
    assert.ok(!site.read("/2025/04/30/tin-ha-noi/").includes("Tin Hà Nội".normalize("NFD")));
  });
});

describe("dates in the newsroom's zone", () => {
  test("an article at 2025-05-04 06:00+07:00 is in May 4th's archive and shows 04/05/2025", () => {
    const $ = site.html("/2025/05/04/");
    assert.ok(
      $(".card__title a")
        .map((_, a) => $(a).text())
        .get()
        .includes("Đắk Lắk đẩy mạnh chuyển đổi số"),
    );
    assert.match($("a:contains('Đắk Lắk đẩy mạnh')").closest(".card").find("time").text(), /04\/05\/2025 06:00/);
    // 2025-05-04 06:00+07:00 is still May 3rd in UTC; no article of the fixture is on May 3rd locally.
    assert.ok(!site.exists("/2025/05/03/"));
  });

  test("a date without an offset is newsroom local time", () => {
    const $ = site.html("/2025/05/04/tin-luc-khuya/");
    assert.equal($(".article__meta time").attr("datetime"), "2025-05-04T23:30:00+07:00");
    assert.equal($(".article__meta time").text(), "Chủ Nhật, 04/05/2025 23:30");
  });

  test("a UTC date is shown and archived on the local calendar day", () => {
    const $ = site.html("/2025/05/04/tin-viet-theo-gio-utc/");
    assert.equal($(".article__meta time").attr("datetime"), "2025-05-04T03:30:00+07:00");
    assert.ok(site.html("/2025/05/04/")(".card__title a").text().includes("Tin viết theo giờ UTC"));
  });

  test("month and year archives link down to their articles", () => {
    const month = site.html("/2025/05/");
    assert.equal(month("h1").text(), "Tháng 5/2025");
    assert.ok(month(".card").length >= 5);
    const year = site.html("/2025/");
    assert.deepEqual(
      year(".archive__months a")
        .map((_, a) => year(a).attr("href"))
        .get(),
      ["/2025/05/", "/2025/04/"],
    );
    const index = site.html("/luu-tru/");
    assert.deepEqual(
      index("main h2 a")
        .map((_, a) => index(a).attr("href"))
        .get(),
      ["/2025/", "/2024/", "/2017/"],
    );
  });
});

describe("lists of articles", () => {
  test("the Tin mới sidebar lists the latest articles newest first, with category and summary", () => {
    const $ = site.html("/2017/11/20/nhung-chuyen-bien-tich-cuc-trong-cong-tac-cai-cach-hanh-chinh/");
    const titles = $(".latest__title")
      .map((_, a) => $(a).text())
      .get();
    assert.equal(titles.length, 7);
    assert.deepEqual(titles.slice(0, 4), [
      HOSTILE_TITLE,
      "Tin lúc khuya",
      "Đắk Lắk đẩy mạnh chuyển đổi số",
      "Tin viết theo giờ UTC",
    ]);
    const second = $(".latest__item").eq(1);
    assert.equal(second.find(".latest__meta a").text(), "Thời sự - Chính trị");
    assert.equal(second.find(".latest__summary").text(), "Tin đăng lúc 23:30 giờ Sơn La.");
  });

  test("Tin mới shows the newest at its address; its numbered pages count from the oldest", () => {
    const first = site.html("/tin-moi/");
    assert.equal(first(".card").length, 20);
    assert.equal(first('link[rel="next"]').attr("href"), "/tin-moi/trang/1/");
    const oldest = site.html("/tin-moi/trang/1/");
    assert.equal(oldest(".card").length, 20, "page 1 is a full run of the oldest articles");
    assert.equal(oldest('a[rel="prev"]').attr("href"), "/tin-moi/trang/2/");
    assert.equal(oldest('a[rel="next"]').length, 0);
    assert.match(oldest("title").text(), /^Tin mới - Trang 1 /);
    const newest = site.html("/tin-moi/trang/2/");
    assert.equal(newest(".card").length, PUBLISHED - 20, "the newest page fills up as articles arrive");
    assert.equal(newest('a[rel="prev"]').attr("href"), "/tin-moi/");
    assert.equal(newest('a[rel="next"]').attr("href"), "/tin-moi/trang/1/");
    assert.ok(!site.exists("/tin-moi/trang/3/"));
    assert.doesNotMatch(newest(".pagination").text(), /\//, "no page count, which every new article would change");
  });

  test("a category is newest first; its numbered pages run from the oldest, each newest first", () => {
    const first = site.html("/chuyen-muc/the-thao/");
    const titlesOf = ($: ReturnType<typeof site.html>) =>
      $(".card__title a")
        .map((_, a) => $(a).text())
        .get();
    const titles = titlesOf(first);
    assert.equal(titles.length, 20);
    assert.equal(titles[0], "Giải bóng đá ngày 25");
    assert.equal(titles[19], "Giải bóng đá ngày 6");
    assert.equal(first('a[rel="next"]').attr("href"), "/chuyen-muc/the-thao/trang/1/", "the page of ngày 5");
    assert.equal(first('a[rel="prev"]').length, 0);
    const oldest = titlesOf(site.html("/chuyen-muc/the-thao/trang/1/"));
    assert.equal(oldest.length, 20);
    assert.equal(oldest[0], "Giải bóng đá ngày 20");
    assert.equal(oldest.at(-1), "Giải bóng đá ngày 1");
    const newest = site.html("/chuyen-muc/the-thao/trang/2/");
    assert.deepEqual(
      titlesOf(newest),
      [25, 24, 23, 22, 21].map((day) => `Giải bóng đá ngày ${day}`),
    );
    assert.equal(newest('a[rel="prev"]').attr("href"), "/chuyen-muc/the-thao/");
    assert.equal(newest('a[rel="next"]').attr("href"), "/chuyen-muc/the-thao/trang/1/");
  });

  test("every category has an index page, even before its first article", () => {
    const $ = site.html("/chuyen-muc/quoc-phong-an-ninh/");
    assert.equal($("h1").text(), "Quốc phòng - An ninh");
    assert.equal($(".card").length, 0);
  });

  test("the home page shows the top stories, Tin mới and a block per category that has articles", () => {
    const $ = site.html("/");
    assert.equal($(".front .lead-story").length + $(".front .cards--secondary .card").length, 5);
    assert.equal($(".latest .latest__item").length, 7);
    const blocks = $(".home-category h2 a")
      .map((_, a) => $(a).text())
      .get();
    assert.ok(blocks.includes("Thể thao") && blocks.includes("Kinh tế"));
    assert.ok(!blocks.includes("Quốc phòng - An ninh"));
  });

  test("author and tag pages list their articles", () => {
    const author = site.html("/tac-gia/nguyen-van-an/");
    assert.deepEqual(
      author(".card__title a")
        .map((_, a) => author(a).text())
        .get(),
      ["Tin lúc khuya", "Đắk Lắk đẩy mạnh chuyển đổi số"],
    );
    const tag = site.html("/chu-de/cai-cach-hanh-chinh/");
    assert.equal(tag(".card__title a").text(), "Những chuyển biến tích cực trong công tác cải cách hành chính");
  });
});

describe("feeds and sitemaps", () => {
  test("RSS, Atom and JSON Feed list the latest articles newest first and are linked from every page head", () => {
    const rss = site.xml("/feed.xml");
    const rssTitles = rss("item > title")
      .map((_, el) => rss(el).text())
      .get();
    assert.equal(rssTitles.length, PUBLISHED);
    assert.equal(rssTitles[1], "Tin lúc khuya");
    assert.equal(rss("item > link").eq(1).text(), `${FIXTURE_SITE_URL}/2025/05/04/tin-luc-khuya/`);
    const atom = site.xml("/atom.xml");
    assert.equal(atom("entry").length, PUBLISHED);
    assert.equal(atom("entry > title").eq(2).text(), "Đắk Lắk đẩy mạnh chuyển đổi số");
    const json = site.json("/feed.json") as { items: { title: string; url: string }[] };
    assert.equal(json.items.length, PUBLISHED);
    assert.equal(json.items[1]?.url, `${FIXTURE_SITE_URL}/2025/05/04/tin-luc-khuya/`);
    const $ = site.html("/2017/11/20/nhung-chuyen-bien-tich-cuc-trong-cong-tac-cai-cach-hanh-chinh/");
    const alternates = $('link[rel="alternate"]')
      .map((_, el) => $(el).attr("href"))
      .get();
    assert.deepEqual(alternates, [
      "/feed.xml",
      "/atom.xml",
      "/feed.json",
      "/chuyen-muc/cai-cach-hanh-chinh/feed.xml",
      "/chuyen-muc/cai-cach-hanh-chinh/atom.xml",
      "/chuyen-muc/cai-cach-hanh-chinh/feed.json",
    ]);
  });

  test("each category has its own feeds with only its articles", () => {
    const rss = site.xml("/chuyen-muc/the-thao/feed.xml");
    assert.equal(rss("item").length, 25);
    assert.equal(rss("item > title").first().text(), "Giải bóng đá ngày 25");
    const json = site.json("/chuyen-muc/kinh-te/feed.json") as { items: { title: string }[] };
    assert.deepEqual(
      json.items.map((item) => item.title),
      ["Đắk Lắk đẩy mạnh chuyển đổi số", "Tin viết theo giờ UTC"],
    );
  });

  test("the sitemap index lists sitemaps that hold every article and section", () => {
    const index = site.xml("/sitemap.xml");
    const files = index("sitemap > loc")
      .map((_, el) => index(el).text())
      .get();
    assert.ok(files.includes(`${FIXTURE_SITE_URL}/sitemaps/bai-viet-1.xml`));
    const articlesMap = site.xml("/sitemaps/bai-viet-1.xml");
    assert.equal(articlesMap("url").length, PUBLISHED);
    const sections = site
      .xml("/sitemaps/chuyen-muc.xml")("loc")
      .map((_, el) => site.xml("/sitemaps/chuyen-muc.xml")(el).text())
      .get();
    assert.ok(sections.includes(`${FIXTURE_SITE_URL}/chuyen-muc/the-thao/`));
    assert.match(site.read("/robots.txt"), new RegExp(`Sitemap: ${FIXTURE_SITE_URL}/sitemap.xml`));
    assert.match(
      site.read("/robots.txt"),
      /^Disallow: \/tin-moi\/moi-nhat\.html$/m,
      "the Tin mới fragment is no page to index",
    );
  });

  test("the sitemap index dates each sitemap by its newest change, corrections included", () => {
    const index = site.xml("/sitemap.xml");
    const lastmod = (name: string) => index(`sitemap:has(loc:contains("${name}")) > lastmod`).text();
    assert.equal(lastmod("bai-viet-1.xml"), "2025-05-05T11:00:00+07:00");
    const articlesMap = site.xml("/sitemaps/bai-viet-1.xml");
    assert.equal(
      articlesMap('url:has(loc:contains("nhung-chuyen-bien")) > lastmod').text(),
      "2025-05-05T11:00:00+07:00",
    );
  });

  test("Tin mới links its feeds once: the section's feeds are the site's", () => {
    const $ = site.html("/tin-moi/");
    const alternates = $('link[rel="alternate"]')
      .map((_, el) => $(el).attr("href"))
      .get();
    assert.deepEqual(alternates, ["/feed.xml", "/atom.xml", "/feed.json"]);
  });

  test("the Google News sitemap holds only the articles of the last two days", () => {
    const news = site.xml("/sitemaps/tin-tuc.xml");
    const titles = news("news\\:title")
      .map((_, el) => news(el).text())
      .get();
    assert.deepEqual(titles, [
      HOSTILE_TITLE,
      "Tin lúc khuya",
      "Đắk Lắk đẩy mạnh chuyển đổi số",
      "Tin viết theo giờ UTC",
    ]);
  });

  test("a 404 page exists", () => {
    assert.equal(site.html("/404.html")("h1").text(), "Không tìm thấy trang");
  });
});

describe("valid HTML5", () => {
  test("every HTML page passes html-validate's standard rules, hostile article included", async () => {
    const validator = new HtmlValidate({ extends: ["html-validate:standard"] });
    const pages = allFiles(site.outDir).filter((file) => file.endsWith(".html"));
    assert.ok(pages.length > 50);
    const problems: string[] = [];
    for (const file of pages) {
      const report = await validator.validateFile(file);
      for (const message of report.results.flatMap((result) => result.messages))
        problems.push(`${path.relative(site.outDir, file)}:${message.line} ${message.ruleId}: ${message.message}`);
    }
    assert.deepEqual(problems, []);
  });
});

describe("drafts", () => {
  test("a draft appears in no page, feed or sitemap", () => {
    for (const file of allFiles(site.outDir)) {
      assert.ok(!readFileSync(file, "utf8").includes("Bản nháp bí mật"), file);
    }
  });
});

describe("escaping of hostile front matter", () => {
  const url = "/2025/05/05/script-script-alert-x-script-va-b-dam-b-q/";

  test("HTML text and attributes show the strings as text", () => {
    const $ = site.html(url);
    assert.equal($("h1").text(), HOSTILE_TITLE);
    assert.equal($(".article__summary").text(), HOSTILE_SUMMARY);
    assert.equal($(".article__author a").text(), HOSTILE_AUTHOR);
    assert.equal($('meta[property="og:title"]').attr("content"), HOSTILE_TITLE);
    assert.equal($('meta[name="description"]').attr("content"), HOSTILE_SUMMARY);
    assert.equal($("img[src=x]").length, 0);
    assert.equal($("svg[onload]").length, 0);
    assert.equal($("i").length, 0);
    assert.equal($(".article__body script").length, 0);
    assert.equal($('a[href^="javascript:"]').length, 0);
    const inlineScripts = $("script:not([src])").filter((_, el) => $(el).attr("type") !== "application/ld+json");
    assert.equal(inlineScripts.length, 0);
  });

  test("JSON-LD stays one script block and parses to the original title", () => {
    const $ = site.html(url);
    const blocks = $('script[type="application/ld+json"]');
    assert.equal(blocks.length, 1);
    assert.equal(JSON.parse(blocks.text()).headline, HOSTILE_TITLE);
    assert.equal(JSON.parse(blocks.text()).author[0].name, HOSTILE_AUTHOR);
  });

  test("lists and tag pages escape the strings too", () => {
    const $ = site.html("/tin-moi/");
    assert.equal($(".card__title a").first().text(), HOSTILE_TITLE);
    assert.equal($("img[src=x]").length, 0);
    const tagPage = site.html("/chu-de/svg-onload-alert-1/");
    assert.equal(tagPage("h1").text(), "Chủ đề: <svg onload=alert(1)>");
    assert.equal(tagPage("svg").length, 0);
  });
});
