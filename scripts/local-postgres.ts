// A real PostgreSQL server for tests and benchmarks, from Debian's programs: its own cluster in a
// temporary folder, on a free loopback port, stopped and removed afterwards. `.ci/run` installs the package.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";

function binaries(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(path.join(root, version, "bin/initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    throw new Error("PostgreSQL is not installed: apt-get install postgresql (scripts/install-test-tools.sh does)");
  return path.join(root, versions[0]!, "bin");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export interface PostgresServer {
  port: number;
  /** A new, empty database on the server; its URL. */
  createDatabase(): Promise<string>;
  stop(): void;
}

/** PostgreSQL refuses to run as root: as root, the cluster belongs to Debian's postgres user. */
function asServerUser(command: string, args: string[]): string {
  const asRoot = userInfo().uid === 0;
  const [file, fileArgs] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  return execFileSync(file, fileArgs, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binaries();
  const root = mkdtempSync(path.join(tmpdir(), "toasoan-pg-"));
  const data = path.join(root, "data");
  if (userInfo().uid === 0) {
    const owner = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
    const group = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim();
    chownSync(root, Number(owner), Number(group));
  }
  chmodSync(root, 0o700);
  asServerUser(path.join(bin, "initdb"), ["-D", data, "-U", "toasoan", "--auth=trust", "-E", "UTF8", "--no-locale"]);
  const port = await freePort();
  asServerUser(path.join(bin, "pg_ctl"), [
    "-D",
    data,
    "-l",
    path.join(root, "server.log"),
    "-o",
    `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    "-w",
    "start",
  ]);
  return postgresAt(port, () => {
    spawnSync(userInfo().uid === 0 ? "runuser" : path.join(bin, "pg_ctl"), [
      ...(userInfo().uid === 0 ? ["-u", "postgres", "--", path.join(bin, "pg_ctl")] : []),
      "-D",
      data,
      "-m",
      "immediate",
      "stop",
    ]);
    rmSync(root, { recursive: true, force: true });
  });
}

/**
 * The PostgreSQL server on this loopback port (user toasoan, trusted). Its databases carry this
 * process's id, so several processes sharing one server never pick the same name.
 */
export async function postgresAt(port: number, stopServer: () => void = () => undefined): Promise<PostgresServer> {
  let databases = 0;
  const admin = new pg.Client({ host: "127.0.0.1", port, user: "toasoan", database: "postgres" });
  await admin.connect();
  return {
    port,
    async createDatabase() {
      const name = `toasoan_test_${process.pid}_${++databases}`;
      await admin.query(`CREATE DATABASE ${name}`);
      return `postgres://toasoan@127.0.0.1:${port}/${name}`;
    },
    stop() {
      void admin.end().catch(() => undefined);
      stopServer();
    },
  };
}
