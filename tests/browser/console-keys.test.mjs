// The console's documented keyboard shortcuts (docs/JS-API.md, "Keyboard
// shortcuts"): Alt+A accepts the longest-waiting chat (or the focused
// card of the queue, reached with Alt+Q), Alt+N / Alt+P move
// between chat tabs (a chat with unread messages first), Alt+C closes the
// current chat after a confirmation (Enter confirms) and then its tab,
// Alt+/ opens the help. They work while the message box has the focus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, makeSite, waitOnline, until, uniq, messageItem, waitText, assertClean,
} from './lib.mjs';
import {
  CONSOLE_ALLOW, CONSOLE_TITLE, consoleLogin, queueItem, chatTab, consoleMessage, visitorPage,
  visitorStart, visitorSend,
} from './console-lib.mjs';

test('keyboard: Alt+A accepts (oldest or focused card), Alt+N/Alt+P move between chats (unread first), Alt+C closes, Alt+/ helps', { timeout: 60000 }, async (t) => {
  const who = makeSite();
  const browser = await launch(t);
  const opCtx = await newContext(browser);
  const visCtx = await newContext(browser);
  const con = await consoleLogin(opCtx, who);
  await until(async () => (await con.locator('#pres-all').inputValue()) === 'online', 'online');
  await waitOnline(who.site);

  const visA = await visitorPage(visCtx, who.site, { from: 'first' });
  const chatA = await visitorStart(t, visA, who.site);
  await queueItem(con, chatA).waitFor();
  const visB = await visitorPage(visCtx, who.site, { from: 'second' });
  const chatB = await visitorStart(t, visB, who.site);
  await queueItem(con, chatB).waitFor();
  const focused = () => con.evaluate(() => document.activeElement?.id ?? '');
  const selected = () => con.locator('#tabs [role="tab"][aria-selected="true"]').getAttribute('data-chat').then(Number);
  const key = (k) => con.keyboard.press(k);

  // Alt+A: the longest-waiting chat (A), the focus goes to its message box.
  await key('Alt+KeyA');
  await chatTab(con, chatA).waitFor();
  await until(async () => (await selected()) === chatA, 'chat A selected');
  await until(async () => (await focused()) === `msg-${chatA}`, 'the focus in the message box of A');
  await waitText(visA, '#status', 'You are chatting with');
  assert.equal(await queueItem(con, chatB).count(), 1, 'B still waits');
  // Enter sends.
  const hello = uniq('typed and sent with Enter');
  await con.keyboard.type(hello);
  await key('Enter');
  await messageItem(visA, hello).waitFor();

  // A third chat. Alt+Q puts the focus on the queue (the first card, B's);
  // Tab (past B's "Close all from this network") moves to C's card; Alt+A
  // accepts the focused card, not the oldest.
  const visC = await visitorPage(visCtx, who.site, { from: 'third' });
  const chatC = await visitorStart(t, visC, who.site);
  await queueItem(con, chatC).waitFor();
  await key('Alt+KeyQ');
  await until(async () => (await con.evaluate(() => document.activeElement?.closest('.q-item')?.dataset.chat)) === String(chatB), 'the focus on B\'s card');
  await key('Tab');
  assert.equal(await con.evaluate(() => document.activeElement?.classList.contains('q-similar')), true);
  await key('Tab');
  await until(async () => (await con.evaluate(() => document.activeElement?.closest('.q-item')?.dataset.chat)) === String(chatC), 'the focus on C\'s card');
  await key('Alt+KeyA');
  await chatTab(con, chatC).waitFor();
  await until(async () => (await selected()) === chatC, 'chat C selected');
  await until(async () => (await focused()) === `msg-${chatC}`, 'the focus in the message box of C');
  await waitText(visC, '#status', 'You are chatting with');
  assert.equal(await queueItem(con, chatB).count(), 1, 'B still waits');

  // Alt+A again, from inside the message box: B.
  await key('Alt+KeyA');
  await chatTab(con, chatB).waitFor();
  await until(async () => (await selected()) === chatB, 'chat B selected');
  await until(async () => (await focused()) === `msg-${chatB}`, 'the focus in the message box of B');
  await queueItem(con, chatB).waitFor({ state: 'detached' });
  await waitText(visB, '#status', 'You are chatting with');
  const order = await con.locator('#tabs [role="tab"]').evaluateAll((tabs) => tabs.map((b) => Number(b.dataset.chat)));
  assert.deepEqual(order, [chatA, chatC, chatB]);

  // Alt+P, Alt+P: back to A (wrapping is tested below).
  await key('Alt+KeyP');
  await until(async () => (await selected()) === chatC, 'Alt+P to select C');
  await key('Alt+KeyP');
  await until(async () => (await selected()) === chatA, 'Alt+P to select A');

  // B writes while A is in front: B's tab counts it, and so does the title.
  const fromB = uniq('B writes');
  await visitorSend(visB, fromB);
  await consoleMessage(con, chatB, fromB).waitFor({ state: 'attached' });
  await chatTab(con, chatB).locator('.tab-unread:not([hidden])', { hasText: '1' }).waitFor();
  assert.equal(await con.title(), `(1) ${CONSOLE_TITLE}`);

  // Alt+N: the chat with unread messages (B), not the next one (C); read then.
  await key('Alt+KeyN');
  await until(async () => (await selected()) === chatB, 'Alt+N to select B (unread) over C');
  await chatTab(con, chatB).locator('.tab-unread').waitFor({ state: 'hidden' });
  await consoleMessage(con, chatB, fromB).waitFor();
  assert.equal(await con.title(), CONSOLE_TITLE);
  // Without unread messages: the next tab, wrapping around.
  await key('Alt+KeyN');
  await until(async () => (await selected()) === chatA, 'Alt+N to wrap to A');
  await key('Alt+KeyP');
  await until(async () => (await selected()) === chatB, 'Alt+P to wrap to B');
  await key('Alt+KeyN');
  await until(async () => (await selected()) === chatA, 'Alt+N to A');

  // Alt+C: asks first; Escape keeps the chat.
  await key('Alt+KeyC');
  const dlg = con.locator('#dlg-confirm');
  await dlg.waitFor({ state: 'visible' });
  assert.equal(await focused(), 'confirm-ok');
  await key('Escape');
  await dlg.waitFor({ state: 'hidden' });
  await con.locator(`#msg-${chatA}`).waitFor({ state: 'visible' });
  // Alt+C, Enter: closed; the visitor sees it.
  await key('Alt+KeyC');
  await dlg.waitFor({ state: 'visible' });
  await key('Enter');
  await dlg.waitFor({ state: 'hidden' });
  await visA.locator('#ended').waitFor({ state: 'visible' });
  await con.locator(`#panel-${chatA} .state-bar`, { hasText: 'The chat has ended.' }).waitFor();
  assert.equal(await visB.locator('#ended').isVisible(), false, 'B goes on');
  assert.equal(await visC.locator('#ended').isVisible(), false, 'C goes on');
  // Alt+C on the ended chat closes its tab; the next one is in front.
  await key('Alt+KeyC');
  await chatTab(con, chatA).waitFor({ state: 'detached' });
  await until(async () => (await selected()) === chatC, 'C selected after A\'s tab closed');
  assert.equal(await chatTab(con, chatB).count(), 1);

  // Alt+/: the help lists the shortcuts; Escape closes it.
  await key('Alt+Slash');
  const help = con.locator('#dlg-help');
  await help.waitFor({ state: 'visible' });
  const keys = await con.locator('#help-keys kbd').allTextContents();
  for (const k of ['Alt+N', 'Alt+P', 'Alt+A', 'Alt+C']) assert.ok(keys.includes(k), `help lists ${k}: ${keys}`);
  await key('Escape');
  await help.waitFor({ state: 'hidden' });
  await assertClean(t, opCtx, CONSOLE_ALLOW);
  await assertClean(t, visCtx);
});
