// Service worker of the operator console: makes the console installable as
// an app and lets its shell (HTML, scripts, styles, icons, sound) open when
// the network is briefly gone. It caches the console shell ONLY: every
// other request, above all every API answer (…/cgi-bin/…), goes to the
// network untouched and is never stored.
//
// Shell files are fetched network-first (an update of the console shows at
// the next load) and fall back to the cached copy when offline.

const VERSION = 'plauder-console-v5';
const SHELL = [
  './',
  'index.html',
  'console.css',
  'console.js',
  'state.js',
  'texts.js',
  'login.js',
  'presence.js',
  'poll.js',
  'queue.js',
  'tabs.js',
  'actions.js',
  'canned.js',
  'alerting.js',
  'selftest.js',
  'settings.js',
  'keyboard.js',
  'install.js',
  'api.js',
  'alerts.js',
  'chatview.js',
  'chatview-poll.js',
  'chatview-messages.js',
  'chatview-canned.js',
  'chatview-typing.js',
  'chatview-panel.js',
  'dom.js',
  'i18n.js',
  'keys.js',
  'requests.js',
  'request-detail.js',
  'i18n-requests.js',
  'requests.css',
  // Shared with the chat app (outside the scope; the console loads them).
  '../shared/base.css',
  '../shared/dom.js',
  '../shared/http.js',
  '../shared/i18n.js',
  '../shared/outbox.js',
  '../shared/poller.js',
  '../shared/msgstate.js',
  'manifest.webmanifest',
  'icon.svg',
  'icon-192.png',
  'icon-512.png',
  'new-chat.wav',
];
const SHELL_URLS = new Set(SHELL.map((p) => new URL(p, self.registration.scope).href));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(VERSION);
    await cache.addAll(SHELL.map((p) => new Request(new URL(p, self.registration.scope), { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('plauder-console-') && key !== VERSION) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

function isShell(request) {
  if (request.method !== 'GET') return false;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return false;
  url.search = '';
  url.hash = '';
  return SHELL_URLS.has(url.href);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  // Not ours (API calls, files, other pages): the browser handles it as if
  // there were no service worker, and nothing is cached.
  if (!isShell(request)) return;
  event.respondWith((async () => {
    const cache = await caches.open(VERSION);
    try {
      // Always revalidated with the server (a navigation's Request cannot
      // take options, so it is asked for by its URL).
      const res = request.mode === 'navigate'
        ? await fetch(request.url, { cache: 'no-cache', credentials: 'same-origin' })
        : await fetch(request, { cache: 'no-cache' });
      if (res.ok && res.type === 'basic') await cache.put(request, res.clone());
      return res;
    } catch (e) {
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
      if (request.mode === 'navigate') {
        const index = await cache.match(new URL('index.html', self.registration.scope).href);
        if (index) return index;
      }
      throw e;
    }
  })());
});

// A notification shown through the service worker (where the page cannot
// show one itself): a click brings the console to the front and tells it
// which chat.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data ?? {};
  event.waitUntil((async () => {
    const all = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    let client = all.find((c) => c.url.startsWith(self.registration.scope));
    if (client) await client.focus();
    else client = await self.clients.openWindow(self.registration.scope);
    client?.postMessage({ type: 'notification-click', chat: data.chat, kind: data.kind });
  })());
});
