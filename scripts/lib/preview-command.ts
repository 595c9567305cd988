// `npm run preview` as a function (see scripts/preview.ts): the script runs it with the process's
// arguments, the tests in their own process.
import path from "node:path";
import { parseCommandArgs } from "../../lib/messages/command-line.ts";
import { UserError } from "../../lib/messages/user-error.ts";
import { preview, removePreview } from "../../lib/preview/preview.ts";
import { loadSettings, requireContentFolders } from "../../lib/settings/settings.ts";
import { type Command, TERMINAL, userErrorCode } from "./commands.ts";

/**
 * npm run preview -- DEST [--base REF] [--branch NAME] [--at TIME] [--url URL] [--output DIR]
 * [--remove] [--json]: builds what the current branch changes against the base branch's build and
 * sends it to the branch's folder under DEST (or DEPLOY_PREVIEW_TO), printing the address of every
 * changed page; --remove takes the branch's preview away. PREVIEW_URL gives --url.
 */
export const previewCommand: Command = async (argv, env, root, output = TERMINAL) => {
  try {
    const { values, positionals } = parseCommandArgs("preview.usage", {
      args: argv,
      allowPositionals: true,
      options: {
        base: { type: "string", default: "main" },
        branch: { type: "string" },
        at: { type: "string" },
        url: { type: "string" },
        output: { type: "string", default: "_site" },
        remove: { type: "boolean", default: false },
        quiet: { type: "boolean", default: false },
        json: { type: "boolean", default: false },
      },
    });
    const destination = positionals[0] ?? env.DEPLOY_PREVIEW_TO;
    if (!destination || positionals.length > 1)
      throw new UserError(
        "preview.usage",
        positionals.length > 1
          ? `chỉ nêu một nơi xem trước, không phải ${positionals.length}`
          : "chưa nêu nơi đặt bản xem trước (hoặc biến DEPLOY_PREVIEW_TO)",
      );
    const settings = loadSettings(root, env);
    requireContentFolders(settings);
    const quiet = values.quiet || values.json;
    const summary = values.remove
      ? await removePreview(settings, { destination, branch: values.branch, quiet }, env)
      : await preview(
          settings,
          {
            destination,
            base: values.base,
            baseOutput: path.resolve(root, values.output),
            branch: values.branch,
            at: values.at,
            url: values.url ?? env.PREVIEW_URL,
            quiet,
          },
          env,
        );
    if (values.json) output.out(JSON.stringify(summary));
    return 0;
  } catch (error) {
    return userErrorCode(error, output);
  }
};
