// npm run new: see newArticleCommand in scripts/lib/new-article-command.ts.
import { newArticleCommand } from "./lib/new-article-command.ts";

process.exitCode = await newArticleCommand(process.argv.slice(2), process.env, process.cwd());
