// Offline after the first visit (issue 16 items 5 and 8): a service worker that keeps a copy of the
// page, its modules, its stylesheets and the wasm, and answers from that copy when the network fails.
//
// Versioned by the engine and the rules: batch.js registers `sw.js?v=<engine>-<rules>` (from the
// engine's own version()), so a new engine or rules version is a new worker with a cache of its own,
// and the old caches are deleted when it takes over.
//
// Network first, the copy when offline: online, every file comes from the server (which revalidates
// with ETags: a 304 costs a few hundred bytes), so a fixed page never waits for a version change, and
// the files of one load always belong together (the page checks the wasm's integrity hash, which a
// mix of old and new files would fail). Each response that arrives is kept in the copy.
//
// What to keep: the page sends the URLs it loaded before the worker existed (the first visit's
// files); after that the worker keeps whatever same-origin file passes through it (the batch's
// modules and the tools wasm once an NGO has used the batch).

const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const CACHE = `flexcalc-${VERSION}`;
const PREFIX = 'flexcalc-';
const SCOPE = new URL('./', self.location.href).href;

self.addEventListener('install', (event) => {
  // The page itself, at once (the other files come from the page's list, below).
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(['./', 'index.html'])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

/** Same-origin files under the worker's scope, and nothing else (no other origin, no blob:). */
function ours(url) {
  return url.startsWith(SCOPE);
}

self.addEventListener('message', (event) => {
  const msg = event.data ?? {};
  if (msg.type !== 'keep' || !Array.isArray(msg.urls)) return;
  const urls = [...new Set(msg.urls.map((u) => String(u).split('#')[0]))].filter(ours);
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(urls.map(async (u) => {
      try {
        const res = await fetch(u, { cache: 'no-cache' });
        if (res.ok) await cache.put(u, res);
      } catch {
        // Offline already, or a file gone: keep what is there.
      }
    }));
    event.source?.postMessage({ type: 'kept', count: urls.length, version: VERSION });
  })());
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !ours(req.url)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const res = await fetch(req);
      if (res.ok && res.type === 'basic') cache.put(req, res.clone()).catch(() => {});
      return res;
    } catch (err) {
      // Offline: the copy. A page opened with other parameters (?lang=en) is the same page.
      const copy = await cache.match(req, { ignoreSearch: req.mode === 'navigate' })
        ?? (req.mode === 'navigate' ? await cache.match('index.html') : undefined);
      if (copy) return copy;
      throw err;
    }
  })());
});
