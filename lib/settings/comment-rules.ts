import { COMMENTS_API } from "../../comments/shared/api-paths.ts";
import {
  COMMENT_AUTHOR_MAX,
  COMMENT_BODY_MAX,
  COMMENT_BODY_MIN,
  COMMENT_MESSAGES,
  COMMENTS_SECTION_ID,
  FORM_NOTICES,
  FORM_TOKEN_FIELD,
  HONEYPOT_FIELD,
  remainingMessage,
} from "../../comments/shared/rules.ts";

/** What the article template needs of the comment rules (the same numbers and words the server uses). */
export function commentRulesForPages() {
  return {
    min: COMMENT_BODY_MIN,
    max: COMMENT_BODY_MAX,
    authorMax: COMMENT_AUTHOR_MAX,
    honeypot: HONEYPOT_FIELD,
    tokenField: FORM_TOKEN_FIELD,
    initialCounter: remainingMessage(COMMENT_BODY_MAX),
    noComments: COMMENT_MESSAGES.noComments,
    /** The comment box's words, defined with the endpoint's messages in comments/shared/rules.ts. */
    words: COMMENT_MESSAGES,
    notices: FORM_NOTICES,
    postPath: COMMENTS_API.comments,
    sectionId: COMMENTS_SECTION_ID,
  };
}
