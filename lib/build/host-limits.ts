import { ledgerTotals, type OutputLedger } from "./output-ledger.ts";

/** What a static host accepts of one site (published limits, checked 2026-12). */
export interface HostLimits {
  name: string;
  maxBytes?: number;
  maxFiles?: number;
  /** Where the limit is documented. */
  source: string;
}

export const GITHUB_PAGES: HostLimits = {
  name: "GitHub Pages",
  maxBytes: 1024 ** 3,
  source: "https://docs.github.com/pages/getting-started-with-github-pages/github-pages-limits",
};

/** Warn from this share of a limit on, before the host refuses the site. */
const WARN_FROM = 0.8;

const gigabytes = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2).replace(".", ",")} GB`;

/** The limits of the host a site is deployed to (DEPLOY_TO): GitHub Pages when none is set, as in the workflow. */
export function hostOf(deployTo: string): HostLimits | undefined {
  return deployTo === "" || deployTo === "github-pages" ? GITHUB_PAGES : undefined;
}

/** The problems a site of this size has on a host: over a limit, or near one. */
export function limitProblems(totals: { files: number; bytes: number }, host: HostLimits): string[] {
  const problems: string[] = [];
  const check = (value: number, limit: number | undefined, what: string, show: (n: number) => string) => {
    if (limit === undefined || value < limit * WARN_FROM) return;
    const state = value > limit ? "vượt" : "sắp chạm";
    problems.push(
      `${what} của trang ${show(value)} ${state} giới hạn ${show(limit)} của ${host.name} (${host.source}) — triển khai tới máy chủ riêng (npm run deploy -- www@máy-chủ:/thư-mục) hoặc kho S3 (npm run deploy -- s3://bucket), đặt biến DEPLOY_TO của kho`,
    );
  };
  check(totals.bytes, host.maxBytes, "Dung lượng", gigabytes);
  check(totals.files, host.maxFiles, "Số tệp", (n) => n.toLocaleString("vi-VN"));
  return problems;
}

/** The build's warnings for the host it is deployed to, from the ledger it has just written. */
export function hostWarnings(ledger: OutputLedger, deployTo: string): string[] {
  const host = hostOf(deployTo);
  return host ? limitProblems(ledgerTotals(ledger), host).map((problem) => `Cảnh báo: ${problem}`) : [];
}
