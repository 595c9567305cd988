import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Ajv } from "ajv";
import yaml from "js-yaml";
import type { Browser } from "playwright-core";
import { articleSchema, FIELD_NAMES, shapeOnlyContext, TEXT_LIMITS } from "../lib/content/article-schema.ts";
import { cmsConfig } from "../lib/outputs/cms-config.ts";
import { isCdn, localCopyOf } from "../lib/outputs/cms-cdn-map.ts";
import { cdnAddressesOf, cmsLocalCopies, cmsScript } from "../lib/outputs/cms-files.ts";
import { PREVIEW_STATUS_CONTEXT } from "../lib/settings/preview.ts";
import { loadSettings } from "../lib/settings/settings.ts";
import { serveStatic, type StaticSite } from "./helpers/browser.ts";
import { browserForRun } from "./helpers/shared-services.ts";
import {
  articleFile,
  buildFixture,
  checkFixture,
  createFixture,
  fixtureEnv,
  PROJECT_ROOT,
  type FixtureSite,
  runCommand,
} from "./helpers/fixture-site.ts";

interface CmsFieldConfig {
  name: string;
  label: string;
  widget: string;
  required: boolean;
  options?: string[];
  maxlength?: number;
  format?: string;
  input_timezone?: string;
  default?: unknown;
  /** A list's item. */
  field?: CmsFieldConfig;
  /** A list's or a group's fields. */
  fields?: CmsFieldConfig[];
}
interface CmsCollection {
  folder: string;
  path: string;
  preview_path?: string;
  fields: CmsFieldConfig[];
}
interface CmsConfigFile {
  backend: { name: string; repo: string; branch: string; preview_context?: string };
  publish_mode?: string;
  media_folder: string;
  public_folder: string;
  collections: CmsCollection[];
}

const NEW_CATEGORY = "Dân tộc - Miền núi";
const valid = { title: "Tin hợp lệ", date: "2025-05-04 08:00", category: "Kinh tế", author: "Thanh Huyền" };

/** The project's settings with one more category: the CMS must offer it without anyone editing the CMS. */
function dataWithNewCategory(): string {
  const data = mkdtempSync(path.join(tmpdir(), "toasoan-data-"));
  cpSync(path.join(PROJECT_ROOT, "_data"), data, { recursive: true });
  const categories = JSON.parse(readFileSync(path.join(data, "categories.json"), "utf8")) as { name: string }[];
  writeFileSync(path.join(data, "categories.json"), JSON.stringify([...categories, { name: NEW_CATEGORY }]));
  return data;
}

let site: FixtureSite;
let config: CmsConfigFile;
let data: string;
before(async () => {
  data = dataWithNewCategory();
  const built = await buildFixture({ "a.md": articleFile(valid) }, { env: { TOASOAN_DATA: data } });
  assert.equal(built.result.code, 0, built.result.stderr);
  site = built.site;
  config = yaml.load(site.read("/admin/config.yml")) as CmsConfigFile;
});

const articles = () => config.collections[0]!;
/** A field by name, or a field inside a list or group (`corrections.text`). */
const field = (name: string): CmsFieldConfig => {
  const [top, inner] = name.split(".");
  const found = articles().fields.find((candidate) => candidate.name === top)!;
  return inner ? found.fields!.find((candidate) => candidate.name === inner)! : found;
};

describe("the CMS at /admin/ is configured from the schema and categories.json", () => {
  test("the configuration is valid for Sveltia CMS (its own JSON schema)", () => {
    const require = createRequire(import.meta.url);
    const schemaFile = path.join(path.dirname(require.resolve("@sveltia/cms")), "..", "schema", "sveltia-cms.json");
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")) as object);
    assert.ok(validate(config), JSON.stringify(validate.errors, null, 2));
    assert.equal(config.publish_mode, "editorial_workflow", "every article goes through review");
    assert.equal(config.backend.preview_context, PREVIEW_STATUS_CONTEXT, "the CMS finds the preview's commit status");
    assert.equal(articles().preview_path, "{{year}}/{{month}}/{{day}}/{{slug}}/");
  });

  test("corrections and takedowns have their fields, with the schema's limits and dates in newsroom time", () => {
    const corrections = field("corrections");
    assert.equal(corrections.widget, "list");
    assert.deepEqual(
      corrections.fields!.map((entry) => [entry.name, entry.widget]),
      [
        ["date", "datetime"],
        ["text", "text"],
      ],
    );
    assert.equal(field("corrections.date").input_timezone, "Asia/Ho_Chi_Minh");
    assert.equal(field("withdrawn").widget, "object");
    assert.equal(field("withdrawn").required, false);
    assert.equal(field("withdrawn.reason").maxlength, TEXT_LIMITS["withdrawn.reason"]);
  });

  test("every field the schema knows is in the CMS, and nothing else but the body", () => {
    const shape = Object.keys(articleSchema(shapeOnlyContext(loadSettings(PROJECT_ROOT).categories)).shape).sort();
    assert.deepEqual([...FIELD_NAMES].sort(), shape, "the field list the CMS is built from is the schema's");
    assert.deepEqual(
      articles()
        .fields.map((candidate) => candidate.name)
        .sort(),
      [...shape, "body"].sort(),
    );
    for (const candidate of articles().fields) {
      assert.ok(candidate.label && !/^[a-z_]+$/.test(candidate.label), `${candidate.name} has a Vietnamese label`);
    }
  });

  test("a field is required in the CMS exactly when the schema requires it", async () => {
    for (const candidate of articles().fields.filter((entry) => entry.name !== "body")) {
      const { [candidate.name]: _left, ...without } = valid as Record<string, string>;
      const result = await checkFixture({ "a.md": articleFile(without) });
      const requiredBySchema = result.stderr.includes(`: ${candidate.name}: thiếu trường bắt buộc`);
      assert.equal(candidate.required, requiredBySchema, candidate.name);
    }
  });

  test("categories come from categories.json, a new one included; dates are edited in newsroom time", () => {
    const categories = JSON.parse(readFileSync(path.join(data, "categories.json"), "utf8")) as { name: string }[];
    assert.deepEqual(
      field("category").options,
      categories.map((category) => category.name),
    );
    assert.ok(field("category").options!.includes(NEW_CATEGORY));
    assert.equal(field("category").widget, "select");
    for (const name of ["date", "updated"]) {
      assert.equal(field(name).widget, "datetime");
      assert.equal(field(name).input_timezone, "Asia/Ho_Chi_Minh");
      assert.equal(field(name).format, "YYYY-MM-DD HH:mm");
    }
    assert.equal(field("draft").default, true, "a new article starts as a draft");
    assert.equal(field("image").widget, "image");
    const project = cmsConfig(loadSettings(PROJECT_ROOT)) as unknown as CmsConfigFile;
    assert.equal(project.collections[0]!.folder, "content/articles", "the repository's folders, from its root");
    assert.equal(project.media_folder, "content/media");
    assert.equal(config.public_folder, "/media");
    // Content folders outside the project (TOASOAN_ARTICLES, TOASOAN_MEDIA): relative to the folder holding both.
    assert.equal(articles().folder, "articles");
    assert.equal(config.media_folder, "media");
    assert.equal(articles().path, "{{year}}/{{month}}/{{slug}}", "year and month folders keep each folder small");
  });

  test("text limits are the schema's own: one character more is refused by npm run check", async () => {
    for (const [name, limit] of Object.entries(TEXT_LIMITS)) {
      const configured = field(name).widget === "list" && field(name).field ? field(name).field : field(name);
      assert.equal(configured?.maxlength, limit, name);
    }
    const tooLong = await checkFixture({
      "a.md": articleFile({ ...valid, title: "Đ".repeat(TEXT_LIMITS.title + 1) }),
    });
    assert.match(tooLong.stderr, new RegExp(`title: dài quá ${TEXT_LIMITS.title} ký tự`));
  });

  test("the page is not indexed and loads the CMS from the site itself", () => {
    const page = site.html("/admin/");
    assert.equal(page('meta[name="robots"]').attr("content"), "noindex, nofollow");
    assert.equal(page("script").attr("src"), "/admin/start.js");
    for (const file of ["start.js", "sw.js", "sveltia-cms.js", "locales/vi.json", "package.json"])
      assert.ok(site.exists(`/admin/${file}`), file);
  });

  test("every CDN address in the installed Sveltia CMS is served from the site, or refused on purpose", () => {
    // If an upgrade of @sveltia/cms changes what it fetches, this fails: extend lib/outputs/cms-cdn-map.ts.
    const addresses = cdnAddressesOf(readFileSync(cmsScript(), "utf8"));
    const refused = [
      "https://unpkg.com/${e}", // libraries of the map widget, which the newsroom's fields do not use
      "https://unpkg.com/@shikijs", // code highlighting in the Markdown editor: plain code blocks instead
      "https://unpkg.com/@sveltia/ui", // the same highlighter's engine
    ];
    const base = "https://unpkg.com/@sveltia/cms"; // its locales, chunks and package.json, below
    const fonts = addresses.filter((address) => !refused.includes(address) && address !== base);
    assert.deepEqual(
      addresses.filter((address) => refused.includes(address) || address === base).sort(),
      [...refused, base].sort(),
      `the CDN addresses the CMS builds are the known ones: ${addresses.join(", ")}`,
    );
    assert.ok(fonts.length >= 3, "its fonts");
    const copies = cmsLocalCopies();
    for (const font of fonts) {
      const local = localCopyOf(font);
      assert.ok(local && copies.has(local), `a local copy of ${font}`);
      assert.ok(site.exists(local), `${local} is in the built site`);
    }
    for (const address of [
      `${base}@0.221.1/locales/vi.json`,
      `${base}/package.json`,
      `${base}@9/dist/chunks/react-dom.js`,
    ])
      assert.ok(site.exists(localCopyOf(address)!), address);
    assert.ok(isCdn("https://unpkg.com/x") && !isCdn("https://api.github.com/user"));
  });
});

describe("an article written in the CMS (real Sveltia CMS in Chromium)", () => {
  let browser: Browser;
  let server: StaticSite;
  let testSite: string;
  before(async () => {
    browser = await browserForRun();
    // The site as built, but with the CMS's in-browser test repository instead of GitHub, laid out
    // as the project is (the fixture's content folders are outside it): the same configuration
    // otherwise, and what the CMS saves can be read back from the browser.
    testSite = mkdtempSync(path.join(tmpdir(), "toasoan-cms-"));
    cpSync(site.outDir, testSite, { recursive: true });
    const projectConfig = cmsConfig(loadSettings(PROJECT_ROOT)) as unknown as CmsConfigFile;
    const testConfig = {
      ...config,
      backend: { name: "test-repo" },
      media_folder: projectConfig.media_folder,
      collections: [{ ...articles(), folder: projectConfig.collections[0]!.folder }],
    };
    writeFileSync(path.join(testSite, "admin/config.yml"), yaml.dump(testConfig));
    server = await serveStatic(testSite);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("the real configuration loads: editors are offered GitHub sign-in and the local repository", async () => {
    const real = await serveStatic(site.outDir);
    const page = await browser.newPage();
    try {
      await page.goto(`${real.origin}/admin/`);
      await page
        .getByRole("button", { name: /GitHub/ })
        .first()
        .waitFor();
      assert.ok(await page.getByRole("button", { name: /Local Repository/ }).isVisible());
    } finally {
      await page.close();
      await real.close();
    }
  });

  test("with every host but the site blocked, /admin/ speaks Vietnamese with its own fonts and asks no CDN", async () => {
    const real = await serveStatic(site.outDir);
    const context = await browser.newContext({ locale: "vi-VN" });
    const blocked: string[] = [];
    await context.route("**/*", (route) => {
      if (new URL(route.request().url()).hostname === "127.0.0.1") return route.continue();
      blocked.push(route.request().url());
      return route.abort();
    });
    try {
      const page = await context.newPage();
      await page.goto(`${real.origin}/admin/`);
      const signIn = page.getByRole("button", { name: /GitHub/ }).first();
      await signIn.waitFor();
      const words = async (text: Promise<string>) =>
        (await text)
          .normalize("NFC")
          .replace(/[\u2066-\u2069]/g, "")
          .trim();
      assert.equal(await words(signIn.innerText()), "Đăng nhập bằng GitHub");
      assert.match(await words(page.locator("body").innerText()), /Làm việc với kho mã nguồn cục bộ/);
      const fonts = (await page.evaluate(
        "document.fonts.ready.then(() => [...document.fonts].filter((font) => font.status === 'loaded').map((font) => font.family))",
      )) as string[];
      assert.ok(
        fonts.some((family) => /Source Sans 3/.test(family)),
        `the CMS's font loaded: ${fonts.join(", ")}`,
      );
      assert.deepEqual(
        blocked.filter((url) => isCdn(url)),
        [],
        "no request reached for a CDN",
      );
      assert.ok(real.requests.some((request) => request.path === "/admin/locales/vi.json"));
    } finally {
      await context.close();
      await real.close();
    }
  });

  test("is saved at content/articles/<yyyy>/<mm>/<slug>.md in newsroom time and passes npm run check", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${server.origin}/admin/#/collections/articles/new`);
    await page.getByRole("button", { name: /Test Repository/ }).click();
    const title = "Đắk Lắk đẩy mạnh chuyển đổi số";
    await page.locator('[data-key-path="title"] input').fill(title);
    await page.locator('[data-key-path="category"] [role=combobox]').click();
    await page.getByRole("option", { name: NEW_CATEGORY, exact: true }).click();
    await page.locator('[data-key-path="author"] input').fill("Thanh Huyền");
    await page.locator('[data-key-path="summary"] textarea').fill('Dịch vụ công: "một cửa" & cải cách.');
    await page.locator('[data-key-path="draft"] [role=switch]').click();
    // The form renders its fields as they scroll into view: the body comes after every other field.
    const body = page.locator('[data-key-path="body"] [contenteditable=true]').first();
    for (let step = 0; step < 30 && (await body.count()) === 0; step++)
      await page.locator("[data-key-path]").last().scrollIntoViewIfNeeded();
    await body.click();
    await page.keyboard.type("Nội dung bài viết về cải cách hành chính.");
    await page.getByRole("button", { name: "Save" }).click();

    // Read back what the CMS wrote (its test repository lives in the browser's private file system).
    const readRepository = async () =>
      (await page.evaluate(`(async () => {
        const out = {};
        const walk = async (dir, prefix) => {
          for await (const [name, handle] of dir.entries()) {
            if (handle.kind === "directory") await walk(handle, prefix + name + "/");
            else out[prefix + name] = await (await handle.getFile()).text();
          }
        };
        await walk(await navigator.storage.getDirectory(), "");
        return out;
      })()`)) as Record<string, string>;
    let saved: Record<string, string> = {};
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await page.waitForTimeout(100)) {
      // A walk while the CMS is still writing may meet a file that is gone a moment later: walk again.
      saved = await readRepository().catch(() => ({}));
      if (Object.keys(saved).some((name) => name.endsWith(".md"))) break;
    }
    await page.close();
    assert.deepEqual(errors, []);
    const [file, text] = Object.entries(saved).find(([name]) => name.endsWith(".md")) ?? [];
    assert.ok(file && text, `the CMS saved an article: ${JSON.stringify(saved)}`);
    const relative = /content\/articles\/(\d{4}\/\d{2}\/dak-lak-day-manh-chuyen-doi-so\.md)$/.exec(file)?.[1];
    assert.ok(relative, `saved at <yyyy>/<mm>/<slug>.md: ${file}`);
    const date = /^date: (\d{4}-\d{2}-\d{2} \d{2}:\d{2})$/m.exec(text)?.[1];
    assert.ok(date, `the date as editors write it:\n${text}`);
    assert.doesNotMatch(text, /^(image|image_alt|caption|updated|slug): ''$/m, "empty optional fields are left out");

    // The file as the CMS committed it, in a newsroom: checked and published like any other.
    const newsroom = createFixture({});
    mkdirSync(path.dirname(path.join(newsroom.articlesDir, relative)), { recursive: true });
    writeFileSync(path.join(newsroom.articlesDir, relative), text);
    const env = { ...fixtureEnv(newsroom, { now: "2099-01-01T00:00:00+07:00" }), TOASOAN_DATA: data };
    const check = await runCommand("check", [], env);
    assert.equal(check.code, 0, check.stderr);
    assert.match(check.stdout, /1 bài đã đăng/);
    const built = await runCommand("build", ["--output", newsroom.outDir, "--quiet"], env);
    assert.equal(built.code, 0, built.stderr);
    const [year, month, day] = date.split(/[- ]/);
    const pageHtml = newsroom.html(`/${year}/${month}/${day}/dak-lak-day-manh-chuyen-doi-so/`);
    assert.equal(pageHtml("h1").first().text(), title);
    assert.equal(pageHtml(".article__summary").text(), 'Dịch vụ công: "một cửa" & cải cách.');
    assert.match(
      pageHtml("article time").first().attr("datetime") ?? "",
      new RegExp(`^${year}-${month}-${day}T.*\\+07:00$`),
    );
  });
});
