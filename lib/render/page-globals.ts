import { COMMENTS_API } from "../../comments/shared/api-paths.ts";
import { commentRulesForPages } from "../settings/comment-rules.ts";
import { correctionAnchor, ROUTES, SEARCH_PARAMS } from "../settings/routes.ts";
import type { Settings } from "../settings/settings.ts";

/** What every page's template may read besides its own data (Eleventy's global data too). */
export function pageGlobals(settings: Settings) {
  return {
    site: settings.site,
    ui: settings.ui,
    routes: ROUTES,
    searchParams: SEARCH_PARAMS,
    commentRules: commentRulesForPages(),
    /** The endpoint's addresses the pages name themselves (the scripts import them). */
    endpointApi: { viewPixel: COMMENTS_API.viewPixel },
    correctionAnchor,
  };
}
