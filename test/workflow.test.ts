import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import yaml from "js-yaml";
import picomatch from "picomatch";
import { PROJECT_ROOT } from "./helpers/fixture-site.ts";
import { importGraph } from "./helpers/imports.ts";

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  steps: Step[];
}

const workflow = yaml.load(readFileSync(path.join(PROJECT_ROOT, ".github/workflows/publish.yml"), "utf8")) as {
  jobs: Record<string, Job>;
};
const { changes, test: codeTests, publish } = workflow.jobs as Record<"changes" | "test" | "publish", Job>;

/**
 * A push is "code" when every pattern of the filter matches one of its files: what
 * dorny/paths-filter does with predicate-quantifier "every" (picomatch, dot files included).
 */
function isCodePush(files: string[]): boolean {
  const filter = changes.steps.find((step) => step.uses?.startsWith("dorny/paths-filter"))!;
  assert.equal(filter.with?.["predicate-quantifier"], "every");
  const patterns = (yaml.load(filter.with!.filters!) as { code: string[] }).code;
  const matchers = patterns.map((pattern) =>
    pattern.startsWith("!")
      ? (file: string) => !picomatch(pattern.slice(1), { dot: true })(file)
      : picomatch(pattern, { dot: true }),
  );
  return files.some((file) => matchers.every((matches) => matches(file)));
}

const runs = (job: Job) => job.steps.map((step) => step.run ?? "").join("\n");

describe("the publish workflow", () => {
  test("an editor's push (articles, photos, the import state, the comments export) skips the code tests; any other file runs them", () => {
    assert.equal(isCodePush(["content/articles/2026/12/cau-moi.md"]), false);
    assert.equal(isCodePush(["content/articles/2026/12/cau-moi.md", "content/media/2026/12/cau.jpg"]), false);
    assert.equal(isCodePush(["content/wordpress-import.json", "data/approved-comments.json"]), false);
    assert.equal(isCodePush(["content/articles/a.md", "lib/newsroom/newsroom.ts"]), true);
    assert.equal(isCodePush(["content/index.njk"]), true);
    assert.equal(isCodePush(["_data/site.json"]), true);
    assert.equal(isCodePush([".github/workflows/publish.yml"]), true);
    assert.equal(isCodePush(["package-lock.json"]), true);
    assert.match(codeTests.if ?? "", /needs\.changes\.outputs\.code == 'true'/);
    assert.match(runs(codeTests), /bash \.ci\/run/);
  });

  test("the publish job installs for production, checks, builds and deploys to DEPLOY_TO (GitHub Pages when unset), and keeps the build cache", () => {
    const commands = runs(publish);
    assert.match(commands, /npm ci --omit=dev/);
    assert.doesNotMatch(commands, /\.ci\/run|npm test/);
    const order = ["npm run check", "npm run build", "npm run deploy"].map((command) => commands.indexOf(command));
    assert.ok(
      order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!)),
      commands,
    );
    assert.match(commands, /npm run deploy -- "\$\{DEPLOY_TO:-github-pages\}"/);
    const cached = publish.steps.filter((step) => step.uses?.startsWith("actions/cache/"));
    assert.deepEqual(
      cached.map((step) => step.uses!.split("@")[0]),
      ["actions/cache/restore", "actions/cache/save"],
    );
    for (const step of cached) {
      assert.match(step.with!.path!, /\.cache\/toasoan/);
      // The pages are cached only for GitHub Pages, which takes the whole site every time.
      assert.match(step.with!.path!, /\$\{\{ vars\.DEPLOY_TO == '' && '_site' \|\| '' \}\}/);
    }
    // The cache is saved after the deploy: a failed deploy keeps the last good cache.
    const names = publish.steps.map((step) => step.uses ?? step.run ?? "");
    assert.ok(
      names.findIndex((n) => n.startsWith("actions/cache/save")) > names.findIndex((n) => n.includes("npm run deploy")),
    );
  });

  test("the cache key changes with every module the build runs", () => {
    const workflowText = readFileSync(path.join(PROJECT_ROOT, ".github/workflows/publish.yml"), "utf8");
    const hashed = /BUILD_KEY:.*hashFiles\(([^)]*)\)/.exec(workflowText)![1]!;
    const patterns = [...hashed.matchAll(/'([^']+)'/g)].map((match) => picomatch(match[1]!, { dot: true }));
    const run = importGraph([path.join(PROJECT_ROOT, "scripts/build.ts"), path.join(PROJECT_ROOT, ".eleventy.ts")]);
    assert.deepEqual(
      run.map((file) => path.relative(PROJECT_ROOT, file)).filter((file) => !patterns.some((matches) => matches(file))),
      [],
    );
  });
});
