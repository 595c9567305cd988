// `npm test`: starts the services the test files share (one Chromium, one PostgreSQL, one sshd,
// one s3rver), runs Node's test runner with these arguments and their addresses in its
// environment, stops them, and exits with the runner's code.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { chromium } from "playwright-core";
import { startPostgres } from "../scripts/local-postgres.ts";
import { CHROMIUM_OPTIONS } from "./helpers/browser.ts";
import { startS3Server } from "./helpers/s3-server.ts";
import { sharedServicesEnv, TEST_BUCKET } from "./helpers/shared-services.ts";
import { startSshServer } from "./helpers/ssh-server.ts";

const [browser, postgres, ssh, s3] = await Promise.all([
  chromium.launchServer(CHROMIUM_OPTIONS),
  startPostgres(),
  startSshServer(),
  startS3Server([TEST_BUCKET]),
]);
let code: number;
try {
  const runner = spawn(process.execPath, ["--import", "tsx", ...process.argv.slice(2)], {
    stdio: "inherit",
    env: {
      ...process.env,
      ...sharedServicesEnv({
        chromium: browser.wsEndpoint(),
        postgresPort: postgres.port,
        ssh: { dir: ssh.dir, port: ssh.port },
        s3: { endpoint: s3.endpoint },
      }),
    },
  });
  const [exitCode, signal] = (await once(runner, "exit")) as [number | null, NodeJS.Signals | null];
  code = exitCode ?? (signal ? 1 : 0);
} finally {
  await Promise.all([browser.close(), ssh.stop(), s3.stop()]);
  postgres.stop();
}
process.exit(code);
