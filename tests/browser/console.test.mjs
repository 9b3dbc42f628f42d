// The operator console (htdocs/console/) in headless Chromium, against the
// real stack: one browser context for the visitor (the chat app at top
// level, mobile variant), one or two for operators logged in through the
// console's own form. Each test makes a fresh site with plauder-admin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, makeSite, waitOnline, until, uniq, messageItem, waitText, Operator,
  assertClean, admin,
} from './lib.mjs';
import {
  CONSOLE_ALLOW, addOperator, consoleLogin, goOnline, queueItem, chatTab, chatPanel,
  consoleMessage, consoleTexts, acceptInConsole, sendInConsole, visitorPage, visitorStart,
  visitorSend, visitorTexts, count,
} from './console-lib.mjs';

test('a chat end to end: login, online, queue with the from text, accept, messages both ways exactly once', { timeout: 60000 }, async (t) => {
  const who = makeSite({ online: false });
  const browser = await launch(t);
  const opCtx = await newContext(browser);
  const visCtx = await newContext(browser);

  const con = await consoleLogin(opCtx, who);
  // Offline everywhere at first: the self-test says so.
  await con.locator('#checks [data-check="presence"]').waitFor();
  assert.equal(await con.locator('#pres-all').inputValue(), 'offline');
  await goOnline(con);
  await con.locator('#checks [data-check="presence"]').waitFor({ state: 'detached' });
  await waitOnline(who.site);

  const from = uniq('Shop app');
  const vis = await visitorPage(visCtx, who.site, { from });
  const chat = await visitorStart(t, vis, who.site);
  // The visitor's start said someone is there (no offline box).
  assert.equal(await vis.locator('#offline-chat').isVisible(), false);

  const card = queueItem(con, chat);
  await card.waitFor();
  assert.match(await card.locator('.q-meta').textContent(), new RegExp(`from ${from}`));
  assert.equal((await card.locator('.q-name').textContent()).trim(), `Visitor ${chat}`);
  assert.match(await con.locator('#queue-count').textContent(), /\(1\)/);

  await acceptInConsole(con, chat);
  await queueItem(con, chat).waitFor({ state: 'detached' });
  assert.equal(await con.locator('#queue-empty').isVisible(), true);
  // The chat's head names where it came from.
  assert.match(await chatPanel(con, chat).locator('.chat-sub').textContent(), new RegExp(`from ${from}`));
  await waitText(vis, '#status', 'You are chatting with Olga Test');

  // Operator → visitor.
  const hello = uniq('Hello from the console');
  await sendInConsole(con, chat, hello);
  await messageItem(vis, hello).waitFor();
  await consoleMessage(con, chat, hello).waitFor();
  // Visitor → operator.
  const answer = uniq('Answer from the visitor');
  await visitorSend(vis, answer);
  await consoleMessage(con, chat, answer).waitFor();
  const hello2 = uniq('Second from the console');
  await sendInConsole(con, chat, hello2);
  await messageItem(vis, hello2).waitFor();
  // The console confirmed its own messages as stored.
  await until(async () => (await consoleMessage(con, chat, hello2).getAttribute('data-state')) === 'done' ||
    (await consoleMessage(con, chat, hello2).getAttribute('data-seq')) !== null, 'the console message to be stored');

  // Let a few more poll rounds pass on both sides, then: each text once.
  const sentinel = uniq('sentinel');
  await visitorSend(vis, sentinel);
  await consoleMessage(con, chat, sentinel).waitFor();
  const opShown = await consoleTexts(con, chat);
  const visShown = await visitorTexts(vis);
  for (const text of [hello, answer, hello2, sentinel]) {
    assert.equal(count(opShown, text), 1, `console shows "${text}" once: ${JSON.stringify(opShown)}`);
    assert.equal(count(visShown, text), 1, `visitor shows "${text}" once: ${JSON.stringify(visShown)}`);
  }
  // In the order they were written, on both sides.
  const order = [hello, answer, hello2, sentinel];
  assert.deepEqual(opShown.filter((x) => order.includes(x)), order);
  assert.deepEqual(visShown.filter((x) => order.includes(x)), order);
  // And stored once each on the server.
  const op = await Operator.login(who);
  t.after(() => op.logout());
  const stored = (await op.messages(chat)).messages.map((m) => m.text);
  for (const text of order) assert.equal(count(stored, text), 1, `stored once: ${text}`);

  await assertClean(t, opCtx, CONSOLE_ALLOW);
  await assertClean(t, visCtx);
});

// A fresh site whose operator olga is logged into the console (online), a
// visitor with a running chat that olga accepted in the console.
async function acceptedChat(t, { from = uniq('from'), site = makeSite() } = {}) {
  const who = site;
  const browser = await launch(t);
  const opCtx = await newContext(browser);
  const visCtx = await newContext(browser);
  const con = await consoleLogin(opCtx, who);
  // Online from the set-up (plauder-admin); the console shows it after its first poll.
  await until(async () => (await con.locator('#pres-all').inputValue()) === 'online', 'the console to show online');
  await waitOnline(who.site);
  const vis = await visitorPage(visCtx, who.site, { from });
  const chat = await visitorStart(t, vis, who.site);
  await queueItem(con, chat).waitFor();
  return { who, browser, opCtx, visCtx, con, vis, chat, from };
}

// The bodies of the chat API's answers to a page (/cgi-bin/chat/…):
// all() waits for the ones that arrived so far.
function recordApiAnswers(page) {
  const bodies = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.includes('/cgi-bin/chat/')) bodies.push(r.text().catch(() => ''));
  });
  return { all: () => Promise.all(bodies) };
}

const blueish = (css) => {
  const [r, g, b] = css.match(/\d+/g).map(Number);
  return b > 150 && b > r + 60 && b > g + 60;
};

test('sleep: the console shows the blue sleeping bar while the visitor sleeps; wake removes it', { timeout: 60000 }, async (t) => {
  const { opCtx, visCtx, con, vis, chat } = await acceptedChat(t);
  const card = queueItem(con, chat);
  // Asleep while still waiting: the queue card says so.
  await vis.evaluate(() => window.Plauder('sleep'));
  await card.locator('.q-sleep').waitFor();
  assert.match(await card.getAttribute('class'), /\bsleeping\b/);
  await vis.evaluate(() => window.Plauder('wake'));
  await card.locator('.q-sleep').waitFor({ state: 'detached' });

  await acceptInConsole(con, chat);
  await waitText(vis, '#status', 'You are chatting with');
  const bar = chatPanel(con, chat).locator('.sleep-bar');
  assert.equal(await bar.isVisible(), false, 'no bar while the visitor looks');

  await vis.evaluate(() => window.Plauder('sleep'));
  await bar.waitFor({ state: 'visible' });
  assert.equal(await bar.textContent(), `Sleeping: Visitor ${chat} is not looking at the chat right now. Your messages wait for them.`);
  assert.ok(blueish(await bar.evaluate((n) => getComputedStyle(n).backgroundColor)), 'the bar is blue');
  await chatTab(con, chat).locator('.flag-sleep').waitFor();
  assert.match(await chatTab(con, chat).textContent(), /not looking/); // for screen readers
  // Messages written meanwhile reach the visitor when it wakes.
  const meanwhile = uniq('written while asleep');
  await sendInConsole(con, chat, meanwhile);
  await consoleMessage(con, chat, meanwhile).and(con.locator('[data-seq]')).waitFor();

  await vis.evaluate(() => window.Plauder('wake'));
  await bar.waitFor({ state: 'hidden' });
  await chatTab(con, chat).locator('.flag-sleep').waitFor({ state: 'detached' });
  await messageItem(vis, meanwhile).waitFor();
  await assertClean(t, opCtx, CONSOLE_ALLOW);
  await assertClean(t, visCtx);
});

test('transfer to a second operator with a note: the second console shows the note, the visitor reads only the display name; the first can no longer write', { timeout: 60000 }, async (t) => {
  const site = makeSite();
  const petra = addOperator(site.site, 'petra', 'Petra Second');
  admin('presence', 'set', site.site, 'petra', 'online');
  const { browser, opCtx, visCtx, con, vis, chat } = await acceptedChat(t, { site });
  // Everything the visitor's app is told by the chat API, to show that
  // neither the note nor the colleague's login ever reaches the visitor.
  const toVisitor = recordApiAnswers(vis);
  const op2Ctx = await newContext(browser);
  const con2 = await consoleLogin(op2Ctx, petra);
  // Petra sees the waiting chat too (same department) before olga takes it.
  await queueItem(con2, chat).waitFor();

  await acceptInConsole(con, chat);
  await queueItem(con2, chat).waitFor({ state: 'detached' });
  const before = uniq('before the transfer');
  await sendInConsole(con, chat, before);
  await messageItem(vis, before).waitFor();

  const panel = chatPanel(con, chat);
  await panel.getByRole('button', { name: 'Transfer' }).click();
  const dlg = con.locator('#dlg-transfer');
  await dlg.waitFor({ state: 'visible' });
  assert.equal(await con.locator('#transfer-who').textContent(), `Chat with Visitor ${chat}`);
  await con.locator('#tr-kind-op').check();
  // The colleague from the team list (tests/browser/team.test.mjs has more).
  await con.locator('#tr-op').selectOption('petra');
  const note = uniq('Customer asks about invoice 4711, please call back');
  await con.locator('#tr-note').fill(note);
  await con.locator('#transfer-ok').click();
  await dlg.waitFor({ state: 'hidden' });

  // The second console: the chat's tab opens by itself, with the note in
  // its own labelled line at the top of the chat, not as a message.
  await chatTab(con2, chat).waitFor();
  const panel2 = chatPanel(con2, chat);
  await chatTab(con2, chat).click();
  const noteLine = panel2.locator('.chat-main > .transfer-note');
  await noteLine.waitFor({ state: 'visible' });
  assert.equal(await noteLine.textContent(), `Note from the transfer: ${note}`);
  // The earlier conversation came along, and the visitor's "Transferred to …".
  await consoleMessage(con2, chat, before).waitFor();
  await consoleMessage(con2, chat, 'Transferred to Petra Second.').waitFor();
  assert.equal(await panel2.locator('.log li', { hasText: note }).count(), 0, 'the note is no message of the chat');
  await panel2.locator('form.compose').waitFor({ state: 'visible' });
  const fromPetra = uniq('Petra here');
  await sendInConsole(con2, chat, fromPetra);
  await messageItem(vis, fromPetra).waitFor();

  // The visitor: "Transferred to <display name>.", never the note or the login.
  const visShown = await visitorTexts(vis);
  assert.equal(count(visShown, 'Transferred to Petra Second.'), 1, JSON.stringify(visShown));
  const visPage = await vis.locator('body').textContent();
  assert.ok(!visPage.includes(note), 'the visitor never sees the note');
  assert.doesNotMatch(visPage, /\bpetra\b/, 'the visitor never sees the login');
  const answers = await toVisitor.all();
  assert.ok(answers.some((a) => a.includes('Transferred to Petra Second.')), 'the API told the visitor');
  for (const a of answers) {
    assert.ok(!a.includes(note), `an answer to the visitor holds the note: ${a.slice(0, 300)}`);
    assert.doesNotMatch(a, /\bpetra\b/, 'an answer to the visitor holds the login');
  }

  // The first console: read-only, says why; no composer, no actions.
  await panel.locator('.state-bar', { hasText: 'This chat is no longer yours' }).waitFor();
  assert.equal(await panel.locator('form.compose').isVisible(), false, 'no composer in the first console');
  assert.equal(await panel.getByRole('button', { name: 'Transfer' }).isVisible(), false);
  assert.equal(await panel.getByRole('button', { name: 'Close chat' }).isVisible(), false);
  await chatTab(con, chat).locator('.flag-ended').waitFor();
  // And the server agrees: olga may not write into it any more.
  const olga = await Operator.login(site);
  t.after(() => olga.logout());
  const r = await olga.post('send', { chat, client_id: uniq('o-late'), text: 'too late' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'not_your_chat');
  await assertClean(t, opCtx, CONSOLE_ALLOW);
  await assertClean(t, op2Ctx, CONSOLE_ALLOW);
  await assertClean(t, visCtx);
});

test('transfer back to the department with a note: the queue card and then the chat show it as text; the visitor reads "another department"; without a note nothing shows', { timeout: 90000 }, async (t) => {
  const site = makeSite();
  const petra = addOperator(site.site, 'petra', 'Petra Second');
  admin('presence', 'set', site.site, 'petra', 'online');
  const { browser, opCtx, visCtx, con, vis, chat } = await acceptedChat(t, { site });
  const toVisitor = recordApiAnswers(vis);
  const op2Ctx = await newContext(browser);
  const con2 = await consoleLogin(op2Ctx, petra);
  await acceptInConsole(con, chat);

  // Olga sends the chat back to the queue of department A, with a note
  // that looks like markup (it must stay text), typed on two lines (the
  // note is one line of text for the server: the break becomes a space).
  const note = uniq('<b>VIP</b> <img src="x"> wants a call back');
  await transferInConsole(con, chat, { dept: 'A', note: `${note}\nÄrger mit der Rechnung` });
  const shown = `${note} Ärger mit der Rechnung`;

  // Petra's queue: the card of the chat carries the note.
  const card = queueItem(con2, chat);
  const cardNote = card.locator('.q-note');
  await cardNote.waitFor();
  assert.equal(await cardNote.textContent(), `Note from the transfer: ${shown}`);
  assert.equal(await cardNote.locator('b, img').count(), 0, 'the note is text, not markup');
  await messageItem(vis, 'Transferred to another department.').waitFor();

  // Petra takes it: the note is at the top of the chat.
  await acceptInConsole(con2, chat);
  const noteLine = chatPanel(con2, chat).locator('.chat-main > .transfer-note');
  await noteLine.waitFor({ state: 'visible' });
  assert.equal(await noteLine.textContent(), `Note from the transfer: ${shown}`);
  assert.equal(await noteLine.locator('b, img').count(), 0, 'the note is text, not markup');

  // Back to the queue without a note: the card shows none, and when Petra
  // takes the chat again the old note is gone from it too.
  await transferInConsole(con2, chat, { dept: 'A', note: '' });
  await queueItem(con2, chat).waitFor();
  assert.equal(await queueItem(con2, chat).locator('.q-note').count(), 0, 'no note on the card');
  await acceptInConsole(con2, chat);
  await noteLine.waitFor({ state: 'hidden' });
  assert.equal(await chatPanel(con2, chat).locator('.transfer-note').isVisible(), false);

  // The visitor read "Transferred to another department." twice, never the note.
  await until(async () => count(await visitorTexts(vis), 'Transferred to another department.') === 2,
    'the visitor to read both transfers');
  assert.ok(!(await vis.locator('body').textContent()).includes(note), 'the visitor never sees the note');
  for (const a of await toVisitor.all()) {
    assert.ok(!a.includes(note) && !a.includes('VIP') && !/Rechnung/.test(a), `an answer to the visitor holds the note: ${a.slice(0, 300)}`);
    assert.doesNotMatch(a, /\bpetra\b|\bolga\b/, 'an answer to the visitor holds a login');
  }
  await assertClean(t, opCtx, CONSOLE_ALLOW);
  await assertClean(t, op2Ctx, CONSOLE_ALLOW);
  await assertClean(t, visCtx);
});

// The transfer dialog of the chat's tab: to a department (dept) or a
// colleague of the team list (login), with a note.
async function transferInConsole(page, chat, { dept, login, note = '' }) {
  await chatPanel(page, chat).getByRole('button', { name: 'Transfer' }).click();
  const dlg = page.locator('#dlg-transfer');
  await dlg.waitFor({ state: 'visible' });
  if (dept) {
    await page.locator('#tr-kind-dept').check();
    await page.locator('#tr-dept').selectOption(dept);
  } else {
    await page.locator('#tr-kind-op').check();
    await page.locator('#tr-op').selectOption(login);
  }
  await page.locator('#tr-note').fill(note);
  await page.locator('#transfer-ok').click();
  await dlg.waitFor({ state: 'hidden' });
  await chatPanel(page, chat).locator('form.compose').waitFor({ state: 'hidden' });
}

test('contract flag: the console flags the chat and shows who and when; GET /operator/chat confirms', { timeout: 60000 }, async (t) => {
  const { who, opCtx, con, chat } = await acceptedChat(t);
  await acceptInConsole(con, chat);
  const box = con.locator(`#contract-${chat}`);
  const note = con.locator(`#contract-note-${chat}`);
  await note.filter({ hasText: 'Flag chats that document a contract.' }).waitFor();
  assert.equal(await box.isChecked(), false);
  const t0 = Date.now();
  await box.check();
  await note.filter({ hasText: /^Flagged by olga on / }).waitFor();
  assert.equal(await con.locator(`#contract-${chat}`).isChecked(), true);

  const op = await Operator.login(who);
  t.after(() => op.logout());
  const d = await op.chat(chat);
  assert.equal(d.contract.flag, true);
  assert.equal(d.contract.by, 'olga');
  const at = Date.parse(d.contract.at);
  assert.ok(Math.abs(at - t0) < 5 * 60000, `flagged just now: ${d.contract.at}`);
  // The console shows that same time (in the browser's locale).
  const shown = await note.textContent();
  const hhmm = await con.evaluate((iso) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }), d.contract.at);
  assert.ok(shown.includes(hhmm), `"${shown}" shows ${hhmm}`);
  // The poll (olga's chats) carries the flag as well.
  assert.equal((await op.poll()).chats.find((c) => c.chat === chat)?.contract, true);

  // Unflagged again: recorded too, and said so.
  await con.locator(`#contract-${chat}`).uncheck();
  await note.filter({ hasText: /^Flag removed by olga on / }).waitFor();
  assert.equal(await con.locator(`#contract-${chat}`).isChecked(), false);
  const d2 = await op.chat(chat);
  assert.equal(d2.contract.flag, false);
  assert.equal(d2.contract.by, 'olga');
  await assertClean(t, opCtx, CONSOLE_ALLOW);
});

test('close: the operator closes in the console; the visitor sees the chat ended', { timeout: 60000 }, async (t) => {
  const { opCtx, visCtx, con, vis, chat } = await acceptedChat(t);
  await acceptInConsole(con, chat);
  await waitText(vis, '#status', 'You are chatting with');
  const panel = chatPanel(con, chat);
  await panel.getByRole('button', { name: 'Close chat' }).click();
  const dlg = con.locator('#dlg-confirm');
  await dlg.waitFor({ state: 'visible' });
  await con.locator('#confirm-ok').click();
  await dlg.waitFor({ state: 'hidden' });

  // The visitor: ended, no composer, the app told its host.
  await vis.locator('#ended').waitFor({ state: 'visible' });
  assert.equal(await vis.locator('#ended p').textContent(), 'The chat has ended.');
  assert.equal(await vis.locator('#compose').isVisible(), false);
  await waitText(vis, '#log', 'Olga Test closed the chat.');
  await until(async () => (await vis.evaluate(() => window.__plEvents)).some((e) => e.name === 'chat_ended' && e.detail.chat === chat), 'chat_ended');
  // The console: ended, read-only, the tab can be closed.
  await panel.locator('.state-bar', { hasText: 'The chat has ended.' }).waitFor();
  assert.equal(await panel.locator('form.compose').isVisible(), false);
  await panel.getByRole('button', { name: 'Close tab' }).click();
  await chatTab(con, chat).waitFor({ state: 'detached' });
  await con.locator('#no-chat').waitFor({ state: 'visible' });
  await assertClean(t, opCtx, CONSOLE_ALLOW);
  await assertClean(t, visCtx);
});
