import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as cheerio from "cheerio";
import pLimit from "p-limit";
import sharp from "sharp";
import { DeployError } from "../lib/deploy/deploy-error.ts";
import { deploy } from "../lib/deploy/deploy.ts";
import { RECORD_DIR } from "../lib/deploy/record.ts";
import { listFiles, listSiteFiles } from "../lib/output-folder.ts";
import { runBuild } from "../lib/run-build.ts";
import { loadSettings, type Settings } from "../lib/settings.ts";
import {
  articleFile,
  createFixture,
  fixtureEnv,
  photo,
  PROJECT_ROOT,
  type FixtureSite,
} from "./helpers/fixture-site.ts";
import { baseContent, changeContent, siteDifferences } from "./helpers/newsroom-day.ts";
import { type S3Server, startS3Server } from "./helpers/s3-server.ts";
import { type SshServer, startSshServer } from "./helpers/ssh-server.ts";

const BUCKET = "bao-son-la";

/** One kind of destination the tests start: where a deploy goes, and what is there afterwards. */
interface Kind {
  name: string;
  /** A new, empty destination of this kind. */
  fresh(): string;
  /** The site's files at a destination (without the deploy's record). */
  files(destination: string): Promise<Map<string, Buffer>>;
  /** One site file, as a reader's request finds it; undefined when it is not there. */
  read(destination: string, file: string): Promise<Buffer | undefined>;
  /** Whether a site file is there (a HEAD request where the destination is a server). */
  exists(destination: string, file: string): Promise<boolean>;
  /** Whether an interrupted deploy's pending record is there. */
  pending(destination: string): Promise<boolean>;
}

let ssh: SshServer;
let s3: S3Server;
const scratch = mkdtempSync(path.join(tmpdir(), "toasoan-deploy-test-"));
let destinations = 0;
const newFolder = () => path.join(scratch, `dest-${++destinations}`);

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function readFolder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const file of listSiteFiles(dir))
    if (!file.startsWith(`${RECORD_DIR}/`)) files.set(file, readFileSync(path.join(dir, file)));
  return files;
}

const folderKind: Kind = {
  name: "a folder",
  fresh: newFolder,
  files: async (destination) => readFolder(destination),
  read: async (destination, file) => readIfThere(path.join(destination, file)),
  exists: async (destination, file) => existsSync(path.join(destination, file)),
  pending: async (destination) => existsSync(path.join(destination, RECORD_DIR, "pending.json")),
};

// The SSH destinations live on this machine too: what the server wrote is read from the disk.
const sshPath = (destination: string) => destination.slice(destination.indexOf(":") + 1);
const sshKind: Kind = {
  name: "a server over SSH",
  fresh: () => `${ssh.login}${newFolder()}`,
  files: async (destination) => readFolder(sshPath(destination)),
  read: async (destination, file) => readIfThere(path.join(sshPath(destination), file)),
  exists: async (destination, file) => existsSync(path.join(sshPath(destination), file)),
  pending: async (destination) => existsSync(path.join(sshPath(destination), RECORD_DIR, "pending.json")),
};

/**
 * s3rver sometimes closes a kept-alive connection just as the next request is sent on it; a browser
 * retries such a request, and so does the reader here (an HTTP answer is never retried).
 */
async function fetchFromS3(url: string, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

const s3Prefix = (destination: string) => `${destination.slice(`s3://${BUCKET}/`.length)}/`;
const s3Kind: Kind = {
  name: "S3-compatible storage (s3rver)",
  fresh: () => `s3://${BUCKET}/bao-${++destinations}`,
  async files(destination) {
    const files = new Map<string, Buffer>();
    for (const [key, object] of await s3.objects(BUCKET, s3Prefix(destination)))
      if (!key.startsWith(`${RECORD_DIR}/`)) files.set(key, object.body);
    return files;
  },
  async read(destination, file) {
    const response = await fetchFromS3(`${s3.endpoint}/${BUCKET}/${s3Prefix(destination)}${file}`);
    return response.ok ? Buffer.from(await response.arrayBuffer()) : undefined;
  },
  async exists(destination, file) {
    return (await fetchFromS3(`${s3.endpoint}/${BUCKET}/${s3Prefix(destination)}${file}`, { method: "HEAD" })).ok;
  },
  async pending(destination) {
    return (await s3.objects(BUCKET, `${s3Prefix(destination)}${RECORD_DIR}/pending`)).size > 0;
  },
};

const KINDS = [folderKind, sshKind, s3Kind];

/** A newsroom with a lead photo, built with its own cache. */
function newsroom(count = 40): FixtureSite {
  const site = createFixture(
    {
      ...baseContent(count),
      "2024/06/anh.md": articleFile(
        {
          title: "Bài có ảnh",
          date: "2024-06-15 08:00",
          category: "Du lịch",
          author: "Lê Văn Bình",
          image: "/media/2024/06/anh.jpg",
          image_alt: "Đồi chè",
        },
        "Ảnh đồi chè.",
      ),
    },
    { media: { "2024/06/anh.jpg": photo("anh-lon.jpg") } },
  );
  return site;
}

const settingsOf = (site: FixtureSite, cache = path.join(site.root, "cache")): Settings =>
  loadSettings(PROJECT_ROOT, { ...fixtureEnv(site), TOASOAN_CACHE: cache });

/** `npm run build`, in this process: with `onlyChanges`, into an empty output folder as CI does. */
async function build(site: FixtureSite, onlyChanges = false): Promise<void> {
  if (onlyChanges) rmSync(site.outDir, { recursive: true, force: true });
  await runBuild(settingsOf(site), { output: site.outDir, quiet: true, onlyChanges });
}

/** A fresh full build of the same content into a folder of its own: what every destination must equal. */
async function fullBuild(site: FixtureSite): Promise<Map<string, Buffer>> {
  const output = path.join(site.root, `full-${Date.now()}`);
  await runBuild(settingsOf(site, `${output}-cache`), { output, quiet: true, full: true });
  return readFolder(output);
}

const deployTo = (site: FixtureSite, destination: string) =>
  deploy(settingsOf(site), { destination, output: site.outDir, quiet: true });

/** A changed photo: the same file name, other pixels. */
async function changePhoto(site: FixtureSite): Promise<void> {
  writeFileSync(
    path.join(site.mediaDir, "2024/06/anh.jpg"),
    await sharp(photo("anh-lon.jpg")).flop().jpeg().toBuffer(),
  );
}

function assertSame(actual: Map<string, Buffer>, expected: Map<string, Buffer>, where: string): void {
  const { missing, stale, different } = siteDifferences(actual, expected);
  assert.deepEqual(missing, [], `${where}: files missing`);
  assert.deepEqual(stale, [], `${where}: stale files left`);
  assert.deepEqual(different, [], `${where}: files differ beyond the baked sidebar`);
}

/** Runs `npm run deploy` as a process, the way CI does; `onLine` may stop it. */
function deployProcess(site: FixtureSite, destination: string, onLine?: (line: string, kill: () => void) => void) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/deploy.ts", destination, "--output", site.outDir],
      { cwd: PROJECT_ROOT, env: { ...process.env, ...fixtureEnv(site), TOASOAN_CACHE: path.join(site.root, "cache") } },
    );
    let output = "";
    const kill = () => child.kill("SIGKILL");
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
      for (const line of chunk.toString().split("\n")) if (line) onLine?.(line, kill);
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("close", (code, signal) => resolve({ code, signal, output }));
  });
}

before(async () => {
  [ssh, s3] = await Promise.all([startSshServer(), startS3Server([BUCKET])]);
  process.env.RSYNC_RSH = ssh.rsyncRsh;
  Object.assign(process.env, s3.env);
});
after(async () => {
  await Promise.all([ssh?.stop(), s3?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});

describe("npm run deploy: a folder, a server over SSH and S3-compatible storage behave the same way", () => {
  test("the first deploy equals the build; after a day's changes built from the cache alone, the destination equals a fresh full build", async (t) => {
    const site = newsroom(30);
    await build(site);
    const built = readFolder(site.outDir);
    const targets = new Map(KINDS.map((kind) => [kind, kind.fresh()]));
    for (const [kind, destination] of targets) {
      await t.test(`${kind.name}: first deploy`, async () => {
        const summary = await deployTo(site, destination);
        assert.ok(summary.fullComparison, "a destination without a record is compared in full");
        assertSame(await kind.files(destination), built, kind.name);
        const again = await deployTo(site, destination);
        assert.equal(again.uploaded + again.deleted, 0, "a second deploy of the same build sends nothing");
      });
    }

    // A push: a new article, an edited title, a deleted article, a changed photo (and the rest of a
    // day's changes). CI has the build cache, not the previous _site/.
    changeContent(site);
    await changePhoto(site);
    await build(site, true);
    assert.ok(readFolder(site.outDir).size < built.size, "the build from the cache wrote only what changed");
    const expected = await fullBuild(site);
    for (const [kind, destination] of targets) {
      await t.test(`${kind.name}: the push`, async () => {
        const summary = await deployTo(site, destination);
        assert.ok(!summary.fullComparison);
        assert.ok(
          summary.uploaded > 0 && summary.uploaded < expected.size / 2,
          `only what changed: ${summary.uploaded}`,
        );
        assert.ok(summary.deleted > 0, "the withdrawn article, its old lists and the old photo renditions go");
        const files = await kind.files(destination);
        assertSame(files, expected, kind.name);
        assert.ok(![...files.keys()].some((file) => file.startsWith("2023/07/07/")), "the deleted article is gone");
        assert.ok(
          [...files].some(
            ([file, bytes]) => /^2023\/03\/03\/.*\/index\.html$/.test(file) && /đã sửa tiêu đề/.test(bytes.toString()),
          ),
          "the edited title is on its page",
        );
      });
    }
  });

  test("S3 objects carry their content type with the charset and a cache policy by kind of file", async () => {
    const site = newsroom(4);
    await build(site);
    const destination = s3Kind.fresh();
    await deployTo(site, destination);
    const objects = await s3.objects(BUCKET, s3Prefix(destination));
    const of = (key: string) => objects.get(key) ?? assert.fail(`${key} not uploaded`);
    assert.equal(of("index.html").contentType, "text/html; charset=utf-8");
    assert.equal(of("index.html").cacheControl, "public, max-age=60, must-revalidate");
    assert.equal(of("feed.xml").contentType, "application/rss+xml; charset=utf-8");
    assert.equal(of("atom.xml").contentType, "application/atom+xml; charset=utf-8");
    assert.equal(of("feed.json").contentType, "application/feed+json; charset=utf-8");
    assert.equal(of("tim-kiem/chi-muc.json").contentType, "application/json; charset=utf-8");
    assert.equal(of("assets/site.css").contentType, "text/css; charset=utf-8");
    assert.equal(of("assets/site.css").cacheControl, "public, max-age=3600");
    const fragment =
      [...objects.keys()].find((key) => key.endsWith(".pf_fragment")) ?? assert.fail("no search fragment");
    assert.equal(of(fragment).contentType, "application/octet-stream");
    assert.equal(of(fragment).cacheControl, "public, max-age=31536000, immutable");
    const rendition =
      [...objects.keys()].find((key) => key.startsWith("anh/") && key.endsWith(".avif")) ?? assert.fail("no photo");
    assert.equal(of(rendition).contentType, "image/avif");
    assert.equal(of(rendition).cacheControl, "public, max-age=31536000, immutable");
  });

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

describe("a deploy that cannot be done says why, names the destination, exits non-zero and deletes nothing", () => {
  let site: FixtureSite;
  before(async () => {
    site = newsroom(4);
    await build(site);
  });

  const refused = async (destination: string, code: string, pattern: RegExp, env: Record<string, string> = {}) => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      await assert.rejects(deployTo(site, destination), (error: unknown) => {
        assert.ok(error instanceof DeployError, String(error));
        assert.equal(error.code, code, error.message);
        assert.match(error.message, pattern);
        return true;
      });
    } finally {
      for (const key of Object.keys(env)) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  };

  /** A destination that holds a deployed site: after the refused deploy, it must hold exactly the same. */
  const deployedTo = async (kind: Kind) => {
    const destination = kind.fresh();
    await deployTo(site, destination);
    return { destination, before: await kind.files(destination) };
  };

  test("wrong destinations", async () => {
    await refused("", "deploy.destination-missing", /chưa nêu nơi triển khai/);
    await refused(
      path.join(scratch, "khong-co", "con", "bao"),
      "deploy.destination-invalid",
      /khong-co\/con.* không tồn tại/,
    );
    await refused("s3://A_B", "deploy.destination-invalid", /s3:\/\/A_B: tên kho/);
    await refused("ftp://bao.example.vn/www", "deploy.destination-invalid", /ftp:\/\/bao\.example\.vn\/www/);
    await refused(`s3://khong-co-kho/bao`, "deploy.destination-invalid", /s3:\/\/khong-co-kho\/bao: không có kho/);
  });

  test("a folder of someone else's files is refused, and keeps them", async () => {
    const folder = newFolder();
    mkdirSync(folder);
    writeFileSync(path.join(folder, "luan-van.docx"), "của người khác");
    await refused(folder, "deploy.foreign-destination", new RegExp(`${folder}.*không phải một trang toasoan`));
    assert.deepEqual(listFiles(folder), ["luan-van.docx"]);
  });

  test("an unreachable host, bad credentials", async () => {
    const overSsh = await deployedTo(sshKind);
    await refused(overSsh.destination, "deploy.refused", /máy chủ từ chối đăng nhập/, { RSYNC_RSH: ssh.wrongKeyRsh });
    await refused(overSsh.destination, "deploy.unreachable", /không kết nối được/, {
      RSYNC_RSH: ssh.rsyncRsh.replace(`-p ${ssh.port}`, "-p 9"),
    });
    assert.deepEqual(await sshKind.files(overSsh.destination), overSsh.before);

    const onS3 = await deployedTo(s3Kind);
    await refused(onS3.destination, "deploy.refused", /bị từ chối.*AWS_ACCESS_KEY_ID/, {
      AWS_ACCESS_KEY_ID: "KHONG-CO",
    });
    await refused(onS3.destination, "deploy.unreachable", /không kết nối được tới http:\/\/127\.0\.0\.1:9/, {
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    });
    assert.deepEqual(await s3Kind.files(onS3.destination), onS3.before);
  });

  test("no build to deploy", async () => {
    const unbuilt = newsroom(2);
    await assert.rejects(
      deploy(settingsOf(unbuilt), { destination: newFolder(), output: unbuilt.outDir, quiet: true }),
      (error: unknown) =>
        error instanceof DeployError && error.code === "deploy.no-build" && /npm run build/.test(error.message),
    );
  });

  test("npm run deploy prints the reason without a stack trace and exits 1", async () => {
    const result = await deployProcess(site, `${ssh.login}/khong-co/bao`);
    assert.equal(result.code, 1);
    assert.match(
      result.output,
      /^Không triển khai được: .*127\.0\.0\.1:\/khong-co\/bao: thư mục \/khong-co không tồn tại/m,
    );
    assert.doesNotMatch(result.output, /\n\s+at /, "no stack trace");
  });
});

describe("GitHub Pages: the whole site, from the cache alone", () => {
  test("npm run deploy -- github-pages completes an output folder the build wrote only in part", async () => {
    const site = newsroom(12);
    await build(site);
    changeContent(site);
    await build(site, true);
    const summary = await deploy(settingsOf(site), { destination: "github-pages", output: site.outDir, quiet: true });
    assert.ok(summary.rebuilt > 0);
    assertSame(readFolder(site.outDir), await fullBuild(site), "the artifact folder");
  });
});
