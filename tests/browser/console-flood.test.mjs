// A flood of waiting chats from one network (docs/API.md, "POST
// /close-similar"; docs/JS-API.md, "Sound, notifications, the unread
// count"): the console calls the operator once, not once per chat, shows how
// many wait in all, and one action (asked twice) closes every waiting chat
// of that network while a visitor from elsewhere stays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { BASE, newContext, makeSite, launch, until, assertClean } from './lib.mjs';
import { CONSOLE_ALLOW, consoleLogin, queueItem } from './console-lib.mjs';

// A chat start from a chosen loopback address (the server counts networks
// by the anonymised address).
function startFrom(site, from) {
  return new Promise((resolve, reject) => {
    const u = new URL(`${BASE}/cgi-bin/chat/start`);
    const body = JSON.stringify({ site, dept: 'A', direct: 1 });
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', localAddress: from,
      agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => (res.statusCode === 201 || res.statusCode === 200
        ? resolve(JSON.parse(text)) : reject(new Error(`start: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('a flood of new chats: a few alerts, then one summary and one sound; the count shows all; one action closes the flood', { timeout: 90000 }, async (t) => {
  const who = makeSite();
  const browser = await launch(t);
  const ctx = await newContext(browser);
  await ctx.addInitScript(() => {
    // Every notification and every sound the console makes. The operator
    // looks at another window (notifications are for that case).
    window.__notes = [];
    window.__plays = 0;
    window.Notification = class {
      static permission = 'granted';
      static requestPermission() { return Promise.resolve('granted'); }
      constructor(title, opts) { window.__notes.push({ title, tag: opts?.tag ?? '' }); }
      close() {}
    };
    HTMLMediaElement.prototype.play = function play() { window.__plays += 1; return Promise.resolve(); };
    Document.prototype.hasFocus = () => false;
  });
  const con = await consoleLogin(ctx, who);
  await until(async () => (await con.locator('#pres-all').inputValue()) === 'online', 'online');

  const real = await startFrom(who.site, '127.0.8.1');
  await queueItem(con, real.chat).waitFor();
  const flood = [];
  for (let i = 0; i < 12; i += 1) flood.push(await startFrom(who.site, '127.0.9.1'));
  await queueItem(con, flood.at(-1).chat).waitFor();
  await until(async () => (await con.locator('#queue-count').textContent()) === '(13)', 'the count of 13 waiting chats');

  const notes = await con.evaluate(() => window.__notes);
  const single = notes.filter((n) => /^queue-\d+$/.test(n.tag));
  assert.ok(single.length <= 3, `at most 3 single new-chat notifications, not one per chat: ${JSON.stringify(notes)}`);
  assert.ok(notes.some((n) => n.tag === 'queue-flood' && /new chats/.test(n.title)), 'then a summary');
  assert.ok(notes.length <= 3 + flood.length, 'and nothing else');
  const plays = await con.evaluate(() => window.__plays);
  // Each of the first three sounds like any new chat; the flood after them
  // at most once (and the repeating reminder, every 8 s).
  assert.ok(plays >= 1 && plays <= 5, `the sound went off ${plays} times for 13 chats`);

  // Close all from the flood's network: the first click only arms it.
  const card = queueItem(con, flood[3].chat);
  const button = card.getByRole('button', { name: /^Close all from this network: / });
  await button.click();
  await card.getByRole('button', { name: 'Click again to close them all' }).waitFor();
  assert.equal(await con.locator('#queue .q-item').count(), 13, 'nothing closed on the first click');
  await card.getByRole('button', { name: 'Click again to close them all' }).click();
  await until(async () => (await con.locator('#queue .q-item').count()) === 1, 'the flood to leave the queue');
  await queueItem(con, real.chat).waitFor();
  assert.equal(await con.locator('#queue-count').textContent(), '(1)');
  await con.locator('#toast', { hasText: 'Closed 12 waiting chats from one network.' }).waitFor();
  await assertClean(t, ctx, CONSOLE_ALLOW);
});
