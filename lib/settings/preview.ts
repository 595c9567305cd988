// What a preview of a change is called where the workflow, the CMS and `npm run preview` meet.

/** The commit status that carries a pull request's preview address (the CMS reads it as `preview_context`). */
export const PREVIEW_STATUS_CONTEXT = "toasoan/xem-truoc";
