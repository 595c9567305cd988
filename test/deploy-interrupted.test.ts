import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import * as cheerio from "cheerio";
import pLimit from "p-limit";
import {
  assertSame,
  build,
  changePhoto,
  deployProcess,
  deployTo,
  fullBuild,
  KINDS,
  newsroom,
  useDestinations,
} from "./helpers/deploy-destinations.ts";
import { articleFile } from "./helpers/fixture-site.ts";
import { baseContent, changeContent } from "./helpers/newsroom-day.ts";

useDestinations();

describe("a deploy that is stopped or watched while it runs", () => {
  test("a deploy killed half-way is completed by the next one, even after more changes built from the cache alone", async (t) => {
    const site = newsroom(30);
    await build(site);
    const targets = new Map(KINDS.map((kind) => [kind, kind.fresh()]));
    for (const destination of targets.values()) await deployTo(site, destination);
    changeContent(site);
    await changePhoto(site);
    await build(site, true);
    for (const [kind, destination] of targets) {
      await t.test(`${kind.name}: killed as soon as its first step is sent`, async () => {
        // The lists, the deletions and the record are not sent.
        const killed = await deployProcess(site, destination, (line, kill) => {
          if (line.startsWith("  ")) kill();
        });
        assert.equal(killed.signal, "SIGKILL", killed.output);
        assert.ok(await kind.pending(destination), "the interrupted deploy left its pending record");
      });
    }
    // The next push: one more article, built from the cache alone again (CI restores the cache of the
    // last successful run, not the interrupted one's _site/).
    mkdirSync(path.join(site.articlesDir, "2025/05"), { recursive: true });
    writeFileSync(
      path.join(site.articlesDir, "2025/05/sau.md"),
      articleFile({ title: "Tin sau sự cố", date: "2025-05-02 10:00", category: "Kinh tế", author: "Hà Thu" }, "Sau."),
    );
    await build(site, true);
    const expected = await fullBuild(site);
    for (const [kind, destination] of targets) {
      await t.test(`${kind.name}: the next deploy completes it`, async () => {
        const summary = await deployTo(site, destination);
        assert.ok(summary.uploaded > 0);
        assertSame(await kind.files(destination), expected, kind.name);
        assert.ok(!(await kind.pending(destination)), "the pending record is gone once the deploy completes");
      });
    }
  });

  test("a reader polling the home page during a deploy never follows a link to a missing page", async (t) => {
    const site = newsroom(30);
    await build(site);
    const targets = new Map(KINDS.map((kind) => [kind, kind.fresh()]));
    for (const destination of targets.values()) await deployTo(site, destination);
    // Breaking news: twenty new articles take the home page; ten old ones are withdrawn.
    mkdirSync(path.join(site.articlesDir, "2025/05"), { recursive: true });
    for (let i = 0; i < 20; i++)
      writeFileSync(
        path.join(site.articlesDir, `2025/05/nong-${i}.md`),
        articleFile(
          {
            title: `Tin nóng ${i}`,
            date: `2025-05-0${1 + (i % 9)} 1${i % 10}:00`,
            category: "Kinh tế",
            author: "Hà Thu",
          },
          `Tin nóng số ${i}.`,
        ),
      );
    for (const file of Object.keys(baseContent(30)).filter((name) => /bai-(1[0-9])\.md$/.test(name)))
      rmSync(path.join(site.articlesDir, file));
    await build(site, true);

    for (const [kind, destination] of targets) {
      await t.test(kind.name, async () => {
        const broken = new Set<string>();
        let rounds = 0;
        let running = true;
        // A reader opens the home page and follows its links at once. A round counts when the home page
        // did not change while its links were followed: a reader who keeps an old page open for a while
        // may of course find a withdrawn article gone.
        const reader = (async () => {
          while (running) {
            const home = (await kind.read(destination, "index.html")) ?? Buffer.alloc(0);
            const links = new Set(
              cheerio
                .load(home.toString())("a[href^='/']")
                .map((_, a) => a.attribs.href!.replace(/[?#].*$/, ""))
                .get()
                .filter((href) => !href.startsWith("/tim-kiem/")),
            );
            const follow = pLimit(8);
            const missing = (
              await Promise.all(
                [...links].map((href) =>
                  follow(async () => {
                    const file = href.endsWith("/") ? `${href.slice(1)}index.html` : href.slice(1);
                    return (await kind.exists(destination, file)) ? undefined : href;
                  }),
                ),
              )
            ).filter((href) => href !== undefined);
            if (home.equals((await kind.read(destination, "index.html")) ?? Buffer.alloc(0))) {
              rounds++;
              for (const href of missing) broken.add(href);
            }
            // Reading a folder is synchronous: give the deploy's process events their turn.
            await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        const deployed = await deployProcess(site, destination);
        running = false;
        await reader;
        assert.equal(deployed.code, 0, deployed.output);
        assert.ok(rounds >= 2, `the reader read the home page while the deploy ran (${rounds} times)`);
        assert.deepEqual([...broken], []);
        assert.match((await kind.read(destination, "index.html"))?.toString() ?? "", /Tin nóng/);
      });
    }
  });
});
