import { createHash } from "node:crypto";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import sharp from "sharp";
import { deploy } from "../../lib/deploy/deploy.ts";
import { RECORD_DIR } from "../../lib/deploy/record.ts";
import { listSiteFiles } from "../../lib/build/output-folder.ts";
import { runBuild } from "../../lib/build/run-build.ts";
import { cacheDirFor } from "../../lib/build/build-cache.ts";
import { PUBLISHED_ADDRESSES_FILE } from "../../lib/build/published-addresses.ts";
import { loadSettings, type Settings } from "../../lib/settings/settings.ts";
import type { SearchShardsManifest } from "../../lib/outputs/search-routing.ts";
import {
  articleFile,
  createFixture,
  dataWithSiteSettings,
  fixtureEnv,
  photo,
  PROJECT_ROOT,
  type FixtureSite,
} from "./fixture-site.ts";
import { baseContent, siteDifferences } from "./newsroom-day.ts";
import type { S3Server } from "./s3-server.ts";
import { s3ServerForRun, sshServerForRun, TEST_BUCKET } from "./shared-services.ts";
import type { SshServer } from "./ssh-server.ts";

// The three kinds of destination the deploy tests start (a folder, a local sshd, s3rver), and the
// newsroom they deploy. A test file calls useDestinations() once at its top level.
export const BUCKET = TEST_BUCKET;

/** One kind of destination the tests start: where a deploy goes, and what is there afterwards. */
export interface Kind {
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

let ssh: SshServer | undefined;
let s3: S3Server | undefined;
export const scratch = mkdtempSync(path.join(tmpdir(), "toasoan-deploy-test-"));
let destinations = 0;
export const newFolder = () => path.join(scratch, `dest-${++destinations}`);

export function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

export function readFolder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const file of listSiteFiles(dir))
    if (!file.startsWith(`${RECORD_DIR}/`)) files.set(file, readFileSync(path.join(dir, file)));
  return files;
}

export const folderKind: Kind = {
  name: "a folder",
  fresh: newFolder,
  files: async (destination) => readFolder(destination),
  read: async (destination, file) => readIfThere(path.join(destination, file)),
  exists: async (destination, file) => existsSync(path.join(destination, file)),
  pending: async (destination) => existsSync(path.join(destination, RECORD_DIR, "pending.json")),
};

// The SSH destinations live on this machine too: what the server wrote is read from the disk.
export const sshPath = (destination: string) => destination.slice(destination.indexOf(":") + 1);
export const sshKind: Kind = {
  name: "a server over SSH",
  fresh: () => `${sshServer().login}${newFolder()}`,
  files: async (destination) => readFolder(sshPath(destination)),
  read: async (destination, file) => readIfThere(path.join(sshPath(destination), file)),
  exists: async (destination, file) => existsSync(path.join(sshPath(destination), file)),
  pending: async (destination) => existsSync(path.join(sshPath(destination), RECORD_DIR, "pending.json")),
};

/**
 * s3rver replaces an object in place where real S3 replaces it at once: it sometimes closes a
 * kept-alive connection just as the next request is sent on it, streams an object from a file it
 * is rewriting (a body can end early), and answers 500 while it rewrites an object's metadata file
 * (it reads it half-written). A reader retries such a request; a 404 or a whole 200 is an answer.
 */
async function fetchFromS3(url: string, method: "GET" | "HEAD"): Promise<{ ok: boolean; body: Buffer }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, { method });
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status < 500 || attempt === 5) return { ok: response.ok, body };
    } catch (error) {
      if (attempt === 5) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
  }
}

export const s3Prefix = (destination: string) => `${destination.slice(`s3://${BUCKET}/`.length)}/`;
export const s3Kind: Kind = {
  name: "S3-compatible storage (s3rver)",
  // The bucket may be shared by the run's test files: each keeps to prefixes with its process id.
  fresh: () => `s3://${BUCKET}/bao-${process.pid}-${++destinations}`,
  async files(destination) {
    const files = new Map<string, Buffer>();
    for (const [key, object] of await s3Server().objects(BUCKET, s3Prefix(destination)))
      if (!key.startsWith(`${RECORD_DIR}/`)) files.set(key, object.body);
    return files;
  },
  async read(destination, file) {
    const response = await fetchFromS3(`${s3Server().endpoint}/${BUCKET}/${s3Prefix(destination)}${file}`, "GET");
    return response.ok ? response.body : undefined;
  },
  async exists(destination, file) {
    return (await fetchFromS3(`${s3Server().endpoint}/${BUCKET}/${s3Prefix(destination)}${file}`, "HEAD")).ok;
  },
  async pending(destination) {
    return (await s3Server().objects(BUCKET, `${s3Prefix(destination)}${RECORD_DIR}/pending`)).size > 0;
  },
};

export const KINDS = [folderKind, sshKind, s3Kind];

/** A newsroom with a lead photo, built with its own cache. */
export function newsroom(count = 40): FixtureSite {
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

/**
 * The newsroom's settings: search shards of a few articles, so that a push rewrites some shards and
 * leaves others (which a build from the cache alone does not have in its output folder).
 */
let newsroomData: string | undefined;
export const newsroomEnv = (site: FixtureSite, cache = path.join(site.root, "cache")): NodeJS.ProcessEnv => ({
  ...fixtureEnv(site),
  TOASOAN_CACHE: cache,
  TOASOAN_DATA: (newsroomData ??= dataWithSiteSettings({ searchShardArticles: 8 })),
});

export const settingsOf = (site: FixtureSite, cache?: string): Settings =>
  loadSettings(PROJECT_ROOT, newsroomEnv(site, cache));

/** `npm run build`, in this process: with `onlyChanges`, into an empty output folder as CI does. */
export async function build(site: FixtureSite, onlyChanges = false): Promise<void> {
  if (onlyChanges) rmSync(site.outDir, { recursive: true, force: true });
  await runBuild(settingsOf(site), { output: site.outDir, quiet: true, onlyChanges });
}

/**
 * Gives a new cache folder the history of the site's own build: the addresses that once held an
 * article, where a build leaves a notice. Returns the folder.
 */
export function withHistoryOf(site: FixtureSite, cacheDir: string): string {
  const history = path.join(cacheDirFor(settingsOf(site), site.outDir), PUBLISHED_ADDRESSES_FILE);
  mkdirSync(cacheDir, { recursive: true });
  if (existsSync(history)) cpSync(history, path.join(cacheDir, PUBLISHED_ADDRESSES_FILE));
  return cacheDir;
}

/**
 * A fresh full build of the same content into a folder of its own, with the same history (the
 * addresses that once held an article, which keep a notice): what every destination must equal.
 */
export async function fullBuild(site: FixtureSite): Promise<Map<string, Buffer>> {
  const output = path.join(site.root, `full-${Date.now()}`);
  withHistoryOf(site, `${output}-cache`);
  await runBuild(settingsOf(site, `${output}-cache`), { output, quiet: true, full: true });
  return readFolder(output);
}

export const deployTo = (site: FixtureSite, destination: string) =>
  deploy(settingsOf(site), { destination, output: site.outDir, quiet: true });

/** A changed photo: the same file name, other pixels. */
export async function changePhoto(site: FixtureSite): Promise<void> {
  writeFileSync(
    path.join(site.mediaDir, "2024/06/anh.jpg"),
    await sharp(photo("anh-lon.jpg")).flop().jpeg().toBuffer(),
  );
}

const SEARCH_INDEX = /^tim-kiem\/(chi-muc\/|dinh-tuyen\/|chi-muc\.json$)/;
const withoutSearchIndex = (files: Map<string, Buffer>) =>
  new Map([...files].filter(([file]) => !SEARCH_INDEX.test(file)));

/**
 * `actual` is the site `expected` is, beyond the baked sidebars. The search index is compared by
 * what it holds, not file by file: a push keeps the archive's earlier shard cuts where a fresh
 * build may cut it elsewhere. So the shards listed are exactly the shard folders there, each whole
 * (its entry, its tag, its metadata), the routing buckets all there and no other, and the shards
 * index as many pages as the expected site's.
 */
export function assertSame(actual: Map<string, Buffer>, expected: Map<string, Buffer>, where: string): void {
  const { missing, stale, different } = siteDifferences(withoutSearchIndex(actual), withoutSearchIndex(expected));
  assert.deepEqual(missing, [], `${where}: files missing`);
  assert.deepEqual(stale, [], `${where}: stale files left`);
  assert.deepEqual(different, [], `${where}: files differ beyond the baked sidebar`);
  const indexed = searchIndexOf(actual, where);
  assert.equal(indexed.pages, searchIndexOf(expected, "the full build").pages, `${where}: pages in the search index`);
}

function searchIndexOf(files: Map<string, Buffer>, where: string): { pages: number } {
  const manifestFile = files.get("tim-kiem/chi-muc.json");
  assert.ok(manifestFile, `${where}: the search index's list of shards`);
  const manifest = JSON.parse(manifestFile.toString()) as SearchShardsManifest;
  const folders = new Set(
    [...files.keys()].filter((file) => file.startsWith("tim-kiem/chi-muc/")).map((file) => file.split("/")[2]!),
  );
  assert.deepEqual([...folders].sort(), manifest.shards.map((shard) => shard.id).sort(), `${where}: shard folders`);
  let pages = 0;
  for (const shard of manifest.shards) {
    const entryBytes = files.get(`tim-kiem/chi-muc/${shard.id}/pagefind-entry.json`);
    assert.ok(entryBytes, `${where}: shard ${shard.id} has its entry`);
    assert.equal(
      shard.tag,
      createHash("md5").update(entryBytes).digest("hex").slice(0, 10),
      `${where}: ${shard.id}'s tag`,
    );
    const entry = JSON.parse(entryBytes.toString()) as {
      languages: Record<string, { hash: string; page_count: number }>;
    };
    for (const { hash, page_count } of Object.values(entry.languages)) {
      assert.ok(files.has(`tim-kiem/chi-muc/${shard.id}/pagefind.${hash}.pf_meta`), `${where}: ${shard.id}'s metadata`);
      pages += page_count;
    }
  }
  const buckets = [...files.keys()].filter((file) => file.startsWith("tim-kiem/dinh-tuyen/")).sort();
  assert.deepEqual(
    buckets,
    Array.from({ length: manifest.routing.buckets }, (_, n) => `tim-kiem/dinh-tuyen/${n}.json`).sort(),
    `${where}: routing buckets`,
  );
  return { pages };
}

/** Runs `npm run deploy` as a process, the way CI does; `onLine` may stop it. */
export function deployProcess(
  site: FixtureSite,
  destination: string,
  onLine?: (line: string, kill: () => void) => void,
) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/deploy.ts", destination, "--output", site.outDir],
      // A group of its own: killing the deploy kills its rsync too, as a cancelled CI job does.
      { cwd: PROJECT_ROOT, env: { ...process.env, ...newsroomEnv(site) }, detached: true },
    );
    let output = "";
    const kill = () => process.kill(-child.pid!, "SIGKILL");
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk;
      for (const line of chunk.toString().split("\n")) if (line) onLine?.(line, kill);
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("close", (code, signal) => resolve({ code, signal, output }));
  });
}

/** The sshd started by useDestinations(). */
export function sshServer(): SshServer {
  if (!ssh) throw new Error("useDestinations() was not called");
  return ssh;
}

/** The S3 stand-in started by useDestinations(). */
export function s3Server(): S3Server {
  if (!s3) throw new Error("useDestinations() was not called");
  return s3;
}

/** Connects to the run's SSH and S3 servers (or starts them) before the file's tests, and lets go after. */
export function useDestinations(): void {
  before(async () => {
    [ssh, s3] = await Promise.all([sshServerForRun(), s3ServerForRun()]);
    process.env.RSYNC_RSH = ssh.rsyncRsh;
    Object.assign(process.env, s3.env);
  });
  after(async () => {
    await Promise.all([ssh?.stop(), s3?.stop()]);
    rmSync(scratch, { recursive: true, force: true });
  });
}
