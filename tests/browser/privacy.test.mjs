// count=no (demo/nocount.html, site 1-1): before the visitor starts a chat
// the page sets no cookie, stores nothing (localStorage, sessionStorage,
// IndexedDB, Cache Storage, service workers) and asks the Plauder server
// for nothing but the loader, the availability and the chat config; no
// tracking request of any kind. Opening the chat loads the chat app (and
// the static files it shares with the console, shared/) and still stores
// nothing; only the start of a chat does, and ending it
// removes what the page kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  url, launch, newContext, tabButton, chatFrame, recordEvents, waitEvent,
  demoSite, waitOnline, uniq, until, BASE, BASE_PATH, closeChat,
  assertClean,
} from './lib.mjs';

// Everything the page, its frames and the browser keep for the origin.
async function stored(frame) {
  return frame.evaluate(async () => ({
    cookie: document.cookie,
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    idb: (await indexedDB.databases()).map((d) => d.name),
    caches: self.caches ? await caches.keys() : [],
    workers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
  }));
}

const NOTHING = { cookie: '', local: [], session: [], idb: [], caches: [], workers: 0 };

test('count=no: no cookie, no storage and only loader/availability/config requests before a chat starts', { timeout: 90000 }, async (t) => {
  demoSite();
  await waitOnline('1-1');
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const requests = [];
  ctx.on('request', (r) => {
    const u = new URL(r.url());
    // The browser's own favicon probe is not the page's doing.
    if (u.pathname !== '/favicon.ico') requests.push({ method: r.method(), url: u, headers: r.headers() });
  });
  const page = await ctx.newPage();
  await page.goto(url('demo/nocount.html'));
  // The loader is done: availability answered (tab online) and the colour
  // from chat/config applied.
  await page.locator('plauder-chat button.tab[data-state="online"]').waitFor();
  await until(() => page.evaluate(() => document.querySelector('plauder-chat').style.getPropertyValue('--pl-color') !== ''), 'the site colour from chat/config');
  await page.waitForLoadState('networkidle');

  const P = BASE_PATH;
  const phase1 = new Set([`${P}/demo/nocount.html`, `${P}/demo/demo.css`, `${P}/demo/demo.js`,
    `${P}/loader.js`, `${P}/cgi-bin/availability`, `${P}/cgi-bin/chat/config`]);
  const paths = requests.map((r) => r.url.pathname);
  assert.deepEqual([...new Set(paths)].filter((p) => !phase1.has(p)), [], `only the allowed requests before the chat is opened: ${paths.join(', ')}`);
  assert.ok(paths.includes(`${P}/loader.js`) && paths.includes(`${P}/cgi-bin/availability`) && paths.includes(`${P}/cgi-bin/chat/config`));
  assert.ok(requests.every((r) => r.method === 'GET'), 'nothing is posted');
  const avail = requests.find((r) => r.url.pathname.endsWith('/availability'));
  assert.deepEqual([...avail.url.searchParams.keys()].sort(), ['lang', 'site'], 'the availability request carries no identifier');
  assert.ok(requests.every((r) => !('cookie' in r.headers)), 'no request carries a cookie');
  assert.equal(await page.locator('plauder-chat iframe').count(), 0, 'the chat app is not loaded before the visitor opens it');
  assert.deepEqual(await stored(page.mainFrame()), NOTHING);
  assert.deepEqual(await ctx.cookies(), []);
  // One global, one element.
  assert.equal(await page.evaluate(() => typeof window.Plauder), 'function');
  assert.equal(await page.locator('plauder-chat').count(), 1);

  // Opening the chat loads the chat app; still nothing is stored.
  await recordEvents(page);
  const before = requests.length;
  await tabButton(page).click();
  const app = await chatFrame(page);
  await app.locator('#view-start').waitFor({ state: 'visible' });
  await page.waitForLoadState('networkidle');
  const openedReqs = requests.slice(before);
  const opened = openedReqs.map((r) => r.url.pathname);
  // The chat app (chat/) and the static modules it shares with the console
  // (shared/: base.css, http.js, outbox.js, dom.js, i18n.js), all from the
  // Plauder server itself.
  assert.deepEqual(opened.filter((p) => !p.startsWith(`${P}/chat/`) && !p.startsWith(`${P}/shared/`) &&
    p !== `${P}/cgi-bin/chat/config`), [],
    `opening loads only the chat app, its shared files and its config: ${opened.join(', ')}`);
  const origin = new URL(BASE).origin;
  assert.ok(openedReqs.every((r) => r.url.origin === origin), 'all from the Plauder server');
  assert.ok(openedReqs.every((r) => r.method === 'GET'), 'nothing is posted on opening');
  assert.ok(openedReqs.every((r) => !('cookie' in r.headers)), 'no request carries a cookie');
  const shared = openedReqs.filter((r) => r.url.pathname.startsWith(`${P}/shared/`));
  for (const r of shared) {
    assert.match(r.url.pathname, new RegExp(`^${P}/shared/[a-z0-9-]+\\.(?:js|css)$`), `a static file: ${r.url.href}`);
    assert.equal(r.url.search, '', `a static file, no parameters: ${r.url.href}`);
  }
  assert.deepEqual(await stored(page.mainFrame()), NOTHING);
  assert.deepEqual(await stored(app), NOTHING);
  assert.deepEqual(await ctx.cookies(), []);
  // Typing into the form and ticking the consent box stores nothing either.
  await app.locator('#f_question').fill(uniq('privacy test'));
  await app.locator('#f-consent').check();
  assert.deepEqual(await stored(app), NOTHING);
  assert.equal(requests.filter((r) => r.url.pathname.endsWith('/cgi-bin/chat/start')).length, 0);

  // Starting the chat: now the chat keeps its session (and the visitor
  // token for the history), the page its open/closed state; still no cookie.
  await app.locator('#btn-start').click();
  const chat = (await waitEvent(page, 'chat_started')).detail.chat;
  t.after(() => closeChat('1-1', chat));
  await until(async () => (await stored(app)).session.includes('plauder.chat.1-1'), 'the chat session in the app storage');
  const inApp = await stored(app);
  assert.deepEqual(inApp.local, ['plauder.visitor.1-1']);
  assert.equal(inApp.cookie, '');
  const chatEntry = JSON.parse(await app.evaluate(() => sessionStorage.getItem('plauder.chat.1-1')));
  assert.equal(chatEntry.chat, chat);
  assert.deepEqual(await ctx.cookies(), []);
  const pageState = JSON.parse(await page.evaluate(() => sessionStorage.getItem('plauder:1-1')));
  assert.equal(pageState.open, true);
  assert.equal(pageState.token, undefined, 'the page keeps no token where the frame can store it');

  // The visitor ends the chat: the session entries go away.
  await app.locator('#btn-menu').click();
  await app.locator('#btn-end').click();
  await app.locator('#btn-end-yes').click();
  await app.locator('#ended').waitFor({ state: 'visible' });
  await waitEvent(page, 'chat_ended', (d) => d.chat === chat);
  assert.equal(await app.evaluate(() => sessionStorage.getItem('plauder.chat.1-1')), null);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('plauder:1-1')), null);
  assert.deepEqual(await ctx.cookies(), []);
  await assertClean(t, ctx);
});
