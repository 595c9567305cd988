// A built site served over HTTP with its own real comments endpoint, as readers get them in
// production: the build bakes in the endpoint's address, the endpoint reads the build's manifest and
// takes posts only from the site's origin.
import path from "node:path";
import { ROUTES } from "../../lib/settings/routes.ts";
import { freePort, serveStatic, type StaticSite } from "./browser.ts";
import { CommentsServer } from "./comments-server.ts";
import { runCommand } from "./fixture-site.ts";

export interface SiteWithComments {
  origin: string;
  comments: CommentsServer;
  staticSite: StaticSite;
  /** Builds the site again into the same folder (e.g. after approving a comment). */
  rebuild(): Promise<void>;
  stop(): Promise<void>;
}

export async function serveWithComments(options: {
  outDir: string;
  /** The build's environment (content folders, "now"…), beside the endpoint's address. */
  buildEnv: NodeJS.ProcessEnv;
  commentsEnv?: NodeJS.ProcessEnv;
  /** Extra build variables that need the endpoint (e.g. its export file). */
  buildEnvFor?: (comments: CommentsServer) => NodeJS.ProcessEnv;
}): Promise<SiteWithComments> {
  const [sitePort, commentsPort] = [await freePort(), await freePort()];
  const origin = `http://127.0.0.1:${sitePort}`;
  const comments = new CommentsServer({
    env: {
      ...options.commentsEnv,
      COMMENTS_PORT: String(commentsPort),
      COMMENTS_ORIGIN: origin,
      COMMENTS_MANIFEST: path.join(options.outDir, ROUTES.commentsManifest),
    },
  });
  const env = {
    ...options.buildEnv,
    COMMENTS_URL: `http://127.0.0.1:${commentsPort}`,
    ...options.buildEnvFor?.(comments),
  };
  const rebuild = async () => {
    const built = await runCommand("build", ["--output", options.outDir, "--quiet"], env);
    if (built.code !== 0) throw new Error(`the build into ${options.outDir} failed\n${built.stderr}`);
  };
  await rebuild();
  await comments.start();
  let staticSite: StaticSite;
  try {
    staticSite = await serveStatic(options.outDir, sitePort);
  } catch (error) {
    await comments.stop();
    throw error;
  }
  return {
    origin,
    comments,
    staticSite,
    rebuild,
    stop: async () => {
      await staticSite.close();
      await comments.stop();
    },
  };
}
