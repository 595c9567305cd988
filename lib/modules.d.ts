// Type declarations for packages that ship none.
declare module "@11ty/eleventy" {
  import type { EleventyConfig } from "./render/eleventy-config.ts";
  export default class Eleventy {
    constructor(
      input?: string,
      output?: string,
      options?: {
        /** `false`: no configuration file; `config` does all the configuration. */
        configPath?: string | false;
        /** Configuration given by the program that runs Eleventy, as a configuration file would. */
        config?: (eleventyConfig: EleventyConfig) => void | Promise<void>;
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

declare module "@11ty/eleventy-img" {
  interface ImageEntry {
    format: string;
    width: number;
    height: number;
    url: string;
    filename: string;
    /** With `dryRun`: the encoded file, not written. */
    buffer: Buffer;
  }
  interface ImageOptions {
    widths: (number | "auto")[];
    formats: string[];
    svgShortCircuit?: boolean | "size";
    fixOrientation?: boolean;
    sharpOptions?: Record<string, unknown>;
    sharpAvifOptions?: Record<string, unknown>;
    sharpWebpOptions?: Record<string, unknown>;
    sharpJpegOptions?: Record<string, unknown>;
    sharpPngOptions?: Record<string, unknown>;
    urlPath: string;
    outputDir: string;
    dryRun?: boolean;
    useCache?: boolean;
    filenameFormat?: (id: string, src: string, width: number, format: string) => string;
  }
  /** Resizes and re-encodes one image; the entries of each format are in ascending width. */
  export default function Image(src: string, options: ImageOptions): Promise<Record<string, ImageEntry[]>>;
}
