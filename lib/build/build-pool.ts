import { availableParallelism } from "node:os";
import Piscina from "piscina";
import type { CloseTask, ParsedFile, ParseTask, RenderResult, RenderTask, WorkerTask } from "./build-worker.ts";
import type { Settings } from "../settings/settings.ts";

/** Below this many articles, starting threads costs more than it saves: the work runs in the main thread. */
const SMALL_ARCHIVE = 50;

/**
 * Where a build's heavy work runs: worker threads, as many as the machine has cores
 * (TOASOAN_THREADS to choose; 0 for the main thread), each with its own Nunjucks, Markdown and
 * Pagefind, made from the settings the main thread read. Either way the same task functions
 * (lib/build/build-worker.ts) do the work.
 */
export class BuildPool {
  private readonly piscina?: Piscina;
  readonly threads: number;

  constructor(
    threads: number,
    private readonly settings: Settings,
  ) {
    this.threads = Math.max(0, threads);
    if (this.threads === 0) return;
    this.piscina = new Piscina({
      filename: new URL("./build-worker-entry.mjs", import.meta.url).href,
      workerData: { entry: new URL("./build-worker.ts", import.meta.url).href, settings: settings.data },
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      // Each worker holds its own copy of the article records: give it room, not the whole machine.
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
  }

  /** Threads for an archive of this many articles. */
  static sizedFor(articles: number, settings: Settings): BuildPool {
    const threads = settings.threads ?? (articles < SMALL_ARCHIVE ? 0 : availableParallelism());
    return new BuildPool(threads, settings);
  }

  private async run<T>(task: WorkerTask): Promise<T> {
    if (this.piscina) return this.piscina.run(task) as Promise<T>;
    const { runTask } = await import("./build-worker.ts");
    return (await runTask(task, this.settings.data)) as T;
  }

  parse(task: Omit<ParseTask, "kind">): Promise<ParsedFile[]> {
    return this.run({ kind: "parse", ...task });
  }

  render(task: Omit<RenderTask, "kind">): Promise<RenderResult> {
    return this.run({ kind: "render", ...task });
  }

  /** Ends every worker's Pagefind process, then the workers. */
  async close(): Promise<void> {
    const workers = Math.max(1, this.threads);
    const arrived = new SharedArrayBuffer(4);
    await Promise.all(
      Array.from({ length: workers }, () => this.run({ kind: "close", workers, arrived } satisfies CloseTask)),
    );
    await this.piscina?.destroy();
  }
}
