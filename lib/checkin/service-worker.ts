// The check-in page's service worker, so a phone at the door can reopen /checkin with no network (a reload, a tab
// the browser dropped): the page is fetched from the network when there is one and kept; with none, the kept copy
// (with its own Content-Security-Policy, so its nonce still matches) and the app's hashed static files are served.
// Scoped to /checkin: no other page is ever served from it. API calls are never cached (the page keeps its data in
// localStorage and decides offline itself).
const CHECKIN_CACHE = "anwesha-checkin-v1";

export const SERVICE_WORKER_JS = `"use strict";
const CACHE = ${JSON.stringify(CHECKIN_CACHE)};
const isStatic = (url) => url.origin === self.location.origin && url.pathname.startsWith("/_next/static/");
const isPage = (url) => url.origin === self.location.origin && url.pathname === "/checkin";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith("anwesha-checkin-") && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

// The page tells us what it loaded before we controlled it (its own address and its scripts and styles).
self.addEventListener("message", (event) => {
  const urls = Array.isArray(event.data && event.data.urls) ? event.data.urls : [];
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const u of urls) {
      let url;
      try { url = new URL(u); } catch { continue; }
      if (!isStatic(url) && !isPage(url)) continue;
      try {
        const res = await fetch(url.href, { credentials: "same-origin", redirect: "manual" });
        if (res.ok) await cache.put(url.href, res);
      } catch {}
    }
  })());
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (req.mode === "navigate" && isPage(url)) {
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      try {
        const res = await fetch(req);
        if (res.ok) await cache.put(url.href, res.clone());
        return res;
      } catch {
        // ignoreVary: Next's pages vary on its router headers, which a kept copy's key never has.
        const kept = (await cache.match(url.href, { ignoreVary: true })) || (await cache.match(url.href, { ignoreSearch: true, ignoreVary: true }));
        const never = "No network, and this phone has not opened the check-in page online yet.";
        return kept || new Response(never, { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
      }
    })());
    return;
  }
  if (isStatic(url)) {
    // Hashed file names never change content: the kept copy is always right.
    event.respondWith((async () => {
      const cache = await caches.open(CACHE);
      const kept = await cache.match(req, { ignoreVary: true });
      if (kept) return kept;
      const res = await fetch(req);
      if (res.ok) await cache.put(req, res.clone());
      return res;
    })());
  }
});
`;
