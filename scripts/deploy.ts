// npm run deploy -- DEST [--output DIR] [--only new|changed] [--dry-run] [--quiet] [--json]: sends what the last `npm run build` made to
// DEST — a folder (/srv/www/baosonla), a server over SSH (www@host:/var/www/baosonla, ssh options
// in RSYNC_RSH), S3-compatible storage (s3://bucket/prefix, credentials and endpoint from the AWS_*
// variables) or github-pages (the whole site made ready for actions/upload-pages-artifact).
// Without DEST, the DEPLOY_TO variable names it. Only what changed since the last deploy to DEST
// is sent; see lib/deploy/deploy.ts for the order and the record. --only sends one step of it and
// nothing else: a part of a build across machines (README: "A build across machines").
import { exitOnUserError, UserError } from "../lib/messages/user-error.ts";
import { parseCommandArgs } from "../lib/messages/command-line.ts";
import { deploy } from "../lib/deploy/deploy.ts";
import { loadSettings } from "../lib/settings/settings.ts";

try {
  const { values, positionals } = parseCommandArgs("deploy.usage", {
    allowPositionals: true,
    options: {
      output: { type: "string", default: "_site" },
      "dry-run": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      /** The summary as one JSON line at the end (files, bytes), for scripts and benchmarks. */
      json: { type: "boolean", default: false },
      only: { type: "string" },
    },
  });
  const only = values.only;
  if (only !== undefined && only !== "new" && only !== "changed")
    throw new UserError("deploy.usage", `--only ${only}: chỉ nhận new (tệp mới) hoặc changed (tệp đã sửa)`);
  const summary = await deploy(loadSettings(process.cwd()), {
    destination: positionals[0] ?? process.env.DEPLOY_TO,
    output: values.output,
    dryRun: values["dry-run"],
    quiet: values.quiet,
    only,
  });
  if (values.json) console.log(JSON.stringify(summary));
} catch (error) {
  exitOnUserError(error, "Không triển khai được: ");
}
