/**
 * Waits for a condition, polling, and fails with a clear message after a deadline: a liveness
 * guard so that a broken server fails a test instead of hanging it (not a timing assertion).
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  what: string,
  deadlineMs: number,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Hết thời gian chờ: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
