// Shared helpers for the browser tests: a headless system Chromium driven by
// playwright-core against the real Apache + MariaDB that ./stack started
// (PLAUDER_BASE), the real admin tool for set-up, and the real operator API
// (node's fetch with the session cookie and the CSRF token) as the other side
// of every chat.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';

const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const BASE = (process.env.PLAUDER_BASE ?? 'http://127.0.0.1:8080/plauder').replace(/\/$/, '');
export const BASE_PATH = new URL(BASE).pathname; // "/plauder"
export const VAR = process.env.PLAUDER_VAR ?? `${ROOT}/var`;
const ADMIN = process.env.PLAUDER_ADMIN ?? `${VAR}/install/sbin/plauder-admin`;
const ADMIN_ENV = {
  ...process.env,
  PLAUDER_CONF: process.env.PLAUDER_CONF ?? `${VAR}/install/etc/plauder/plauder.conf`,
};

// Generous: these are for correctness (something must happen), never for
// speed. A slow sanitizer build must not fail a test.
export const WAIT = 20000;

export function url(path) {
  return `${BASE}/${String(path).replace(/^\//, '')}`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Poll fn until it returns a truthy value; throws with `what` after timeout.
export async function until(fn, what = 'condition', { timeout = WAIT, every = 100 } = {}) {
  const end = Date.now() + timeout;
  let last;
  let lastErr;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      lastErr = e;
    }
    await sleep(every);
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}` +
    (lastErr ? ` (last error: ${lastErr.message})` : ` (last value: ${JSON.stringify(last)})`));
}

// ---- the admin tool -----------------------------------------------------------

export function admin(...args) {
  return execFileSync(ADMIN, args, { encoding: 'utf8', env: ADMIN_ENV });
}

export function adminStdin(input, ...args) {
  return execFileSync(ADMIN, args, { encoding: 'utf8', env: ADMIN_ENV, input });
}

// SQL as MariaDB's root on the private server (test set-up and checks, as
// in tests/integration/lib.mjs); values come back raw (not escaped).
export function sql(statement) {
  return execFileSync('mariadb', [`--defaults-file=${VAR}/mysql/my.cnf`, '-N', '--raw', 'plauder', '-e', statement],
    { encoding: 'utf8' });
}

let siteCounter = 0;
// The database's id of a site "N-M".
export function siteDbId(site) {
  const [customer, instance] = site.split('-').map(Number);
  return Number(sql(`SELECT id FROM sites WHERE customer = ${customer} AND instance = ${instance}`).trim());
}

export function freshSiteId() {
  siteCounter += 1;
  const customer = 200000 + Math.floor(Math.random() * 700000);
  return `${customer}-${process.pid % 900 + siteCounter}`;
}

export const OP_PASSWORD = 'browser tests secret 42';

// A site of its own: department A, operator "olga" (online), and what the
// chat window should show. Options:
//   consent: true → consent required (texts in de and en)
//   fields: true → query form (name, email, question*) in de and en
//   privacy: 'none' | 'text' (with the text in de and en)
//   online: false → the operator is offline
export function makeSite({ consent = false, fields = false, privacy = 'none', color = '#2a7d3b', online = true } = {}) {
  let site;
  for (let attempt = 0; ; attempt += 1) {
    site = freshSiteId();
    try {
      admin('site', 'create', site, '--name', `Browser test ${site}`);
      break;
    } catch (e) {
      if (attempt >= 4) throw e; // not an id that happened to be taken
    }
  }
  admin('dept', 'add', site, 'A', '--name', 'en=Support', '--name', 'de=Kundendienst');
  adminStdin(`${OP_PASSWORD}\n`, 'operator', 'add', site, 'olga', '--name', 'Olga Test',
    '--role', 'operator', '--dept', 'A', '--password-file', '-');
  admin('settings', 'set', site, '--privacy', privacy, '--privacy-in-chat', '1', '--color', color);
  if (privacy === 'text' || consent) {
    for (const lang of ['en', 'de']) {
      const args = ['texts', 'set', site, lang];
      if (privacy === 'text') args.push('--privacy-text', lang === 'de' ? 'Datenschutz-Text des Tests.' : 'Privacy text of the test.');
      if (consent) args.push('--consent-text', lang === 'de' ? 'Ich willige ein (Test).' : 'I agree (test).');
      admin(...args);
    }
  }
  if (fields) {
    admin('field', 'set', site, 'en', 'name', '--label', 'Your name', '--sort', '1');
    admin('field', 'set', site, 'en', 'email', '--label', 'E-mail', '--type', 'email', '--sort', '2');
    admin('field', 'set', site, 'en', 'question', '--label', 'Your question', '--type', 'textarea', '--required', '--sort', '3');
    admin('field', 'set', site, 'de', 'name', '--label', 'Ihr Name', '--sort', '1');
    admin('field', 'set', site, 'de', 'email', '--label', 'E-Mail', '--type', 'email', '--sort', '2');
    admin('field', 'set', site, 'de', 'question', '--label', 'Ihre Frage', '--type', 'textarea', '--required', '--sort', '3');
  }
  admin('presence', 'set', site, 'olga', online ? 'online' : 'offline');
  return { site, login: 'olga', password: OP_PASSWORD, operatorName: 'Olga Test' };
}

// The demo site 1-1 of ./stack (demo pages are for it only): its operator
// "operator" made online. The password is the one ./stack keeps.
export function demoSite() {
  admin('presence', 'set', '1-1', 'operator', 'online');
  const password = readFileSync(`${VAR}/secrets/operator.pw`, 'utf8').replace(/\r?\n$/, '');
  return { site: '1-1', login: 'operator', password, operatorName: 'Olga Operator' };
}

// The demo site's admin "admin" (./stack keeps its password).
export function demoAdmin() {
  const password = readFileSync(`${VAR}/secrets/admin.pw`, 'utf8').replace(/\r?\n$/, '');
  return { site: '1-1', login: 'admin', password, operatorName: 'Ada Admin' };
}

// End a chat whatever its state (test clean-up; the admin tool needs no
// operator of its own). Errors are ignored: the chat may be closed already.
export function closeChat(site, chat) {
  try {
    admin('chat', 'close', site, String(chat));
  } catch { /* already closed */ }
}

// Wait until the public availability of a site says online (the server
// caches answers for cache_ms; a page loaded earlier would show offline).
export async function waitOnline(site) {
  await until(async () => {
    const r = await fetch(url(`cgi-bin/availability?site=${site}&_=${Date.now()}`), { cache: 'no-store' });
    const j = await r.json();
    return j.online === true;
  }, `site ${site} to be online`);
}

// ---- the operator side (docs/API.md, "/operator") -----------------------------

export class Operator {
  constructor({ site, login, password, operatorName }) {
    Object.assign(this, { site, login, password, operatorName });
    this.cookie = '';
    this.csrf = '';
    this.cursor = null;
  }

  static async login(who) {
    const op = new Operator(who);
    const r = await op.request('POST', 'login', { site: who.site, login: who.login, password: who.password });
    if (r.status === 429) {
      throw new Error('operator login: 429 too_many_attempts: more than 20 failed logins from this address in 15 minutes ' +
        '(other test suites on the same server?); these tests never fail a login themselves');
    }
    if (r.status !== 200) throw new Error(`operator login: ${r.status} ${r.text}`);
    op.csrf = r.json.csrf;
    // Online in all departments, and one poll as the first heartbeat.
    await op.post('presence', { status: 'online' });
    await op.poll();
    return op;
  }

  // As the API asks of every client: a 503 ("try again later": nothing was
  // done) is sent again after Retry-After; so is a GET whose connection
  // failed. Operator sends are idempotent by client_id anyway.
  async request(method, action, body = null, { raw = false } = {}) {
    const end = Date.now() + WAIT;
    for (;;) {
      let r;
      try {
        r = await this.once(method, action, body, raw);
      } catch (e) {
        if (method !== 'GET' || Date.now() > end) throw e;
        await sleep(500);
        continue;
      }
      if (r.status !== 503 || Date.now() > end) return r;
      this.retried503 = (this.retried503 ?? 0) + 1;
      await sleep(Math.min(2000, 1000 * (Number(r.headers.get('retry-after')) || 1)));
    }
  }

  async once(method, action, body, raw) {
    const headers = { Accept: 'application/json' };
    if (this.cookie) headers.Cookie = this.cookie;
    if (method === 'POST' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    // "admin/ACTION": the admin area's API, with the same session.
    let target = url(action.startsWith('admin/') ? `cgi-bin/${action}` : `cgi-bin/operator/${action}`);
    const init = { method, headers, redirect: 'manual' };
    if (method === 'GET' && body) {
      target += `?${new URLSearchParams(body)}`;
    } else if (body !== null) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(target, init);
    const set = res.headers.get('set-cookie');
    if (set && /plauder_op=[^;]+/.test(set)) this.cookie = set.split(';')[0];
    if (raw) return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, text, json };
  }

  async get(action, params = {}) {
    return this.request('GET', action, params);
  }

  async post(action, body = {}) {
    return this.request('POST', action, body);
  }

  // One poll with wait=0 (also the console's heartbeat).
  async poll() {
    const params = { wait: 0 };
    if (this.cursor !== null) params.cursor = this.cursor;
    const r = await this.get('poll', params);
    if (r.status !== 200) throw new Error(`operator poll: ${r.status} ${r.text}`);
    this.cursor = r.json.cursor;
    return r.json;
  }

  async waitQueued(chat) {
    return until(async () => (await this.poll()).queue.find((c) => c.chat === chat),
      `chat ${chat} in the operator's queue`);
  }

  async accept(chat) {
    await this.waitQueued(chat);
    const r = await this.post('accept', { chat });
    if (r.status !== 200) throw new Error(`accept ${chat}: ${r.status} ${r.text}`);
    return r.json;
  }

  async send(chat, text) {
    const r = await this.post('send', { chat, client_id: `o-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`, text });
    if (r.status !== 201 && r.status !== 200) throw new Error(`operator send: ${r.status} ${r.text}`);
    return r.json;
  }

  // POST /operator/upload: the file's bytes as the body.
  async upload(chat, name, bytes) {
    const q = new URLSearchParams({ chat, client_id: `o-f-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, name });
    const end = Date.now() + WAIT;
    for (;;) {
      const res = await fetch(url(`cgi-bin/operator/upload?${q}`), {
        method: 'POST',
        headers: { Cookie: this.cookie, 'X-CSRF-Token': this.csrf, 'Content-Type': 'application/octet-stream' },
        body: bytes,
      });
      const text = await res.text();
      if (res.status !== 503 || Date.now() > end) return { status: res.status, text };
      await sleep(1000);
    }
  }

  async messages(chat, after = 0) {
    const r = await this.get('messages', { chat, after });
    if (r.status !== 200) throw new Error(`operator messages: ${r.status} ${r.text}`);
    return r.json;
  }

  // Waits until the chat holds a message matching pred; returns it.
  async waitMessage(chat, pred, what = 'a message') {
    return until(async () => (await this.messages(chat)).messages.find(pred), `${what} in chat ${chat}`);
  }

  async chat(chat) {
    const r = await this.get('chat', { chat });
    if (r.status !== 200) throw new Error(`operator chat: ${r.status} ${r.text}`);
    return r.json;
  }

  async close(chat) {
    return this.post('close', { chat });
  }

  async logout() {
    try { await this.post('logout', {}); } catch { /* best effort */ }
  }
}

// ---- the browser ------------------------------------------------------------------

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// A headless Chromium closed when the test ends (pass or fail).
export async function launch(t) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  t.after(() => browser.close().catch(() => {}));
  return browser;
}

// A context whose pages log their console errors and uncaught exceptions to
// `problems` (asserted empty by tests that care).
export async function newContext(browser, opts = {}) {
  const ctx = await browser.newContext({ locale: 'en-GB', ...opts });
  ctx.setDefaultTimeout(WAIT);
  ctx.problems = [];
  ctx.transient = [];
  ctx.tokens = new Set(); // every X-Plauder-Token the apps sent
  ctx.on('page', (p) => watch(ctx, p));
  return ctx;
}

function watch(ctx, page) {
  page.on('pageerror', (e) => ctx.problems.push(`pageerror ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    // Failed loads are reported below with their URL.
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) {
      ctx.problems.push(`console.error ${page.url()}: ${m.text()}`);
    }
  });
  // Secrets never travel in URLs (docs/API.md): any request that puts one
  // there is a problem, whatever the server answers.
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.searchParams.has('token') || u.searchParams.has('visitor_token')) {
      ctx.problems.push(`secret in the URL of ${r.method()} ${u.origin}${u.pathname}`);
    }
    const tok = r.headers()['x-plauder-token'];
    if (tok) ctx.tokens.add(tok);
  });
  page.on('response', (r) => {
    const u = new URL(r.url());
    // The browser's own favicon probe is not the page's doing.
    if (r.status() < 400 || u.pathname === '/favicon.ico') return;
    const line = `HTTP ${r.status()} ${r.request().method()} ${u.origin}${u.pathname}`;
    // 503 is the API's "try again later", which the chat app is built to
    // ride out (resend, back-off); it is reported, not failed on (a healthy
    // stack answers none: see tests/browser/README.md).
    if (r.status() === 503 && u.pathname.includes('/cgi-bin/')) ctx.transient.push(line);
    else ctx.problems.push(line);
  });
}

// A customer's page on another origin that embeds the snippet for `site`
// (for fresh sites; the demo pages are for 1-1 only). The page comes from a
// tiny HTTP server of the test on another port of 127.0.0.1 (so: another
// origin, same loopback address space, no private-network rules in the
// way); the loader, the chat app and every API call come from the real
// server, cross-origin as on a real shop. The server stops with the test.
export async function hostPage(t, ctx, site, params = {}, { title = 'Test shop', lang = 'en' } = {}) {
  const loader = new URL(url('loader.js'));
  loader.searchParams.set('site', site);
  for (const [k, v] of Object.entries(params)) loader.searchParams.set(k, String(v));
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>${title}</h1><p><a href="#top">A link on the shop page</a></p>
<script>window.Plauder=window.Plauder||function(){(Plauder.q=Plauder.q||[]).push(arguments)};</script>
<script async src="${loader.href.replace(/&/g, '&amp;')}"></script>
</body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/shop/index.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(html);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }));
  const page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/shop/index.html`);
  return page;
}

// No script error, no failed request in any page of the context (except
// what `allow` matches); transient 503s go to the test's diagnostics.
// axe-core in every frame of every open page of ctx (the chat app runs in
// a frame of another origin; axe is injected per frame through the
// debugger, which the pages' strict CSP does not block). Serious and
// critical violations become problems of the context.
const require = createRequire(import.meta.url);
let axeSource = null;
export async function checkA11y(ctx) {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  for (const page of ctx.pages()) {
    if (page.isClosed()) continue;
    for (const frame of page.frames()) {
      const where = frame.url();
      if (!/^https?:/.test(where)) continue;
      let found;
      try {
        // Pages that are not HTML documents (a JSON answer a test opened) have nothing to check.
        if (await frame.evaluate(() => document.contentType) !== 'text/html') continue;
        await frame.evaluate(axeSource);
        found = await frame.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'], iframes: false });
          return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
        });
      } catch {
        continue; // the frame navigated or closed meanwhile
      }
      for (const v of found) ctx.problems.push(`axe ${v.impact} ${v.id} at ${where}: ${v.help} (${v.nodes.join(', ')})`);
    }
  }
}

// Everything the pages of ctx reported (errors, failed loads, secrets in
// URLs) and what axe-core finds in them now; lines matching allow are
// expected by the test.
export async function assertClean(t, ctx, allow = []) {
  await checkA11y(ctx);
  for (const line of ctx.transient) {
    if (!allow.some((re) => re.test(line))) t.diagnostic(`transient server answer: ${line}`);
  }
  const left = ctx.problems.filter((p) => !allow.some((re) => re.test(p)));
  if (left.length) throw new Error(`problems in the browser:\n  ${left.join('\n  ')}`);
}

// The loader's tab button (inside <plauder-chat>'s open shadow root;
// Playwright's CSS engine pierces open shadow roots).
export function tabButton(page) {
  return page.locator('plauder-chat button.tab');
}

export function panel(page) {
  return page.locator('plauder-chat #plauder-panel');
}

// The chat app's frame inside the loader's panel.
export async function chatFrame(page) {
  const handle = await page.locator('plauder-chat iframe').elementHandle({ timeout: WAIT });
  const frame = await handle.contentFrame();
  await frame.waitForFunction(() => document.getElementById('app')?.dataset.view !== 'loading', null, { timeout: WAIT });
  return frame;
}

// Host-page event recorder: Plauder('on', name, …) for every event, into
// window.__plEvents (works whether or not the loader already ran: the
// global queues calls).
export async function recordEvents(page, names = ['ready', 'open', 'closed', 'chat_started', 'message', 'chat_ended', 'offline', 'online']) {
  await page.evaluate((list) => {
    window.__plEvents = window.__plEvents || [];
    for (const n of list) {
      window.Plauder('on', n, (detail) => window.__plEvents.push({ name: n, detail: JSON.parse(JSON.stringify(detail ?? null)) }));
    }
  }, names);
}

// The same, installed before any script of every page of the context (for
// pages reached by navigation: events of the first moments are kept too).
// Only in top-level documents: the chat app's frame has a Plauder of its own.
export async function recordEventsFromStart(ctx, names = ['ready', 'open', 'closed', 'chat_started', 'message', 'chat_ended', 'offline', 'online']) {
  await ctx.addInitScript((list) => {
    if (window.top !== window) return;
    window.__plEvents = [];
    window.Plauder = window.Plauder || function () { (window.Plauder.q = window.Plauder.q || []).push(arguments); };
    for (const n of list) {
      window.Plauder('on', n, (detail) => window.__plEvents.push({ name: n, detail: JSON.parse(JSON.stringify(detail ?? null)) }));
    }
  }, names);
}

export async function events(page, name) {
  const all = await page.evaluate(() => window.__plEvents || []);
  return name ? all.filter((e) => e.name === name) : all;
}

export async function waitEvent(page, name, pred = () => true, { timeout = WAIT } = {}) {
  return until(async () => (await events(page, name)).find((e) => pred(e.detail)), `event ${name} on the host page`, { timeout });
}

// Fill the start window of the chat app (frame or page) and start the chat.
// Returns nothing; the caller waits for chat_started where it needs the id.
export async function fillStart(app, { question, name, consent = true } = {}) {
  if (name !== undefined) await app.locator('#f_name').fill(name);
  if (question !== undefined) await app.locator('#f_question').fill(question);
  if (consent && await app.locator('#consent-row').isVisible()) await app.locator('#f-consent').check();
  await app.locator('#btn-start').click();
  await app.locator('#view-chat').waitFor({ state: 'visible' });
}

// The log entry (li) of a message whose text is exactly `text`.
export function messageItem(app, text) {
  return app.locator('#log li', { has: app.locator('.msg-text', { hasText: text }) });
}

export async function waitText(app, selector, text) {
  await app.locator(selector, { hasText: text }).first().waitFor({ state: 'visible' });
}

// ---- small test data ------------------------------------------------------------------

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

// A valid w×h RGB PNG of one colour.
export function makePng(w = 24, h = 16, rgb = [200, 40, 90]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.alloc(1 + w * 3);
  for (let x = 0; x < w; x += 1) row.set(rgb, 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function uniq(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}
