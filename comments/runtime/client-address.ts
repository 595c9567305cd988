// Who sent a request: the peer, or the address a trusted proxy names (COMMENTS_TRUST_PROXY). One rule
// for Fastify's routes and for the view beacon, which is answered before Fastify.
import type { IncomingMessage } from "node:http";
import proxyAddr from "@fastify/proxy-addr";
import type { CommentsConfig } from "./config.ts";

export type TrustRule = (address: string, hop: number) => boolean;

/** The proxies trusted: none, the nearest `n` hops, or the listed addresses and networks. */
export function trustRule(trustProxy: CommentsConfig["trustProxy"]): TrustRule {
  if (trustProxy === false) return () => false;
  if (trustProxy === true) return () => true;
  if (typeof trustProxy === "number") return (_address, hop) => hop < trustProxy;
  return proxyAddr.compile(trustProxy.split(",").map((part) => part.trim()));
}

/** The request's client as Fastify's `request.ip` gives it. */
export function clientAddressOf(request: IncomingMessage, trust: TrustRule): string {
  const addresses = proxyAddr.all(request, trust);
  return addresses[addresses.length - 1]!;
}
