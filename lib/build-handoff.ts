import { type BuildSession, SiteBuild } from "./site-build.ts";
import type { Settings } from "./settings.ts";

let current: SiteBuild | undefined;
let prepared: SiteBuild | undefined;

/**
 * `npm run build` prepares the build (reads and validates every article) before starting Eleventy,
 * so that an editor's mistakes are printed as a plain list rather than inside Eleventy's error
 * report; Eleventy's hooks then take that same build. In watch mode nothing is handed over and each
 * rebuild prepares afresh.
 */
export function handOverBuild(build: SiteBuild): void {
  prepared = build;
}

/**
 * Called at the start of each Eleventy build (eleventy.before). In watch mode the session keeps the
 * worker threads and the cache between rebuilds.
 */
export async function startBuild(
  settings: Settings,
  siteDir: string,
  quiet: boolean,
  session?: BuildSession,
): Promise<SiteBuild> {
  current = prepared ?? (await SiteBuild.prepare(settings, siteDir, { quiet }, session));
  prepared = undefined;
  return current;
}

/** The build under way: what templates and the after-build step read. */
export function currentBuild(): SiteBuild {
  if (!current) throw new Error("bản dựng chưa được chuẩn bị: startBuild chạy ở eleventy.before");
  return current;
}
