import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import sirv from "sirv";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Debian's Chromium, headless, without a sandbox (root in a container) and without calls home. */
export const CHROMIUM_OPTIONS = {
  executablePath: CHROMIUM,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

export function launchBrowser(): Promise<Browser> {
  return chromium.launch(CHROMIUM_OPTIONS);
}

export interface StaticSite {
  origin: string;
  /** Every request the site answered: path, and the conditional-request header sent with it. */
  requests: { path: string; ifNoneMatch?: string; status: number }[];
  close(): Promise<void>;
}

/** Serves a built site over HTTP on loopback, as a static host would (files re-read on every request, ETags). */
export async function serveStatic(dir: string, port = 0): Promise<StaticSite> {
  const handler = sirv(dir, { dev: true, etag: true, extensions: ["html"] });
  const requests: StaticSite["requests"] = [];
  const server: Server = createServer((request, response) => {
    response.on("finish", () =>
      requests.push({
        path: (request.url ?? "").replace(/\?.*$/, ""),
        ifNoneMatch: request.headers["if-none-match"],
        status: response.statusCode,
      }),
    );
    handler(request, response, () => {
      response.statusCode = 404;
      response.end("not found");
    });
  });
  // Longer than a client keeps an idle connection (undici: 4 s), so the server never closes one just
  // as the client sends on it (ECONNRESET, seen when Node loads many shards over minutes).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${actual}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that was free a moment ago, for a server whose address must be baked into a build first. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
