import { isIPv4, isIPv6 } from "node:net";

function unmapped(ip: string): string {
  return ip.startsWith("::ffff:") && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
}

/**
 * What is stored of a commenter's address: the /24 network of an IPv4 address or the /48 of an
 * IPv6 one, enough to spot a flood from one network, not enough to identify a reader.
 */
export function anonymiseIp(ip: string): string | null {
  const address = unmapped(ip);
  if (isIPv4(address)) return `${address.split(".").slice(0, 3).join(".")}.0/24`;
  if (isIPv6(address)) return `${expandIpv6(address).slice(0, 3).join(":")}::/48`;
  return null;
}

/**
 * Whom a rate limit counts: an IPv4 address, or the whole /64 of an IPv6 one — the network a single
 * host is given, inside which it can pick as many addresses as it likes.
 */
export function networkKey(ip: string): string {
  const address = unmapped(ip);
  if (isIPv6(address)) return `${expandIpv6(address).slice(0, 4).join(":")}::/64`;
  return address;
}

function expandIpv6(ip: string): string[] {
  const [head = "", tail = ""] = ip.split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = ip.includes("::") && tail ? tail.split(":") : [];
  const missing = 8 - headParts.length - tailParts.length;
  return [...headParts, ...Array(Math.max(0, missing)).fill("0"), ...tailParts].map((part) =>
    part.toLowerCase().replace(/^0+(?=.)/, ""),
  );
}
