// `comments:admin -- moderator …`: the accounts that sign in to /quan-tri/.
import type { Readable } from "node:stream";
import { EndpointMistake } from "../shared/mistakes.ts";
import { hashPassword, passwordProblem } from "./passwords.ts";
import type { CommentStore } from "../store/store.ts";

/** Where a password comes from: a terminal (typed, not shown) or a pipe. */
export type PasswordInput = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** What a moderator command reads and writes. */
export interface AccountIO {
  stdin: PasswordInput;
  out: (text: string) => void;
  err: (text: string) => void;
}

const NAME_MAX = 60;

/** Why a moderator name will not do, or undefined. */
export function nameProblem(name: string): string | undefined {
  if (!name) return "Cần tên đăng nhập, ví dụ: moderator add lan.nguyen";
  if (name !== name.trim()) return "Tên đăng nhập không được bắt đầu hay kết thúc bằng khoảng trắng.";
  if ([...name].length > NAME_MAX) return `Tên đăng nhập dài quá ${NAME_MAX} ký tự.`;
  if (/[\p{Cc}\p{Cf}]/u.test(name)) return "Tên đăng nhập có ký tự điều khiển hoặc ký tự ẩn.";
  return undefined;
}

/** The password typed at a terminal (not shown), or the first line piped in. */
async function readPassword(prompt: string, io: AccountIO): Promise<string> {
  const input = io.stdin;
  if (!input.isTTY || !input.setRawMode) {
    let text = "";
    for await (const chunk of input) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? "";
  }
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  let typed = "";
  try {
    for await (const chunk of input) {
      for (const char of String(chunk)) {
        if (char === "\r" || char === "\n") return typed;
        if (char === "\u0003") throw new EndpointMistake("comments-admin.account", "Đã hủy.");
        typed = char === "\u007f" ? typed.slice(0, -1) : typed + char;
      }
    }
    return typed;
  } finally {
    input.setRawMode(false);
    input.pause();
    process.stderr.write("\n");
  }
}

async function newPasswordHash(io: AccountIO): Promise<string> {
  const password = (await readPassword("Mật khẩu mới (không hiện khi gõ): ", io)).normalize("NFC");
  const problem = passwordProblem(password);
  if (problem) throw new EndpointMistake("comments-admin.account", problem);
  return hashPassword(password);
}

export async function moderatorCommand(
  store: CommentStore,
  action: string | undefined,
  rawName: string | undefined,
  io: AccountIO,
) {
  const name = (rawName ?? "").normalize("NFC");
  if (action === "list") {
    const moderators = await store.moderators.list();
    io.out(
      moderators.length === 0
        ? "Chưa có tài khoản duyệt bình luận nào. Tạo bằng: npm run comments:admin -- moderator add <tên>"
        : moderators.map((moderator) => `${moderator.name} (tạo lúc ${moderator.created_at})`).join("\n"),
    );
    return;
  }
  if (action !== "add" && action !== "password" && action !== "remove")
    throw new EndpointMistake("comments-admin.account", "moderator cần một việc: add, password, remove hoặc list.");
  const problem = nameProblem(name);
  if (problem) throw new EndpointMistake("comments-admin.account", problem);
  switch (action) {
    case "add": {
      if ((await store.moderators.passwordHashOf(name)) !== undefined)
        throw new EndpointMistake(
          "comments-admin.account",
          `Đã có tài khoản "${name}". Đổi mật khẩu bằng: moderator password ${name}`,
        );
      if (!(await store.moderators.add(name, await newPasswordHash(io))))
        throw new EndpointMistake("comments-admin.account", `Đã có tài khoản "${name}".`);
      io.out(`Đã tạo tài khoản "${name}": đăng nhập ở /quan-tri/ của máy chủ bình luận.`);
      return;
    }
    case "password": {
      if ((await store.moderators.passwordHashOf(name)) === undefined)
        throw new EndpointMistake("comments-admin.account", `Không có tài khoản "${name}".`);
      await store.moderators.setPassword(name, await newPasswordHash(io));
      io.out(`Đã đổi mật khẩu của "${name}"; các phiên đăng nhập cũ đã kết thúc.`);
      return;
    }
    case "remove": {
      if (!(await store.moderators.remove(name)))
        throw new EndpointMistake("comments-admin.account", `Không có tài khoản "${name}".`);
      io.out(`Đã xóa tài khoản "${name}" và các phiên đăng nhập của người đó.`);
      return;
    }
  }
}
