// The JavaScript API on demo/app.html (site 1-1): Plauder('open'|'close'|
// 'set'|'on'|'off') and the events, with the operator's view of what
// Plauder('set') sent (GET /operator/chat).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  url, launch, newContext, tabButton, panel, chatFrame, recordEvents, waitEvent, events,
  demoSite, waitOnline, Operator, messageItem, waitText, uniq, until, assertClean,
  makeSite, hostPage, recordEventsFromStart,
  closeChat,
} from './lib.mjs';

test('JS API: open, set (data reaches the operator), events, close, unread badge, off', { timeout: 90000 }, async (t) => {
  const who = demoSite();
  const op = await Operator.login(who);
  t.after(() => op.logout());
  await waitOnline('1-1');
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(url('demo/app.html'));
  await recordEvents(page);

  // ready: online, with the departments; a handler added later is called at once.
  const ready = await waitEvent(page, 'ready');
  assert.equal(ready.detail.online, true);
  assert.deepEqual(ready.detail.departments.map((d) => d.id), ['A', 'B']);
  assert.equal(await page.evaluate(() => new Promise((resolve) => window.Plauder('on', 'ready', (d) => resolve(d.online)))), true);
  // The demo page's own log shows the event too.
  await waitText(page, '#events li', 'ready');

  // Visitor data before a chat exists: remembered, and prefills the form.
  const cart = uniq('1 tea pot, 2 green tea');
  await page.evaluate((c) => window.Plauder('set', { name: 'Vera Visitor', email: 'vera@example.com', data: { cart: c, total: 42.4, coupon: 'TEA10' } }), cart);
  // An 'off'-ed handler is not called.
  await page.evaluate(() => {
    window.__offCalls = 0;
    window.__offFn = () => { window.__offCalls += 1; };
    window.Plauder('on', 'open', window.__offFn);
    window.Plauder('off', 'open', window.__offFn);
  });

  // Plauder('open'): the in-page chat opens; 'open' fires.
  await page.evaluate(() => window.Plauder('open'));
  await panel(page).waitFor({ state: 'visible' });
  const opened = await waitEvent(page, 'open');
  assert.deepEqual(opened.detail, { variant: 'inpage' });
  assert.equal(await page.evaluate(() => window.__offCalls), 0);
  const app = await chatFrame(page);
  await app.locator('#view-start').waitFor({ state: 'visible' });
  assert.equal(await app.locator('#f_name').inputValue(), 'Vera Visitor');
  assert.equal(await app.locator('#f_email').inputValue(), 'vera@example.com');

  await app.locator('#f_question').fill(uniq('API question'));
  await app.locator('#f-consent').check();
  await app.locator('#btn-start').click();
  const started = await waitEvent(page, 'chat_started');
  const chat = started.detail.chat;
  t.after(() => closeChat(who.site, chat));
  assert.equal(started.detail.status, 'waiting');
  assert.equal(started.detail.online, true);
  assert.deepEqual(Object.keys(started.detail).sort(), ['chat', 'online', 'status']);

  // The operator sees what the page set, and the page the visitor is on.
  const seen = await until(async () => {
    const c = await op.chat(chat);
    return c.data?.cart === cart ? c : null;
  }, 'the cart in GET /operator/chat');
  assert.equal(seen.name, 'Vera Visitor');
  assert.equal(seen.email, 'vera@example.com');
  // (The API does not say whether a number comes back as number or string.)
  assert.equal(String(seen.data.total), '42.4');
  assert.equal(seen.data.coupon, 'TEA10');
  assert.equal(seen.page, url('demo/app.html'));
  assert.equal(seen.title, 'Plauder JavaScript API demo');
  assert.equal(seen.from, 'API demo');

  // A change after the start is sent again; null removes a member. The demo
  // page's own form does the first change.
  const cart2 = uniq('3 tea cups');
  await page.locator('#set-cart').fill(cart2);
  await page.locator('#set-form button[type="submit"]').click();
  await until(async () => (await op.chat(chat)).data?.cart === cart2, 'the changed cart in GET /operator/chat');
  await page.evaluate(() => window.Plauder('set', { data: { coupon: null } }));
  const after = await until(async () => {
    const c = await op.chat(chat);
    return c.data && !('coupon' in c.data) ? c : null;
  }, 'the removed data member');
  assert.equal(after.data.cart, cart2);
  assert.equal(String(after.data.total), '42.4');

  // message events, both ways.
  await op.accept(chat);
  const hello = uniq('Hello from the operator');
  await op.send(chat, hello);
  const inMsg = await waitEvent(page, 'message', (d) => d.text === hello);
  assert.equal(inMsg.detail.from, 'operator');
  assert.equal(inMsg.detail.name, 'Olga Operator');
  assert.ok(Number.isInteger(inMsg.detail.seq));
  assert.ok(!Number.isNaN(Date.parse(inMsg.detail.time)));
  await waitEvent(page, 'message', (d) => d.from === 'system' && /joined the chat/.test(d.text));
  const mine = uniq('Visitor says hi');
  await app.locator('#msg').fill(mine);
  await app.locator('#msg').press('Enter');
  const outMsg = await waitEvent(page, 'message', (d) => d.text === mine);
  assert.equal(outMsg.detail.from, 'visitor');

  // Plauder('close'): hidden, 'closed' with reason api; the chat goes on and
  // what arrives meanwhile is counted on the tab.
  await page.evaluate(() => window.Plauder('close'));
  await panel(page).waitFor({ state: 'hidden' });
  const closed = await waitEvent(page, 'closed');
  assert.deepEqual(closed.detail, { variant: 'inpage', reason: 'api' });
  const whileClosed = uniq('While the window was closed');
  await op.send(chat, whileClosed);
  await waitEvent(page, 'message', (d) => d.text === whileClosed);
  const badge = page.locator('plauder-chat .badge');
  await badge.waitFor({ state: 'visible' });
  assert.equal(await badge.textContent(), '1');
  assert.match(await tabButton(page).getAttribute('aria-label'), /, 1 new$/);
  // Plauder('toggle') opens again: the same chat, the badge is gone.
  await page.evaluate(() => window.Plauder('toggle'));
  await panel(page).waitFor({ state: 'visible' });
  await badge.waitFor({ state: 'hidden' });
  await messageItem(app, whileClosed).waitFor();
  assert.equal((await events(page, 'chat_started')).length, 1);

  // The operator ends the chat: chat_ended.
  await op.close(chat);
  const ended = await waitEvent(page, 'chat_ended');
  assert.equal(ended.detail.chat, chat);
  // No event ever carried the secret token.
  assert.equal(ctx.tokens.size, 1, 'the chat app sent its one token in the header');
  const [token] = ctx.tokens;
  assert.ok(token.length >= 16);
  assert.ok(!JSON.stringify(await events(page)).includes(token), 'the token is never given to the page');
  await assertClean(t, ctx);
});

test('JS API: offline site: ready says offline, the offline events fire, the contact form replaces the chat start', { timeout: 90000 }, async (t) => {
  const who = makeSite({ online: false });
  const browser = await launch(t);
  const ctx = await newContext(browser);
  // From the start: 'offline' comes right after 'ready' and is not sticky.
  await recordEventsFromStart(ctx);
  const page = await hostPage(t, ctx, who.site, { lang: 'de' });
  const ready = await waitEvent(page, 'ready');
  assert.equal(ready.detail.online, false);
  assert.deepEqual(ready.detail.departments, [{ id: 'A', name: 'Kundendienst', online: false }]);
  assert.deepEqual((await waitEvent(page, 'offline')).detail, { source: 'availability' });
  const tab = page.locator('plauder-chat button.tab[data-state="offline"]');
  await tab.waitFor();
  assert.equal((await tab.locator('.label').textContent()), 'Nachricht hinterlassen');
  assert.equal(await tab.getAttribute('aria-label'), 'Nachricht hinterlassen: Live-Chat öffnen (offline)');

  await tab.click();
  const app = await chatFrame(page);
  await app.locator('#view-contact').waitFor({ state: 'visible' });
  assert.match(await app.locator('#contact-intro').textContent(), /Gerade ist leider niemand erreichbar/);
  await app.locator('#c_email').waitFor();
  assert.equal(await app.locator('#view-start').isVisible(), false, 'no chat start while nobody is there');
  assert.equal((await events(page, 'chat_started')).length, 0);
  await assertClean(t, ctx);
});
