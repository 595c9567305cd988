import type { Article, Withdrawal } from "../content/article.ts";
import { redirectPagePath } from "./redirects.ts";

/** One address of an article taken down (its own or an old one) and what it tells readers there. */
export interface WithdrawalNotice extends Withdrawal {
  /** The site path of the page written there. */
  address: string;
}

/**
 * What the notice at an address that no longer holds an article tells: when and why, for an
 * article taken down with `withdrawn:`; nothing more for one whose file was deleted.
 */
export type PageNotice = { address: string } & Partial<Withdrawal>;

/** Every address of every article taken down: each answers with a notice, never with a 404. */
export function withdrawalNoticesOf(withdrawn: readonly Article[]): WithdrawalNotice[] {
  return withdrawn.flatMap((article) =>
    [article.url, ...article.aliases.map(redirectPagePath)].map((address) => ({ address, ...article.withdrawn! })),
  );
}

/**
 * The empty file beside a notice that tells a web server to answer 410 Gone there (the README's
 * nginx settings test for it): `/a/b/` → `/a/b/.410`, `/a/b.html` → `/a/b.html.410`.
 */
export const goneMarkerPath = (address: string) => `${address}.410`;
