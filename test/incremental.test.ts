import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { listFiles } from "../lib/output-folder.ts";
import {
  articleFile,
  createFixture,
  fixtureEnv,
  PROJECT_ROOT,
  runScript,
  type FixtureSite,
} from "./helpers/fixture-site.ts";

const CATEGORIES = ["Kinh tế", "Du lịch", "Thể thao", "Nông thôn mới"];
const AUTHORS = ["Lê Văn Bình", "Trần Thị Hà", "Nguyễn Văn An"];

/** Forty articles over 2023–2024, with tags, authors and categories to make lists of many pages. */
function baseContent(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    const month = String((i % 12) + 1).padStart(2, "0");
    const year = 2023 + Math.floor(i / 24);
    files[`${year}/${month}/bai-${i}.md`] = articleFile(
      {
        title: `Bài số ${i} về ${CATEGORIES[i % 4]}`,
        date: `${year}-${month}-${String((i % 27) + 1).padStart(2, "0")} 0${i % 9}:30`,
        category: CATEGORIES[i % 4],
        author: AUTHORS[i % 3],
        tags: [`chủ đề ${i % 5}`],
        summary: `Tóm tắt bài ${i}.`,
      },
      `Nội dung bài ${i}, có từ khóa riêng tukhoa${i}.`,
    );
  }
  files["2025/04/nhap.md"] = articleFile(
    { title: "Bài nháp sẽ đăng", date: "2025-04-10 08:00", category: "Kinh tế", author: "Lê Văn Bình", draft: true },
    "Nháp.",
  );
  return files;
}

/** The changes a newsroom makes in a day: one of each kind the build must follow. */
function changeContent(site: FixtureSite): void {
  const write = (name: string, text: string) => {
    mkdirSync(path.dirname(path.join(site.articlesDir, name)), { recursive: true });
    writeFileSync(path.join(site.articlesDir, name), text);
  };
  write(
    "2025/05/moi.md",
    articleFile(
      {
        title: "Tin mới nhất hôm nay",
        date: "2025-05-01 09:00",
        category: "Du lịch",
        author: "Hà Thu",
        tags: ["chủ đề 1"],
      },
      "Bài hoàn toàn mới.",
    ),
  );
  const edited = readFileSync(path.join(site.articlesDir, "2023/03/bai-2.md"), "utf8").replace(
    "Bài số 2 về",
    "Bài số 2 (đã sửa tiêu đề) về",
  );
  write("2023/03/bai-2.md", edited);
  write(
    "2023/05/bai-4.md",
    readFileSync(path.join(site.articlesDir, "2023/05/bai-4.md"), "utf8").replace(
      'category: "Kinh tế"',
      'category: "Thể thao"',
    ),
  );
  rmSync(path.join(site.articlesDir, "2023/07/bai-6.md"));
  write(
    "2023/09/bai-8.md",
    readFileSync(path.join(site.articlesDir, "2023/09/bai-8.md"), "utf8").replace(
      'date: "2023-09-09 08:30"',
      'date: "2023-10-15 08:30"',
    ),
  );
  write(
    "2025/04/nhap.md",
    readFileSync(path.join(site.articlesDir, "2025/04/nhap.md"), "utf8").replace("draft: true", "draft: false"),
  );
  write(
    "2023/11/bai-10.md",
    readFileSync(path.join(site.articlesDir, "2023/11/bai-10.md"), "utf8").replace("---\n", "---\ndraft: true\n"),
  );
}

// Two worker threads, as on the newsroom's machine, whatever the size of the fixture.
const build = (site: FixtureSite, cache: string, args: string[] = [], out = site.outDir) =>
  runScript("scripts/build.ts", ["--output", out, ...args], {
    ...fixtureEnv(site),
    TOASOAN_CACHE: cache,
    TOASOAN_THREADS: "2",
  });

/**
 * The one difference an incremental build keeps by design: the Tin mới sidebar of a page whose own
 * content did not change is the list of its last rewrite (the page refreshes it from
 * /tin-moi/moi-nhat.json in the browser).
 */
function withoutSidebar(html: string): string {
  return html.replace(
    /<ul class="latest__list" data-latest-list>[\s\S]*?<\/ul>/,
    '<ul class="latest__list" data-latest-list></ul>',
  );
}

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

    const fullOut = path.join(site.root, "full");
    const full = await build(site, path.join(site.root, "cache-full"), ["--quiet"], fullOut);
    assert.equal(full.code, 0, full.stderr);
    const files = listFiles(site.outDir).sort();
    assert.deepEqual(files, listFiles(fullOut).sort(), "the same files, none left over, none missing");
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
  test("a change of settings makes a full build, and says why", async () => {
    const site = createFixture(baseContent());
    const cache = path.join(site.root, "cache");
    const data = mkdtempSync(path.join(tmpdir(), "toasoan-data-"));
    cpSync(path.join(PROJECT_ROOT, "_data"), data, { recursive: true });
    assert.equal(
      (
        await runScript("scripts/build.ts", ["--output", site.outDir, "--quiet"], {
          ...fixtureEnv(site),
          TOASOAN_CACHE: cache,
          TOASOAN_DATA: data,
        })
      ).code,
      0,
    );
    const siteJson = JSON.parse(readFileSync(path.join(data, "site.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(path.join(data, "site.json"), JSON.stringify({ ...siteJson, perPage: 7 }));
    const second = await runScript("scripts/build.ts", ["--output", site.outDir], {
      ...fixtureEnv(site),
      TOASOAN_CACHE: cache,
      TOASOAN_DATA: data,
    });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /Dựng đầy đủ vì mã, thư viện hoặc cài đặt đã thay đổi/);
  });

  test("--full ignores a valid cache", async () => {
    const site = createFixture(baseContent());
    const cache = path.join(site.root, "cache");
    assert.equal((await build(site, cache, ["--quiet"])).code, 0);
    const second = await build(site, cache, ["--full"]);
    assert.match(second.stdout, /Dựng đầy đủ vì yêu cầu dựng đầy đủ \(--full\)/);
  });

  test("a build killed half-way leaves no cache: the next build is a full one, and complete", async () => {
    const site = createFixture(baseContent());
    const cache = path.join(site.root, "cache");
    assert.equal((await build(site, cache, ["--quiet"])).code, 0);
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
    const after = await build(site, cache);
    assert.equal(after.code, 0, after.stderr);
    assert.match(
      after.stdout,
      /Dựng đầy đủ vì chưa có bộ nhớ đệm của lần dựng trước \(hoặc lần trước không hoàn tất\)/,
    );
    assert.ok(site.exists("/2025/05/01/tin-moi-nhat-hom-nay/"));
    assert.ok(!site.exists("/2023/07/07/bai-so-6-ve-the-thao/"));
  });
});
