// The comment box, enhanced: live counter, the same rules as the server, posting with fetch and
// loading approved comments. Without this script the form still posts and redirects back.
import { COMMENTS_API } from "../comments/shared/api-paths.ts";
import { formatIsoInNewsroomZone } from "../lib/text/vietnamese.ts";
import { required } from "./dom.ts";
import {
  checkComment,
  COMMENT_BODY_MAX,
  COMMENT_MESSAGES,
  countCharacters,
  FORM_TOKEN_FIELD,
  overLimitMessage,
  remainingMessage,
} from "../comments/shared/rules.ts";

interface PublicComment {
  id: number;
  author: string;
  body: string;
  created_at: string;
}

function renderComment(comment: PublicComment): HTMLLIElement {
  // textContent only: a comment is plain text and must never become markup.
  const item = document.createElement("li");
  item.className = "comment";
  item.dataset.commentId = String(comment.id);
  const meta = document.createElement("p");
  meta.className = "comment__meta";
  const author = document.createElement("span");
  author.className = "comment__author";
  author.textContent = comment.author;
  const time = document.createElement("time");
  time.dateTime = comment.created_at;
  time.textContent = formatIsoInNewsroomZone(comment.created_at);
  meta.append(author, " · ", time);
  const body = document.createElement("p");
  body.className = "comment__body";
  body.textContent = comment.body;
  item.append(meta, body);
  return item;
}

function enhance(section: HTMLElement): void {
  const endpoint = section.dataset.endpoint ?? "";
  const article = section.dataset.article ?? "";
  const form = required<HTMLFormElement>(section, "[data-comment-form]");
  const textarea = required<HTMLTextAreaElement>(form, "textarea[name=body]");
  const authorInput = required<HTMLInputElement>(form, "input[name=author]");
  const counter = required<HTMLElement>(form, "[data-comment-counter]");
  const status = required<HTMLElement>(form, "[data-comment-status]");
  const list = required<HTMLOListElement>(section, "[data-comment-list]");
  const empty = required<HTMLElement>(section, "[data-comment-empty]");
  const button = required<HTMLButtonElement>(form, "button[type=submit]");
  form.noValidate = true;
  const tokenInput = form.querySelector<HTMLInputElement>(`input[name=${FORM_TOKEN_FIELD}]`);
  // The signed "form shown at" time: a post sooner than a person could write is refused.
  void fetch(`${endpoint}${COMMENTS_API.formToken}`)
    .then((response) => (response.ok ? (response.json() as Promise<{ token: string }>) : undefined))
    .then((answer) => {
      if (answer && tokenInput) tokenInput.value = answer.token;
    })
    .catch(() => undefined);

  const showStatus = (message: string, kind: "ok" | "error" | "info") => {
    status.textContent = message;
    status.dataset.kind = kind;
  };

  const updateCounter = () => {
    const remaining = COMMENT_BODY_MAX - countCharacters(textarea.value);
    counter.textContent = remaining >= 0 ? remainingMessage(remaining) : overLimitMessage(-remaining);
    counter.toggleAttribute("data-over", remaining < 0);
  };
  textarea.addEventListener("input", updateCounter);
  updateCounter();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const honeypot = form.querySelector<HTMLInputElement>("input[name=website]")?.value ?? "";
    const check = checkComment({ article, author: authorInput.value, body: textarea.value, website: honeypot });
    for (const input of [authorInput, textarea]) input.removeAttribute("aria-invalid");
    if (!check.ok) {
      const field = check.field === "author" ? authorInput : textarea;
      field.setAttribute("aria-invalid", "true");
      showStatus(check.error, "error");
      field.focus();
      return;
    }
    button.disabled = true;
    showStatus(COMMENT_MESSAGES.sending, "info");
    try {
      const response = await fetch(`${endpoint}${COMMENTS_API.comments}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ...check.value, website: honeypot, [FORM_TOKEN_FIELD]: tokenInput?.value ?? "" }),
      });
      const answer = (await response.json().catch(() => ({}))) as { error?: string; status?: string };
      if (response.status === 201) {
        form.reset();
        updateCounter();
        // A trusted reader's comment is published at once (COMMENTS_TRUSTED_AFTER): show it now.
        if (answer.status === "approved") {
          showStatus(COMMENT_MESSAGES.published, "ok");
          await loadApproved();
        } else showStatus(COMMENT_MESSAGES.pending, "ok");
      } else {
        showStatus(answer.error ?? COMMENT_MESSAGES.network, "error");
      }
    } catch {
      showStatus(COMMENT_MESSAGES.network, "error");
    } finally {
      button.disabled = false;
    }
  });

  const loadApproved = async () => {
    try {
      const response = await fetch(`${endpoint}${COMMENTS_API.comments}?article=${encodeURIComponent(article)}`);
      if (!response.ok) return;
      const comments = (await response.json()) as PublicComment[];
      const shown = new Set(
        [...list.querySelectorAll<HTMLElement>("[data-comment-id]")].map((item) => item.dataset.commentId),
      );
      for (const comment of comments) {
        if (!shown.has(String(comment.id))) list.append(renderComment(comment));
      }
      empty.hidden = list.children.length > 0;
    } catch {
      // The baked-in comments stay; live ones are a bonus when the endpoint is reachable.
    }
  };
  void loadApproved();
}

for (const section of document.querySelectorAll<HTMLElement>("[data-comments]")) enhance(section);
