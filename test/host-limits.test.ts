import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GITHUB_PAGES, hostOf, hostWarnings, limitProblems, type HostLimits } from "../lib/build/host-limits.ts";
import type { OutputLedger } from "../lib/build/output-ledger.ts";

const GB = 1024 ** 3;

/** A ledger of `files` files that add up to `bytes`. */
function ledgerOf(files: number, bytes: number): OutputLedger {
  const each = Math.floor(bytes / files);
  return {
    folderId: "test",
    files: new Map(Array.from({ length: files }, (_, i) => [`trang-${i}.html`, { md5: "x", size: each }])),
    local: new Set(),
  };
}

describe("the build warns when the site outgrows its host", () => {
  test("GitHub Pages is the host when DEPLOY_TO is unset or github-pages, and no other destination has a limit", () => {
    assert.equal(hostOf(""), GITHUB_PAGES);
    assert.equal(hostOf("github-pages"), GITHUB_PAGES);
    assert.equal(hostOf("www@may-chu:/var/www/bao"), undefined);
    assert.equal(hostOf("s3://bao/site"), undefined);
  });

  test("under 80 % of a limit: nothing; from 80 %: a warning naming the size, the limit, the host and the way out", () => {
    assert.deepEqual(limitProblems({ files: 10, bytes: 0.79 * GB }, GITHUB_PAGES), []);
    const [near] = limitProblems({ files: 10, bytes: 0.85 * GB }, GITHUB_PAGES);
    assert.match(
      near!,
      /^Dung lượng của trang 0,85 GB sắp chạm giới hạn 1,00 GB của GitHub Pages \(https:\/\/docs\.github\.com\//,
    );
    assert.match(near!, /npm run deploy -- s3:\/\/bucket/);
    assert.match(near!, /DEPLOY_TO/);
    const [over] = limitProblems({ files: 10, bytes: 3.8 * GB }, GITHUB_PAGES);
    assert.match(over!, /3,80 GB vượt giới hạn 1,00 GB của GitHub Pages/);
  });

  test("a host that limits the number of files: the count is checked the same way", () => {
    const host: HostLimits = {
      name: "Cloudflare Pages",
      maxFiles: 20_000,
      source: "https://developers.cloudflare.com/pages/platform/limits/",
    };
    assert.deepEqual(limitProblems({ files: 15_999, bytes: 0 }, host), []);
    const [over] = limitProblems({ files: 244_736, bytes: 0 }, host);
    assert.match(over!, /^Số tệp của trang 244\.736 vượt giới hạn 20\.000 của Cloudflare Pages/);
  });

  test("the build's warnings come from the ledger it has just written, for the host it deploys to", () => {
    const big = ledgerOf(1000, 0.9 * GB);
    const warnings = hostWarnings(big, "");
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^Cảnh báo: Dung lượng của trang 0,90 GB sắp chạm/);
    assert.deepEqual(hostWarnings(big, "s3://bao/site"), []);
    assert.deepEqual(hostWarnings(ledgerOf(1000, 0.1 * GB), "github-pages"), []);
  });
});
