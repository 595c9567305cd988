/** The newsroom's time zone, defined once for the site, the endpoint and the page's scripts. */
export const NEWSROOM_ZONE = "Asia/Ho_Chi_Minh";
