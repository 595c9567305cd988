import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import yaml from "js-yaml";
import picomatch from "picomatch";
import { articleFile, createFixture, fixtureEnv, PROJECT_ROOT, runCommand } from "./helpers/fixture-site.ts";
import { importGraph } from "./helpers/imports.ts";
import { PREVIEW_STATUS_CONTEXT } from "../lib/settings/preview.ts";

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  container?: string | { image: string };
  if?: string;
  environment?: string | { name: string };
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

  test("the tests run .ci/run in Debian bookworm, where the install script is proven, on Node 24 like every job", () => {
    const image = typeof codeTests.container === "string" ? codeTests.container : codeTests.container?.image;
    assert.match(image ?? "", /^debian:bookworm/);
    assert.match(runs(codeTests), /bash \.ci\/run/);
    const files = [".github/workflows/publish.yml", ".github/workflows/review.yml"];
    for (const file of files) {
      const jobs = (yaml.load(readFileSync(path.join(PROJECT_ROOT, file), "utf8")) as { jobs: Record<string, Job> })
        .jobs;
      for (const [name, job] of Object.entries(jobs))
        for (const step of job.steps.filter((step) => step.uses?.startsWith("actions/setup-node")))
          assert.equal(String(step.with?.["node-version"]), "24", `${file}: ${name}`);
    }
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

const reviewText = readFileSync(path.join(PROJECT_ROOT, ".github/workflows/review.yml"), "utf8");
const review = yaml.load(reviewText) as { on: { pull_request: { types: string[] } }; jobs: Record<string, Job> };
const everything = (job: Job) => JSON.stringify(job);

describe("the review workflow: every pull request is checked and previewed, never with the live site's credentials", () => {
  test("npm run check runs on every pull request, each problem shown on its line by the problem matcher", async () => {
    const { check } = review.jobs as Record<"check", Job>;
    assert.deepEqual(review.on.pull_request.types.sort(), ["closed", "opened", "reopened", "synchronize"]);
    const commands = runs(check);
    assert.ok(
      commands.indexOf("::add-matcher::.github/toasoan-check-matcher.json") < commands.indexOf("npm run check"),
    );
    // The matcher reads npm run check's own lines: an error and a warning, each with its file and line.
    const matchers = (
      JSON.parse(readFileSync(path.join(PROJECT_ROOT, ".github/toasoan-check-matcher.json"), "utf8")) as {
        problemMatcher: {
          severity: string;
          pattern: { regexp: string; file: number; line: number; message: number }[];
        }[];
      }
    ).problemMatcher;
    const site = createFixture({
      "bad.md": articleFile({ title: "", date: "2025-05-04 08:00", category: "Kinh tế", author: "A" }),
      "ok.md": articleFile({ title: "Tin", date: "2025-05-04 09:00", category: "Kinh tế", author: "A" }),
    });
    const bad = await runCommand("check", [], fixtureEnv(site));
    const annotations = (text: string) =>
      text.split("\n").flatMap((line) =>
        matchers.flatMap(({ severity, pattern: [pattern] }) => {
          const match = new RegExp(pattern!.regexp).exec(line);
          return match
            ? [{ severity, file: match[pattern!.file], line: match[pattern!.line], message: match[pattern!.message] }]
            : [];
        }),
      );
    const found = annotations(bad.stderr);
    assert.equal(found.length, 1, bad.stderr);
    assert.match(found[0]!.file!, /articles\/bad\.md$/);
    assert.equal(found[0]!.line, "2");
    assert.match(found[0]!.message!, /^title: đang để trống/);
    const warned = createFixture({
      "a.md": articleFile(
        { title: "Tin", date: "2025-05-04 09:00", category: "Kinh tế", author: "A" },
        "[x](/2025/05/04/go/)",
      ),
      "go.md": articleFile({
        title: "Gỡ",
        date: "2025-05-04 08:00",
        category: "Kinh tế",
        author: "A",
        slug: "go",
        withdrawn: "@raw:",
      }).replace("withdrawn: \n", 'withdrawn:\n  date: "2025-05-05 08:00"\n  reason: "Lý do"\n'),
    });
    const warning = annotations((await runCommand("check", [], fixtureEnv(warned))).stdout);
    assert.deepEqual(
      warning.map((annotation) => [annotation.severity, annotation.file?.endsWith("a.md"), annotation.line]),
      [["warning", true, "7"]],
    );
  });

  test("each pull request is previewed to DEPLOY_PREVIEW_TO, or as an artifact without it, and its address posted as a commit status", () => {
    const { preview } = review.jobs as Record<"preview", Job>;
    const commands = runs(preview);
    assert.match(
      commands,
      /npm run --silent preview -- "\$destination" --base "origin\/\$BASE_REF" --branch "\$HEAD_REF" --json/,
    );
    assert.match(commands, /destination="\$\{DEPLOY_PREVIEW_TO:-\$RUNNER_TEMP\/xem-truoc\}"/);
    assert.match(
      commands,
      new RegExp(`context=${PREVIEW_STATUS_CONTEXT}`),
      "the context the CMS reads (preview_context)",
    );
    const artifact = preview.steps.find((step) => step.uses?.startsWith("actions/upload-artifact"))!;
    assert.equal(artifact.if, "${{ vars.DEPLOY_PREVIEW_TO == '' }}");
    assert.ok(
      preview.steps.some((step) => step.if === artifact.if && /::notice/.test(step.run ?? "")),
      "the workflow says so",
    );
    const restore = preview.steps.find((step) => step.uses?.startsWith("actions/cache/"))!;
    assert.equal(restore.uses!.split("@")[0], "actions/cache/restore", "a pull request never saves main's cache");
    const workflowText = readFileSync(path.join(PROJECT_ROOT, ".github/workflows/publish.yml"), "utf8");
    const key = (text: string) => /BUILD_KEY: (.*)/.exec(text)![1];
    assert.equal(key(reviewText), key(workflowText), "the preview reads the cache main's publish saved");
  });

  test("the preview is removed when the pull request closes", () => {
    const { "remove-preview": remove } = review.jobs as Record<"remove-preview", Job>;
    assert.match(remove.if!, /github\.event\.action == 'closed'/);
    assert.match(runs(remove), /npm run preview -- "\$DEPLOY_PREVIEW_TO" --remove --branch "\$HEAD_REF"/);
  });

  test("branches use the Environment xem-truoc and its own credentials; only main's publish job has production's", () => {
    for (const job of Object.values(review.jobs)) {
      assert.doesNotMatch(
        everything(job),
        /secrets\.(DEPLOY_SSH_KEY|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|COMMENTS_ADMIN_TOKEN)\b/,
      );
      if (/secrets\./.test(everything(job))) assert.equal(job.environment, "xem-truoc");
    }
    assert.equal(publish.environment, "production");
  });
});

describe("the build across runners", () => {
  const jobs = workflow.jobs as Record<string, Job & { strategy?: { matrix: Record<string, string> } }>;
  const { plan, part, merge } = jobs as Record<
    "plan" | "part" | "merge",
    Job & { strategy?: { matrix: Record<string, string> } }
  >;
  const decideStep = plan!.steps.find((step) => step.run?.includes("fan-out"))!;

  /** The plan job's decision, run by bash as the runner runs it. */
  function decide(env: Record<string, string>, articles: number): Record<string, string> {
    const dir = mkdtempSync(path.join(tmpdir(), "toasoan-plan-"));
    mkdirSync(path.join(dir, "content/articles/2026"), { recursive: true });
    for (let i = 0; i < articles; i++) writeFileSync(path.join(dir, `content/articles/2026/bai-${i}.md`), "");
    const output = path.join(dir, "output");
    writeFileSync(output, "");
    execFileSync("bash", ["-e", "-c", decideStep.run!], {
      cwd: dir,
      env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, ...env },
    });
    return Object.fromEntries(
      readFileSync(output, "utf8")
        .trim()
        .split("\n")
        .map((line) => line.split("=") as [string, string]),
    );
  }

  test("it fans out only for a full build of a large archive to a server or S3, into BUILD_PARTS runners", () => {
    const large = { DEPLOY_TO: "s3://bao/trang", PARTS: "4", MIN_ARTICLES: "5", SAME_CODE: "false", FULL: "false" };
    assert.deepEqual(decide(large, 6), { "fan-out": "true", parts: "[1,2,3,4]" });
    assert.equal(decide({ ...large, FULL: "true", SAME_CODE: "true" }, 6)["fan-out"], "true", "a full build asked for");
    assert.equal(decide({ ...large, SAME_CODE: "true" }, 6)["fan-out"], "false", "the cache of this code: a push");
    assert.equal(decide(large, 4)["fan-out"], "false", "a small archive");
    assert.equal(decide({ ...large, DEPLOY_TO: "" }, 6)["fan-out"], "false", "GitHub Pages takes one artifact");
    for (const parts of ["", "1", "tám"])
      assert.deepEqual(decide({ ...large, PARTS: parts }, 6), { "fan-out": "false", parts: "[]" });
    assert.match(decideStep.env!.MIN_ARTICLES!, /vars\.BUILD_PARTS_MIN_ARTICLES/);
    assert.match(decideStep.env!.PARTS!, /vars\.BUILD_PARTS/);
    assert.match(publish.if!, /needs\.plan\.outputs\.fan-out != 'true'/, "one runner otherwise");
  });

  test("each part builds its share and hands its record to the merge, which finds them all in one folder", () => {
    assert.equal(part!.strategy!.matrix.part, "${{ fromJSON(needs.plan.outputs.parts) }}");
    assert.match(JSON.stringify(part), /matrix\.part \}\}\/\$\{\{ vars\.BUILD_PARTS/);
    assert.match(runs(part!), /npm run build -- --part "\$PART"/);
    const record = part!.steps.find((step) => step.with?.name === "toasoan-record-${{ matrix.part }}")!;
    assert.equal(record.with!.path, "_site/.toasoan-parts/");
    assert.equal(String(record.with!["include-hidden-files"]), "true", "the records' folder starts with a dot");
    assert.deepEqual(merge!.needs, ["plan", "part"]);
    const download = merge!.steps.find((step) => step.with?.pattern === "toasoan-record-*")!;
    assert.equal(String(download.with!["merge-multiple"]), "true");
    assert.equal(download.with!.path, "_site/.toasoan-parts/");
    const build = merge!.steps.findIndex((step) => step.run?.includes("npm run build -- --merge"));
    assert.ok(build > merge!.steps.indexOf(download), "the merge builds once the records are there");
  });

  test("nothing is deployed before every part and the merge succeed; then new files, changed ones, the rest and the record", () => {
    const fanOut = ["part", "merge", "deploy-new", "deploy-changed", "publish-merged"];
    for (const name of fanOut)
      assert.doesNotMatch(everything(jobs[name]!), /always\(\)/, `${name} runs after a failure`);
    assert.deepEqual(jobs["deploy-new"]!.needs, ["plan", "merge"]);
    assert.deepEqual(jobs["deploy-changed"]!.needs, ["plan", "deploy-new"]);
    assert.equal(jobs["publish-merged"]!.needs, "deploy-changed");
    const deploys = (name: string) =>
      jobs[name]!.steps.filter((step) => step.uses === "./.github/actions/deploy").map((step) => step.with?.only ?? "");
    assert.deepEqual(deploys("merge"), ["new"]);
    assert.deepEqual(deploys("deploy-new"), ["new"]);
    assert.deepEqual(deploys("deploy-changed"), ["changed"]);
    assert.deepEqual(deploys("publish-merged"), [""]);
    assert.ok(
      !jobs.part!.steps.some((step) => step.uses === "./.github/actions/deploy"),
      "a part deploys nothing itself",
    );
    const last = jobs["publish-merged"]!.steps.map((step) => step.uses ?? "");
    assert.ok(last.indexOf("actions/cache/save@v4") > last.indexOf("./.github/actions/deploy"));
    for (const name of fanOut.slice(1)) assert.equal(jobs[name]!.environment, "production");
  });
});
