// npm run build: see buildCommand in scripts/lib/commands.ts.
import { buildCommand } from "./lib/commands.ts";

const code = await buildCommand(process.argv.slice(2), process.env, process.cwd());
if (code !== 0) process.exit(code);
