// npm run import -- wordpress EXPORT.xml [--uploads DIR] [--map FILE] [--comments-db FILE]: see
// importCommand in scripts/lib/import-command.ts.
import { importCommand } from "./lib/import-command.ts";

process.exitCode = await importCommand(process.argv.slice(2), process.env, process.cwd());
