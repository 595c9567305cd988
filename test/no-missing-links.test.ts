import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { cacheDirFor } from "../lib/build/build-cache.ts";
import { deploy } from "../lib/deploy/deploy.ts";
import { PUBLISHED_ADDRESSES_FILE } from "../lib/build/published-addresses.ts";
import { build, deployTo, KINDS, newsroom, settingsOf, useDestinations } from "./helpers/deploy-destinations.ts";
import { articleFile, runCommand } from "./helpers/fixture-site.ts";
import { fixtureEnv } from "./helpers/fixture-site.ts";
import { brokenLinks } from "./helpers/site-links.ts";
import { baseContent } from "./helpers/newsroom-day.ts";

useDestinations();

const ARTICLES = 60;

/** The push the issue measured: 40 new articles by a new author, 20 edited titles, 20 deleted articles. */
function push(site: ReturnType<typeof newsroom>): { deleted: string[] } {
  const names = Object.keys(baseContent(ARTICLES)).filter((name) => /bai-\d+\.md$/.test(name));
  const deleted = names.slice(10, 30);
  for (const name of deleted) rmSync(path.join(site.articlesDir, name));
  for (const name of names.slice(30, 50)) {
    const file = path.join(site.articlesDir, name);
    writeFileSync(file, readFileSync(file, "utf8").replace(/^title: "(.*)"$/m, 'title: "$1 (đã sửa)"'));
  }
  mkdirSync(path.join(site.articlesDir, "2025/05"), { recursive: true });
  for (let i = 0; i < 40; i++)
    writeFileSync(
      path.join(site.articlesDir, `2025/05/moi-${i}.md`),
      articleFile(
        {
          title: `Tin mới số ${i}`,
          date: `2025-05-0${1 + (i % 4)} 0${i % 10}:15`,
          category: "Kinh tế",
          author: "Phóng viên",
        },
        `Tin mới số ${i}.`,
      ),
    );
  return { deleted };
}

describe("no page ever links to a page that is not there", () => {
  test("a deleted article's address answers with a notice and a 410 marker, kept by --full builds; a damaged list of addresses stops the build", async () => {
    const site = newsroom(ARTICLES);
    await build(site);
    const gone = "2023/07/07/bai-so-6-ve-the-thao/";
    assert.ok(site.exists(`/${gone}`));
    rmSync(path.join(site.articlesDir, "2023/07/bai-6.md"));
    await build(site);
    const notice = site.html(`/${gone}`);
    assert.equal(notice("h1").text(), "Bài viết đã được gỡ");
    assert.equal(notice('meta[name="robots"]').attr("content"), "noindex");
    assert.equal(notice(".withdrawn__facts").length, 0, "no date or reason: the file was deleted, not withdrawn");
    assert.ok(site.exists(`/${gone}.410`));

    const full = await runCommand("build", ["--output", site.outDir, "--full", "--quiet"], {
      ...fixtureEnv(site),
      TOASOAN_CACHE: cacheDirFor(settingsOf(site), site.outDir),
    });
    assert.equal(full.code, 0, full.stderr);
    assert.match(site.read(`/${gone}`), /Bài viết đã được gỡ/, "a full build keeps the notice");

    // The article comes back at the same address: its page replaces the notice.
    writeFileSync(path.join(site.articlesDir, "2023/07/bai-6.md"), baseContent(ARTICLES)["2023/07/bai-6.md"]!);
    await build(site);
    assert.doesNotMatch(site.read(`/${gone}`), /Bài viết đã được gỡ/);
    assert.ok(!site.exists(`/${gone}.410`));

    writeFileSync(path.join(cacheDirFor(settingsOf(site), site.outDir), PUBLISHED_ADDRESSES_FILE), "{hỏng");
    const damaged = await runCommand("build", ["--output", site.outDir, "--quiet"], {
      ...fixtureEnv(site),
      TOASOAN_CACHE: cacheDirFor(settingsOf(site), site.outDir),
    });
    assert.equal(damaged.code, 1);
    assert.match(damaged.stderr, /published-addresses\.json hỏng/);
    assert.doesNotMatch(damaged.stderr, /\n\s+at /, "no stack trace");
  });

  test("after each step of a push, as a killed deploy leaves it, and when it is complete, every link on the destination leads to a file", async () => {
    const site = newsroom(ARTICLES);
    await build(site);
    // A deploy killed (kill -9, test/deploy-interrupted.test.ts) between two steps leaves the
    // destination as it is when the first of them is done: each such state is checked here.
    const kinds = KINDS.filter((kind) => kind.name !== "S3-compatible storage (s3rver)");
    const destinations = kinds.map((kind) => ({ kind, destination: kind.fresh() }));
    for (const { destination } of destinations) await deployTo(site, destination);
    assert.deepEqual(
      brokenLinks(await kinds[0]!.files(destinations[0]!.destination)),
      [],
      "the first deploy has no broken link",
    );

    const { deleted } = push(site);
    await build(site, true);
    for (const { kind, destination } of destinations) {
      const checked: string[] = [];
      await deploy(settingsOf(site), {
        destination,
        output: site.outDir,
        quiet: true,
        afterStep: async (step) => {
          checked.push(step);
          assert.deepEqual(brokenLinks(await kind.files(destination)), [], `${kind.name}: after ${step}`);
        },
      });
      assert.equal(checked.length, 4, `${kind.name}: the new files, the changed pages, the lists, the deletions`);
      const files = await kind.files(destination);
      assert.ok([...files.keys()].some((file) => file.startsWith("tac-gia/phong-vien/")));
      for (const name of deleted.slice(0, 3)) {
        const slug = `${path.basename(name, ".md").replace("bai-", "bai-so-")}-ve-`;
        const address = [...files.keys()].find((file) => file.includes(slug) && file.endsWith("/index.html"));
        assert.ok(address, `${name}'s address is still there`);
        assert.match(files.get(address)!.toString(), /Bài viết đã được gỡ/);
      }
    }
  });
});
