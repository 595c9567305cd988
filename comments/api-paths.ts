/**
 * The endpoint's addresses, defined once: the server registers them, the page's script and the
 * comment form's template post to them, the scripts fetch from them.
 */
export const COMMENTS_API = {
  /** POST a comment (JSON or a form); GET an article's approved comments (?article=/path/). */
  comments: "/api/comments",
  /** GET a signed "form shown at" token. */
  formToken: "/api/comments/form-token",
  /** GET every approved comment (admin): what the build bakes into pages. */
  export: "/api/comments/export",
  /** The moderation API (admin): the queue, and /:id/approve|reject, DELETE /:id. */
  admin: "/api/admin/comments",
} as const;
