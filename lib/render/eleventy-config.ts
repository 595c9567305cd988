/**
 * The part of Eleventy's configuration API this project uses. Eleventy 3 ships JSDoc, not
 * TypeScript declarations, so the types are written down here once.
 */
import type { TemplateConfig } from "./site-templates.ts";

export interface EleventyConfig extends TemplateConfig {
  addPlugin(plugin: (config: EleventyConfig) => void): void;
  addPassthroughCopy(paths: string | Record<string, string>): void;
  addWatchTarget(path: string): void;
  setFrontMatterParsingOptions(options: object): void;
  setInputDirectory(dir: string): void;
  setIncludesDirectory(dir: string): void;
  setDataDirectory(dir: string): void;
  setTemplateFormats(formats: string): void;
  on(event: "eleventy.before" | "eleventy.after", handler: (event: EleventyAfterEvent) => unknown): void;
  watchIgnores: { add(glob: string): void };
  setUseGitIgnore(enabled: boolean): void;
}

export interface EleventyAfterEvent {
  /** Normalised folders; `dir` in the same event is the raw configuration and ignores --output. */
  directories: { input: string; output: string };
  runMode: "build" | "watch" | "serve";
  /** Only in eleventy.after: what each template wrote. */
  results?: { outputPath: string | false; url: string | false }[];
}
