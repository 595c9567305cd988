// Type declarations for packages that ship none.
declare module "@11ty/eleventy" {
  export default class Eleventy {
    constructor(
      input?: string,
      output?: string,
      options?: {
        configPath?: string;
        quietMode?: boolean;
        source?: "script" | "cli";
        runMode?: "build" | "watch" | "serve";
      },
    );
    write(): Promise<unknown>;
    init(): Promise<void>;
    /** Builds once, then rebuilds on every change of a watched file; returns the rebuild it runs then. */
    watch(): Promise<(changedFile: string) => Promise<void>>;
    /** Eleventy's file watcher (chokidar), once watch() has started it. */
    watcher?: { on(event: "unlink", listener: (file: string) => void): void };
    serve(port: number): Promise<void>;
    stopWatch(): Promise<void>;
  }
}

declare module "turndown-plugin-gfm" {
  import type TurndownService from "turndown";
  /** Tables, strikethrough and task lists (GitHub-flavoured Markdown) for turndown. */
  export const gfm: TurndownService.Plugin;
}
