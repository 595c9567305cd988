import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "node:util";
import * as cheerio from "cheerio";
import { buildCommand, checkCommand, type CommandOutput } from "../../scripts/lib/commands.ts";
import { importCommand } from "../../scripts/lib/import-command.ts";
import { newArticleCommand } from "../../scripts/lib/new-article-command.ts";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURE_SITE_URL = "https://bao.example.test";

export interface FrontMatter {
  title?: unknown;
  date?: unknown;
  category?: unknown;
  author?: unknown;
  [field: string]: unknown;
}

/** A Markdown article as an editor writes it; every value is written as a JSON (so valid YAML) scalar. */
export function articleFile(front: FrontMatter, body = "Nội dung bài viết."): string {
  const lines = Object.entries(front).map(
    ([key, value]) =>
      `${key}: ${typeof value === "string" && value.startsWith("@raw:") ? value.slice(5) : JSON.stringify(value)}`,
  );
  return `---\n${lines.join("\n")}\n---\n${body}\n`;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a project script through tsx; `input` is what it reads on stdin (nothing by default). */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv, input = ""): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.stdin.end(input);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const COMMANDS = { build: buildCommand, check: checkCommand, new: newArticleCommand, import: importCommand };

/**
 * `npm run build`, `check`, `new` or `import` with these arguments and environment, in this process (the
 * same functions the scripts run, without starting Node and loading the code again): what it
 * printed, and its exit code. Tests in one file run one at a time, so their lines do not mix.
 */
export async function runCommand(
  command: keyof typeof COMMANDS,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const output: CommandOutput = {
    out: (line) => void (stdout += `${line}\n`),
    err: (line) => void (stderr += `${line}\n`),
  };
  const saved = { log: console.log, warn: console.warn, error: console.error };
  // The build's progress lines and warnings go to the console, as in a terminal.
  console.log = (...values: unknown[]) => output.out(format(...values));
  console.warn = console.error = (...values: unknown[]) => output.err(format(...values));
  try {
    const code = await COMMANDS[command](args, { ...process.env, ...env }, PROJECT_ROOT, output);
    return { code, stdout, stderr };
  } finally {
    Object.assign(console, saved);
  }
}

/** A real photo from test/fixtures/photos (anh-lon.jpg is 1600×1000, anh-nho.jpg 500×300…). */
export const photo = (name: string): Buffer => readFileSync(path.join(PROJECT_ROOT, "test/fixtures/photos", name));

export interface FixtureOptions {
  /** Files of the media folder: text, or bytes (see `photo()`). */
  media?: Record<string, string | Buffer>;
  now?: string;
  env?: NodeJS.ProcessEnv;
}

export class FixtureSite {
  readonly articlesDir: string;
  readonly mediaDir: string;
  readonly outDir: string;

  constructor(readonly root: string) {
    this.articlesDir = path.join(root, "articles");
    this.mediaDir = path.join(root, "media");
    this.outDir = path.join(root, "_site");
  }

  file(sitePath: string): string {
    const relative = sitePath.replace(/^\//, "");
    return path.join(this.outDir, relative.endsWith("/") || relative === "" ? `${relative}index.html` : relative);
  }

  exists(sitePath: string): boolean {
    return existsSync(this.file(sitePath));
  }

  read(sitePath: string): string {
    return readFileSync(this.file(sitePath), "utf8");
  }

  html(sitePath: string): cheerio.CheerioAPI {
    return cheerio.load(this.read(sitePath));
  }

  xml(sitePath: string): cheerio.CheerioAPI {
    return cheerio.load(this.read(sitePath), { xml: true });
  }

  json(sitePath: string): unknown {
    return JSON.parse(this.read(sitePath));
  }
}

/** Writes the articles into a fresh temporary folder; the project's own templates and _data are used. */
export function createFixture(articles: Record<string, string>, options: FixtureOptions = {}): FixtureSite {
  const site = new FixtureSite(mkdtempSync(path.join(tmpdir(), "toasoan-site-")));
  mkdirSync(site.articlesDir, { recursive: true });
  for (const [name, text] of Object.entries(articles)) {
    const target = path.join(site.articlesDir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  mkdirSync(site.mediaDir, { recursive: true });
  for (const [name, text] of Object.entries(options.media ?? {})) {
    const target = path.join(site.mediaDir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return site;
}

export function fixtureEnv(site: FixtureSite, options: FixtureOptions = {}): NodeJS.ProcessEnv {
  return {
    TOASOAN_ARTICLES: site.articlesDir,
    TOASOAN_MEDIA: site.mediaDir,
    TOASOAN_NOW: options.now ?? "2025-05-05T12:00:00+07:00",
    SITE_URL: FIXTURE_SITE_URL,
    // Đọc nhiều from the fixture's own folder (none unless a test writes it), never the project's.
    TOASOAN_MOST_READ: path.join(site.root, "most-read.json"),
    ...options.env,
  };
}

export async function buildFixture(
  articles: Record<string, string>,
  options: FixtureOptions = {},
): Promise<{ site: FixtureSite; result: RunResult }> {
  const site = createFixture(articles, options);
  const result = await runCommand("build", ["--output", site.outDir, "--quiet"], fixtureEnv(site, options));
  return { site, result };
}

export async function checkFixture(articles: Record<string, string>, options: FixtureOptions = {}): Promise<RunResult> {
  const site = createFixture(articles, options);
  return runCommand("check", [], fixtureEnv(site, options));
}

/** A copy of the project's `_data/` with some site settings changed: its folder, for TOASOAN_DATA. */
export function dataWithSiteSettings(changes: Record<string, unknown>): string {
  const data = mkdtempSync(path.join(tmpdir(), "toasoan-data-"));
  cpSync(path.join(PROJECT_ROOT, "_data"), data, { recursive: true });
  const siteJson = JSON.parse(readFileSync(path.join(data, "site.json"), "utf8")) as Record<string, unknown>;
  writeFileSync(path.join(data, "site.json"), JSON.stringify({ ...siteJson, ...changes }));
  return data;
}
