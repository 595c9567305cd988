// The Nu HTML Checker (vnu.jar from the vnu-jar package) over whole site folders, run on the
// machine's Java (scripts/install-test-tools.sh installs Debian's headless JRE).
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
/** The package exports the path of its jar. */
const VNU_JAR = String(require("vnu-jar") as string);

export interface NuProblem {
  /** The page, relative to the folder checked. */
  page: string;
  line?: number;
  message: string;
  extract?: string;
}

interface NuReport {
  messages: { type: string; subType?: string; url: string; lastLine?: number; message: string; extract?: string }[];
}

/** Every error the checker finds in the HTML and CSS files under `dir`. */
export function nuErrors(dir: string): Promise<NuProblem[]> {
  const args = [
    "-jar",
    VNU_JAR,
    "--format",
    "json",
    "--stdout",
    "--errors-only",
    "--skip-non-html",
    "--also-check-css",
    dir,
  ];
  return new Promise((resolve, reject) => {
    // The checker exits 1 when it finds errors: the report is still on stdout.
    execFile("java", args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!stdout.trim()) {
        reject(new Error(`vnu.jar did not run: ${error?.message ?? ""}\n${stderr}`));
        return;
      }
      const report = JSON.parse(stdout) as NuReport;
      resolve(
        report.messages
          .filter((message) => message.type === "error" || message.subType === "fatal")
          .map((message) => ({
            page: path.relative(dir, new URL(message.url).pathname),
            line: message.lastLine,
            message: message.message,
            extract: message.extract,
          })),
      );
    });
  });
}
