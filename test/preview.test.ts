// npm run preview on a newsroom of several search shards kept in git: one branch per kind of
// change, each previewed against main's build, to a folder and to a server over SSH. A preview's
// changed pages must be the branch's full build but for noindex, the comment box and the
// addresses, and nothing of it may reach the live site or main's cache.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import * as cheerio from "cheerio";
import { runBuild } from "../lib/build/run-build.ts";
import { type PreviewSummary, preview, removePreview } from "../lib/preview/preview.ts";
import { settingsFromData } from "../lib/settings/settings.ts";
import { previewCommand } from "../scripts/lib/preview-command.ts";
import {
  build,
  deployTo,
  newFolder,
  newsroom,
  newsroomEnv,
  readFolder,
  settingsOf,
  withHistoryOf,
  sshPath,
  sshServer,
  useDestinations,
} from "./helpers/deploy-destinations.ts";
import {
  articleFile,
  FIXTURE_SITE_URL,
  type FixtureSite,
  PROJECT_ROOT,
  type RunResult,
} from "./helpers/fixture-site.ts";

useDestinations();

const PREVIEW_URL = "https://xem-truoc.example.test";

const git = (site: FixtureSite, ...args: string[]) =>
  execFileSync("git", args, {
    cwd: site.root,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Thư ký",
      GIT_AUTHOR_EMAIL: "tk@example.test",
      GIT_COMMITTER_NAME: "Thư ký",
      GIT_COMMITTER_EMAIL: "tk@example.test",
    },
  });

/** One branch per kind of change, each from main: what it does to the newsroom's files. */
const BRANCHES: Record<string, (site: FixtureSite) => void> = {
  "bai-moi": (site) =>
    write(
      site,
      "2024/12/moi.md",
      articleFile(
        {
          title: "Tin mới của nhánh",
          date: "2024-12-30 09:00",
          category: "Du lịch",
          author: "Hà Thu",
          tags: ["chủ đề 1"],
        },
        "Bài hoàn toàn mới, có [liên kết](/2023/03/03/bai-so-2-ve-the-thao/).",
      ),
    ),
  "sua-tieu-de": (site) => edit(site, "2023/03/bai-2.md", "Bài số 2 về", "Bài số 2 (đã sửa tiêu đề) về"),
  "dinh-chinh": (site) =>
    edit(
      site,
      "2023/05/bai-4.md",
      "---\n",
      '---\ncorrections:\n  - date: "2024-01-02 08:00"\n    text: "Sửa tên <xã> & số liệu"\n',
    ),
  "go-bai": (site) =>
    edit(
      site,
      "2024/06/anh.md",
      "---\n",
      '---\nwithdrawn:\n  date: "2025-01-02 08:00"\n  reason: "Theo yêu cầu <b>của</b> tòa án"\n',
    ),
  "hen-gio": (site) =>
    write(
      site,
      "2025/05/hen-gio.md",
      articleFile(
        { title: "Tin hẹn giờ đăng sáng mai", date: "2025-05-06 07:00", category: "Kinh tế", author: "Lê Văn Bình" },
        "Đăng lúc bảy giờ sáng.",
      ),
    ),
};

function write(site: FixtureSite, name: string, text: string): void {
  mkdirSync(path.dirname(path.join(site.articlesDir, name)), { recursive: true });
  writeFileSync(path.join(site.articlesDir, name), text);
}

function edit(site: FixtureSite, name: string, from: string, to: string): void {
  const file = path.join(site.articlesDir, name);
  const text = readFileSync(file, "utf8");
  assert.ok(text.includes(from), `${name} holds ${from}`);
  writeFileSync(file, text.replace(from, to));
}

/** A page as readers of the live site would see it, for comparing a preview page with the full build's. */
function comparable(html: string, folder: string): string {
  const $ = cheerio.load(html.replaceAll(`${PREVIEW_URL}/${folder}`, "").replaceAll(`${FIXTURE_SITE_URL}/`, "/"));
  $('meta[name="robots"], section[data-comments], noscript[data-views], script[src^="/"]').remove();
  return $.html().replace(/\n\s*\n/g, "\n");
}

let site: FixtureSite;
let live: string;
let liveBefore: Map<string, Buffer>;
let cacheBefore: Map<string, Buffer>;
const previews = new Map<string, { summary: PreviewSummary; destination: string }>();

const cacheFiles = () =>
  new Map(
    readdirSync(path.join(site.root, "cache"))
      .filter((name) => name.endsWith(".v8"))
      .map((name) => [name, readFileSync(path.join(site.root, "cache", name))]),
  );

before(async () => {
  site = newsroom(24);
  // As the project's own .gitignore: builds and caches are not the newsroom's files.
  writeFileSync(path.join(site.root, ".gitignore"), "cache/\n_site/\nfull-*\n");
  git(site, "init", "-q", "-b", "main");
  git(site, "add", "-A");
  git(site, "commit", "-q", "-m", "Kho bài");
  await build(site);
  live = newFolder();
  await deployTo(site, live);
  liveBefore = readFolder(live);
  cacheBefore = cacheFiles();
  const destination = newFolder();
  for (const [branch, change] of Object.entries(BRANCHES)) {
    git(site, "switch", "-q", "-c", branch, "main");
    change(site);
    git(site, "add", "-A");
    git(site, "commit", "-q", "-m", branch);
    const summary = await preview(
      settingsOf(site),
      { destination, base: "main", baseOutput: site.outDir, url: PREVIEW_URL, quiet: true },
      newsroomEnv(site),
    );
    previews.set(branch, { summary, destination });
  }
  git(site, "switch", "-q", "main");
});

/** The branch's full build, at the moment its preview shows, into a folder of its own. */
async function fullBuildOf(branch: string, at: string): Promise<string> {
  git(site, "switch", "-q", branch);
  try {
    const output = path.join(site.root, `full-${branch}`);
    const settings = settingsOf(site, withHistoryOf(site, `${output}-cache`));
    await runBuild(settingsFromData({ ...settings.data, nowIso: at }), { output, quiet: true, full: true });
    return output;
  } finally {
    git(site, "switch", "-q", "main");
  }
}

describe("npm run preview: each kind of change, against main's build", () => {
  for (const branch of Object.keys(BRANCHES)) {
    test(`${branch}: the changed pages equal the branch's full build but for noindex, comments, views and addresses`, async () => {
      const { summary, destination } = previews.get(branch)!;
      const full = await fullBuildOf(branch, summary.at);
      const folder = path.join(destination, summary.folder);
      assert.ok(summary.pages.length > 0);
      for (const page of summary.pages) {
        const file = page.sitePath.endsWith("/") ? `${page.sitePath}index.html` : page.sitePath;
        const shown = readFileSync(path.join(folder, file), "utf8");
        const $ = cheerio.load(shown);
        assert.equal($('meta[name="robots"]').attr("content"), "noindex", `${page.sitePath} is never indexed`);
        assert.equal(
          $("section[data-comments], form[action*='/api/']").length,
          0,
          `${page.sitePath} takes no comments`,
        );
        assert.equal($("noscript[data-views], img[src*='/api/']").length, 0, `${page.sitePath} counts no view`);
        assert.equal(page.address, `${PREVIEW_URL}/${summary.folder}${page.sitePath}`);
        assert.equal(
          comparable(shown, summary.folder),
          comparable(readFileSync(path.join(full, file), "utf8"), summary.folder),
          page.sitePath,
        );
        for (const link of $("a[href^='/']")
          .map((_, element) => $(element).attr("href"))
          .get())
          assert.fail(`${page.sitePath} links to ${link}, which is on neither site`);
      }
      const held = readFolder(folder);
      for (const file of held.keys())
        assert.doesNotMatch(
          file,
          /^(tim-kiem\/|sitemap|sitemaps\/|feed|atom|.*\.xml$|.*\.json$|_redirects|robots\.txt)/,
          `${file} has no place in a preview`,
        );
    });
  }

  test("each preview holds what its change shows: its page, and its place on the front page, in its category and in Tin mới", () => {
    const paths = (branch: string) => previews.get(branch)!.summary.pages.map((page) => page.sitePath);
    const added = paths("bai-moi");
    for (const page of ["/2024/12/30/tin-moi-cua-nhanh/", "/", "/tin-moi/", "/chuyen-muc/du-lich/", "/tac-gia/ha-thu/"])
      assert.ok(added.includes(page), `bai-moi: ${page}`);
    assert.ok(paths("sua-tieu-de").includes("/2023/03/03/bai-so-2-da-sua-tieu-de-ve-the-thao/"));
    assert.ok(paths("dinh-chinh").includes("/2023/05/05/bai-so-4-ve-kinh-te/"));
    assert.ok(paths("dinh-chinh").includes("/dinh-chinh/"));
    assert.ok(paths("go-bai").includes("/2024/06/15/bai-co-anh/"), "the notice at the address taken down");
    const scheduled = previews.get("hen-gio")!.summary;
    assert.equal(scheduled.at, "2025-05-06T07:00:00.000+07:00", "previewed as it will look at its time");
    assert.ok(paths("hen-gio").includes("/2025/05/06/tin-hen-gio-dang-sang-mai/"));
    assert.ok(paths("hen-gio").includes("/"));
  });

  test("the edited title's old address shows the notice it will hold, not a missing page", () => {
    const { summary } = previews.get("sua-tieu-de")!;
    assert.ok(summary.pages.some((page) => page.sitePath === "/2023/03/03/bai-so-2-ve-the-thao/"));
    assert.ok(!summary.removed.includes(`${FIXTURE_SITE_URL}/2023/03/03/bai-so-2-ve-the-thao/`));
  });

  test("the preview links to itself for what it holds and to the live site for the rest", () => {
    const { summary, destination } = previews.get("bai-moi")!;
    const $ = cheerio.load(readFileSync(path.join(destination, summary.folder, "index.html"), "utf8"));
    const hrefs = $("a[href]")
      .map((_, element) => $(element).attr("href"))
      .get();
    assert.ok(hrefs.includes(`${PREVIEW_URL}/${summary.folder}/2024/12/30/tin-moi-cua-nhanh/`));
    assert.ok(
      hrefs.includes(`${FIXTURE_SITE_URL}/2023/01/01/bai-so-0-ve-kinh-te/`) ||
        hrefs.some((href) => href.startsWith(`${FIXTURE_SITE_URL}/20`)),
    );
    assert.equal(
      $('link[rel="stylesheet"]').attr("href"),
      `${FIXTURE_SITE_URL}/assets/site.css`,
      "an unchanged stylesheet is the live one",
    );
  });

  test("the live destination and main's build cache are untouched", () => {
    assert.deepEqual([...readFolder(live).keys()].sort(), [...liveBefore.keys()].sort());
    for (const [file, bytes] of readFolder(live)) assert.ok(bytes.equals(liveBefore.get(file)!), file);
    for (const [name, bytes] of cacheFiles()) assert.ok(bytes.equals(cacheBefore.get(name)!), `cache ${name}`);
  });

  test("--remove leaves nothing of a branch's preview", async () => {
    const { summary, destination } = previews.get("dinh-chinh")!;
    await removePreview(settingsOf(site), { destination, branch: "dinh-chinh", quiet: true }, newsroomEnv(site));
    assert.ok(!existsSync(path.join(destination, summary.folder)));
    assert.ok(
      existsSync(path.join(destination, previews.get("bai-moi")!.summary.folder)),
      "other branches' previews stay",
    );
  });
});

describe("npm run preview over SSH", () => {
  test("a preview sent to a server, sent again with nothing new, then removed", async () => {
    const destination = `${sshServer().login}${newFolder()}`;
    git(site, "switch", "-q", "-c", "qua-ssh", "main");
    try {
      BRANCHES["bai-moi"]!(site);
      const options = { destination, base: "main", baseOutput: site.outDir, url: PREVIEW_URL, quiet: true };
      const first = await preview(settingsOf(site), options, newsroomEnv(site));
      const folder = path.join(sshPath(destination), first.folder);
      assert.ok(existsSync(path.join(folder, "2024/12/30/tin-moi-cua-nhanh/index.html")));
      assert.equal(readFolder(folder).size, first.files);
      const held = readFolder(folder);
      const again = await preview(settingsOf(site), options, newsroomEnv(site));
      assert.ok(
        again.bytesSent < first.bytesSent / 2,
        `rsync sends no file again (${again.bytesSent} B, ${first.bytesSent} B)`,
      );
      assert.deepEqual(readFolder(folder), held);
      await removePreview(settingsOf(site), { destination, quiet: true }, newsroomEnv(site));
      assert.ok(!existsSync(folder));
    } finally {
      git(site, "stash", "-u", "-q");
      git(site, "switch", "-q", "main");
    }
  });
});

describe("npm run preview refuses what it must not do, in one line with a code", () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> => {
    let stdout = "";
    let stderr = "";
    return previewCommand(args, { ...process.env, ...newsroomEnv(site), ...env }, PROJECT_ROOT, {
      out: (line) => void (stdout += `${line}\n`),
      err: (line) => void (stderr += `${line}\n`),
    }).then((code) => ({ code, stdout, stderr }));
  };
  const refused = (result: RunResult, pattern: RegExp) => {
    assert.equal(result.code, 1);
    assert.match(result.stderr, pattern);
    assert.match(result.stderr, /Cách sửa: /);
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
  };

  test("no destination, two destinations, an unknown option, a wrong --at", async () => {
    refused(await run([]), /chưa nêu nơi đặt bản xem trước/);
    refused(await run(["/tmp/a", "/tmp/b"]), /chỉ nêu một nơi xem trước/);
    refused(await run(["/tmp/a", "--khong-co"]), /khong-co/);
    refused(await run([newFolder(), "--branch", "x", "--at", "hôm qua", "--output", site.outDir]), /--at "hôm qua"/);
  });

  test("the live site's destination is never a preview's", async () => {
    refused(await run([live, "--branch", "x", "--output", site.outDir], { DEPLOY_TO: live }), /nơi của trang thật/);
    refused(await run([live, "--branch", "x", "--output", site.outDir]), /đang giữ một trang đã triển khai/);
    const inside = path.join(live, "xem-truoc");
    refused(await run([inside, "--branch", "x", "--output", site.outDir]), /nằm trong trang đã triển khai/);
    refused(
      await run([inside, "--branch", "x", "--output", site.outDir], { DEPLOY_TO: live }),
      /nằm trong\) nơi của trang thật/,
    );
    assert.deepEqual([...readFolder(live).keys()].sort(), [...liveBefore.keys()].sort());
  });

  test("without main's build to compare with, or without the base branch", async () => {
    refused(
      await run([newFolder(), "--branch", "x", "--output", path.join(site.root, "chua-dung")]),
      /bản dựng của nhánh gốc/,
    );
    refused(
      await run([newFolder(), "--base", "khong-co-nhanh", "--output", site.outDir]),
      /không tìm thấy nhánh gốc "khong-co-nhanh"/,
    );
  });
});
