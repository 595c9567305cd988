import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { hintLine, MESSAGES } from "../lib/messages/catalogue.ts";
import { articleFile, buildFixture, checkFixture, PROJECT_ROOT } from "./helpers/fixture-site.ts";

describe("one catalogue of a user's mistakes", () => {
  test("every code says what it is about and how to put it right, in Vietnamese", () => {
    for (const [code, entry] of Object.entries(MESSAGES)) {
      assert.match(code, /^[a-z-]+\.[a-z-]+$/, code);
      assert.ok(entry.about.length > 5 && entry.hint.length > 10, code);
      assert.match(entry.hint, /\p{L}/u, code);
    }
  });

  test("every code the build and the tools use is in the catalogue, and every entry is used", () => {
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith(".ts") && !file.endsWith("catalogue.ts"))
          for (const match of readFileSync(file, "utf8").matchAll(/"([a-z-]+\.[a-z-]+)"/g))
            if (match[1]! in MESSAGES) used.add(match[1]!);
      }
    };
    walk(path.join(PROJECT_ROOT, "lib"));
    walk(path.join(PROJECT_ROOT, "scripts"));
    assert.deepEqual(
      Object.keys(MESSAGES).filter((code) => !used.has(code)),
      [],
      "codes no module uses",
    );
  });

  test("a command prints the mistake, then how to put it right, without a stack trace", async () => {
    const result = await checkFixture({
      "2025/05/bai.md": articleFile({ title: "Bài", date: "2025-05-04 08:00", category: "Không có", author: "A" }),
    });
    assert.equal(result.code, 1);
    assert.ok(result.stderr.includes("category"), result.stderr);
    assert.ok(
      result.stderr.trimEnd().endsWith(hintLine("content.invalid")),
      `the catalogue's hint ends the output:\n${result.stderr}`,
    );
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");

    const built = await buildFixture(
      { "2025/05/bai.md": articleFile({ title: "Bài", date: "2025-05-04 08:00", category: "Kinh tế", author: "A" }) },
      { env: { TOASOAN_SEARCH_SHARD_MONTHS: "5" } },
    );
    assert.equal(built.result.code, 1);
    assert.match(built.result.stderr, /searchShardMonths/);
    assert.ok(built.result.stderr.trimEnd().endsWith(hintLine("settings.invalid")), built.result.stderr);
  });
});
