import { chromium, type Browser } from "playwright-core";
import { type PostgresServer, postgresAt, startPostgres } from "../../scripts/local-postgres.ts";
import { launchBrowser } from "./browser.ts";
import { type S3Server, s3ServerAt, startS3Server } from "./s3-server.ts";
import { type SshServer, sshServerAt, startSshServer } from "./ssh-server.ts";

// The expensive services one test run shares: one Chromium, one PostgreSQL, one sshd, one s3rver.
// test/with-services.ts starts them before the runner and hands their addresses to every test file
// in one environment variable (Node 20's runner has no global set-up). A test file run on its own
// finds none there and starts its own.

const VARIABLE = "TOASOAN_TEST_SERVICES";

export interface SharedServices {
  /** Playwright's WebSocket address of the shared Chromium. */
  chromium: string;
  /** The shared PostgreSQL server's port on loopback (user toasoan, trust authentication). */
  postgresPort: number;
  /** The shared sshd: its folder (host key, client keys, known_hosts) and port. */
  ssh: { dir: string; port: number };
  /** The shared s3rver: its address; its one bucket is the deploy tests' BUCKET. */
  s3: { endpoint: string };
}

export function sharedServices(): SharedServices | undefined {
  const value = process.env[VARIABLE];
  return value ? (JSON.parse(value) as SharedServices) : undefined;
}

export function sharedServicesEnv(services: SharedServices): Record<string, string> {
  return { [VARIABLE]: JSON.stringify(services) };
}

/** The bucket of the shared s3rver (the deploy tests' destinations are prefixes in it). */
export const TEST_BUCKET = "bao-son-la";

/** Chromium for this test file: the run's own, or one launched for it. Closing it disconnects. */
export function browserForRun(): Promise<Browser> {
  const shared = sharedServices();
  return shared ? chromium.connect(shared.chromium) : launchBrowser();
}

/** PostgreSQL for this test file: a client of the run's server, or a server of its own. */
export function postgresForRun(): Promise<PostgresServer> {
  const shared = sharedServices();
  return shared ? postgresAt(shared.postgresPort) : startPostgres();
}

/** sshd for this test file: the run's, or one started for it. */
export function sshServerForRun(): Promise<SshServer> {
  const shared = sharedServices();
  return shared ? Promise.resolve(sshServerAt(shared.ssh.dir, shared.ssh.port)) : startSshServer();
}

/** s3rver for this test file: the run's, or one started for it. */
export function s3ServerForRun(): Promise<S3Server> {
  const shared = sharedServices();
  return shared ? Promise.resolve(s3ServerAt(shared.s3.endpoint)) : startS3Server([TEST_BUCKET]);
}
