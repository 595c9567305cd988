import path from "node:path";
import { userError } from "./deploy-error.ts";

/** Where `npm run deploy` sends the site. */
export type Destination =
  | { kind: "folder"; path: string; label: string }
  | { kind: "ssh"; spec: string; label: string }
  | { kind: "s3"; bucket: string; prefix: string; label: string }
  | { kind: "github-pages"; label: string };

export const GITHUB_PAGES_DESTINATION = "github-pages";

// user@host:/path or host:path, as rsync and scp write them (not a Windows drive letter, not a URL).
const SSH_SPEC = /^(?:[^@/\s:]+@)?[A-Za-z0-9.\-_[\]]+:(?!\/\/)/;

/**
 * Reads a destination as an operator writes it: `/srv/www/baosonla` (a folder), `www@host:/var/www/…`
 * (a server over SSH), `s3://bucket/prefix` (S3-compatible storage) or `github-pages`.
 */
export function parseDestination(text: string | undefined, cwd = process.cwd()): Destination {
  const value = (text ?? "").trim();
  const usage = "ví dụ /srv/www/baosonla, www@may-chu:/var/www/baosonla, s3://ten-kho/duong-dan hoặc github-pages";
  if (value === "")
    throw userError("deploy.destination-missing", `chưa nêu nơi triển khai — ${usage} (hoặc đặt biến DEPLOY_TO)`);
  if (value === GITHUB_PAGES_DESTINATION) return { kind: "github-pages", label: "GitHub Pages" };
  if (value.startsWith("s3://")) {
    const [bucket = "", ...rest] = value.slice("s3://".length).split("/");
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
      throw userError(
        "deploy.destination-invalid",
        `${value}: tên kho (bucket) "${bucket}" không hợp lệ — 3–63 chữ thường, số, dấu chấm hoặc gạch nối, ví dụ s3://baosonla-web`,
      );
    const prefix = rest.filter(Boolean).join("/");
    return { kind: "s3", bucket, prefix: prefix ? `${prefix}/` : "", label: `s3://${bucket}/${prefix}` };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value))
    throw userError("deploy.destination-invalid", `${value}: không triển khai được tới địa chỉ kiểu này — ${usage}`);
  if (SSH_SPEC.test(value)) {
    const remotePath = value.slice(value.indexOf(":") + 1);
    if (remotePath === "" || remotePath === "/")
      throw userError(
        "deploy.destination-invalid",
        `${value}: cần một thư mục trên máy chủ, ví dụ www@may-chu:/var/www/baosonla`,
      );
    return { kind: "ssh", spec: value.replace(/\/+$/, ""), label: value };
  }
  const folder = path.resolve(cwd, value);
  if (folder === path.parse(folder).root)
    throw userError("deploy.destination-invalid", `${value}: không triển khai vào thư mục gốc của máy`);
  return { kind: "folder", path: folder, label: folder };
}
