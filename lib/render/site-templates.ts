import type { Settings } from "../settings/settings.ts";
import { siteFilters } from "./filters.ts";
import { pageGlobals } from "./page-globals.ts";

/** The part of Eleventy's configuration the site's templates are set up through. */
export interface TemplateConfig {
  addNunjucksFilter(name: string, filter: (...values: never[]) => unknown): void;
  addGlobalData(name: string, value: unknown): void;
}

/**
 * The site's one template configuration, as an Eleventy plugin: its filters, and the globals every
 * page reads (validated settings, so they win over Eleventy's own reading of the data folder). The
 * build's worker threads apply the same plugin to their Nunjucks environment (createNunjucks), so
 * whichever path renders a page, it sees the same names.
 */
export function siteTemplates(settings: Settings): (config: TemplateConfig) => void {
  return (config) => {
    for (const [name, filter] of Object.entries(siteFilters(settings.site))) config.addNunjucksFilter(name, filter);
    for (const [name, value] of Object.entries(pageGlobals(settings))) config.addGlobalData(name, value);
  };
}
