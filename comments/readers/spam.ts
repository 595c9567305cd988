// Spam rules beyond the honeypot and the rate limit: too many links, words the newsroom bans
// (matched after Vietnamese folding, so accents, "đ"/"d", case, spacing and dots between letters do
// not dodge them), the same comment twice. Each refusal carries its own reason, in Vietnamese.
import { readFileSync, statSync } from "node:fs";
import { foldVietnamese } from "../shared/fold.ts";
import { COMMENT_MESSAGES, type CommentErrorCode } from "../shared/rules.ts";

export interface SpamRefusal {
  code: CommentErrorCode;
  message: string;
  status: 409 | 422;
}

/** Web addresses as spammers write them: with a scheme, with www., or a bare domain name. */
const LINK =
  /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9][a-z0-9-]*\.(?:com|net|org|info|biz|vn|xyz|top|site|online|shop|club|io|me|co|cc|tk|ly)(?:\.[a-z]{2})?\b/gi;

export function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

/** Invisible characters people slip between letters to dodge a filter. */
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF]/g;

/**
 * The text as the banned-words check reads it: folded, invisible characters gone, every run of
 * other characters a single space, and runs of single letters joined ("l.ừ.a đ-ả-o" → "luadao").
 */
export function spamForm(text: string): string {
  const spaced = foldVietnamese(text.normalize("NFC").replace(INVISIBLE, ""))
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
  return spaced.replace(/\b(?:[a-z0-9] )+[a-z0-9]\b/g, (letters) => letters.replace(/ /g, ""));
}

/**
 * The banned words and phrases, one per line in a file the newsroom edits (`#` starts a comment).
 * The file is read again whenever it changes, so an edit applies without a restart.
 */
export class BannedWords {
  private phrases: { folded: string; joined: string }[] = [];
  private stamp = "";

  constructor(readonly file: string | undefined) {
    this.reload();
  }

  private reload(): void {
    if (!this.file) return;
    let stamp: string;
    try {
      const stat = statSync(this.file);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      stamp = "missing";
    }
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    const lines = stamp === "missing" ? [] : readFileSync(this.file, "utf8").split(/\r?\n/);
    this.phrases = lines
      .map((line) => line.replace(/#.*$/, "").trim())
      .filter(Boolean)
      .map((phrase) => spamForm(phrase))
      .filter(Boolean)
      .map((folded) => ({ folded, joined: folded.replace(/ /g, "") }));
  }

  /** The first banned phrase the text contains, as a whole word or phrase, or undefined. */
  foundIn(text: string): string | undefined {
    this.reload();
    const form = ` ${spamForm(text)} `;
    const joined = form.replace(/ /g, "");
    for (const phrase of this.phrases) {
      if (form.includes(` ${phrase.folded} `)) return phrase.folded;
      // Joined letters catch "l u a d a o"; only long phrases, so short words never match inside others.
      if (phrase.joined.length >= 6 && joined.includes(phrase.joined)) return phrase.folded;
    }
    return undefined;
  }

  get size(): number {
    this.reload();
    return this.phrases.length;
  }
}

export interface SpamRules {
  maxLinks: number;
  banned: BannedWords;
}

/** Too many links or a banned word; the same text twice is found as the comment is stored. */
export function spamRefusal(body: string, rules: SpamRules): SpamRefusal | undefined {
  if (countLinks(body) > rules.maxLinks)
    return { code: "lien-ket", message: COMMENT_MESSAGES.tooManyLinks, status: 422 };
  if (rules.banned.foundIn(body)) return { code: "tu-cam", message: COMMENT_MESSAGES.bannedWords, status: 422 };
  return undefined;
}

export const DUPLICATE_REFUSAL: SpamRefusal = { code: "trung-lap", message: COMMENT_MESSAGES.duplicate, status: 409 };
