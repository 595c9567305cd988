import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { OUTPUT_MARKER } from "../build/output-folder.ts";
import { DeployError } from "./deploy-error.ts";
import { RECORD_DIR } from "./record.ts";

/** Where rsync writes a file before renaming it into place, relative to the destination. */
const TEMP_DIR = `${RECORD_DIR}/rsync-tmp`;
import type { Contact, DeployTarget, RemoteFile, UploadOptions } from "./target.ts";

interface RsyncRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** rsync's exit codes for "some files were missing" (not there, vanished, a folder that is not there): a record not written yet. */
const PARTIAL = new Set([3, 12, 23, 24]);

const MISSING = /No such file or directory|change_dir .* failed/;

/**
 * A folder on this machine or on a server over SSH, written with rsync (ssh options come from
 * RSYNC_RSH, as rsync reads them). Every upload is one rsync run over a list of files, with
 * `--delay-updates`: the files of one step appear together, each written whole.
 */
export class RsyncTarget implements DeployTarget {
  private readonly scratch = mkdtempSync(path.join(tmpdir(), "toasoan-deploy-"));
  private tempDirMade = false;
  private readonly base: string;

  constructor(
    /** `/srv/www/site` or `user@host:/var/www/site`. */
    private readonly destination: string,
    readonly label: string,
  ) {
    this.base = destination.replace(/\/+$/, "");
  }

  private remote(relative = ""): string {
    return `${this.base}/${relative}`;
  }

  private run(args: string[]): Promise<RsyncRun> {
    return new Promise((resolve, reject) => {
      const child = spawn("rsync", args, { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("error", (error: NodeJS.ErrnoException) =>
        reject(
          error.code === "ENOENT"
            ? new DeployError(
                "deploy.rsync-missing",
                `${this.label}: chưa có lệnh rsync trên máy này — cài rsync (apt-get install rsync)`,
              )
            : error,
        ),
      );
      child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
  }

  /** Runs rsync; a failure that is not a missing file is the destination's error, named and explained. */
  private async rsync(args: string[], allowMissing = false): Promise<RsyncRun> {
    const result = await this.run(args);
    if (result.code === 0 || (allowMissing && PARTIAL.has(result.code) && MISSING.test(result.stderr))) return result;
    throw this.failure(result);
  }

  private failure(result: RsyncRun): DeployError {
    const reason =
      result.stderr.trim().split("\n").filter(Boolean).slice(0, 3).join(" / ") || `rsync trả mã ${result.code}`;
    if (/Permission denied \(|Host key verification failed|Too many authentication failures/.test(result.stderr))
      return new DeployError(
        "deploy.refused",
        `${this.label}: máy chủ từ chối đăng nhập (${reason}) — kiểm tra khóa SSH và known_hosts trong RSYNC_RSH`,
      );
    if (
      result.code === 255 ||
      /Could not resolve|Connection refused|Connection timed out|No route to host/.test(result.stderr)
    )
      return new DeployError(
        "deploy.unreachable",
        `${this.label}: không kết nối được (${reason}) — kiểm tra tên máy, cổng và RSYNC_RSH`,
      );
    if (/Permission denied|Read-only file system|No space left/.test(result.stderr))
      return new DeployError("deploy.write-refused", `${this.label}: không ghi được (${reason})`);
    return new DeployError("deploy.failed", `${this.label}: rsync lỗi (${reason})`);
  }

  /** A folder's entries, without recursion; undefined when it does not exist. */
  private async entries(relative: string): Promise<string[] | undefined> {
    const result = await this.run(["--list-only", "--no-motd", "-d", this.remote(relative)]);
    if (result.code !== 0) {
      if (PARTIAL.has(result.code) && MISSING.test(result.stderr)) return undefined;
      throw this.failure(result);
    }
    return listing(result.stdout)
      .map((entry) => entry.name)
      .filter((name) => name !== ".");
  }

  async open(create: boolean): Promise<Contact> {
    const names = await this.entries("");
    if (names) return { exists: true, empty: names.length === 0, hasMarker: names.includes(OUTPUT_MARKER) };
    const parent = this.base.replace(/\/[^/]*$/, "") || "/";
    const parentEntries = await this.run(["--list-only", "--no-motd", "-d", `${parent}/`]);
    if (parentEntries.code !== 0)
      throw new DeployError(
        "deploy.destination-invalid",
        `${this.label}: thư mục ${parent.replace(/^[^:]*:/, "")} không tồn tại — kiểm tra đường dẫn nơi triển khai`,
      );
    if (create) await this.rsync(["-d", "--no-motd", `${this.emptyDir()}/`, this.remote()]);
    return { exists: false, empty: true, hasMarker: false };
  }

  /** A scratch folder rsync copies from: readable by all, as the folders it makes at the destination must be. */
  private folder(prefix: string): string {
    const dir = mkdtempSync(path.join(this.scratch, prefix));
    chmodSync(dir, 0o755);
    return dir;
  }

  private emptyDir(skeleton: readonly string[] = []): string {
    const dir = this.folder("src-");
    for (const file of skeleton) mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    return dir;
  }

  private listFile(files: readonly string[]): string {
    const file = path.join(this.folder("list-"), "files");
    writeFileSync(file, files.join("\0"));
    return file;
  }

  async readRecordFiles(names: readonly string[]): Promise<Map<string, Buffer>> {
    const into = this.folder("record-");
    await this.rsync(
      ["--no-motd", "--files-from", this.listFile(names), "--from0", this.remote(`${RECORD_DIR}/`), `${into}/`],
      true,
    );
    const found = new Map<string, Buffer>();
    for (const name of names) {
      try {
        found.set(name, readFileSync(path.join(into, name)));
      } catch {
        // not at the destination
      }
    }
    return found;
  }

  async writeRecordFiles(files: ReadonlyMap<string, Buffer>): Promise<void> {
    const from = this.folder("record-");
    for (const [name, bytes] of files) {
      mkdirSync(path.dirname(path.join(from, name)), { recursive: true });
      writeFileSync(path.join(from, name), bytes);
    }
    await this.rsync(["-r", "--no-motd", "--delay-updates", `${from}/`, this.remote(`${RECORD_DIR}/`)]);
  }

  async deleteRecordFiles(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    await this.rsync([
      "-r",
      "--no-motd",
      "--delete-missing-args",
      "--files-from",
      this.listFile(names),
      "--from0",
      `${this.emptyDir(names)}/`,
      this.remote(`${RECORD_DIR}/`),
    ]);
  }

  async listRecordParts(): Promise<string[]> {
    return ((await this.entries(`${RECORD_DIR}/parts/`)) ?? []).map((name) => `parts/${name}`);
  }

  async inventory(): Promise<Map<string, RemoteFile>> {
    const result = await this.rsync(["--list-only", "--no-motd", "-r", this.remote()]);
    const files = new Map<string, RemoteFile>();
    for (const entry of listing(result.stdout)) {
      if (!entry.file || entry.name === OUTPUT_MARKER || entry.name.startsWith(`${RECORD_DIR}/`)) continue;
      files.set(entry.name, { size: entry.size });
    }
    return files;
  }

  async upload(siteDir: string, files: readonly string[], { compare }: UploadOptions): Promise<number> {
    if (files.length === 0) return 0;
    // rsync writes each file under a temporary name before renaming it into place; a deploy killed
    // then would leave ".index.html.Xy12ab" beside the pages, which no record names. Written in the
    // record's folder instead (same disk, so the rename stays a rename), a leftover is never served.
    if (!this.tempDirMade) {
      await this.rsync(["-r", "--no-motd", `${this.emptyDir([`${TEMP_DIR}/.`])}/`, this.remote()]);
      this.tempDirMade = true;
    }
    const result = await this.rsync([
      "-t",
      "--no-motd",
      "--omit-dir-times",
      "--delay-updates",
      `--temp-dir=${TEMP_DIR}`,
      "--stats",
      ...(compare ? ["--checksum"] : []),
      "--files-from",
      this.listFile(files),
      "--from0",
      `${siteDir}/`,
      this.remote(),
    ]);
    return Number(/Total bytes sent: ([\d,.]+)/.exec(result.stdout)?.[1]?.replace(/[,.]/g, "") ?? 0);
  }

  async remove(files: readonly string[], folders: readonly string[]): Promise<void> {
    const drop = async (paths: readonly string[], force: boolean) => {
      if (paths.length === 0) return;
      await this.rsync([
        "-r",
        "--no-motd",
        "--delete-missing-args",
        ...(force ? ["--force"] : []),
        "--files-from",
        this.listFile(paths),
        "--from0",
        `${this.emptyDir(paths)}/`,
        this.remote(),
      ]);
    };
    await drop(files, false);
    // A folder that holds no file of the site any more goes too (with anything stray left in it).
    await drop(folders, true);
  }

  async close(): Promise<void> {
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

interface ListingEntry {
  name: string;
  size: number;
  file: boolean;
}

/** `rsync --list-only` lines: `-rw-r--r--  1,234 2026/12/02 08:38:59 a/b.html`. */
function listing(stdout: string): ListingEntry[] {
  const entries: ListingEntry[] = [];
  for (const line of stdout.split("\n")) {
    const match = /^([-dlcbps])\S*\s+([\d,.]+)\s+\S+\s+\S+\s(.+)$/.exec(line);
    if (match) entries.push({ name: match[3]!, size: Number(match[2]!.replace(/[,.]/g, "")), file: match[1] === "-" });
  }
  return entries;
}
