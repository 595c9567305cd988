// npm run screenshots: the pages a reader sees most (home, article, category page 2, search results,
// 404) at a phone's and a desktop's width, light and dark, from both sites under test, written to
// screenshots/ for a person to look at before a release.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { browserForRun } from "../helpers/shared-services.ts";
import { PROJECT_ROOT } from "../helpers/fixture-site.ts";
import { ROUTES } from "../../lib/settings/routes.ts";
import { startSitesUnderTest } from "./sites-under-test.ts";

const WIDTHS = [390, 1366];
const SCHEMES = ["light", "dark"] as const;
const PAGES = ["home", "article", "categoryPage2", "search", "notFound"] as const;
const outDir = path.join(PROJECT_ROOT, "screenshots");
mkdirSync(outDir, { recursive: true });

const running = await startSitesUnderTest();
const browser = await browserForRun();
try {
  for (const [index, site] of running.sites.entries()) {
    for (const name of PAGES) {
      const pagePath = site.pages[name];
      if (!pagePath) continue;
      for (const width of WIDTHS)
        for (const colorScheme of SCHEMES) {
          const page = await browser.newPage({ viewport: { width, height: width < 600 ? 844 : 900 }, colorScheme });
          await page.goto(site.origin + pagePath, { waitUntil: "networkidle" });
          if (pagePath.startsWith(ROUTES.search)) await page.locator("[data-search-results] li").first().waitFor();
          const file = path.join(outDir, `site${index + 1}-${name}-${width}-${colorScheme}.png`);
          await page.screenshot({ path: file, fullPage: false });
          await page.close();
          console.log(path.relative(PROJECT_ROOT, file));
        }
    }
  }
} finally {
  await browser.close();
  await running.stop();
}
