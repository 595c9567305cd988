import type { parseArgs, ParseArgsConfig } from "node:util";
import { ArgumentMistake, parseCommandLine } from "../../comments/shared/command-line.ts";
import type { MessageCode } from "./catalogue.ts";
import { UserError } from "./user-error.ts";

/** A command's arguments; a mistake in them (an unknown option, a missing value) is a UserError of `usage`. */
export function parseCommandArgs<T extends ParseArgsConfig>(
  usage: MessageCode,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseCommandLine(config);
  } catch (error) {
    if (error instanceof ArgumentMistake) throw new UserError(usage, error.message);
    throw error;
  }
}
