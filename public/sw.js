// 申报通 service worker: precaches every file of the build on the first visit, then serves
// them from the cache, so the app works with the network off.
//
// scripts/render_index.py fills in the file list (each with its content hash) and the cache
// name (a hash of all of them): any change to any file makes a new cache, so a new version
// installs beside the old one. It then waits: the page applies it when a page starts, never
// while someone is editing (no skipWaiting on install).
const CACHE = "__CACHE_NAME__";
const FILES = self.__PRECACHE__;
const scope = new URL(self.registration.scope);
const url = name => new URL(name, scope).href;
const INDEX = url("index.html");

self.addEventListener("install", event => {
  event.waitUntil(caches.open(CACHE).then(cache =>
    cache.addAll(Object.keys(FILES).map(name => new Request(url(name), { cache: "reload" })))));
});

self.addEventListener("activate", event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k.startsWith("shenbao-") && k !== CACHE).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// The page asks for this when it starts and finds a new version waiting.
self.addEventListener("message", event => {
  if (event.data === "skipWaiting") self.skipWaiting();
});

self.addEventListener("fetch", event => {
  const req = event.request;
  if (req.method !== "GET" || !req.url.startsWith(scope.href)) return;
  event.respondWith(caches.open(CACHE).then(async cache => {
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    if (req.mode === "navigate") {
      const page = await cache.match(INDEX);
      if (page) return page;
    }
    return fetch(req);
  }));
});
