import { type ContentCode, hintLine } from "./catalogue.ts";
import { UserError } from "./user-error.ts";

/** One problem in one editor's file, printed as `path:line: field: what is wrong — how to fix it`. */
export interface ContentProblem {
  file: string;
  /** The line of the file it is about (1-based): the field's line, or where a missing field goes. */
  line?: number;
  field?: string;
  /** Which kind of problem, for the catalogue's hint and for tests and scripts. */
  code: ContentCode;
  message: string;
}

/** `path:line: field: what is wrong — how to fix it [code]`: one line per problem. */
export function formatProblem(problem: ContentProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  const what = problem.field ? `${where}: ${problem.field}: ${problem.message}` : `${where}: ${problem.message}`;
  return `${what} [${problem.code}]`;
}

/** What a command prints for invalid content: a line per problem, then the catalogue's hint of each kind. */
export function problemReport(problems: readonly ContentProblem[]): string[] {
  const kinds = [...new Set(problems.map((problem) => problem.code))];
  return [
    ...problems.map((problem) => `  ${formatProblem(problem)}`),
    ...kinds.map((code) => `${hintLine(code)} [${code}]`),
  ];
}

/** Thrown when any article is invalid: the build stops before anything is written. */
export class ContentValidationError extends UserError {
  constructor(readonly problems: readonly ContentProblem[]) {
    super(
      "content.invalid",
      [`${problems.length} lỗi trong nội dung, chưa xuất bản gì:`, ...problemReport(problems)].join("\n"),
    );
    this.name = "ContentValidationError";
  }

  /** The problems already carry their kinds' hints (see problemReport). */
  override explained(): string {
    return this.message;
  }
}

/**
 * Where in an editor's file a problem is: the line of a front-matter field (`tags` for `tags.1`),
 * the closing `---` when the field is missing (where to add it), or the first line of the body that
 * holds `needle` (an image or link address).
 */
export function lineOf(text: string, field?: string, needle?: string): number {
  const lines = text.split(/\r?\n/);
  const closing = lines[0]?.startsWith("---")
    ? lines.findIndex((line, index) => index > 0 && /^---\s*$/.test(line))
    : -1;
  if (needle) {
    const found = lines.findIndex((line, index) => index > closing && line.includes(needle));
    if (found >= 0) return found + 1;
  }
  if (field && closing > 0) {
    const key = field.split(".")[0]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const found = lines.findIndex(
      (line, index) => index > 0 && index < closing && new RegExp(`^${key}\\s*:`).test(line),
    );
    return found >= 0 ? found + 1 : closing + 1;
  }
  return 1;
}
