// node:util's parseArgs with its mistakes said in Vietnamese: shared by the endpoint's commands and
// (imported from here, since the endpoint's package stands alone) the build's.
import { parseArgs, type ParseArgsConfig } from "node:util";

/** A command line the command cannot take, said for the user (which option, what is wrong with it). */
export class ArgumentMistake extends Error {
  override name = "ArgumentMistake";
}

const quoted = (message: string) => /'([^']+)'/.exec(message)?.[1] ?? "";

function describe(error: { code: string; message: string }, config: ParseArgsConfig): string {
  const known = Object.keys(config.options ?? {}).map((name) => `--${name}`);
  const valid = known.length > 0 ? `các tùy chọn hợp lệ: ${known.join(", ")}` : "lệnh này không có tùy chọn nào";
  const token = quoted(error.message);
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `không có tùy chọn ${token} (${valid})`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `lệnh này không nhận thêm "${token}"`;
    default: {
      const option = token.split(" ")[0];
      return error.message.includes("argument missing")
        ? `tùy chọn ${option} cần một giá trị, ví dụ ${option} <giá trị>`
        : `tùy chọn ${option} không nhận giá trị`;
    }
  }
}

/** parseArgs, throwing an ArgumentMistake for an unknown option, a missing value or an extra argument. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"))
      throw new ArgumentMistake(describe({ code, message: (error as Error).message }, config));
    throw error;
  }
}
