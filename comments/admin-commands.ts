// `comments:admin`'s commands as a function of their arguments, environment and streams, so the
// CLI (admin-cli.ts) and the tests run the same code; a mistake is a message and exit code 1.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openManifest } from "./runtime/article-manifest.ts";
import { loadCommentsConfig } from "./runtime/config.ts";
import { mostReadLists } from "./runtime/most-read.ts";
import { ArgumentMistake, parseCommandLine } from "./shared/command-line.ts";
import { type EndpointCode, EndpointMistake } from "./shared/mistakes.ts";
import { Notifier } from "./runtime/notify.ts";
import { copyStore } from "./store/copy-store.ts";
import { openStore } from "./runtime/open-store.ts";
import { PostgresDatabase } from "./store/postgres-database.ts";
import { type AccountIO, moderatorCommand } from "./moderation/moderator-accounts.ts";
import { SqliteDatabase } from "./store/sqlite-database.ts";
import {
  ACTORS,
  COMMENT_STATUSES,
  type CommentStatus,
  CommentStore,
  readersCopy,
  type StoredComment,
} from "./store/store.ts";

/** Where a command reads its settings and password, and writes what it says. */
export interface AdminIO extends AccountIO {
  env: NodeJS.ProcessEnv;
}

const USAGE = `Cách dùng: npm run comments:admin -- <lệnh>
  list [--status pending|approved|rejected]   liệt kê bình luận (mặc định: chờ duyệt)
  approve <mã>                                duyệt và hiện bình luận
  reject <mã>                                 từ chối (giữ lại trong cơ sở dữ liệu)
  delete <mã>                                 xóa hẳn
  export [--out tệp]                          ghi các bình luận đã duyệt ra JSON cho lần dựng trang sau
  most-read [--out tệp]                       ghi danh sách Đọc nhiều (24 giờ, 7 ngày) ra JSON cho lần dựng trang sau
  backup <tệp>                                sao lưu cơ sở dữ liệu khi máy chủ vẫn chạy
  reader find   --author "Tên" [--network IP]   tìm mọi bình luận của một người đọc (theo tên và/hoặc mạng)
  reader export --author "Tên" [--network IP] --out tệp.json   xuất các bình luận đó ra JSON cho người đọc
  reader delete --author "Tên" [--network IP] --yes            xóa hẳn các bình luận đó (theo yêu cầu của người đọc)
  digest                                      gửi ngay thư tổng hợp các bình luận đang chờ duyệt (COMMENTS_SMTP_URL)
  moderator add <tên>                         tạo tài khoản duyệt bình luận ở /quan-tri/ (mật khẩu đọc từ đầu vào)
  moderator password <tên>                    đặt mật khẩu mới (đăng xuất mọi phiên của người đó)
  moderator remove <tên>                      xóa tài khoản (và mọi phiên của người đó)
  moderator list                              liệt kê tài khoản
  copy-to <postgres://…>                      chép bình luận, lịch sử duyệt và tài khoản sang PostgreSQL (cơ sở dữ liệu trống)
  purge-rejected [--days N]                   xóa bình luận bị từ chối quá N ngày (mặc định COMMENTS_REJECTED_RETENTION_DAYS, 30)`;

function fail(message: string, code: EndpointCode = "comments-admin.usage"): never {
  throw new EndpointMistake(code, message);
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

/** Runs one command line (without `node admin-cli.ts`); resolves to the exit code. */
export async function runAdminCommand(argv: string[], io: AdminIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (!(error instanceof EndpointMistake)) throw error;
    io.err(error.explained());
    return 1;
  }
}

/** The command line, or the mistake in it (an option the command does not know, one without its value). */
function commandLine(argv: string[]) {
  try {
    return parseCommandLine({
      args: argv,
      allowPositionals: true,
      options: {
        status: { type: "string" },
        out: { type: "string" },
        author: { type: "string" },
        network: { type: "string" },
        days: { type: "string" },
        yes: { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    if (error instanceof ArgumentMistake) throw new EndpointMistake("comments-admin.usage", error.message);
    throw error;
  }
}

async function run(argv: string[], io: AdminIO): Promise<number> {
  const { values, positionals } = commandLine(argv);
  const [command, argument] = positionals;
  if (values.help || !command) {
    io.out(USAGE);
    return command || values.help ? 0 : 1;
  }

  const config = loadCommentsConfig(io.env);
  const exportFile =
    (command === "export" ? values.out : undefined) ?? (io.env.COMMENTS_EXPORT || "data/approved-comments.json");
  const store = await openStore(config);
  const exportApproved = async () => {
    writeAtomically(exportFile, `${JSON.stringify(await store.exportApproved(), null, 2)}\n`);
    return exportFile;
  };
  const requireId = (): number => {
    if (!argument || !/^\d+$/.test(argument))
      fail(`Lệnh "${command}" cần mã bình luận là số, ví dụ: npm run comments:admin -- ${command} 12`);
    return Number(argument);
  };

  /** A reader's request about their own comments: see them, take them, or have them erased. */
  async function readerRequest(action: string | undefined): Promise<void> {
    const query = { author: values.author, network: values.network };
    const found = await store.findByReader(query);
    const who = [values.author && `tên "${values.author}"`, values.network && `mạng ${values.network}`]
      .filter(Boolean)
      .join(", ");
    switch (action) {
      case "find":
        io.out(
          found.length === 0
            ? `Không có bình luận nào của ${who}.`
            : `${found.length} bình luận của ${who}:\n${found.map(describe).join("\n")}`,
        );
        return;
      case "export": {
        if (!values.out) fail("reader export cần --out tệp.json để ghi các bình luận.");
        writeAtomically(values.out, `${JSON.stringify(readersCopy(query, found), null, 2)}\n`);
        io.out(`Đã xuất ${found.length} bình luận của ${who} vào ${values.out}.`);
        return;
      }
      case "delete": {
        if (!values.yes)
          fail(
            `Sẽ xóa hẳn ${found.length} bình luận của ${who}. Xem trước bằng "reader find", rồi chạy lại với --yes.`,
          );
        const removed = await store.removeMany(
          found.map((comment) => comment.id),
          ACTORS.cli,
        );
        io.out(`Đã xóa ${removed} bình luận của ${who}. Đã cập nhật ${await exportApproved()}.`);
        return;
      }
      default:
        fail(`reader cần một việc: find, export hoặc delete`);
    }
  }

  try {
    switch (command) {
      case "list": {
        const status = (values.status ?? "pending") as CommentStatus;
        if (!COMMENT_STATUSES.includes(status)) fail(`--status phải là một trong: ${COMMENT_STATUSES.join(", ")}`);
        const comments = await store.list(status);
        io.out(
          comments.length === 0 ? `Không có bình luận nào ở trạng thái ${status}.` : comments.map(describe).join("\n"),
        );
        break;
      }
      case "approve":
      case "reject": {
        const id = requireId();
        const updated = await store.setStatus(id, command, ACTORS.cli);
        if (!updated) fail(`Không có bình luận mã ${id}.`, "comments-admin.not-found");
        io.out(
          `${command === "approve" ? "Đã duyệt" : "Đã từ chối"} bình luận #${id}. Đã cập nhật ${await exportApproved()}.`,
        );
        break;
      }
      case "delete": {
        const id = requireId();
        if (!(await store.remove(id, ACTORS.cli))) fail(`Không có bình luận mã ${id}.`, "comments-admin.not-found");
        io.out(`Đã xóa bình luận #${id}. Đã cập nhật ${await exportApproved()}.`);
        break;
      }
      case "backup": {
        if (!argument)
          fail(
            "Lệnh backup cần tên tệp đích, ví dụ: npm run comments:admin -- backup backups/comments-2026-11-26.sqlite",
          );
        if (!(store.db instanceof SqliteDatabase))
          fail("backup chỉ dành cho SQLite; với PostgreSQL hãy dùng pg_dump (xem README, phần PostgreSQL).");
        await store.db.backup(argument);
        io.out(`Đã sao lưu ${config.dbFile} vào ${argument}.`);
        break;
      }
      case "export":
        io.out(`Đã ghi các bình luận đã duyệt vào ${await exportApproved()}.`);
        break;
      case "most-read": {
        const file = values.out ?? (io.env.TOASOAN_MOST_READ || "data/most-read.json");
        const manifest = await openManifest(config, io.err);
        try {
          const [views, excluded] = await Promise.all([store.views.recent(), store.views.excluded()]);
          writeAtomically(file, `${JSON.stringify(mostReadLists(views, manifest, excluded), null, 2)}\n`);
        } finally {
          manifest.close();
        }
        io.out(`Đã ghi danh sách Đọc nhiều vào ${file}.`);
        break;
      }
      case "reader":
        await readerRequest(argument);
        break;
      case "digest": {
        if (!config.notify.email)
          fail("Chưa đặt COMMENTS_SMTP_URL và COMMENTS_EMAIL_TO nên không gửi được thư.", "comments-admin.email");
        const notifier = new Notifier(config.notify, io.err);
        const listed = await notifier
          .sendDigest(await store.list("pending"))
          .catch((error: Error) =>
            fail(
              `Thư tổng hợp không gửi được tới ${config.notify.email!.to}: ${error.message}`,
              "comments-admin.email",
            ),
          );
        await notifier.settle();
        io.out(
          listed === 0
            ? "Không có bình luận nào chờ duyệt: không gửi thư."
            : `Đã gửi thư tổng hợp ${listed} bình luận chờ duyệt tới ${config.notify.email.to}.`,
        );
        break;
      }
      case "purge-rejected": {
        const days = values.days === undefined ? config.rejectedRetentionDays : Number(values.days);
        if (!Number.isInteger(days) || days < 0) fail("--days phải là số ngày (số nguyên từ 0).");
        const purged = await store.purgeRejected(new Date(Date.now() - days * 24 * 60 * 60 * 1000), ACTORS.cli);
        io.out(`Đã xóa ${purged} bình luận bị từ chối quá ${days} ngày.`);
        break;
      }
      case "copy-to": {
        if (!argument || !/^postgres(ql)?:\/\//.test(argument))
          fail(
            "copy-to cần địa chỉ PostgreSQL đích, ví dụ: copy-to postgres://toasoan:mat-khau@db:5432/toasoan_comments",
          );
        const target = await CommentStore.open(new PostgresDatabase(argument));
        try {
          const copied = await copyStore(store, target);
          io.out(
            `Đã chép ${copied.comments} bình luận, ${copied.moderation_log} dòng lịch sử duyệt và ${copied.moderators} tài khoản từ ${store.db.location} sang ${target.db.location}. Đặt COMMENTS_DATABASE_URL để máy chủ dùng nơi mới.`,
          );
        } finally {
          await target.close();
        }
        break;
      }
      case "moderator":
        await moderatorCommand(store, argument, positionals[2], io);
        break;
      default:
        fail(`Không có lệnh "${command}"`);
    }
  } finally {
    await store.close();
  }
  return 0;
}
