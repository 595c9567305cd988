import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { outputFingerprints } from "../lib/build/dependencies.ts";
import { listSiteFiles } from "../lib/build/output-folder.ts";
import type { Settings } from "../lib/settings/settings.ts";
import { baseContent, changeContent, withoutSidebar } from "./helpers/newsroom-day.ts";
import {
  articleFile,
  createFixture,
  dataWithSiteSettings,
  fixtureEnv,
  PROJECT_ROOT,
  type FixtureSite,
  runCommand,
} from "./helpers/fixture-site.ts";

// Two worker threads, as on the newsroom's machine, whatever the size of the fixture: what the
// cache holds goes through the workers' messages.
const build = (site: FixtureSite, cache: string, args: string[] = [], out = site.outDir, threads = "2") =>
  runCommand("build", ["--output", out, ...args], {
    ...fixtureEnv(site),
    TOASOAN_CACHE: cache,
    TOASOAN_THREADS: threads,
  });

// Whether the cache is trusted is decided before any thread starts: these builds run in the main
// thread (starting two workers costs more than the small fixture's build).
const buildInMainThread = (site: FixtureSite, cache: string, args: string[] = []) =>
  build(site, cache, args, site.outDir, "0");

describe("a build from the previous build's cache equals a full build of the same content", () => {
  test("after a new article, an edited title, a changed category and date, a deletion and drafts flipped, every file is the same", async () => {
    const site = createFixture(baseContent());
    const cache = path.join(site.root, "cache");
    const first = await build(site, cache, ["--quiet"]);
    assert.equal(first.code, 0, first.stderr);
    changeContent(site);
    const incremental = await build(site, cache);
    assert.equal(incremental.code, 0, incremental.stderr);
    assert.match(incremental.stdout, /Dựng phần thay đổi: \d+ trang bài viết/);

    // A full build with the same history: the addresses that once held an article (now notices).
    const fullOut = path.join(site.root, "full");
    const fullCache = path.join(site.root, "cache-full");
    mkdirSync(fullCache);
    cpSync(path.join(cache, "published-addresses.json"), path.join(fullCache, "published-addresses.json"));
    const full = await build(site, fullCache, ["--quiet"], fullOut);
    assert.equal(full.code, 0, full.stderr);
    const files = listSiteFiles(site.outDir).sort();
    assert.deepEqual(files, listSiteFiles(fullOut).sort(), "the same files, none left over, none missing");
    let sidebarsDiffer = 0;
    for (const file of files) {
      const a = readFileSync(path.join(site.outDir, file));
      const b = readFileSync(path.join(fullOut, file));
      if (a.equals(b)) continue;
      assert.ok(file.endsWith(".html"), `${file} differs`);
      assert.equal(
        withoutSidebar(a.toString()),
        withoutSidebar(b.toString()),
        `${file} differs beyond the Tin mới sidebar`,
      );
      sidebarsDiffer++;
    }
    assert.ok(sidebarsDiffer > 0, "unchanged pages kept their old sidebar (they were not rewritten)");
  });

  test("an edit to one article rewrites its page, its neighbours' and its lists, and re-indexes only its shard", async () => {
    const site = createFixture(baseContent());
    const cache = path.join(site.root, "cache");
    assert.equal((await build(site, cache, ["--quiet"])).code, 0);
    const file = path.join(site.articlesDir, "2023/03/bai-2.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("tukhoa2", "tukhoa2 đã sửa"));
    const second = await build(site, cache);
    assert.equal(second.code, 0, second.stderr);
    const [, articles, listings, shards] =
      /Dựng phần thay đổi: (\d+) trang bài viết, (\d+) trang danh sách, (\d+)\/\d+ phần chỉ mục/.exec(second.stdout) ??
      [];
    assert.equal(Number(articles), 1, "the body changed: the page itself, nothing else shows a body");
    assert.equal(Number(listings), 0);
    assert.equal(Number(shards), 1);
  });
});

describe("the cache is trusted only when it can be", () => {
  test("a change of the folders makes a full build, and says why", async () => {
    const site = createFixture(baseContent());
    const cache = path.join(site.root, "cache");
    assert.equal((await buildInMainThread(site, cache, ["--quiet"])).code, 0);
    const moved = path.join(site.root, "moved-articles");
    cpSync(site.articlesDir, moved, { recursive: true });
    const second = await runCommand("build", ["--output", site.outDir], {
      ...fixtureEnv(site),
      TOASOAN_CACHE: cache,
      TOASOAN_ARTICLES: moved,
    });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /Dựng đầy đủ vì mã dựng trang, thư viện hoặc thư mục đã thay đổi/);
  });

  test("--full ignores a valid cache", async () => {
    const site = createFixture(baseContent());
    const cache = path.join(site.root, "cache");
    assert.equal((await buildInMainThread(site, cache, ["--quiet"])).code, 0);
    const second = await buildInMainThread(site, cache, ["--full"]);
    assert.match(second.stdout, /Dựng đầy đủ vì yêu cầu dựng đầy đủ \(--full\)/);
  });

  test("a damaged cache file, or cache files of two different builds, make a full build that says why", async () => {
    const site = createFixture(baseContent());
    const cache = path.join(site.root, "cache");
    assert.equal((await buildInMainThread(site, cache, ["--quiet"])).code, 0);
    const sourcesOfFirst = readFileSync(path.join(cache, "sources.v8"));
    writeFileSync(path.join(cache, "outputs.v8"), "không phải bộ nhớ đệm");
    const afterDamage = await buildInMainThread(site, cache);
    assert.equal(afterDamage.code, 0, afterDamage.stderr);
    assert.match(afterDamage.stdout, /Dựng đầy đủ vì bộ nhớ đệm hỏng/);
    assert.match(afterDamage.stdout, /đọc lại 0 tệp/, "what each file was read as outlives the damaged pages' cache");

    // An edit makes the next save's sources another file: the first one's beside its outputs is a mix.
    changeContent(site);
    assert.equal((await buildInMainThread(site, cache, ["--quiet"])).code, 0);
    writeFileSync(path.join(cache, "sources.v8"), sourcesOfFirst);
    const mixed = await buildInMainThread(site, cache);
    assert.equal(mixed.code, 0, mixed.stderr);
    assert.match(mixed.stdout, /Dựng đầy đủ vì bộ nhớ đệm không trọn vẹn/);
    const next = await buildInMainThread(site, cache);
    assert.match(next.stdout, /Dựng phần thay đổi: 0 trang bài viết, 0 trang danh sách/);
  });

  test("a build killed half-way leaves no cache: the next build is a full one, and complete", async () => {
    const site = createFixture(baseContent());
    const cache = path.join(site.root, "cache");
    assert.equal((await buildInMainThread(site, cache, ["--quiet"])).code, 0);
    changeContent(site);
    // Killed as soon as it starts writing pages.
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/build.ts", "--output", site.outDir], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, ...fixtureEnv(site), TOASOAN_CACHE: cache },
      });
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("▸ Dựng")) child.kill("SIGKILL");
      });
      child.on("exit", () => resolve());
    });
    const after = await buildInMainThread(site, cache);
    assert.equal(after.code, 0, after.stderr);
    assert.match(
      after.stdout,
      /Dựng đầy đủ vì chưa có bộ nhớ đệm của lần dựng trước \(hoặc lần trước không hoàn tất\)/,
    );
    assert.ok(site.exists("/2025/05/01/tin-moi-nhat-hom-nay/"));
    assert.match(site.read("/2023/07/07/bai-so-6-ve-the-thao/"), /Bài viết đã được gỡ/, "the deleted article's notice");
  });
});

describe("each output is made again only when what it depends on changes", () => {
  const changedCounts = (stdout: string) => {
    const [, articles, listings, shards] =
      /Dựng phần thay đổi: (\d+) trang bài viết, (\d+) trang danh sách, (\d+)\/\d+ phần chỉ mục/.exec(stdout) ?? [];
    return { articles: Number(articles), listings: Number(listings), shards: Number(shards) };
  };

  test("a word of ui.json re-renders only the pages showing it, re-indexes no shard, and equals a full build", async () => {
    const site = createFixture(baseContent());
    const cache = path.join(site.root, "cache");
    const data = dataWithSiteSettings({});
    const withData = (args: string[], out = site.outDir, cacheDir = cache) =>
      runCommand("build", ["--output", out, ...args], {
        ...fixtureEnv(site),
        TOASOAN_CACHE: cacheDir,
        TOASOAN_DATA: data,
        TOASOAN_THREADS: "2",
      });
    assert.equal((await withData(["--quiet"])).code, 0);
    const first = listSiteFiles(site.outDir).length;
    const ui = JSON.parse(readFileSync(path.join(data, "ui.json"), "utf8")) as Record<string, string>;

    // "related" is shown by article pages only, "pageOf" by list pages only.
    writeFileSync(path.join(data, "ui.json"), JSON.stringify({ ...ui, related: "Cùng chuyên mục" }));
    const articleWord = await withData([]);
    assert.equal(articleWord.code, 0, articleWord.stderr);
    const afterArticleWord = changedCounts(articleWord.stdout);
    assert.ok(afterArticleWord.articles > 0);
    assert.deepEqual({ ...afterArticleWord, articles: 0 }, { articles: 0, listings: 0, shards: 0 });
    assert.match(articleWord.stdout, /đọc lại 0 tệp/, "no editor's file is read again");

    writeFileSync(path.join(data, "ui.json"), JSON.stringify({ ...ui, related: "Cùng chuyên mục", pageOf: "Tr." }));
    const listWord = changedCounts((await withData([])).stdout);
    assert.equal(listWord.articles, 0);
    assert.ok(listWord.listings > 0);
    assert.equal(listWord.shards, 0);

    const fullOut = path.join(site.root, "full");
    assert.equal((await withData(["--quiet"], fullOut, path.join(site.root, "cache-full"))).code, 0);
    const files = listSiteFiles(site.outDir).sort();
    assert.equal(files.length, first);
    assert.deepEqual(files, listSiteFiles(fullOut).sort());
    for (const file of files) {
      const [a, b] = [site.outDir, fullOut].map((dir) => readFileSync(path.join(dir, file), "utf8"));
      assert.equal(withoutSidebar(a!), withoutSidebar(b!), `${file} is what a full build writes`);
    }
    assert.ok(site.read("/tin-moi/").includes("Tr."));
  });

  test("site settings re-read every file and re-render the pages, but re-index no shard", async () => {
    const site = createFixture(baseContent());
    const cache = path.join(site.root, "cache");
    const run = (data: string) =>
      runCommand("build", ["--output", site.outDir], { ...fixtureEnv(site), TOASOAN_CACHE: cache, TOASOAN_DATA: data });
    assert.equal((await run(dataWithSiteSettings({}))).code, 0);
    const second = await run(dataWithSiteSettings({ perPage: 7 }));
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /Dựng đầy đủ/);
    assert.match(second.stdout, /đọc lại \d+ tệp/);
    assert.equal(changedCounts(second.stdout).shards, 0);
  });

  test("each fingerprint follows its own files: templates, words, search code, build code, assets", () => {
    const root = mkdtempSync(path.join(tmpdir(), "toasoan-fingerprints-"));
    const files: Record<string, string> = {
      "lib/build/site-build.ts": "build",
      "lib/content/markdown.ts": "markdown",
      "lib/outputs/search-index.ts": "search",
      "lib/outputs/feeds.ts": "feeds",
      "lib/render/filters.ts": "filters",
      "lib/deploy/deploy.ts": "deploy",
      "_includes/layouts/base.njk": "{{ ui.home }}",
      "_includes/partials/pagination.njk": "{{ ui.pageOf }}",
      "_includes/pages/article.njk": '{% extends "layouts/base.njk" %}{{ ui.related }}',
      "_includes/pages/listing.njk": '{% extends "layouts/base.njk" %}{% include "partials/pagination.njk" %}',
      "_includes/pages/withdrawn.njk": '{% extends "layouts/base.njk" %}',
      "_includes/pages/redirect.njk": "{{ ui.redirectMoved }}",
      "_includes/search/document.njk": "{{ article.title }}",
      "client/search.ts": "client",
      "content/assets/site.css": "body{}",
      "content/index.njk": "home",
      "package-lock.json": "{}",
    };
    const write = (changes: Record<string, string>) => {
      for (const [file, text] of Object.entries({ ...files, ...changes })) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), text);
      }
    };
    const settingsWith = (ui: Record<string, string>) =>
      ({
        root,
        articlesDir: path.join(root, "content/articles"),
        mediaDir: path.join(root, "content/media"),
        site: { title: "Báo" },
        categories: { all: [] },
        ui: { home: "Trang chủ", pageOf: "Trang", related: "Tin liên quan", redirectMoved: "Đã chuyển", ...ui },
      }) as unknown as Settings;
    const fingerprintsAfter = (changes: Record<string, string>, ui: Record<string, string> = {}) => {
      write(changes);
      return outputFingerprints(settingsWith(ui), path.join(root, "_site"));
    };
    const before = fingerprintsAfter({});
    /** Which fingerprints differ from `before`. */
    const changed = (after: typeof before) =>
      [
        ...(["build", "search", "shared", "sources", "whole"] as const).filter((name) => after[name] !== before[name]),
        ...Object.keys(after.pages).filter(
          (family) =>
            after.pages[family as keyof typeof after.pages] !== before.pages[family as keyof typeof before.pages],
        ),
      ].sort();
    const cases: [string, Record<string, string>, Record<string, string>, string[]][] = [
      [
        "a partial of list pages",
        { "_includes/partials/pagination.njk": "{{ ui.pageOf }}!" },
        {},
        ["listing", "shared", "whole"],
      ],
      [
        "the layout",
        { "_includes/layouts/base.njk": "{{ ui.home }}!" },
        {},
        ["article", "listing", "shared", "whole", "withdrawn"],
      ],
      ["a word of article pages", {}, { related: "Cùng chuyên mục" }, ["article", "shared", "whole"]],
      ["a word of every page", {}, { home: "Trang nhất" }, ["article", "listing", "shared", "whole", "withdrawn"]],
      [
        "the redirect page's template",
        { "_includes/pages/redirect.njk": "{{ ui.redirectMoved }}!" },
        {},
        ["redirect", "shared", "whole"],
      ],
      ["a word of redirect pages", {}, { redirectMoved: "Bài đã chuyển" }, ["redirect", "shared", "whole"]],
      ["the stylesheet", { "content/assets/site.css": "body{color:red}" }, {}, ["shared", "whole"]],
      ["a browser script", { "client/search.ts": "client 2" }, {}, ["shared", "whole"]],
      ["a whole-site template", { "content/index.njk": "home 2" }, {}, ["shared", "whole"]],
      ["the feeds' code", { "lib/outputs/feeds.ts": "feeds 2" }, {}, ["shared", "whole"]],
      ["the search documents' code", { "lib/outputs/search-index.ts": "search 2" }, {}, ["search", "shared", "whole"]],
      [
        "the search documents' template",
        { "_includes/search/document.njk": "{{ article.title }}!" },
        {},
        ["search", "shared", "whole"],
      ],
      [
        "the Markdown code",
        { "lib/content/markdown.ts": "markdown 2" },
        {},
        ["article", "listing", "redirect", "search", "shared", "sources", "whole", "withdrawn"],
      ],
      ["the deploy's code", { "lib/deploy/deploy.ts": "deploy 2" }, {}, []],
      ["the build's code", { "lib/build/site-build.ts": "build 2" }, {}, ["build", "shared", "whole"]],
      ["a dependency", { "package-lock.json": '{"v":2}' }, {}, ["build", "shared", "sources", "whole"]],
    ];
    for (const [what, changes, ui, expected] of cases) {
      assert.deepEqual(changed(fingerprintsAfter(changes, ui)), expected, what);
      write({});
    }
  });
});

describe("list pages stay put", () => {
  test("a new article, then its deletion, rewrite a handful of list pages; older numbered pages keep their bytes", async () => {
    const articles: Record<string, string> = {};
    for (let i = 0; i < 250; i++) {
      const day = `2024-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`;
      articles[`2024/bai-${i}.md`] = articleFile({
        title: `Bài số ${i}`,
        date: `${day} ${String(i % 24).padStart(2, "0")}:00`,
        category: ["Kinh tế", "Thể thao"][i % 2],
        author: ["Lê Văn Bình", "Trần Thị Hoa"][i % 2],
        tags: [`chủ đề ${i % 3}`],
      });
    }
    const site = createFixture(articles);
    const cache = path.join(site.root, "cache");
    assert.equal((await build(site, cache, ["--quiet"])).code, 0);
    const olderPages = listSiteFiles(site.outDir).filter((file) =>
      /^tin-moi\/trang\/([1-9]|1[01])\/index\.html$/.test(file),
    );
    assert.equal(olderPages.length, 11, "Tin mới has 13 numbered pages: the 11 oldest are full and closed");
    const bytesOf = (files: string[]) => files.map((file) => readFileSync(path.join(site.outDir, file), "utf8"));
    const before = bytesOf(olderPages);
    const listingsChanged = (stdout: string) =>
      Number(/Dựng phần thay đổi: \d+ trang bài viết, (\d+) trang danh sách/.exec(stdout)?.[1] ?? NaN);

    const added = path.join(site.articlesDir, "2025/05/bai-moi.md");
    mkdirSync(path.dirname(added), { recursive: true });
    writeFileSync(
      added,
      articleFile(
        {
          title: "Bài mới nhất",
          date: "2025-05-01 07:00",
          category: "Kinh tế",
          author: "Lê Văn Bình",
          tags: ["chủ đề 1"],
        },
        "Nội dung mới.",
      ),
    );
    const afterNew = await build(site, cache);
    assert.equal(afterNew.code, 0, afterNew.stderr);
    // Tin mới, its category, its author and its topic: the address and the newest numbered page
    // each; its new month and day archives.
    assert.ok(listingsChanged(afterNew.stdout) <= 10, afterNew.stdout);
    assert.deepEqual(bytesOf(olderPages), before);

    rmSync(added);
    const afterDeletion = await build(site, cache);
    assert.equal(afterDeletion.code, 0, afterDeletion.stderr);
    assert.ok(listingsChanged(afterDeletion.stdout) <= 10, afterDeletion.stdout);
    assert.deepEqual(bytesOf(olderPages), before);
  });
});
