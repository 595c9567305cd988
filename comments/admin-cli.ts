#!/usr/bin/env node
// npm run comments:admin -- list [--status pending|approved|rejected] | approve ID | reject ID | delete ID | export [--out FILE]
// Works on the same SQLite file as the server (COMMENTS_DB). After every change it rewrites the
// export of approved comments that the site build bakes into pages (COMMENTS_EXPORT).
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadCommentsConfig } from "./config.ts";
import { COMMENT_STATUSES, type CommentStatus, CommentStore, type StoredComment } from "./store.ts";

const USAGE = `Cách dùng: npm run comments:admin -- <lệnh>
  list [--status pending|approved|rejected]   liệt kê bình luận (mặc định: chờ duyệt)
  approve <mã>                                duyệt và hiện bình luận
  reject <mã>                                 từ chối (giữ lại trong cơ sở dữ liệu)
  delete <mã>                                 xóa hẳn
  export [--out tệp]                          ghi các bình luận đã duyệt ra JSON cho lần dựng trang sau
  backup <tệp>                                sao lưu cơ sở dữ liệu khi máy chủ vẫn chạy`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

function describe(comment: StoredComment): string {
  return `#${comment.id} [${comment.status}] ${comment.created_at} ${comment.article}\n    ${comment.author}: ${comment.body.replace(/\n/g, "\n    ")}`;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { status: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
});
const [command, argument] = positionals;
if (values.help || !command) {
  console.log(USAGE);
  process.exit(command || values.help ? 0 : 1);
}

const config = loadCommentsConfig();
const exportFile = values.out ?? (process.env.COMMENTS_EXPORT || "data/approved-comments.json");
const store = new CommentStore(config.dbFile);
const exportApproved = () => {
  writeAtomically(exportFile, `${JSON.stringify(store.exportApproved(), null, 2)}\n`);
  return exportFile;
};
const requireId = (): number => {
  if (!argument || !/^\d+$/.test(argument))
    fail(`Lệnh "${command}" cần mã bình luận là số, ví dụ: npm run comments:admin -- ${command} 12`);
  return Number(argument);
};

try {
  switch (command) {
    case "list": {
      const status = (values.status ?? "pending") as CommentStatus;
      if (!COMMENT_STATUSES.includes(status)) fail(`--status phải là một trong: ${COMMENT_STATUSES.join(", ")}`);
      const comments = store.list(status);
      console.log(
        comments.length === 0 ? `Không có bình luận nào ở trạng thái ${status}.` : comments.map(describe).join("\n"),
      );
      break;
    }
    case "approve":
    case "reject": {
      const id = requireId();
      const updated = store.setStatus(id, command === "approve" ? "approved" : "rejected");
      if (!updated) fail(`Không có bình luận mã ${id}.`);
      console.log(
        `${command === "approve" ? "Đã duyệt" : "Đã từ chối"} bình luận #${id}. Đã cập nhật ${exportApproved()}.`,
      );
      break;
    }
    case "delete": {
      const id = requireId();
      if (!store.remove(id)) fail(`Không có bình luận mã ${id}.`);
      console.log(`Đã xóa bình luận #${id}. Đã cập nhật ${exportApproved()}.`);
      break;
    }
    case "backup": {
      if (!argument)
        fail(
          "Lệnh backup cần tên tệp đích, ví dụ: npm run comments:admin -- backup backups/comments-2026-11-26.sqlite",
        );
      await store.backup(argument);
      console.log(`Đã sao lưu ${config.dbFile} vào ${argument}.`);
      break;
    }
    case "export":
      console.log(`Đã ghi các bình luận đã duyệt vào ${exportApproved()}.`);
      break;
    default:
      fail(`Không có lệnh "${command}".\n${USAGE}`);
  }
} finally {
  store.close();
}
