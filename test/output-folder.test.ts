import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { ARTICLE_PATH } from "../lib/settings/routes.ts";
import { listSiteFiles } from "../lib/build/output-folder.ts";
import { serveStatic } from "./helpers/browser.ts";
import {
  articleFile,
  buildFixture,
  createFixture,
  fixtureEnv,
  type FixtureSite,
  runCommand,
} from "./helpers/fixture-site.ts";
import { buildIndexFor } from "./helpers/search-site.ts";

const build = (site: FixtureSite, env: NodeJS.ProcessEnv = {}, args: string[] = []) =>
  runCommand("build", ["--output", site.outDir, "--quiet", ...args], { ...fixtureEnv(site), ...env });

const article = (title: string, author: string, date: string, tag: string, body: string) =>
  articleFile({ title, date, category: "Kinh tế", author, tags: [tag] }, body);

describe("after a build the output folder holds exactly what the content defines", () => {
  test("an article deleted, moved to another date or renamed disappears with its pages and its search entry", async () => {
    const { site, result } = await buildFixture({
      "keep.md": article(
        "Tin ở lại",
        "Lê Văn Bình",
        "2025-05-01 08:00",
        "ở lại",
        "Nội dung bình thường về hợp tác xã.",
      ),
      "gone.md": article("Tin bị rút", "Trần Rút Bài", "2025-05-02 08:00", "chủ đề riêng", "Từ khóa độc nhất zyxwvu."),
      "moved.md": article("Tin đổi ngày", "Lê Văn Bình", "2025-05-03 08:00", "ở lại", "Bài này sẽ đổi ngày đăng."),
    });
    assert.equal(result.code, 0, result.stderr);
    // The pages the withdrawn and the moved article had: its own, its author's, its tag's, its day's.
    const withdrawn = [
      "/2025/05/02/tin-bi-rut/",
      "/tac-gia/tran-rut-bai/",
      "/chu-de/chu-de-rieng/",
      "/2025/05/02/",
      "/2025/05/03/tin-doi-ngay/",
      "/2025/05/03/",
    ];
    for (const sitePath of withdrawn) assert.ok(site.exists(sitePath), sitePath);
    rmSync(path.join(site.articlesDir, "gone.md"));
    writeFileSync(
      path.join(site.articlesDir, "moved.md"),
      article("Tin đổi ngày", "Lê Văn Bình", "2025-05-04 08:00", "ở lại", "Bài này sẽ đổi ngày đăng."),
    );
    const second = await build(site);
    assert.equal(second.code, 0, second.stderr);

    // The lists are gone; the two articles' own addresses hold the notice (pages built before may link there).
    for (const sitePath of withdrawn.filter((address) => !ARTICLE_PATH.test(address)))
      assert.ok(!site.exists(sitePath), `${sitePath} is withdrawn`);
    for (const sitePath of ["/2025/05/02/tin-bi-rut/", "/2025/05/03/tin-doi-ngay/"])
      assert.match(site.read(sitePath), /Bài viết đã được gỡ/, `${sitePath} holds the notice`);
    assert.ok(site.exists("/2025/05/04/tin-doi-ngay/"));
    assert.ok(!site.read("/sitemaps/bai-viet-1.xml").includes("tin-bi-rut"));
    assert.ok(!site.read("/feed.xml").includes("tin-bi-rut"));
    assert.deepEqual((site.json("/comments-manifest.json") as { articles: string[] }).articles.sort(), [
      "/2025/05/01/tin-o-lai/",
      "/2025/05/04/tin-doi-ngay/",
    ]);

    const server = await serveStatic(site.outDir);
    try {
      const index = await buildIndexFor(site, server);
      assert.deepEqual(
        (await index.search("zyxwvu"))?.results ?? [],
        [],
        "the withdrawn article is not in the search index",
      );
      assert.equal((await index.search("hợp tác xã"))?.results.length, 1);
    } finally {
      await server.close();
    }
    // Nothing is left over: no empty folders, no stray files from the first build.
    const empty = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        if (!entry.isDirectory()) return [];
        const inner = path.join(dir, entry.name);
        return readdirSync(inner).length === 0 ? [inner] : empty(inner);
      });
    assert.deepEqual(empty(site.outDir), []);
  });

  test("it refuses to build into a folder holding files it did not write, and touches none of them", async () => {
    const site = createFixture({ "a.md": article("Tin", "Lê Văn Bình", "2025-05-01 08:00", "x", "Nội dung.") });
    mkdirSync(site.outDir, { recursive: true });
    writeFileSync(path.join(site.outDir, "luan-van.docx"), "không phải của toasoan");
    const result = await build(site);
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`${site.outDir} đã có tệp không do toasoan tạo ra`));
    assert.deepEqual(readdirSync(site.outDir), ["luan-van.docx"]);
  });

  test("two builds of the same content with the same TOASOAN_NOW are identical, byte for byte", async () => {
    const articles = {
      "a.md": article("Tin một", "Lê Văn Bình", "2025-05-01 08:00", "x", "Nội dung một."),
      "b.md": article("Tin hai", "Hà Thu", "2025-05-04 08:00", "y", "Nội dung hai."),
    };
    const first = await buildFixture(articles);
    const second = await buildFixture(articles);
    assert.equal(first.result.code, 0, first.result.stderr);
    assert.equal(second.result.code, 0, second.result.stderr);
    const files = listSiteFiles(first.site.outDir);
    assert.deepEqual(files, listSiteFiles(second.site.outDir));
    for (const file of files) {
      assert.ok(
        readFileSync(path.join(first.site.outDir, file)).equals(readFileSync(path.join(second.site.outDir, file))),
        file,
      );
    }
  });
});

describe("a wrong content folder never publishes an empty newspaper", () => {
  const one = { "a.md": article("Tin", "Lê Văn Bình", "2025-05-01 08:00", "x", "Nội dung.") };

  test("an articles folder that does not exist fails the build, naming the folder, and writes nothing", async () => {
    const site = createFixture(one);
    const result = await build(site, { TOASOAN_ARTICLES: "/no/such/folder" });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Thư mục bài viết \/no\/such\/folder không tồn tại — kiểm tra TOASOAN_ARTICLES/);
    assert.ok(!existsSync(site.outDir));
  });

  test("a media folder that does not exist fails the build", async () => {
    const site = createFixture(one);
    const result = await build(site, { TOASOAN_MEDIA: "/no/such/media" });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Thư mục ảnh \/no\/such\/media không tồn tại — kiểm tra TOASOAN_MEDIA/);
  });

  test("a folder without articles fails, unless the newsroom asks for an empty site", async () => {
    const site = createFixture({});
    const result = await build(site);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      new RegExp(
        `^${site.articlesDir}: không có bài viết nào để xuất bản\\. Cách sửa: kiểm tra .*TOASOAN_ARTICLES.*--allow-empty\\. \\[content\\.none\\]\n$`,
      ),
    );
    assert.ok(!existsSync(site.outDir));
    const allowed = await build(site, {}, ["--allow-empty"]);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(site.read("/"), /Chưa có bài viết nào\./);
  });

  test("a folder of drafts only fails too, and says so", async () => {
    const site = createFixture({
      "a.md": articleFile({
        title: "Nháp",
        date: "2025-05-01 08:00",
        category: "Kinh tế",
        author: "Lê Văn Bình",
        draft: true,
      }),
    });
    const result = await build(site);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /không có bài viết nào để xuất bản \(chỉ có 1 bản nháp\)/);
  });
});
