import { UserError } from "../messages/user-error.ts";
import { decodeHTML } from "entities";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { DateTime } from "luxon";
import { NEWSROOM_ZONE } from "../text/dates.ts";

/** What a WordPress export (WXR, "Tools → Export") holds that the newsroom keeps. */
export interface WxrExport {
  title: string;
  /** The old site's address, e.g. https://baosonla.vn */
  link: string;
  /** Authors by login: their display names. */
  authors: Map<string, string>;
  categories: WxrCategory[];
  attachments: Map<string, WxrAttachment>;
  posts: WxrPost[];
  /** Items that are neither posts nor attachments (pages, menus…), by type: not imported. */
  skipped: Map<string, number>;
}

export interface WxrCategory {
  nicename: string;
  name: string;
  parent: string;
}

export interface WxrAttachment {
  id: string;
  url: string;
  /** The file under wp-content/uploads, e.g. 2017/11/anh.jpg */
  file?: string;
  caption: string;
  alt: string;
}

export interface WxrPost {
  id: string;
  title: string;
  /** The old address of the post. */
  link: string;
  /** Publication time in the newsroom's zone, when the export has one. */
  date?: DateTime;
  /** WordPress's own slug (post_name), decoded. */
  slug: string;
  status: string;
  creator: string;
  html: string;
  excerpt: string;
  categories: { nicename: string; name: string }[];
  tags: string[];
  thumbnailId?: string;
  comments: WxrComment[];
}

export interface WxrComment {
  id: string;
  author: string;
  date?: DateTime;
  html: string;
  approved: boolean;
  type: string;
}

export class WxrError extends UserError {
  override name = "WxrError";
  constructor(message: string, options?: ErrorOptions) {
    super("import.wxr-invalid", message, options);
  }
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  cdataPropName: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => ["item", "category", "wp:postmeta", "wp:comment", "wp:author", "wp:category"].includes(name),
});

const text = (value: unknown): string => {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return text((value as Node)["#text"]);
  return String(value).normalize("NFC");
};

const list = (value: unknown): Node[] => (Array.isArray(value) ? (value as Node[]) : value ? [value as Node] : []);

/** "2017-11-20 01:00:00", UTC in `_gmt` fields; "0000-00-00 00:00:00" means none. */
function wpDate(value: unknown, zone: string): DateTime | undefined {
  const raw = text(value);
  if (!raw || raw.startsWith("0000")) return undefined;
  const parsed = DateTime.fromSQL(raw, { zone });
  return parsed.isValid ? parsed.setZone(NEWSROOM_ZONE) : undefined;
}

/** WordPress keeps titles, names and terms HTML-escaped ("Giá lúa &amp; ngô"): the newsroom keeps plain text. */
function plain(node: unknown): string {
  return decodeHTML(text(node)).replace(/\s+/g, " ").trim();
}

function decodeSlug(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function postmeta(item: Node): Map<string, string> {
  return new Map(list(item["wp:postmeta"]).map((meta) => [text(meta["wp:meta_key"]), text(meta["wp:meta_value"])]));
}

/** Reads an export, or says plainly why the file is not one. */
export function parseWxr(xml: string, source: string): WxrExport {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new WxrError(
      `${source}: không phải XML hợp lệ — ${valid.err.msg} (dòng ${valid.err.line}, cột ${valid.err.col}); xuất lại tệp từ WordPress (Công cụ → Xuất)`,
    );
  const document = parser.parse(xml) as Node;
  const channel = (document.rss as Node | undefined)?.channel as Node | undefined;
  if (!channel || channel["wp:wxr_version"] === undefined) {
    throw new WxrError(
      `${source}: không phải tệp xuất WordPress (WXR) — cần tệp .xml do WordPress tạo ở Công cụ → Xuất → Tất cả nội dung`,
    );
  }
  const authors = new Map(
    list(channel["wp:author"]).map((author) => [
      text(author["wp:author_login"]),
      plain(author["wp:author_display_name"]) || text(author["wp:author_login"]),
    ]),
  );
  const categories = list(channel["wp:category"]).map((category) => ({
    nicename: decodeSlug(text(category["wp:category_nicename"])),
    name: plain(category["wp:cat_name"]),
    parent: decodeSlug(text(category["wp:category_parent"])),
  }));
  const attachments = new Map<string, WxrAttachment>();
  const posts: WxrPost[] = [];
  const skipped = new Map<string, number>();
  for (const item of list(channel.item)) {
    const type = text(item["wp:post_type"]);
    const meta = postmeta(item);
    const id = text(item["wp:post_id"]);
    if (type === "attachment") {
      attachments.set(id, {
        id,
        url: text(item["wp:attachment_url"]) || text(item.guid),
        file: meta.get("_wp_attached_file"),
        caption: text(item["excerpt:encoded"]),
        alt: decodeHTML(meta.get("_wp_attachment_image_alt") ?? "").trim(),
      });
      continue;
    }
    if (type !== "post") {
      skipped.set(type || "(không rõ)", (skipped.get(type || "(không rõ)") ?? 0) + 1);
      continue;
    }
    const terms = list(item.category);
    posts.push({
      id,
      title: plain(item.title),
      link: text(item.link),
      date: wpDate(item["wp:post_date_gmt"], "utc") ?? wpDate(item["wp:post_date"], NEWSROOM_ZONE),
      slug: decodeSlug(text(item["wp:post_name"])),
      status: text(item["wp:status"]),
      creator: text(item["dc:creator"]),
      html: text(item["content:encoded"]),
      excerpt: text(item["excerpt:encoded"]),
      categories: terms
        .filter((term) => term["@_domain"] === "category")
        .map((term) => ({ nicename: decodeSlug(text(term["@_nicename"])), name: plain(term) })),
      tags: terms.filter((term) => term["@_domain"] === "post_tag").map((term) => plain(term)),
      thumbnailId: meta.get("_thumbnail_id"),
      comments: list(item["wp:comment"]).map((comment) => ({
        id: text(comment["wp:comment_id"]),
        author: plain(comment["wp:comment_author"]),
        date: wpDate(comment["wp:comment_date_gmt"], "utc") ?? wpDate(comment["wp:comment_date"], NEWSROOM_ZONE),
        html: text(comment["wp:comment_content"]),
        approved: text(comment["wp:comment_approved"]) === "1",
        type: text(comment["wp:comment_type"]),
      })),
    });
  }
  return { title: text(channel.title), link: text(channel.link), authors, categories, attachments, posts, skipped };
}
