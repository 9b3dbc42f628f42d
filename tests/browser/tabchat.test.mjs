// The tab chat on the demo shop page (demo/index.html, site 1-1): consent,
// start, messages both ways with an operator driven through the operator
// API, and sleep/wake as the operator sees it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  url, launch, newContext, tabButton, panel, chatFrame, recordEvents, waitEvent, events,
  demoSite, waitOnline, Operator, messageItem, waitText, uniq, until,
  assertClean, recordEventsFromStart,
  closeChat,
} from './lib.mjs';

test('demo page: the consent box blocks the start; chat with an operator both ways', { timeout: 90000 }, async (t) => {
  const who = demoSite();
  const op = await Operator.login(who);
  t.after(() => op.logout());
  await waitOnline('1-1');

  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  const starts = [];
  page.on('request', (r) => { if (r.url().includes('/cgi-bin/chat/start')) starts.push(r.url()); });
  await page.goto(url('demo/'));
  await recordEvents(page);

  const tab = tabButton(page);
  await page.locator('plauder-chat button.tab[data-state="online"]').waitFor();
  assert.equal(await tab.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('plauder-chat iframe').count(), 0, 'the chat app is loaded only when the chat is opened');
  await tab.click();
  await panel(page).waitFor({ state: 'visible' });
  assert.equal(await tab.getAttribute('aria-expanded'), 'true');
  const app = await chatFrame(page);
  await app.locator('#view-start').waitFor({ state: 'visible' });

  // The consent box (with the site's text) blocks the start.
  await app.locator('#consent-row').waitFor({ state: 'visible' });
  assert.match(await app.locator('#consent-text').textContent(), /I agree that my details/);
  const question = uniq('Where is my tea pot?');
  await app.locator('#f_name').fill('Vera Visitor');
  await app.locator('#f_question').fill(question);
  const start = app.locator('#btn-start');
  assert.equal(await start.isDisabled(), true, 'start is disabled while the consent box is not ticked');
  // Submitting the form by keyboard does not get around it either.
  await app.locator('#f_name').press('Enter');
  assert.equal(await app.locator('#view-start').isVisible(), true);
  assert.equal(starts.length, 0, 'no chat/start request without consent');
  // The privacy information is there (mode "text": a flyout).
  await app.locator('#privacy-btn').click();
  await waitText(app, '#privacy-text', 'We store your chat messages');
  await app.locator('#privacy-flyout .flyout-close').click();

  await app.locator('#f-consent').check();
  assert.equal(await start.isDisabled(), false, 'ticking the box enables the start');
  await start.click();
  await app.locator('#view-chat').waitFor({ state: 'visible' });
  const started = await waitEvent(page, 'chat_started');
  const chat = started.detail.chat;
  assert.ok(Number.isInteger(chat) && chat > 0);
  assert.equal(started.detail.token, undefined, 'the token is never given to the page');
  assert.equal(started.detail.online, true);
  await waitText(app, '#status', 'Waiting for an operator');
  t.after(() => closeChat(who.site, chat));

  // The operator sees the query form, accepts, and writes.
  const queued = await op.waitQueued(chat);
  assert.equal(queued.fields.question, question);
  assert.equal(queued.name, 'Vera Visitor');
  await op.accept(chat);
  await waitText(app, '#log .msg-system', 'Olga Operator joined the chat.');
  await waitText(app, '#status', 'You are chatting with Olga Operator');
  const hello = uniq('Hello, this is Olga');
  await op.send(chat, hello);
  const opItem = messageItem(app, hello);
  await opItem.waitFor();
  assert.match(await opItem.getAttribute('class'), /msg-operator/);
  assert.equal((await opItem.locator('.msg-who').textContent()).trim(), 'Olga Operator');
  const evMsg = await waitEvent(page, 'message', (d) => d.text === hello);
  assert.equal(evMsg.detail.from, 'operator');

  // The visitor answers with Enter; the operator reads it with /messages.
  const answer = uniq('Thanks, the order number is 4711');
  const msg = app.locator('#msg');
  await msg.fill(answer);
  await msg.press('Enter');
  assert.equal(await msg.inputValue(), '', 'the compose box is emptied');
  const mine = messageItem(app, answer);
  await mine.waitFor();
  assert.match(await mine.getAttribute('class'), /msg-visitor/);
  await until(async () => ['sent', 'done'].includes(await mine.getAttribute('data-state')), 'the message marked sent');
  const got = await op.waitMessage(chat, (m) => m.from === 'visitor' && m.text === answer, 'the visitor message');
  assert.match(got.client_id, /^v-[A-Za-z0-9_-]+$/);
  // Stored once, in order after the operator's.
  const all = (await op.messages(chat)).messages;
  assert.equal(all.filter((m) => m.text === answer).length, 1);
  assert.ok(all.find((m) => m.text === hello).seq < got.seq);

  // Shift+Enter makes a new line instead of sending.
  await msg.fill('line one');
  await msg.press('Shift+Enter');
  await msg.type('line two');
  assert.equal(await msg.inputValue(), 'line one\nline two');
  await app.locator('#btn-send').click();
  await op.waitMessage(chat, (m) => m.text === 'line one\nline two', 'the two-line message');

  // The operator ends the chat: the visitor sees it, the page gets chat_ended.
  assert.equal((await op.close(chat)).status, 200);
  await app.locator('#ended').waitFor({ state: 'visible' });
  assert.equal(await app.locator('#compose').isVisible(), false);
  await waitEvent(page, 'chat_ended', (d) => d.chat === chat);
  assert.equal((await events(page, 'chat_started')).length, 1);
  await assertClean(t, ctx);
});

test('demo page: sleep and wake reach the operator; what came meanwhile shows on wake', { timeout: 90000 }, async (t) => {
  const who = demoSite();
  const op = await Operator.login(who);
  t.after(() => op.logout());
  await waitOnline('1-1');

  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(url('demo/'));
  await recordEvents(page);
  await page.locator('plauder-chat button.tab[data-state="online"]').waitFor();
  await tabButton(page).click();
  const app = await chatFrame(page);
  await app.locator('#f_question').fill(uniq('sleep test'));
  await app.locator('#f-consent').check();
  await app.locator('#btn-start').click();
  const chat = (await waitEvent(page, 'chat_started')).detail.chat;
  t.after(() => closeChat(who.site, chat));
  await op.accept(chat);
  await waitText(app, '#status', 'You are chatting with');
  assert.equal((await op.messages(chat)).visitor_sleeping, false);

  // The host app goes to the background.
  await page.evaluate(() => window.Plauder('sleep'));
  await until(async () => (await op.messages(chat)).visitor_sleeping === true, 'visitor_sleeping true in /operator/messages');
  const inPoll = await until(async () => (await op.poll()).chats.find((c) => c.chat === chat), 'the chat in /operator/poll');
  assert.equal(inPoll.visitor_sleeping, true, '/operator/poll shows the sleeping visitor too');

  // Written while the visitor sleeps; on wake it is fetched.
  const meanwhile = uniq('Written while you were away');
  await op.send(chat, meanwhile);
  await page.evaluate(() => window.Plauder('wake'));
  await until(async () => (await op.messages(chat)).visitor_sleeping === false, 'visitor_sleeping false after wake');
  await messageItem(app, meanwhile).waitFor();
  // Still one copy, and the chat goes on normally.
  assert.equal(await messageItem(app, meanwhile).count(), 1);
  const after = uniq('And after the wake');
  await op.send(chat, after);
  await messageItem(app, after).waitFor();
  await assertClean(t, ctx);
});

test('demo page: a running chat survives a click to the next page of the shop', { timeout: 90000 }, async (t) => {
  const who = demoSite();
  const op = await Operator.login(who);
  t.after(() => op.logout());
  await waitOnline('1-1');
  const browser = await launch(t);
  const ctx = await newContext(browser);
  await recordEventsFromStart(ctx);
  const page = await ctx.newPage();
  await page.goto(url('demo/'));
  await page.locator('plauder-chat button.tab[data-state="online"]').waitFor();
  await tabButton(page).click();
  let app = await chatFrame(page);
  await app.locator('#f_question').fill(uniq('page change'));
  await app.locator('#f-consent').check();
  await app.locator('#btn-start').click();
  const chat = (await waitEvent(page, 'chat_started')).detail.chat;
  t.after(() => closeChat(who.site, chat));
  await op.accept(chat);
  const before = uniq('Said on the first page');
  await op.send(chat, before);
  await messageItem(app, before).waitFor();
  const mine = uniq('Visitor on the first page');
  await app.locator('#msg').fill(mine);
  await app.locator('#msg').press('Enter');
  await op.waitMessage(chat, (m) => m.text === mine);

  // The visitor follows a link of the shop.
  await Promise.all([page.waitForURL(/nocount\.html$/), page.locator('nav a[href="nocount.html"]').click()]);
  // The chat window is open again, with the same chat and what was said.
  await panel(page).waitFor({ state: 'visible' });
  assert.equal(await tabButton(page).getAttribute('aria-expanded'), 'true');
  app = await chatFrame(page);
  await app.locator('#view-chat').waitFor({ state: 'visible' });
  await messageItem(app, before).waitFor();
  await messageItem(app, mine).waitFor();
  await waitText(app, '#status', 'You are chatting with Olga Operator');
  // Shown again as replay, not as news; no second chat was started.
  const replayed = await waitEvent(page, 'message', (d) => d.text === before);
  assert.equal(replayed.detail.replay, true);
  assert.equal((await events(page, 'chat_started')).length, 0);
  assert.equal(await page.locator('plauder-chat .badge').isVisible(), false);
  // And the conversation goes on.
  const next = uniq('Said after the page change');
  await op.send(chat, next);
  await messageItem(app, next).waitFor();
  const live = await waitEvent(page, 'message', (d) => d.text === next);
  assert.equal(live.detail.replay, undefined);
  const reply = uniq('Visitor on the second page');
  await app.locator('#msg').fill(reply);
  await app.locator('#msg').press('Enter');
  const got = await op.waitMessage(chat, (m) => m.text === reply);
  assert.equal((await op.messages(chat)).messages.filter((m) => m.text === mine).length, 1);
  assert.ok(got.seq > 0);
  // The operator sees the page the visitor is on now.
  await until(async () => (await op.chat(chat)).page === url('demo/nocount.html'), 'the new page in GET /operator/chat');
  await assertClean(t, ctx);
});
