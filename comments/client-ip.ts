import { isIPv4, isIPv6 } from "node:net";

/**
 * What is stored of a commenter's address: the /24 network of an IPv4 address or the /48 of an
 * IPv6 one, enough to spot a flood from one network, not enough to identify a reader.
 */
export function anonymiseIp(ip: string): string | null {
  const mapped = ip.startsWith("::ffff:") && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(mapped)) return `${mapped.split(".").slice(0, 3).join(".")}.0/24`;
  if (isIPv6(mapped)) return `${expandIpv6(mapped).slice(0, 3).join(":")}::/48`;
  return null;
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
