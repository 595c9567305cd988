import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { DeployError } from "../lib/deploy/deploy-error.ts";
import { deploy } from "../lib/deploy/deploy.ts";
import { RECORD_DIR, ROOT_FILE } from "../lib/deploy/record.ts";
import { listFiles } from "../lib/files/list-files.ts";
import {
  assertSame,
  build,
  BUCKET,
  changePhoto,
  deployProcess,
  deployTo,
  fullBuild,
  type Kind,
  KINDS,
  newFolder,
  newsroom,
  readFolder,
  s3Kind,
  s3Prefix,
  s3Server,
  scratch,
  settingsOf,
  folderKind,
  sshKind,
  sshServer,
  useDestinations,
} from "./helpers/deploy-destinations.ts";
import { FIXTURE_SITE_URL, type FixtureSite } from "./helpers/fixture-site.ts";
import { changeContent } from "./helpers/newsroom-day.ts";

useDestinations();

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
        const files = await kind.files(destination);
        assertSame(files, expected, kind.name);
        // Only what changed: every file sent differs from what the destination held, and every file removed was withdrawn.
        const changed = [...files].filter(([file, bytes]) => !built.get(file)?.equals(bytes)).length;
        const withdrawn = [...built.keys()].filter((file) => !files.has(file)).length;
        assert.ok(changed > 0 && withdrawn > 0, "the push changed and withdrew files");
        assert.equal(summary.uploaded, changed, "files sent");
        assert.equal(
          summary.deleted,
          withdrawn,
          "files removed (the withdrawn article, its old lists and photo renditions)",
        );
        const deleted = files.get("2023/07/07/bai-so-6-ve-the-thao/index.html")?.toString() ?? "";
        assert.match(deleted, /Bài viết đã được gỡ/, "the deleted article's address holds a notice");
        assert.doesNotMatch(deleted, /Bài số 6/, "and nothing of the article");
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
    const objects = await s3Server().objects(BUCKET, s3Prefix(destination));
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
});

describe("a takedown deploys like any push", () => {
  test("only what changed is sent, the photo leaves the destination, and the deploy says what to purge from a CDN", async () => {
    const site = newsroom(12);
    await build(site);
    const destination = newFolder();
    await deployTo(site, destination);
    const file = path.join(site.articlesDir, "2024/06/anh.md");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "---\n",
        '---\nwithdrawn:\n  date: "2025-01-02 08:00"\n  reason: "Theo yêu cầu của cơ quan chức năng"\n',
      ),
    );
    await build(site, true);
    const summary = await deployTo(site, destination);
    const files = readFolder(destination);
    files.delete(".toasoan-deploy");
    assertSame(files, await fullBuild(site), "folder");
    const page = "2024/06/15/bai-co-anh/index.html";
    assert.match(files.get(page)!.toString(), /Bài viết đã được gỡ/);
    assert.ok(files.has("2024/06/15/bai-co-anh/.410"));
    assert.ok(![...files.keys()].some((name) => name.startsWith("anh/") || name.startsWith("media/")), "no photo left");
    const purge = new Set(summary.purge);
    assert.ok(purge.has(`${FIXTURE_SITE_URL}/2024/06/15/bai-co-anh/`), "the address that became a notice");
    assert.ok(purge.has(`${FIXTURE_SITE_URL}/media/2024/06/anh.jpg`), "the photo, cached for a year");
    assert.ok(
      summary.purge.some((address) => address.startsWith(`${FIXTURE_SITE_URL}/anh/`)),
      "its renditions",
    );
    assert.ok(!summary.purge.some((address) => address.endsWith("/tin-moi/")), "pages cached a minute are not listed");
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

  test("a damaged record at the destination stops the deploy, says which file and what to do, and deletes nothing", async () => {
    const { destination, before } = await deployedTo(folderKind);
    const record = path.join(destination, RECORD_DIR, ROOT_FILE);
    writeFileSync(record, "không phải JSON");
    await refused(
      destination,
      "deploy.record-broken",
      /root\.json: bản ghi triển khai hỏng .*xóa thư mục \.toasoan-deploy/,
    );
    writeFileSync(record, JSON.stringify({ format: 99 }));
    await refused(destination, "deploy.record-broken", /không đúng định dạng \(format 99\)/);
    assert.deepEqual(await folderKind.files(destination), before);
  });

  test("an unreachable host, bad credentials", async () => {
    const overSsh = await deployedTo(sshKind);
    await refused(overSsh.destination, "deploy.refused", /máy chủ từ chối đăng nhập/, {
      RSYNC_RSH: sshServer().wrongKeyRsh,
    });
    await refused(overSsh.destination, "deploy.unreachable", /không kết nối được/, {
      RSYNC_RSH: sshServer().rsyncRsh.replace(`-p ${sshServer().port}`, "-p 9"),
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
    const result = await deployProcess(site, `${sshServer().login}/khong-co/bao`);
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
