// npm run build [-- --output DIR] [--quiet] [--allow-empty] [--full] [--only-changes]: validates
// every article, renders the site, writes the search index and removes whatever the content no
// longer defines. With the previous build's cache (.cache/toasoan/, or TOASOAN_CACHE) only what
// changed is redone; --full ignores the cache; --only-changes trusts the cache without the previous
// output folder and writes only what changed (CI: the destination holds the rest, npm run deploy sends it).
import { exitOnUserError } from "../lib/messages/user-error.ts";
import { parseArgs } from "node:util";
import { runBuild } from "../lib/build/run-build.ts";
import { loadSettings } from "../lib/settings/settings.ts";

const { values } = parseArgs({
  options: {
    output: { type: "string", default: "_site" },
    quiet: { type: "boolean", default: false },
    "allow-empty": { type: "boolean", default: false },
    full: { type: "boolean", default: false },
    "only-changes": { type: "boolean", default: false },
  },
});
if (values["allow-empty"]) process.env.TOASOAN_ALLOW_EMPTY = "1";

try {
  await runBuild(loadSettings(process.cwd()), {
    output: values.output,
    quiet: values.quiet,
    full: values.full,
    onlyChanges: values["only-changes"],
  });
} catch (error) {
  exitOnUserError(error);
}
