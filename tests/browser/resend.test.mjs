// Nothing the visitor wrote is lost (JS-API.md §5): after a lost answer, a
// 503 or a dropped connection the same message is sent again with the same
// client_id until the server acknowledged it, and it is stored and shown
// once. The failures are made by the test (routing the app's requests);
// the server and the store are real.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, hostPage, tabButton, chatFrame, recordEvents, waitEvent,
  makeSite, waitOnline, Operator, messageItem, waitText, uniq, until, assertClean,
} from './lib.mjs';

async function runningChat(t, browser) {
  const who = makeSite();
  const op = await Operator.login(who);
  t.after(() => op.logout());
  await waitOnline(who.site);
  const ctx = await newContext(browser);
  const page = await hostPage(t, ctx, who.site, { direct: 1 });
  await recordEvents(page);
  await page.locator('plauder-chat button.tab[data-state="online"]').waitFor();
  await tabButton(page).click();
  const app = await chatFrame(page);
  const chat = (await waitEvent(page, 'chat_started')).detail.chat;
  await op.accept(chat);
  await waitText(app, '#status', 'You are chatting with');
  // Every state a visitor message shows, in order.
  await app.evaluate(() => {
    window.__states = [];
    new MutationObserver((list) => {
      for (const m of list) {
        if (m.type === 'attributes' && m.target.dataset.state) window.__states.push(m.target.dataset.state);
      }
    }).observe(document.getElementById('log'), { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  });
  return { who, op, ctx, page, app, chat };
}

test('resend: a 503, a dropped connection and a lost answer are retried with the same client_id; stored and shown once', { timeout: 90000 }, async (t) => {
  const browser = await launch(t);
  const { op, ctx, app, chat } = await runningChat(t, browser);

  const attempts = [];
  await ctx.route((u) => u.pathname.endsWith('/cgi-bin/chat/send'), async (route) => {
    const body = JSON.parse(route.request().postData());
    attempts.push(body.client_id);
    if (attempts.length === 1) {
      // The database is away: "try again later".
      await route.fulfill({
        status: 503,
        headers: { 'Retry-After': '1', 'Content-Type': 'application/json' },
        body: JSON.stringify({ error: { code: 'unavailable', message: 'database unavailable', request_id: 'test' } }),
      });
    } else if (attempts.length === 2) {
      // The connection drops before the server got it.
      await route.abort('connectionreset');
    } else if (attempts.length === 3) {
      // The server stores the message, but its answer never arrives (the
      // poll or a further resend tells the app it is there).
      await route.fetch();
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });

  const text = uniq('Please do not lose me');
  await app.locator('#msg').fill(text);
  await app.locator('#msg').press('Enter');
  const item = messageItem(app, text);
  await until(async () => ['sent', 'done'].includes(await item.getAttribute('data-state')), 'the message acknowledged');
  assert.ok(attempts.length >= 3, `sent ${attempts.length} times`);
  assert.equal(new Set(attempts).size, 1, 'every attempt carries the same client_id');
  assert.match(attempts[0], /^v-[A-Za-z0-9_-]{1,62}$/);
  const states = await app.evaluate(() => window.__states);
  assert.ok(states.includes('retry'), `the visitor saw "not sent yet": ${states}`);
  assert.ok(!states.includes('failed'), `never "not sent": ${states}`);

  const stored = (await op.messages(chat)).messages.filter((m) => m.text === text);
  assert.equal(stored.length, 1, 'stored once');
  assert.equal(stored[0].client_id, attempts[0]);
  // Shown once, even though the poll brought it before the acknowledgement.
  const later = uniq('operator after the resend');
  await op.send(chat, later);
  await messageItem(app, later).waitFor();
  assert.equal(await messageItem(app, text).count(), 1);
  await ctx.unroute((u) => u.pathname.endsWith('/cgi-bin/chat/send'));
  await assertClean(t, ctx, [/HTTP 503 POST .*\/cgi-bin\/chat\/send$/]);
  await op.close(chat);
});

test('resend: messages written while offline go out in order when the connection is back', { timeout: 90000 }, async (t) => {
  const browser = await launch(t);
  const { op, ctx, app, chat } = await runningChat(t, browser);

  await ctx.setOffline(true);
  const first = uniq('first while offline');
  const second = uniq('second while offline');
  for (const text of [first, second]) {
    await app.locator('#msg').fill(text);
    await app.locator('#msg').press('Enter');
  }
  // Both stay on screen, marked as waiting to be sent.
  await until(async () => (await messageItem(app, first).getAttribute('data-state')) === 'retry', 'the first message waiting');
  assert.equal(await messageItem(app, second).count(), 1);
  assert.notEqual(await messageItem(app, second).getAttribute('data-state'), 'failed');

  await ctx.setOffline(false);
  const a = await op.waitMessage(chat, (m) => m.text === first, 'the first message');
  const b = await op.waitMessage(chat, (m) => m.text === second, 'the second message');
  assert.ok(a.seq < b.seq, 'in the order written');
  for (const text of [first, second]) {
    await until(async () => ['sent', 'done'].includes(await messageItem(app, text).getAttribute('data-state')), `"${text}" acknowledged`);
  }
  // The chat goes on: the poll came back too.
  const back = uniq('operator after reconnect');
  await op.send(chat, back);
  await messageItem(app, back).waitFor();
  assert.equal((await op.messages(chat)).messages.filter((m) => m.text === first || m.text === second).length, 2);
  // Requests that failed while offline are no server answers; nothing else.
  await assertClean(t, ctx);
  await op.close(chat);
});
