#!/usr/bin/env node
// npm run comments:admin -- list | approve ID | reject ID | delete ID | export | backup FILE | reader … | purge-rejected
// Works on the same SQLite file as the server (COMMENTS_DB). After every change it rewrites the
// export of approved comments that the site build bakes into pages (COMMENTS_EXPORT).
import { runAdminCommand } from "./admin-commands.ts";

process.exitCode = await runAdminCommand(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  out: (text) => console.log(text),
  err: (text) => console.error(text),
});
