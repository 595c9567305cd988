import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { freePort } from "./browser.ts";
import { waitUntil } from "./wait.ts";

const SSHD = "/usr/sbin/sshd";

export interface SshServer {
  /** `user@127.0.0.1:` — a destination is this followed by an absolute path. */
  login: string;
  /** RSYNC_RSH for this server: its port, the client key the test made, its host key pinned. */
  rsyncRsh: string;
  /** The same with a key the server does not accept. */
  wrongKeyRsh: string;
  port: number;
  /** Its folder: host key, client keys, known_hosts. */
  dir: string;
  stop(): Promise<void>;
}

const keygen = (file: string) => execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", file]);

/**
 * Debian's OpenSSH server with a configuration of its own on a free loopback port: its own host key,
 * one authorised client key made for the test, no passwords. Nothing of the machine's own sshd is used.
 */
export async function startSshServer(): Promise<SshServer> {
  const dir = mkdtempSync(path.join(tmpdir(), "toasoan-sshd-"));
  const port = await freePort();
  keygen(path.join(dir, "host"));
  keygen(path.join(dir, "client"));
  keygen(path.join(dir, "stranger"));
  writeFileSync(path.join(dir, "authorized_keys"), readFileSync(path.join(dir, "client.pub")));
  writeFileSync(
    path.join(dir, "known_hosts"),
    `[127.0.0.1]:${port} ${readFileSync(path.join(dir, "host.pub"), "utf8").split(" ").slice(0, 2).join(" ")}\n`,
  );
  writeFileSync(
    path.join(dir, "sshd_config"),
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${path.join(dir, "host")}`,
      `PidFile ${path.join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "PubkeyAuthentication yes",
      "PermitRootLogin prohibit-password",
      "StrictModes no",
      "UsePAM no",
      "PrintMotd no",
      "PrintLastLog no",
      "UseDNS no",
      // Bash started by sshd reads the login user's ~/.bashrc for every command (here root's runs
      // `pyenv init`, 0.5 s for each rsync call) unless it is a nested shell: the client sends SHLVL.
      "AcceptEnv SHLVL",
      "",
    ].join("\n"),
  );
  // Privilege separation wants its empty folder when sshd runs as root.
  if (process.getuid?.() === 0 && !existsSync("/run/sshd")) mkdirSync("/run/sshd", { mode: 0o755 });
  const server: ChildProcess = spawn(SSHD, ["-D", "-e", "-f", path.join(dir, "sshd_config")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  server.stderr!.on("data", (chunk) => (log += chunk));
  const listening = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
  try {
    await waitUntil(async () => server.exitCode !== null || (await listening()), "sshd lắng nghe", 15_000);
  } catch (error) {
    server.kill("SIGKILL");
    throw error;
  }
  if (server.exitCode !== null) throw new Error(`sshd không chạy được:\n${log}`);
  return sshServerAt(
    dir,
    port,
    () =>
      new Promise((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once("exit", () => resolve());
        server.kill("SIGTERM");
      }),
  );
}

/**
 * The client side of the sshd whose keys are in `dir`. Its shared connections are this process's
 * own (the process id is in their path), so one test file closing them leaves another's alone.
 */
export function sshServerAt(
  dir: string,
  port: number,
  stopServer: () => Promise<void> = async () => undefined,
): SshServer {
  const rsh = (key: string) =>
    `ssh -p ${port} -i ${path.join(dir, key)} -o IdentitiesOnly=yes -o BatchMode=yes -o UserKnownHostsFile=${path.join(dir, "known_hosts")} -o StrictHostKeyChecking=yes -o LogLevel=ERROR -o SetEnv=SHLVL=1 -o ControlMaster=auto -o ControlPath=${path.join(dir, `%C-${key}-${process.pid}`)} -o ControlPersist=30`;
  return {
    login: `${userInfo().username}@127.0.0.1:`,
    rsyncRsh: rsh("client"),
    wrongKeyRsh: rsh("stranger"),
    port,
    dir,
    async stop() {
      // The shared connections would outlive the test process by ControlPersist, holding its output open.
      for (const key of ["client", "stranger"])
        spawnSync("sh", ["-c", `${rsh(key)} -O exit 127.0.0.1`], { stdio: "ignore" });
      await stopServer();
    },
  };
}
