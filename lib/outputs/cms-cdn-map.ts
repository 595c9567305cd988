// Where the CMS at /admin/ finds locally what Sveltia CMS asks a CDN for at run time: its interface
// strings (unpkg), its fonts (jsdelivr), its lazily loaded chunks and its update check. The build
// copies each from the installed packages (lib/outputs/cms-files.ts) and the service worker on
// /admin/ answers from them (client/cms-offline-worker.ts); this file is the one map both read.

/** The folder the CMS is served from. */
export const CMS_FOLDER = "/admin/";

const SVELTIA = /^https:\/\/unpkg\.com\/@sveltia\/cms(?:@[^/]+)?\/(.+)$/;
const FONT = /^https:\/\/cdn\.jsdelivr\.net\/fontsource\/fonts\/([a-z0-9-]+)(:vf)?@[^/]+\/([a-z0-9-]+\.woff2)$/;
const CDN_HOSTS = ["unpkg.com", "cdn.jsdelivr.net"];

/** A font as fontsource publishes it on npm: the package and the file inside it. */
export interface FontSource {
  packageName: string;
  file: string;
}

/** The npm package file behind a fontsource CDN address (`…/source-sans-3:vf@5.3.0/latin-wght-normal.woff2`). */
export function fontSourceOf(url: string): FontSource | undefined {
  const match = FONT.exec(url);
  if (!match) return undefined;
  const [, family, variable, file] = match;
  return {
    packageName: `@fontsource${variable ? "-variable" : ""}/${family}`,
    file: `files/${family}-${file}`,
  };
}

/** The site path of the local copy of a CDN address the CMS asks for, or undefined for any other address. */
export function localCopyOf(url: string): string | undefined {
  const sveltia = SVELTIA.exec(url);
  if (sveltia) {
    const [, file] = sveltia as unknown as [string, string];
    if (file === "package.json") return `${CMS_FOLDER}package.json`;
    const locale = /^locales\/([A-Za-z-]+\.json)$/.exec(file);
    if (locale) return `${CMS_FOLDER}locales/${locale[1]}`;
    const chunk = /^dist\/(chunks\/[\w.-]+\.js)$/.exec(file);
    if (chunk) return `${CMS_FOLDER}${chunk[1]}`;
    return undefined;
  }
  const font = FONT.exec(url);
  if (font) return `${CMS_FOLDER}fonts/${font[1]}${font[2] ? "-vf" : ""}/${font[3]}`;
  return undefined;
}

/** Whether an address is on a CDN the CMS must not ask (anything there without a local copy is refused). */
export function isCdn(url: string): boolean {
  try {
    return CDN_HOSTS.includes(new URL(url).hostname);
  } catch {
    return false;
  }
}
