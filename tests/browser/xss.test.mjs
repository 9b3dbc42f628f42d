// Script and HTML in messages (from the operator and from the visitor) are
// shown as text in the chat window and never run: a trap is installed in
// every frame before any script, and the payloads call it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, hostPage, tabButton, chatFrame, recordEvents, waitEvent,
  makeSite, waitOnline, Operator, messageItem, waitText, uniq,
  assertClean,
} from './lib.mjs';

const FROM_OPERATOR = [
  '<img src=x onerror=window.__xss=1>',
  '<img src=x onerror="__trap(\'operator-img\')">',
  '<script>__trap("operator-script")</script>',
  '<svg onload="__trap(\'operator-svg\')"></svg><b>bold?</b>',
  'javascript:__trap("operator-js-url")',
  'see https://example.com/a"onmouseover="__trap(\'link-attr\')" please',
];
const FROM_VISITOR = [
  '<img src=y onerror=window.__xss=2>',
  '"><iframe src="javascript:__trap(\'visitor-iframe\')"></iframe>',
  '<a href="javascript:__trap(\'visitor-link\')">click me</a>',
];

test('script and HTML in messages are shown as text and never execute', { timeout: 90000 }, async (t) => {
  const who = makeSite();
  const op = await Operator.login(who);
  t.after(() => op.logout());
  await waitOnline(who.site);
  const browser = await launch(t);
  const ctx = await newContext(browser);

  // The trap: any execution of a payload, in any frame, is reported here.
  const hits = [];
  await ctx.exposeFunction('__trapHit', (what, where) => { hits.push(`${what} in ${where}`); });
  await ctx.addInitScript(() => {
    const report = (what) => { try { window.__trapHit(String(what), location.href); } catch { /* not yet bound */ } };
    window.__trap = report;
    Object.defineProperty(window, '__xss', { configurable: false, get: () => undefined, set: (v) => report(`__xss=${v}`) });
  });
  const requested = [];
  ctx.on('request', (r) => requested.push(new URL(r.url())));

  const page = await hostPage(t, ctx, who.site, { direct: 1 });
  await recordEvents(page);
  await page.locator('plauder-chat button.tab[data-state="online"]').waitFor();
  // The trap works (a self-test, so a silent trap cannot pass the test).
  await page.evaluate(() => { window.__xss = 'self-test'; });
  await tabButton(page).click();
  const app = await chatFrame(page);
  await app.evaluate(() => window.__trap('self-test'));
  assert.equal(hits.length, 2, `the trap reports from both frames: ${hits}`);
  hits.length = 0;

  const chat = (await waitEvent(page, 'chat_started')).detail.chat;
  await op.accept(chat);
  await waitText(app, '#status', 'You are chatting with');

  for (const text of FROM_OPERATOR) await op.send(chat, text);
  for (const text of FROM_VISITOR) {
    await app.locator('#msg').fill(text);
    await app.locator('#msg').press('Enter');
    await op.waitMessage(chat, (m) => m.from === 'visitor' && m.text === text, `visitor payload ${text}`);
  }
  // A last message after all payloads: when it shows, everything before it
  // was rendered (and had its chance to run: error events of broken images
  // come long before a further round trip to the server).
  const sentinel = uniq('end of payloads');
  await op.send(chat, sentinel);
  await messageItem(app, sentinel).waitFor();

  const shown = await app.evaluate(() => [...document.querySelectorAll('#log li .msg-text')].map((n) => n.textContent));
  for (const text of [...FROM_OPERATOR, ...FROM_VISITOR]) {
    assert.ok(shown.includes(text), `shown verbatim as text: ${text}\n(shown: ${JSON.stringify(shown)})`);
  }
  // No element came out of the payloads.
  const dom = await app.evaluate(() => ({
    elements: [...document.querySelectorAll('#log .msg-text *')].map((n) => n.tagName.toLowerCase()),
    handlers: [...document.querySelectorAll('*')].flatMap((n) => [...n.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${n.tagName}@${a.name}`)),
    hrefs: [...document.querySelectorAll('#log a')].map((a) => a.getAttribute('href')),
  }));
  assert.ok(dom.elements.every((tag) => tag === 'a'), `only links may appear inside message texts: ${dom.elements}`);
  assert.deepEqual(dom.handlers, [], 'no inline event handler anywhere in the chat app');
  assert.ok(dom.hrefs.every((h) => /^https?:/.test(h)), `links are http(s) only: ${dom.hrefs}`);
  assert.ok(dom.hrefs.includes('https://example.com/a'), 'a link stops at the quote');
  // The link the linkifier made opens apart from the chat.
  const rel = await app.locator('#log a[href="https://example.com/a"]').getAttribute('rel');
  assert.match(rel, /noopener/);
  assert.match(rel, /noreferrer/);
  // Broken image sources were never even requested.
  assert.deepEqual(requested.filter((u) => /\/(x|y)$/.test(u.pathname)).map(String), []);
  assert.deepEqual(hits, [], 'no payload ran');

  // The host page got the texts as data, unchanged.
  const ev = await waitEvent(page, 'message', (d) => d.text === FROM_OPERATOR[0]);
  assert.equal(ev.detail.from, 'operator');
  await assertClean(t, ctx);
  await op.close(chat);
});
