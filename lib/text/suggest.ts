import { closest, distance } from "fastest-levenshtein";

/** The known name closest to a mistyped one, when it is plausibly a typo rather than another word. */
export function closestName(value: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const guess = closest(value, known as string[]);
  return distance(value, guess) <= Math.max(2, Math.floor(guess.length / 3)) ? guess : undefined;
}

/** "có phải ý bạn là `x`?", or the list of valid names: the hint after an unknown field. */
export function suggestKey(key: string, known: readonly string[]): string {
  const guess = closestName(key, known);
  return guess
    ? `có phải ý bạn là \`${guess}\`? Các trường hợp lệ: ${known.join(", ")}`
    : `xóa dòng này hoặc dùng một trường hợp lệ: ${known.join(", ")}`;
}
