// The operator console and hostile input: what a visitor controls (name,
// messages, file names, the page title and URL, the from text, page data,
// query-form fields) is shown as text and never runs; the login refuses a
// wrong password without a session; POSTs without the CSRF token, or from
// another site, are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, makeSite, waitOnline, until, uniq, waitText, makePng,
  assertClean, sleep, admin,
} from './lib.mjs';
import {
  CONSOLE_ALLOW, consoleLogin, consoleUrl, fillLogin, queueItem, chatTab, chatPanel, consoleMessage,
  consoleTexts, acceptInConsole, visitorPage, visitorStart, visitorSend, otherOriginPage, pageFetch,
} from './console-lib.mjs';

// Every payload, if it ever ran, would set window.__xss to its number.
const NAME = '<img src=x onerror="window.__xss=1">Vera';
const QUESTION = '<script>window.__xss=2</script><b>bold?</b>';
const FROM = '<svg onload="window.__xss=3"></svg>App';
const TITLE = '</title><img src=x onerror="window.__xss=4"><script>window.__xss=5</script>';
const PAGE = 'https://shop.example/p?q="><img src=x onerror="window.__xss=6">';
const DATA = '<iframe srcdoc="<script>parent.__xss=7</script>"></iframe>';
const MESSAGES = [
  '<img src=x onerror="window.__xss=8">',
  '<script>window.__xss=9</script>',
  'javascript:window.__xss=10',
  'see https://example.com/a"onmouseover="window.__xss=11" please',
  '<a href="javascript:window.__xss=12">click me</a>',
];
const FILE_NAME = '"><img src=x onerror="window.__xss=13">.png';

test('XSS: visitor-controlled texts are shown as text in the console and never execute', { timeout: 60000 }, async (t) => {
  const who = makeSite({ fields: true });
  // The page address's query carries the payload: this site keeps queries.
  admin('settings', 'visitors', who.site, '--keep-page-query', '1');
  const browser = await launch(t);
  // The console's own CSP (script-src 'self') would stop inline handlers on
  // its own; the test turns it off in the operator's browser so that what
  // is tested is the console's escaping, the first line of defence. (That
  // the CSP is sent is asserted below.)
  const opCtx = await newContext(browser, { bypassCSP: true });
  const visCtx = await newContext(browser);
  await opCtx.addInitScript(() => {
    let value = 0;
    window.__xssLog = [];
    Object.defineProperty(window, '__xss', {
      configurable: false,
      get: () => value,
      set: (v) => { value = v; window.__xssLog.push(`${v} in ${location.href}`); },
    });
  });
  const requested = [];
  opCtx.on('request', (r) => requested.push(new URL(r.url())));

  const con = await consoleLogin(opCtx, who);
  // The trap works: a payload inserted as HTML sets it (so a silent trap
  // cannot pass this test), then it is reset.
  await con.evaluate(() => {
    const d = document.createElement('div');
    d.id = 'trap-proof';
    d.innerHTML = '<img src="data:," onerror="window.__xss=99">';
    document.body.append(d);
  });
  await until(() => con.evaluate(() => window.__xss === 99), 'the trap to fire for a payload inserted as HTML');
  await con.evaluate(() => { document.getElementById('trap-proof').remove(); window.__xss = 0; window.__xssLog.length = 0; });

  await until(async () => (await con.locator('#pres-all').inputValue()) === 'online', 'online');
  await waitOnline(who.site);
  const vis = await visitorPage(visCtx, who.site, { from: FROM });
  await vis.locator('#view-start').waitFor({ state: 'visible' });
  // What the loader tells the app about the host page (a native app may
  // post it too): title and URL go to the operator with the start.
  await vis.evaluate(({ page, title, data }) => {
    window.postMessage({ plauder: 'context', page, title }, window.location.origin);
    window.Plauder('set', { data: { cart: data } });
  }, { page: PAGE, title: TITLE, data: DATA });
  await sleep(200);
  const chat = await visitorStart(t, vis, who.site, { name: NAME, question: QUESTION });

  // The queue card, before anyone accepted.
  const card = queueItem(con, chat);
  await card.waitFor();
  assert.equal(await card.locator('.q-name').textContent(), NAME);
  assert.equal(await card.locator('.q-meta').textContent(), `from ${FROM} · English`);
  assert.ok((await card.locator('.q-fields dd').allTextContents()).includes(QUESTION), 'the question as text');
  await card.locator('.q-page .page-title').filter({ hasText: TITLE }).waitFor();
  assert.equal(await card.locator('.q-page .page-title').textContent(), TITLE);

  await acceptInConsole(con, chat);
  await waitText(vis, '#status', 'You are chatting with');
  for (const text of MESSAGES) await visitorSend(vis, text);
  // The file, through the chat app's attach button.
  const png = makePng(20, 12);
  const [chooser] = await Promise.all([vis.waitForEvent('filechooser'), vis.locator('#btn-attach').click()]);
  await chooser.setFiles({ name: FILE_NAME, mimeType: 'image/png', buffer: png });
  await vis.locator('#log li.msg-visitor a.file-link').filter({ hasText: FILE_NAME }).waitFor();
  const sentinel = uniq('end of payloads');
  await visitorSend(vis, sentinel);

  const panel = chatPanel(con, chat);
  await consoleMessage(con, chat, sentinel).waitFor();
  const fileLink = panel.locator('.log a.file-link');
  await fileLink.waitFor();
  assert.equal(await fileLink.textContent(), `File: ${FILE_NAME} (${png.length} B)`);
  const img = panel.locator('.log img.file-img');
  await until(() => img.evaluate((n) => n.complete && n.naturalWidth === 20), 'the image preview to load');
  assert.equal(await img.getAttribute('alt'), `Image: ${FILE_NAME}`);

  // Every text is there, verbatim.
  const shown = await consoleTexts(con, chat);
  for (const text of [...MESSAGES, sentinel]) assert.ok(shown.includes(text), `shown verbatim: ${text}\n${JSON.stringify(shown)}`);
  assert.equal(await chatTab(con, chat).locator('.tab-name').textContent(), NAME);
  assert.equal(await panel.locator('.chat-title').textContent(), NAME);
  assert.match(await panel.locator('.chat-sub').textContent(), new RegExp(`^from ${FROM.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · `));
  const info = panel.locator('.visitor-info');
  await info.locator('.page-title').filter({ hasText: TITLE }).waitFor();
  assert.equal(await info.locator('.page-title').textContent(), TITLE);
  // The page URL is http(s): a link, opening apart from the console.
  const pageLink = info.locator('a.page-url');
  assert.equal(await pageLink.textContent(), PAGE);
  assert.equal(await pageLink.getAttribute('href'), new URL(PAGE).href);
  assert.match(await pageLink.getAttribute('rel'), /noopener/);
  const infoTexts = await info.locator('dd').allTextContents();
  for (const text of [NAME, FROM, QUESTION, DATA]) assert.ok(infoTexts.includes(text), `visitor panel shows ${text}: ${JSON.stringify(infoTexts)}`);
  assert.ok((await panel.locator('.log .msg-who[data-role="visitor"]').allTextContents()).every((n) => n === NAME));
  // The close dialog names the visitor as text too.
  await panel.getByRole('button', { name: 'Close chat' }).click();
  await con.locator('#dlg-confirm').waitFor({ state: 'visible' });
  assert.equal(await con.locator('#confirm-text').textContent(), `Close the chat with ${NAME}? The visitor sees that the chat has ended.`);
  await con.locator('#dlg-confirm').getByRole('button', { name: 'Cancel' }).click();

  // No element came out of the payloads.
  const dom = await con.evaluate(() => ({
    handlers: [...document.querySelectorAll('*')].flatMap((n) => [...n.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${n.tagName}@${a.name}`)),
    inText: [...document.querySelectorAll('.msg-text *, .q-item h3 *, .tab-name *, .chat-title *, .page-title *, dd *')].map((n) => n.tagName.toLowerCase()),
    scripts: [...document.querySelectorAll('script')].map((s) => s.src || 'inline'),
    frames: document.querySelectorAll('iframe, svg').length,
    hrefs: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
  }));
  assert.deepEqual(dom.handlers, [], 'no inline event handler anywhere');
  assert.ok(dom.inText.every((tag) => tag === 'a'), `only links inside visitor texts: ${dom.inText}`);
  assert.deepEqual(dom.scripts, [new URL('console.js', consoleUrl()).href]);
  assert.equal(dom.frames, 0, 'no iframe or svg in the console');
  assert.ok(dom.hrefs.every((h) => /^(https?:|#)/.test(h)), `links are http(s) only: ${dom.hrefs}`);
  assert.ok(dom.hrefs.includes('https://example.com/a'), 'a link in a message stops at the quote');
  // Broken image sources were never requested; no error event could fire.
  await sleep(300);
  assert.deepEqual(requested.filter((u) => /\/x$/.test(u.pathname)).map(String), []);
  assert.equal(await con.evaluate(() => window.__xss), 0, `no payload ran: ${await con.evaluate(() => window.__xssLog)}`);
  assert.deepEqual(await con.evaluate(() => window.__xssLog), []);

  // Defence in depth: the console is served with a strict CSP.
  const res = await fetch(consoleUrl(), { method: 'HEAD' });
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  await assertClean(t, opCtx, CONSOLE_ALLOW);
  await assertClean(t, visCtx);
});

test('login: a wrong password shows an error and makes no session; POSTs without the CSRF token or from another origin are refused', { timeout: 60000 }, async (t) => {
  const who = makeSite();
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const con = await ctx.newPage();
  await con.goto(consoleUrl());
  await con.locator('#view-login').waitFor({ state: 'visible' });
  assert.equal((await pageFetch(con, '../cgi-bin/operator/session')).status, 401);

  // The one failed login of this file (the server throttles them).
  await fillLogin(con, who.site, who.login, `${who.password} but wrong`);
  const err = con.locator('#login-error');
  await err.waitFor({ state: 'visible' });
  assert.equal(await err.textContent(), 'Wrong site, login or password.');
  assert.equal(await err.getAttribute('role'), 'alert');
  assert.equal(await con.locator('#view-app').isVisible(), false);
  assert.equal(await con.locator('#f-password').inputValue(), '', 'the wrong password is cleared');
  assert.equal(await con.evaluate(() => document.activeElement?.id), 'f-password');
  assert.deepEqual((await ctx.cookies()).filter((c) => /plauder_op/.test(c.name)).map((c) => c.name), [], 'no session cookie');
  const s0 = await pageFetch(con, '../cgi-bin/operator/session');
  assert.equal(s0.status, 401);
  assert.equal(s0.json.error.code, 'not_authenticated');

  // The right one.
  await fillLogin(con, who.site, who.login, who.password);
  await con.locator('#view-app').waitFor({ state: 'visible' });
  assert.equal(await err.isVisible(), false);
  const cookie = (await ctx.cookies()).find((c) => c.name === 'plauder_op');
  assert.ok(cookie, 'the session cookie');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  assert.equal(await con.evaluate(() => document.cookie.includes('plauder_op')), false, 'the page cannot read it');
  const session = await pageFetch(con, '../cgi-bin/operator/session');
  assert.equal(session.status, 200);
  const csrf = session.json.csrf;
  assert.match(csrf, /^[0-9a-f]{16,}$/);
  await until(async () => (await con.locator('#pres-all').inputValue()) === 'online', 'the console to show online');

  const presence = async () => (await pageFetch(con, '../cgi-bin/operator/poll?wait=0')).json.presence.map((p) => p.status);
  const post = (headers, status) => pageFetch(con, '../cgi-bin/operator/presence', {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ status }),
  });
  // Control: the same request with the token is accepted.
  const ok = await post({ 'X-CSRF-Token': csrf }, 'away');
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.deepEqual(await presence(), ['away']);
  // Without the token, and with a wrong one: 403 csrf, nothing changed.
  for (const headers of [{}, { 'X-CSRF-Token': csrf.replace(/^./, (c) => (c === '0' ? '1' : '0')) }]) {
    const r = await post(headers, 'offline');
    assert.equal(r.status, 403, JSON.stringify(r.json));
    assert.equal(r.json.error.code, 'csrf');
  }
  // A form-encoded POST (what a plain HTML form can send) without the token.
  const form = await pageFetch(con, '../cgi-bin/operator/presence', {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'status=offline',
  });
  assert.equal(form.status, 403);
  assert.deepEqual(await presence(), ['away'], 'the refused requests changed nothing');

  // With the cookie and even the right token, another origin is refused
  // (what a request from another site would carry).
  const base = new URL('../cgi-bin/operator/presence', consoleUrl());
  const fromNode = (headers) => fetch(base, {
    method: 'POST',
    headers: { Cookie: `${cookie.name}=${cookie.value}`, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ status: 'offline' }),
  });
  assert.equal((await fromNode({ Origin: 'http://evil.example' })).status, 403);
  assert.equal((await fromNode({ 'Sec-Fetch-Site': 'cross-site' })).status, 403);
  assert.equal((await fromNode({ 'Sec-Fetch-Site': 'same-site', Origin: 'http://127.0.0.1:1' })).status, 403);
  assert.deepEqual(await presence(), ['away']);

  // A real page of another origin (same site: the cookie goes along) that
  // posts a form to the API in the operator's browser: refused.
  const evil = await otherOriginPage(t, ctx, `<!doctype html><title>evil</title>
<form id="f" method="post" action="${base.href}"><input name="status" value="offline"></form>`);
  const [resp] = await Promise.all([
    evil.waitForResponse((r) => r.url() === base.href),
    evil.evaluate(() => document.getElementById('f').submit()),
  ]);
  assert.equal(resp.status(), 403);
  assert.deepEqual(await presence(), ['away']);
  // The console's own requests still work (its token is kept in memory).
  await con.locator('#pres-all').selectOption('online');
  await until(async () => (await presence()).join() === 'online', 'the console to set online');
  await assertClean(t, ctx, [...CONSOLE_ALLOW, /HTTP 401 GET \S+\/operator\/session/, /HTTP 401 POST \S+\/operator\/login$/,
    /HTTP 403 POST \S+\/operator\/presence$/]);
});
