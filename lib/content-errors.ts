/** One problem in one editor's file, printed as `path:field: what is wrong — how to fix it`. */
export interface ContentProblem {
  file: string;
  field?: string;
  message: string;
}

export function formatProblem(problem: ContentProblem): string {
  return problem.field ? `${problem.file}:${problem.field}: ${problem.message}` : `${problem.file}: ${problem.message}`;
}

/** Thrown when any article is invalid: the build stops before anything is written. */
export class ContentValidationError extends Error {
  constructor(readonly problems: readonly ContentProblem[]) {
    super(
      `${problems.length} lỗi trong nội dung, chưa xuất bản gì:\n` +
        problems.map((problem) => `  ${formatProblem(problem)}`).join("\n"),
    );
    this.name = "ContentValidationError";
  }
}
