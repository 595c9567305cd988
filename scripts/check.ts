// npm run check: see checkCommand in scripts/lib/commands.ts.
import { checkCommand } from "./lib/commands.ts";

const code = await checkCommand(process.argv.slice(2), process.env, process.cwd());
if (code !== 0) process.exit(code);
