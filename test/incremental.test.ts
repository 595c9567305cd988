import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { listSiteFiles } from "../lib/build/output-folder.ts";
import { baseContent, changeContent, withoutSidebar } from "./helpers/newsroom-day.ts";
import { createFixture, fixtureEnv, PROJECT_ROOT, type FixtureSite, runCommand } from "./helpers/fixture-site.ts";

// Two worker threads, as on the newsroom's machine, whatever the size of the fixture.
const build = (site: FixtureSite, cache: string, args: string[] = [], out = site.outDir) =>
  runCommand("build", ["--output", out, ...args], {
    ...fixtureEnv(site),
    TOASOAN_CACHE: cache,
    TOASOAN_THREADS: "2",
  });

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
  test("a change of settings makes a full build, and says why", async () => {
    const site = createFixture(baseContent());
    const cache = path.join(site.root, "cache");
    const data = mkdtempSync(path.join(tmpdir(), "toasoan-data-"));
    cpSync(path.join(PROJECT_ROOT, "_data"), data, { recursive: true });
    assert.equal(
      (
        await runCommand("build", ["--output", site.outDir, "--quiet"], {
          ...fixtureEnv(site),
          TOASOAN_CACHE: cache,
          TOASOAN_DATA: data,
        })
      ).code,
      0,
    );
    const siteJson = JSON.parse(readFileSync(path.join(data, "site.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(path.join(data, "site.json"), JSON.stringify({ ...siteJson, perPage: 7 }));
    const second = await runCommand("build", ["--output", site.outDir], {
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

  test("a damaged cache file, or cache files of two different builds, make a full build that says why", async () => {
    const site = createFixture(baseContent());
    const cache = path.join(site.root, "cache");
    assert.equal((await build(site, cache, ["--quiet"])).code, 0);
    const sourcesOfFirst = readFileSync(path.join(cache, "sources.v8"));
    writeFileSync(path.join(cache, "outputs.v8"), "không phải bộ nhớ đệm");
    const afterDamage = await build(site, cache);
    assert.equal(afterDamage.code, 0, afterDamage.stderr);
    assert.match(afterDamage.stdout, /Dựng đầy đủ vì bộ nhớ đệm hỏng/);

    writeFileSync(path.join(cache, "sources.v8"), sourcesOfFirst);
    const mixed = await build(site, cache);
    assert.equal(mixed.code, 0, mixed.stderr);
    assert.match(mixed.stdout, /Dựng đầy đủ vì bộ nhớ đệm không trọn vẹn/);
    const next = await build(site, cache);
    assert.match(next.stdout, /Dựng phần thay đổi: 0 trang bài viết, 0 trang danh sách/);
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
