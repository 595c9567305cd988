// Part of the package's build: the pages' templates and stylesheet go beside the compiled code that
// renders them (dist/readers/views/, dist/moderation/views/).
import { cpSync } from "node:fs";

for (const folder of ["readers", "moderation"])
  cpSync(new URL(`./${folder}/views/`, import.meta.url), new URL(`./dist/${folder}/views/`, import.meta.url), {
    recursive: true,
  });
