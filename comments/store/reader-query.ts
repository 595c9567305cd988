// A reader's request for their own comments: found by the name they signed and/or their network.
import { EndpointMistake } from "../shared/mistakes.ts";
import { anonymiseIp } from "./client-ip.ts";
import type { StoredComment } from "./store.ts";

export interface ReaderQuery {
  author?: string;
  network?: string;
}

/** A reader's name as their requests compare it: NFC, one space between words, lower case. */
export const readerName = (name: string) => name.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi");

/** What a reader receives of their own comments: everything kept about them, the network named as such. */
export function readersCopy(reader: ReaderQuery, comments: readonly StoredComment[]) {
  return {
    exported_at: new Date().toISOString(),
    reader,
    comments: comments.map(({ ip_prefix: network, ...comment }) => ({ ...comment, network })),
  };
}

const STORED_PREFIX = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.0\/24|[0-9a-f]{1,4}(:[0-9a-f]{1,4}){2}::\/48)$/;

/** An address becomes the prefix stored for it; a prefix as stored stays as it is. */
export function networkPrefixOf(network: string): string {
  const value = network.trim().toLowerCase();
  const prefix = STORED_PREFIX.test(value) ? value : anonymiseIp(value);
  if (!prefix)
    throw new EndpointMistake(
      "comments.reader-query",
      `"${network}" không phải địa chỉ IP hay dải mạng đã lưu (ví dụ 203.0.113.7, 203.0.113.0/24 hoặc 2001:db8:1::/48)`,
    );
  return prefix;
}
