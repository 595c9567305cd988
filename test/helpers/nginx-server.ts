import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./browser.ts";
import { PROJECT_ROOT } from "./fixture-site.ts";
import { waitUntil } from "./wait.ts";

export interface NginxServer {
  origin: string;
  stop(): Promise<void>;
}

/** Debian's nginx serving `root` with the settings the README gives newsrooms (docs/nginx-site.conf). */
export async function startNginx(root: string): Promise<NginxServer> {
  const dir = mkdtempSync(path.join(tmpdir(), "toasoan-nginx-"));
  mkdirSync(path.join(dir, "temp"));
  const port = await freePort();
  const temp = path.join(dir, "temp");
  writeFileSync(
    path.join(dir, "nginx.conf"),
    // The fixture folders are private to the user running the tests: the workers run as that user.
    `daemon off;
${process.getuid?.() === 0 ? "user root;" : ""}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events {}
http {
  access_log off;
  client_body_temp_path ${temp}; proxy_temp_path ${temp}; fastcgi_temp_path ${temp}; uwsgi_temp_path ${temp}; scgi_temp_path ${temp};
  include /etc/nginx/mime.types;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    include ${path.join(PROJECT_ROOT, "docs/nginx-site.conf")};
  }
}
`,
  );
  const child: ChildProcess = spawn("/usr/sbin/nginx", ["-c", path.join(dir, "nginx.conf")], { stdio: "ignore" });
  const origin = `http://127.0.0.1:${port}`;
  await waitUntil(
    () =>
      fetch(origin).then(
        () => true,
        () => false,
      ),
    "nginx answers",
    10_000,
  );
  return {
    origin,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGQUIT");
      }),
  };
}
