import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { runAdminCommand } from "../../comments/admin-commands.ts";
import { COMMENTS_API } from "../../comments/shared/api-paths.ts";
import { type CommentsConfig, loadCommentsConfig } from "../../comments/runtime/config.ts";
import { EndpointMistake } from "../../comments/shared/mistakes.ts";
import { type RunningEndpoint, startEndpoint } from "../../comments/endpoint/endpoint.ts";
import { PROJECT_ROOT, runScript, type RunResult } from "./fixture-site.ts";

export const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
export const SITE_ORIGIN = "http://site.example.test";
export const ARTICLE = "/2025/05/04/dak-lak-day-manh-chuyen-doi-so/";
export const OTHER_ARTICLE = "/2025/05/03/tin-khac/";
/** Titles as the manifest carries them; the first is hostile, as an editor's title may be. */
export const ARTICLE_TITLE = `Đắk Lắk đẩy mạnh chuyển đổi số <img src=x onerror="alert(1)"> & "số hóa"`;
export const OTHER_ARTICLE_TITLE = "Tin khác trong ngày";
/** The articles' categories (slugs) as the manifest carries them. */
export const ARTICLE_CATEGORY = "xa-hoi";
export const OTHER_ARTICLE_CATEGORY = "kinh-te";

export interface ServerOptions {
  env?: NodeJS.ProcessEnv;
  dir?: string;
  /**
   * Run the endpoint as a process (comments/main.ts through tsx, or `command`): for what only a
   * process shows (a signal, kill -9, its own log lines, the installed package). By default it
   * runs in the test's own process, listening on a free port, as main.ts starts it.
   */
  process?: boolean;
  command?: { file: string; args: string[]; cwd: string };
}

const FROM_SOURCE = { file: process.execPath, args: ["--import", "tsx", "comments/main.ts"], cwd: PROJECT_ROOT };

/** The real endpoint on a free port, with a fresh database: in this process, or in its own. */
export class CommentsServer {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  baseUrl = "";
  private child?: ChildProcess;
  private running?: RunningEndpoint;
  output = "";

  private readonly command?: NonNullable<ServerOptions["command"]>;

  constructor(options: ServerOptions = {}) {
    this.command = options.command ?? (options.process ? FROM_SOURCE : undefined);
    this.dir = options.dir ?? mkdtempSync(path.join(tmpdir(), "toasoan-comments-"));
    const manifest = path.join(this.dir, "manifest.json");
    writeFileSync(
      manifest,
      JSON.stringify({
        generated_at: new Date().toISOString(),
        articles: [ARTICLE, OTHER_ARTICLE],
        titles: [ARTICLE_TITLE, OTHER_ARTICLE_TITLE],
        categories: [ARTICLE_CATEGORY, OTHER_ARTICLE_CATEGORY],
      }),
    );
    this.env = {
      COMMENTS_PORT: "0",
      COMMENTS_DB: path.join(this.dir, "comments.sqlite"),
      COMMENTS_MANIFEST: manifest,
      COMMENTS_ORIGIN: SITE_ORIGIN,
      COMMENTS_ADMIN_TOKEN: ADMIN_TOKEN,
      COMMENTS_RATE_LIMIT: "100000",
      // Tests post the same text again and again; the duplicate rule has tests of its own.
      COMMENTS_DUPLICATE_WINDOW_H: "0",
      // Tests post at machine speed; the minimum time has tests of its own.
      COMMENTS_MIN_SECONDS: "0",
      COMMENTS_EXPORT: path.join(this.dir, "approved.json"),
      COMMENTS_LOG: "0",
      ...options.env,
    };
  }

  async start(): Promise<this> {
    this.output = "";
    if (this.command) return this.startProcess(this.command);
    const say = (line: string) => void (this.output += `${line}\n`);
    let config: CommentsConfig;
    try {
      config = loadCommentsConfig(this.env);
    } catch (error) {
      // As comments/main.ts says it before it exits.
      if (error instanceof EndpointMistake)
        throw new Error(`Không khởi động được máy chủ bình luận: ${error.explained()}`, { cause: error });
      throw error;
    }
    // The request log's JSON lines join the output, as they would on the process's.
    this.running = await startEndpoint(config, { info: say, warn: say, log: { write: (line) => say(line.trimEnd()) } });
    this.baseUrl = this.running.address;
    return this;
  }

  /** The endpoint's Fastify instance, for inject() (in this process only). */
  get app(): RunningEndpoint["app"] {
    if (!this.running) throw new Error("the endpoint is not running in this process");
    return this.running.app;
  }

  private startProcess(command: NonNullable<ServerOptions["command"]>): Promise<this> {
    return new Promise((resolve, reject) => {
      const child = spawn(command.file, command.args, {
        cwd: command.cwd,
        env: { ...process.env, ...this.env },
      });
      this.child = child;
      this.output = "";
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        const match = /Máy chủ bình luận: (http:\/\/[^\s]+)/.exec(this.output);
        if (match && !this.baseUrl) {
          this.baseUrl = match[1]!;
          resolve(this);
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      child.on("exit", (code) => {
        if (!this.baseUrl) reject(new Error(`máy chủ bình luận dừng (mã ${code}):\n${this.output}`));
      });
    });
  }

  /**
   * Stops the endpoint and waits for it; returns its exit code. In this process it closes as the
   * process does on SIGTERM (0); a process gets `signal`.
   */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    this.baseUrl = "";
    if (this.running) {
      const running = this.running;
      this.running = undefined;
      await running.close();
      return 0;
    }
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child?.exitCode ?? null);
    return new Promise((resolve) => {
      child.on("exit", (code) => resolve(code));
      child.kill(signal);
    });
  }

  url(pathname: string): string {
    return this.baseUrl + pathname;
  }

  postJson(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(this.url(COMMENTS_API.comments), {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  }

  postForm(fields: Record<string, string>): Promise<Response> {
    return fetch(this.url(COMMENTS_API.comments), {
      method: "POST",
      body: new URLSearchParams(fields),
      redirect: "manual",
    });
  }

  admin(
    method: string,
    pathname: string,
    token = ADMIN_TOKEN,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(this.url(pathname), { method, headers: { Authorization: `Bearer ${token}`, ...headers } });
  }

  /** `npm run comments:admin -- …args`, in this process (the CLI's own code, without starting Node). */
  adminCli(...args: string[]): Promise<RunResult> {
    return this.adminCliWithInput("", ...args);
  }

  /** The admin CLI with `input` on stdin (a password piped in). */
  async adminCliWithInput(input: string, ...args: string[]): Promise<RunResult> {
    let stdout = "";
    let stderr = "";
    const code = await runAdminCommand(args, {
      env: { ...process.env, ...this.env },
      stdin: Readable.from(input ? [input] : []),
      out: (text) => void (stdout += `${text}\n`),
      err: (text) => void (stderr += `${text}\n`),
    });
    return { code, stdout, stderr };
  }

  /** The admin CLI as a process, as an operator runs it: its exit code and streams. */
  adminCliProcess(input: string, ...args: string[]): Promise<RunResult> {
    return runScript("comments/admin-cli.ts", args, this.env, input);
  }
}

export async function startServer(options: ServerOptions = {}): Promise<CommentsServer> {
  return new CommentsServer(options).start();
}

/** Runs a test body against a fresh server, and always stops it. */
export async function withServer(
  env: NodeJS.ProcessEnv,
  body: (server: CommentsServer) => Promise<void>,
): Promise<void> {
  const server = await startServer({ env });
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}
