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
  /** POST one view of an article (the page's beacon: article=/path/). */
  views: "/api/views",
  /** GET one view of an article as a 1×1 picture (?article=/path/): the page without JavaScript. */
  viewPixel: "/api/views/anh.gif",
  /** GET Đọc nhiều: the most-read lists of the site and of each category (public, cacheable). */
  mostRead: "/api/most-read",
  /** GET the same lists for the build (admin), with the approved comments' export. */
  mostReadExport: "/api/admin/most-read",
} as const;

/** The moderation pages in a browser. */
const ADMIN_ROOT = "/quan-tri/";
export const ADMIN_PATHS = {
  queue: ADMIN_ROOT,
  login: `${ADMIN_ROOT}dang-nhap`,
  logout: `${ADMIN_ROOT}dang-xuat`,
  act: `${ADMIN_ROOT}binh-luan`,
  comment: (id: number) => `${ADMIN_ROOT}binh-luan/${id}`,
  readers: `${ADMIN_ROOT}nguoi-doc`,
  readerExport: `${ADMIN_ROOT}nguoi-doc/xuat`,
  readerDelete: `${ADMIN_ROOT}nguoi-doc/xoa`,
  styles: `${ADMIN_ROOT}kieu.css`,
  mostRead: `${ADMIN_ROOT}doc-nhieu`,
} as const;
