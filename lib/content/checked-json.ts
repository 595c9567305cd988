import type { z } from "zod";
import type { MessageCode } from "../messages/catalogue.ts";
import { UserError } from "../messages/user-error.ts";

/**
 * A file the build reads from another program (the endpoint's exports), checked against its schema.
 * Anything wrong is one UserError with `code`, naming `source` and what the text is not.
 */
export function parseCheckedJson<Schema extends z.ZodType>(
  text: string,
  source: string,
  schema: Schema,
  code: MessageCode,
  what: string,
): z.output<Schema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      code,
      `${source}: không phải ${what} hợp lệ — không đọc được JSON (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new UserError(
      code,
      `${source}: không phải ${what} hợp lệ — ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
    );
  return parsed.data;
}
