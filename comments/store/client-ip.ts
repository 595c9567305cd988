import { isIP, isIPv4 } from "node:net";
import ipaddr from "ipaddr.js";

/**
 * The address as its own family: an IPv4 address mapped into IPv6 (::ffff:203.0.113.7) is IPv4.
 * Node decides what is an address (ipaddr.js also accepts "1.2.3" and octal parts).
 */
function parsed(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  return isIP(ip) === 0 ? null : ipaddr.process(ip);
}

/** The first `groups` 16-bit groups of an IPv6 address, as written in a prefix (2001:db8:1). */
const leadingGroups = (address: ipaddr.IPv6, groups: number) =>
  address.parts
    .slice(0, groups)
    .map((part) => part.toString(16))
    .join(":");

/**
 * What is stored of a commenter's address: the /24 network of an IPv4 address or the /48 of an
 * IPv6 one, enough to spot a flood from one network, not enough to identify a reader.
 */
export function anonymiseIp(ip: string): string | null {
  const address = parsed(ip);
  if (!address) return null;
  if (address instanceof ipaddr.IPv4) return `${address.octets.slice(0, 3).join(".")}.0/24`;
  return `${leadingGroups(address, 3)}::/48`;
}

/**
 * Whom a rate limit counts: an IPv4 address, or the whole /64 of an IPv6 one — the network a single
 * host is given, inside which it can pick as many addresses as it likes.
 */
export function networkKey(ip: string): string {
  const address = parsed(ip);
  if (!address) return ip;
  if (address instanceof ipaddr.IPv4) return address.toString();
  return `${leadingGroups(address, 4)}::/64`;
}

/**
 * The network a view cap counts: the /24 of an IPv4 address or the /64 of an IPv6 one. Held in
 * memory for the hour only.
 */
export function viewNetworkOf(ip: string): string {
  // The common case without parsing: a plain dotted IPv4 address, as Node gives it.
  if (isIPv4(ip)) return `${ip.slice(0, ip.lastIndexOf("."))}.0/24`;
  const address = parsed(ip);
  if (!address) return ip;
  if (address instanceof ipaddr.IPv4) return `${address.octets.slice(0, 3).join(".")}.0/24`;
  return `${leadingGroups(address, 4)}::/64`;
}
