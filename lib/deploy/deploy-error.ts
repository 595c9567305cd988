import type { MessageCode } from "../messages/catalogue.ts";
import { UserError } from "../messages/user-error.ts";

/** A deploy problem the operator can fix (a wrong destination, credentials, a host that does not answer): printed without a stack trace. */
export class DeployError extends UserError {
  override name = "DeployError";
}

export const userError = (code: MessageCode, message: string) => new DeployError(code, message);
