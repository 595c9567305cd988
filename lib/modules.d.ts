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
