import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import yaml from "js-yaml";
import { fontSourceOf, localCopyOf } from "./cms-cdn-map.ts";
import { writeFileAtomically } from "../files/atomic-write.ts";
import { linkOrCopy } from "../files/link-file.ts";
import { ROUTES } from "../settings/routes.ts";
import type { Settings } from "../settings/settings.ts";
import { cmsConfig } from "./cms-config.ts";

const require = createRequire(import.meta.url);

// The package exports only its npm entry (npm/index.js); the browser build sits beside it in dist/.
const sveltiaDir = () => path.join(path.dirname(require.resolve("@sveltia/cms")), "..");

/** The CMS itself, one script from the installed package (pinned by package-lock.json). */
export const cmsScript = () => path.join(sveltiaDir(), "dist", "sveltia-cms.js");

/** Every CDN address written in the CMS's script: what it may ask for at run time. */
export function cdnAddressesOf(script: string): string[] {
  const found = new Set<string>();
  for (const match of script.matchAll(/https:\/\/(?:unpkg\.com|cdn\.jsdelivr\.net)\/[^\s`'")]+/g)) found.add(match[0]);
  return [...found].sort();
}

/**
 * What /admin/ serves in place of the CDNs (client/cms-cdn-map.ts says where each address lands):
 * the interface strings of every locale, the lazily loaded chunks, the package's own package.json
 * (so its update check finds the version it runs), and each font its script names, from the
 * fontsource packages on npm. Site path → file on this machine.
 */
export function cmsLocalCopies(): Map<string, string> {
  const dir = sveltiaDir();
  const version = (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
  const packageUrl = (file: string) => `https://unpkg.com/@sveltia/cms@${version}/${file}`;
  const copies = new Map<string, string>();
  const add = (url: string, file: string) => {
    const local = localCopyOf(url);
    if (local) copies.set(local, file);
  };
  add(packageUrl("package.json"), path.join(dir, "package.json"));
  for (const name of readdirSync(path.join(dir, "locales")))
    add(packageUrl(`locales/${name}`), path.join(dir, "locales", name));
  for (const name of readdirSync(path.join(dir, "dist", "chunks")).filter((file) => file.endsWith(".js")))
    add(packageUrl(`dist/chunks/${name}`), path.join(dir, "dist", "chunks", name));
  for (const url of cdnAddressesOf(readFileSync(cmsScript(), "utf8"))) {
    const font = fontSourceOf(url);
    if (!font) continue;
    try {
      add(url, require.resolve(`${font.packageName}/${font.file}`));
    } catch {
      // A font the installed fontsource packages lack: the CMS falls back to the system's (a test names it).
    }
  }
  return copies;
}

/**
 * Writes /admin/ but its page (content/admin.njk) and scripts (bundled with the site's): the
 * configuration, the CMS, and its local copies of CDN files. Returns the site files written.
 */
export function writeCmsFiles(siteDir: string, settings: Settings): string[] {
  const folder = ROUTES.admin.replace(/^\/|\/$/g, "");
  writeFileAtomically(
    path.join(siteDir, folder, "config.yml"),
    `# Tạo tự động từ lib/content/article-schema.ts, _data/categories.json và _data/site.json — đừng sửa tay.\n${yaml.dump(cmsConfig(settings), { lineWidth: -1, noRefs: true })}`,
  );
  linkOrCopy(cmsScript(), path.join(siteDir, folder, "sveltia-cms.js"));
  const written = [`${folder}/config.yml`, `${folder}/sveltia-cms.js`];
  for (const [sitePath, file] of cmsLocalCopies()) {
    linkOrCopy(file, path.join(siteDir, sitePath));
    written.push(sitePath.replace(/^\//, ""));
  }
  return written;
}
