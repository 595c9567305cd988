import assert from "node:assert/strict";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { listSiteFiles } from "../lib/build/output-folder.ts";
import { PARTS_FOLDER } from "../lib/build/parts.ts";
import { PUBLISHED_ADDRESSES_FILE } from "../lib/build/published-addresses.ts";
import { deploy, type DeployShare } from "../lib/deploy/deploy.ts";
import { loadSettings } from "../lib/settings/settings.ts";
import { readFolder } from "./helpers/deploy-destinations.ts";
import { brokenLinks } from "./helpers/site-links.ts";
import { baseContent, siteDifferences } from "./helpers/newsroom-day.ts";
import {
  articleFile,
  createFixture,
  dataWithSiteSettings,
  fixtureEnv,
  photo,
  type FixtureSite,
  PROJECT_ROOT,
  runCommand,
} from "./helpers/fixture-site.ts";

const PARTS = 3;

/** An archive with one of everything a part or the merge must carry: photos, notices, redirects, comments, Đọc nhiều. */
function archive(): Record<string, string> {
  const files = baseContent(60);
  const base = { category: "Kinh tế", author: "Lê Văn Bình", summary: "Tóm tắt." };
  files["2025/05/anh.md"] = articleFile(
    { ...base, title: "Bài có ảnh đậm", date: "2025-05-01 08:00", image: "/media/anh-lon.jpg", caption: "Ảnh" },
    "Nội dung có ảnh.\n\n![ảnh trong bài](/media/anh-nho.jpg)",
  );
  files["2025/05/doi-dia-chi.md"] = articleFile(
    { ...base, title: "Bài đã đổi địa chỉ", date: "2025-05-02 08:00", aliases: ["/tin-cu/doi-dia-chi.html"] },
    "Xem thêm [bài có ảnh](/2025/05/01/bai-co-anh-dam/).",
  );
  files["2025/05/go.md"] = articleFile(
    { ...base, title: "Bài đã gỡ", date: "2025-05-03 08:00", withdrawn: "@raw:" },
    "Đã gỡ.",
  ).replace("withdrawn: \n", 'withdrawn:\n  date: "2025-05-04 09:00"\n  reason: "Theo yêu cầu của tòa án"\n');
  files["2025/06/hen-gio.md"] = articleFile({ ...base, title: "Bài hẹn giờ", date: "2025-06-01 08:00" }, "Sắp đăng.");
  return files;
}

const commentsExport = JSON.stringify({
  generated_at: "2025-05-05T04:00:00Z",
  comments: {
    "/2025/05/01/bai-co-anh-dam/": [
      { id: 1, author: "Bạn đọc <script>", body: "Bình luận đã duyệt.", created_at: "2025-05-02T01:00:00Z" },
    ],
  },
});
const mostRead = JSON.stringify({
  generated_at: "2025-05-05T04:00:00Z",
  site: { day: [{ url: "/2025/05/01/bai-co-anh-dam/", title: "Bài có ảnh", views: 9 }], week: [] },
  categories: {},
});

let site: FixtureSite;
let env: NodeJS.ProcessEnv;
const folder = (name: string) => path.join(site.root, name);
const build = (output: string, ...args: string[]) =>
  runCommand("build", ["--output", output, "--quiet", ...args], { ...env, TOASOAN_CACHE: `${output}-cache` });

/** Every file of a built folder with its bytes, but toasoan's marker (its id names the folder). */
function filesOf(dir: string): Map<string, Buffer> {
  return new Map(listSiteFiles(dir).map((file) => [file, readFileSync(path.join(dir, file))]));
}

/** The parts' output folders copied into one, as actions/download-artifact with merge-multiple leaves them. */
function gather(target: string, parts: readonly string[]): void {
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const part of parts) cpSync(part, target, { recursive: true });
}

/** The records alone of the parts' folders, as the merge's runner downloads them. */
function gatherRecords(target: string, parts: readonly string[]): void {
  rmSync(target, { recursive: true, force: true });
  for (const part of parts) cpSync(path.join(part, PARTS_FOLDER), path.join(target, PARTS_FOLDER), { recursive: true });
}

/** A build's cache that starts with the first single build's history (the addresses that held an article). */
function withHistory(output: string): void {
  mkdirSync(`${output}-cache`, { recursive: true });
  const history = PUBLISHED_ADDRESSES_FILE;
  cpSync(path.join(`${folder("mot-may")}-cache`, history), path.join(`${output}-cache`, history));
}

async function buildParts(count = PARTS, prefix = "phan"): Promise<string[]> {
  const outputs: string[] = [];
  for (let k = 1; k <= count; k++) {
    const output = folder(`${prefix}-${k}`);
    const result = await build(output, "--part", `${k}/${count}`);
    assert.equal(result.code, 0, result.stderr);
    outputs.push(output);
  }
  return outputs;
}

describe("a build across machines: parts, then the merge", () => {
  let single: Map<string, Buffer>;
  let parts: string[];

  before(async () => {
    site = createFixture(archive(), {
      media: { "anh-lon.jpg": photo("anh-lon.jpg"), "anh-nho.jpg": photo("anh-nho.jpg") },
    });
    writeFileSync(folder("comments.json"), commentsExport);
    writeFileSync(folder("most-read.json"), mostRead);
    env = {
      ...fixtureEnv(site),
      TOASOAN_COMMENTS: folder("comments.json"),
      // A shard per month, so that the archive's 20 months are spread over every part.
      TOASOAN_DATA: dataWithSiteSettings({ searchShardMonths: 1, searchShardArticles: 1 }),
    };
    const whole = await build(folder("mot-may"), "--full");
    assert.equal(whole.code, 0, whole.stderr);
    single = filesOf(folder("mot-may"));
    parts = await buildParts();
  });

  test("each part holds only its own article pages and search shards, and its record", () => {
    const seen = new Set<string>();
    for (const part of parts) {
      const files = listSiteFiles(part);
      assert.ok(files.length > 0);
      for (const file of files) {
        if (file.startsWith(`${PARTS_FOLDER}/`)) continue;
        assert.match(file, /^(\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html|tim-kiem\/.+)$/, `${file} is not a part's file`);
        assert.ok(!seen.has(file), `${file} made by two parts`);
        seen.add(file);
        assert.ok(single.get(file)?.equals(readFileSync(path.join(part, file))), `${file} differs from a single build`);
      }
      assert.equal(readdirSync(path.join(part, PARTS_FOLDER)).length, 1);
    }
    const articlePages = [...single.keys()].filter((file) => /^\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html$/.test(file));
    const withdrawn = articlePages.filter((file) => single.get(file)!.toString().includes("Bài viết đã được gỡ"));
    assert.equal(withdrawn.length, 1, "the withdrawn article's notice is the merge's");
    for (const file of articlePages)
      if (!withdrawn.includes(file)) assert.ok(seen.has(file), `${file}: no part made it`);
  });

  test("the merge of the parts' folders equals a single full build, byte for byte, and leaves no record", async () => {
    const merged = folder("gop");
    gather(merged, parts);
    const result = await build(merged, "--merge");
    assert.equal(result.code, 0, result.stderr);
    const files = filesOf(merged);
    assert.deepEqual(
      [...files.keys()].sort(),
      [...single.keys()].sort(),
      "the same files, none missing, none left over",
    );
    for (const [file, bytes] of single) assert.ok(files.get(file)!.equals(bytes), `${file} differs`);
    assert.ok(files.has("tin-cu/doi-dia-chi.html"), "the redirect from the old address");
    assert.match(files.get("2025/05/01/bai-co-anh-dam/index.html")!.toString(), /Bạn đọc &lt;script&gt;/);
  });

  test("a merge that holds only the records (no part's pages) makes the same rest of the site", async () => {
    const merged = folder("gop-ban-ghi");
    gatherRecords(merged, parts);
    const result = await build(merged, "--merge");
    assert.equal(result.code, 0, result.stderr);
    const files = filesOf(merged);
    const partFiles = new Set(parts.flatMap((part) => listSiteFiles(part)));
    for (const [file, bytes] of single) {
      if (partFiles.has(file)) assert.ok(!files.has(file), `${file} is a part's`);
      else assert.ok(files.get(file)?.equals(bytes), `${file} differs or is missing`);
    }
  });

  test("a missing part, a part of another split or of other content: one line naming it, exit 1, nothing merged", async () => {
    const merged = folder("gop-thieu");
    gather(merged, [parts[0]!, parts[2]!]);
    const missing = await build(merged, "--merge");
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /thiếu phần 2\/3 .*\[build\.parts-missing\]/);
    assert.equal(missing.stderr.trim().split("\n").length, 1, missing.stderr);
    assert.ok(!listSiteFiles(merged).includes("index.html"), "no home page from an incomplete merge");

    const otherSplit = await buildParts(2, "hai-phan");
    gather(merged, [...parts, otherSplit[0]!]);
    const mixed = await build(merged, "--merge");
    assert.equal(mixed.code, 1);
    assert.match(mixed.stderr, /chia kho bài thành số phần khác nhau.*\[build\.parts-mismatch\]/);
    assert.equal(mixed.stderr.trim().split("\n").length, 1, mixed.stderr);

    // Part 2 built after an editor changed an article: the merge sees other content.
    const edited = path.join(site.articlesDir, "2023/01/bai-0.md");
    const original = readFileSync(edited, "utf8");
    writeFileSync(edited, original.replace("Bài số 0", "Bài số 0 đã sửa"));
    try {
      const changed = await build(folder("phan-2-sua"), "--part", "2/3");
      assert.equal(changed.code, 0, changed.stderr);
      writeFileSync(edited, original);
      gather(merged, [parts[0]!, folder("phan-2-sua"), parts[2]!]);
      const mismatched = await build(merged, "--merge");
      assert.equal(mismatched.code, 1);
      assert.match(mismatched.stderr, /phần 2\/3 .*khác bản gộp.*\[build\.parts-mismatch\]/);
      assert.equal(mismatched.stderr.trim().split("\n").length, 1, mismatched.stderr);
    } finally {
      writeFileSync(edited, original);
    }

    const none = await build(folder("gop-rong"), "--merge");
    assert.equal(none.code, 1);
    assert.match(none.stderr, /không có bản ghi của phần nào.*\[build\.parts-missing\]/);
  });

  test("--part must be K/N with 1 ≤ K ≤ N, and never with --merge", async () => {
    for (const bad of ["0/3", "4/3", "3", "a/b", "1/0", "1/9999"]) {
      const result = await build(folder("sai"), "--part", bad);
      assert.equal(result.code, 1, bad);
      assert.match(result.stderr, /\[build\.part-invalid\]/, bad);
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
    }
    const both = await build(folder("sai"), "--part", "1/2", "--merge");
    assert.equal(both.code, 1);
    assert.match(both.stderr, /\[build\.usage\]/);
  });

  test("after an edit, parts rebuilt from their own caches merge into what a single full build makes", async () => {
    const edited = path.join(site.articlesDir, "2024/12/bai-35.md");
    const original = readFileSync(edited, "utf8");
    writeFileSync(edited, original.replace("Nội dung bài 35", "Nội dung bài 35 đã sửa"));
    try {
      const whole = await build(folder("mot-may-2"), "--full");
      assert.equal(whole.code, 0, whole.stderr);
      const again = await buildParts();
      const merged = folder("gop-2");
      gather(merged, again);
      const result = await build(merged, "--merge");
      assert.equal(result.code, 0, result.stderr);
      const expected = filesOf(folder("mot-may-2"));
      const files = filesOf(merged);
      assert.deepEqual([...files.keys()].sort(), [...expected.keys()].sort());
      for (const [file, bytes] of expected) assert.ok(files.get(file)!.equals(bytes), `${file} differs`);
    } finally {
      writeFileSync(edited, original);
    }
  });

  test("deployed as CI does (every machine's new files, every part's changed ones, then the rest), no reachable link is ever broken and the destination ends as a single build", async () => {
    const destination = folder("noi-trien-khai");
    const settingsFor = (output: string) => loadSettings(PROJECT_ROOT, { ...env, TOASOAN_CACHE: `${output}-cache` });
    /**
     * No page a reader can reach links to a missing one. While the new files go up from several
     * machines, a new page may link to another machine's new page: no page there before links to
     * either yet, so only pages that were there before the push are held to it until then.
     */
    let reachable: (page: string) => boolean = () => true;
    const assertNoBrokenLink = (when: string) =>
      assert.deepEqual(
        brokenLinks(readFolder(destination)).filter((link) => reachable(link.split(" → ")[0]!)),
        [],
        when,
      );
    const send = async (output: string, only?: DeployShare) => {
      const name = `${path.basename(output)} ${only ?? "rest"}`;
      await deploy(settingsFor(output), {
        destination,
        output,
        quiet: true,
        only,
        afterStep: (step) => assertNoBrokenLink(`${name}: after ${step}`),
      });
      assertNoBrokenLink(`after ${name}`);
    };
    await send(folder("mot-may"));

    // A day's push: a new author's articles, an edited title, an article deleted.
    const deleted = path.join(site.articlesDir, "2024/02/bai-37.md");
    const before = readFileSync(deleted, "utf8");
    const edited = path.join(site.articlesDir, "2023/03/bai-2.md");
    const original = readFileSync(edited, "utf8");
    try {
      rmSync(deleted);
      writeFileSync(edited, original.replace("Bài số 2 về", "Bài số 2 (đã sửa) về"));
      for (let i = 0; i < 4; i++)
        writeFileSync(
          path.join(site.articlesDir, `2025/05/moi-${i}.md`),
          articleFile(
            {
              title: `Tin mới số ${i}`,
              date: `2025-05-0${i + 1} 10:00`,
              category: "Du lịch",
              author: "Phóng viên Mới",
            },
            "Tin mới.",
          ),
        );
      const parts2 = await buildParts();
      const merged = folder("gop-trien-khai");
      gatherRecords(merged, parts2);
      // The merge keeps the site's history (the addresses that held an article), as CI restores its cache.
      withHistory(merged);
      const result = await build(merged, "--merge");
      assert.equal(result.code, 0, result.stderr);

      const there = new Set(readFolder(destination).keys());
      reachable = (page) => there.has(page);
      await send(merged, "new");
      for (const part of parts2) await send(part, "new");
      reachable = () => true;
      assertNoBrokenLink("once every machine's new files are there");
      for (const part of parts2) await send(part, "changed");
      await send(merged);

      const expectedOut = folder("mot-may-3");
      withHistory(expectedOut);
      const whole = await build(expectedOut, "--full");
      assert.equal(whole.code, 0, whole.stderr);
      const expected = filesOf(expectedOut);
      const deployed = readFolder(destination);
      // Pages the push did not change keep the Tin mới they were baked with, as after any push.
      const { missing, stale, different } = siteDifferences(deployed, expected);
      assert.deepEqual({ missing, stale, different }, { missing: [], stale: [], different: [] });
      assert.match(deployed.get("2024/02/11/bai-so-37-ve-du-lich/index.html")?.toString() ?? "", /Bài viết đã được gỡ/);

      // The record the merge wrote lists the parts' files too: deploying the merge again sends and deletes nothing.
      const again = await deploy(settingsFor(merged), { destination, output: merged, quiet: true });
      assert.deepEqual([again.uploaded, again.deleted], [0, 0]);
    } finally {
      writeFileSync(deleted, before);
      writeFileSync(edited, original);
      for (let i = 0; i < 4; i++) rmSync(path.join(site.articlesDir, `2025/05/moi-${i}.md`), { force: true });
    }
  });

  test("a part's deploy to a destination that lacks its files builds them again as that part, from its cache alone", async () => {
    const part = folder("phan-2-ci");
    const cache = `${part}-cache`;
    const built = await build(part, "--part", "2/3");
    assert.equal(built.code, 0, built.stderr);
    const own = listSiteFiles(part).filter((file) => !file.startsWith(`${PARTS_FOLDER}/`));
    // As a runner that restored the part's cache but holds none of its pages.
    for (const file of own) rmSync(path.join(part, file));
    const destination = folder("noi-trong");
    const sent = await deploy(loadSettings(PROJECT_ROOT, { ...env, TOASOAN_CACHE: cache }), {
      destination,
      output: part,
      quiet: true,
      only: "new",
    });
    assert.equal(sent.uploaded, own.length);
    assert.equal(sent.rebuilt, own.length);
    assert.deepEqual([...readFolder(destination).keys()].sort(), [...own].sort(), "the part's files, nothing else");
  });

  test("a first deploy across machines, to an empty destination, ends as a single build with its record", async () => {
    const destination = folder("noi-moi");
    const merged = folder("gop-lan-dau");
    // Parts of the content the single build had, in folders of their own (earlier tests built edits).
    const fresh = await buildParts(PARTS, "lan-dau");
    gatherRecords(merged, fresh);
    const result = await build(merged, "--merge");
    assert.equal(result.code, 0, result.stderr);
    const send = (output: string, only?: DeployShare) =>
      deploy(loadSettings(PROJECT_ROOT, { ...env, TOASOAN_CACHE: `${output}-cache` }), {
        destination,
        output,
        quiet: true,
        only,
      });
    await send(merged, "new");
    for (const part of fresh) await send(part, "new");
    for (const part of fresh) await send(part, "changed");
    await send(merged);
    const deployed = readFolder(destination);
    assert.deepEqual([...deployed.keys()].sort(), [...single.keys()].sort());
    for (const [file, bytes] of single) assert.ok(deployed.get(file)!.equals(bytes), `${file} differs`);
    const again = await send(merged);
    assert.deepEqual([again.uploaded, again.deleted], [0, 0], "the record lists every file");
  });
});
