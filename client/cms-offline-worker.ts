// The service worker of /admin/: Sveltia CMS asks unpkg for its Vietnamese strings and jsdelivr for
// its fonts at addresses built into it. This answers those requests with the copies the build put
// beside the CMS, so /admin/ works in Vietnamese without reaching any CDN; any other CDN request is
// refused rather than sent. GitHub's own addresses (the CMS's backend) pass through untouched.
import { isCdn, localCopyOf } from "../lib/outputs/cms-cdn-map.ts";

// What this file uses of a service worker's scope (the project's type library is the page's, DOM).
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response> | Response): void;
}
declare const self: {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
};

self.addEventListener("install", (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const { url } = event.request;
  if (!isCdn(url)) return;
  const local = localCopyOf(url);
  event.respondWith(local ? fetch(new URL(local, self.location.origin)) : new Response("", { status: 404 }));
});
