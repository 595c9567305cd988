// npm run preview: see previewCommand in scripts/lib/preview-command.ts.
import { previewCommand } from "./lib/preview-command.ts";

const code = await previewCommand(process.argv.slice(2), process.env, process.cwd());
if (code !== 0) process.exit(code);
