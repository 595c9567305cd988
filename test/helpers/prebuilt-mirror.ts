import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { PROJECT_ROOT } from "./fixture-site.ts";

export interface PrebuiltMirror {
  /** The npm_config_*_binary_host variable that sends prebuild-install to this mirror. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * A local mirror of better-sqlite3's prebuilt binaries, as a newsroom behind a firewall would run
 * (prebuild-install's documented `binary_host` setting). GitHub's releases are out of reach on this
 * machine, so without it every install compiles SQLite from source (about 150 s of the test run);
 * the mirror serves the binary the project's own install built, under the name prebuild-install asks
 * for. Anything else it asks for is a 404, and prebuild-install then compiles as it would anyway.
 */
export async function startPrebuiltMirror(work: string): Promise<PrebuiltMirror | undefined> {
  const moduleDir = path.join(PROJECT_ROOT, "node_modules/better-sqlite3");
  if (!existsSync(path.join(moduleDir, "build/Release/better_sqlite3.node"))) return undefined;
  const { version } = JSON.parse(readFileSync(path.join(moduleDir, "package.json"), "utf8")) as { version: string };
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const tarball = path.join(work, "prebuilt", name);
  mkdirSync(path.dirname(tarball), { recursive: true });
  execFileSync("tar", ["-czf", tarball, "-C", moduleDir, "build/Release/better_sqlite3.node"]);

  const server: Server = createServer((request, response) => {
    if (request.url === `/v${version}/${name}`) {
      response.writeHead(200, { "content-type": "application/gzip" });
      createReadStream(tarball).pipe(response);
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    env: { npm_config_better_sqlite3_binary_host: `http://127.0.0.1:${port}` },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
