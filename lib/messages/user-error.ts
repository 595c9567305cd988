import { explain, type MessageCode } from "./catalogue.ts";

/**
 * A mistake the user can fix: an editor's file, a setting, an output folder, a destination. Every
 * entry point prints it as its message and the catalogue's hint (messages/catalogue.ts) and exits
 * 1, never with a stack trace; anything else is a bug and keeps its stack. `code` names the kind of
 * mistake, stable for tests and scripts.
 */
export class UserError extends Error {
  override name = "UserError";
  constructor(
    readonly code: MessageCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** What a command prints: the message, then how to put it right. */
  explained(): string {
    return explain(this.code, this.message);
  }
}

/** The end of a command on an error: a user's mistake is printed (after `prefix`) and exits 1; a bug is rethrown. */
export function exitOnUserError(error: unknown, prefix = ""): never {
  if (!(error instanceof UserError)) throw error;
  console.error(`${prefix}${error.explained()}`);
  process.exit(1);
}
