// Will the operator hear and see new chats? The console's self-test bar
// (docs/JS-API.md, "Sound, notifications, the unread count"): with the
// browser's autoplay policy blocking sound until a click (the headless
// default; set explicitly here), after a reload it says sound is blocked,
// and its button enables it; notifications not yet allowed are reported
// with a button to ask; the page title counts waiting chats and unread
// messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  newContext, makeSite, waitOnline, until, uniq, waitText, assertClean,
} from './lib.mjs';
import {
  CONSOLE_ALLOW, CONSOLE_TITLE, launchWith, peeker, consoleLogin, consoleUrl, queueItem, chatTab, consoleMessage,
  acceptInConsole, visitorPage, visitorStart, visitorSend,
} from './console-lib.mjs';

test('self-test: blocked sound is reported and a click enables it; notifications are offered; the title counts', { timeout: 60000 }, async (t) => {
  const who = makeSite();
  const browser = await launchWith(t, ['--autoplay-policy=document-user-activation-required']);
  const opCtx = await newContext(browser);
  const visCtx = await newContext(browser);
  // Every attempt to play a sound, and how it ended.
  await opCtx.addInitScript(() => {
    window.__plays = [];
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (...args) {
      const entry = { src: this.currentSrc || this.src, volume: this.volume, result: 'pending' };
      window.__plays.push(entry);
      const p = play.apply(this, args);
      p.then(() => { entry.result = 'played'; }, (e) => { entry.result = e.name; });
      return p;
    };
    // Every text the toast showed: a later toast (e.g. "Connected again."
    // after a poll hiccup) replaces the one before, and shows for 6 s only.
    window.__toasts = [];
    document.addEventListener('DOMContentLoaded', () => {
      const n = document.getElementById('toast');
      new MutationObserver(() => {
        if (!n.hidden && n.textContent && window.__toasts.at(-1) !== n.textContent) window.__toasts.push(n.textContent);
      }).observe(n, { attributes: true, attributeFilter: ['hidden'], childList: true, characterData: true, subtree: true });
    });
  });
  const plays = () => con.evaluate(() => window.__plays.map((p) => ({ ...p, src: new URL(p.src).pathname.split('/').pop() })));

  const con = await consoleLogin(opCtx, who);
  await until(async () => (await con.locator('#pres-all').inputValue()) === 'online', 'online');
  assert.equal(await con.title(), CONSOLE_TITLE);
  // Notifications were never asked for: the bar offers to turn them on
  // (nothing is asked on load).
  const notif = con.locator('#checks [data-check="notif"]');
  await notif.waitFor();
  assert.equal(await con.evaluate(() => Notification.permission), 'default');
  assert.match(await notif.locator('p').textContent(), /^Desktop notifications are off/);
  assert.equal(await notif.getByRole('button', { name: 'Turn on desktop notifications' }).count(), 1);

  // A reload picks the session up, but nothing was clicked since: the
  // browser blocks sound, and the console says so. From here until the
  // click on the bar the console page is only read through peek() (no user
  // activation; see console-lib.mjs).
  const peek = await peeker(opCtx, con);
  await con.reload();
  const peekUntil = (fn, arg, what) => until(() => peek(fn, arg), what);
  await peekUntil(() => !document.getElementById('view-app').hidden, null, 'the console after the reload');
  const soundText = await peekUntil(() => document.querySelector('#checks [data-check="sound"]')?.textContent, null, 'the sound warning');
  assert.equal(soundText, 'The browser blocks sound until you click in the console: you would not hear new chats.Click to enable sound×');
  assert.equal(await peek(() => navigator.userActivation.hasBeenActive), false, 'nothing activated the page (test self-check)');
  assert.match(await peek(() => document.querySelector('#checks [data-check="sound"]').className), /check-warn/);
  await waitOnline(who.site);

  // A chat arrives: the console tries the sound, the browser refuses it; the
  // title counts the waiting chat.
  const visA = await visitorPage(visCtx, who.site, { from: 'first' });
  const chatA = await visitorStart(t, visA, who.site);
  await peekUntil((id) => Boolean(document.querySelector(`#queue .q-item[data-chat="${id}"]`)), chatA, 'chat A in the queue');
  await peekUntil((title) => document.title === title, `(1) ${CONSOLE_TITLE}`, 'the title to count the waiting chat');
  const playsNow = () => peek(() => window.__plays.map((p) => ({ ...p, src: new URL(p.src).pathname.split('/').pop() })));
  await until(async () => (await playsNow()).some((p) => p.src === 'new-chat.wav' && p.result === 'NotAllowedError'),
    'a refused attempt to play the new-chat sound');
  assert.ok((await playsNow()).every((p) => p.result !== 'played'), 'no sound played before a click');
  assert.equal(await peek(() => document.querySelectorAll('#checks [data-check="sound"]').length), 1, 'still reported as blocked');
  // The favicon carries the count too (drawn on a canvas).
  await peekUntil(() => document.getElementById('favicon').href.startsWith('data:image/png'), null, 'the favicon with the count');
  assert.equal(await peek(() => navigator.userActivation.hasBeenActive), false, 'still no activation (test self-check)');

  // The bar's button: a click enables sound (it plays once as proof).
  const soundCheck = con.locator('#checks [data-check="sound"]');
  await soundCheck.getByRole('button', { name: 'Click to enable sound' }).click();
  await soundCheck.waitFor({ state: 'detached' });
  await until(async () => (await plays()).some((p) => p.src === 'new-chat.wav' && p.result === 'played'), 'the sound to play after the click');
  await until(async () => (await con.evaluate(() => window.__toasts)).includes('Sound works.'), 'the toast "Sound works."');
  assert.ok(!(await con.evaluate(() => window.__toasts)).some((x) => /still blocks/.test(x)), 'never "still blocked" after the click');

  // Accepted: nothing waits, the count goes.
  await acceptInConsole(con, chatA);
  await until(async () => (await con.title()) === CONSOLE_TITLE, 'the title without a count');
  await waitText(visA, '#status', 'You are chatting with');

  // The next chat is heard now.
  const before = (await plays()).length;
  const visB = await visitorPage(visCtx, who.site, { from: 'second' });
  const chatB = await visitorStart(t, visB, who.site);
  await queueItem(con, chatB).waitFor();
  await until(async () => (await plays()).slice(before).some((p) => p.src === 'new-chat.wav' && p.result === 'played'),
    'the new-chat sound to play for the second chat');
  assert.equal(await con.title(), `(1) ${CONSOLE_TITLE}`);
  await acceptInConsole(con, chatB);
  await until(async () => (await con.title()) === CONSOLE_TITLE, 'no count after accepting B');

  // A message in the chat that is not in front: counted in its tab and in
  // the title, with a softer sound; reading it clears both.
  const n = (await plays()).length;
  const fromA = uniq('A writes');
  await visitorSend(visA, fromA);
  await consoleMessage(con, chatA, fromA).waitFor({ state: 'attached' });
  await chatTab(con, chatA).locator('.tab-unread:not([hidden])', { hasText: '1' }).waitFor();
  await until(async () => (await con.title()) === `(1) ${CONSOLE_TITLE}`, 'the title to count the unread message');
  await until(async () => (await plays()).slice(n).some((p) => p.result === 'played' && p.volume === 0.5), 'the softer message sound');
  await chatTab(con, chatA).click();
  await until(async () => (await con.title()) === CONSOLE_TITLE, 'no count once read');
  await chatTab(con, chatA).locator('.tab-unread').waitFor({ state: 'hidden' });

  // With notifications allowed (the browser's permission), the bar no
  // longer asks for them.
  await opCtx.grantPermissions(['notifications'], { origin: new URL(consoleUrl()).origin });
  await con.reload();
  // (The sound warning is back after the reload: the bar has been drawn.)
  await peekUntil(() => Boolean(document.querySelector('#checks [data-check="sound"]')), null, 'the checks after the reload');
  assert.equal(await peek(() => Notification.permission), 'granted');
  assert.equal(await peek(() => document.querySelectorAll('#checks [data-check="notif"]').length), 0);
  await assertClean(t, opCtx, CONSOLE_ALLOW);
  await assertClean(t, visCtx);
});

// The click on "Click to enable sound" can come while the repeating
// new-chat sound starts playing (every 8 s while a chat waits): that play
// interrupts the click's own (AbortError), which is no refusal by the
// browser; sound works and is reported so. (It said "still blocked".)
test('enabling sound while the repeating new-chat sound plays: reported as working', { timeout: 60000 }, async (t) => {
  const browser = await launchWith(t, ['--autoplay-policy=document-user-activation-required']);
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(consoleUrl());
  await page.locator('#view-login').waitFor({ state: 'visible' });
  await page.locator('#f-site').click(); // the operator's click: sound is allowed from here
  const results = await page.evaluate(async () => {
    const { Sound } = await import('./alerts.js');
    const out = [];
    for (let i = 0; i < 5; i += 1) {
      const s = new Sound({ onBlocked: () => {}, onUnblocked: () => {} });
      s.blocked = true; // as the self-test found it before the click
      await new Promise((resolve) => { s.audio.addEventListener('canplaythrough', resolve, { once: true }); });
      const unlocked = s.unlock(); // the bar's button
      s.play(); // the alarm's tick at the same moment
      out.push({ unlocked: await unlocked, blocked: s.blocked });
      s.audio.pause();
    }
    return out;
  });
  assert.deepEqual(results, Array(5).fill({ unlocked: true, blocked: false }));
  await assertClean(t, ctx, CONSOLE_ALLOW);
});
