/** A deploy problem the operator can fix (a wrong destination, credentials, a host that does not answer): printed without a stack trace. */
export class DeployError extends Error {
  override name = "DeployError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const userError = (code: string, message: string) => new DeployError(code, message);
