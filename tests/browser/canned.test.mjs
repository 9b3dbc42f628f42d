// Canned answers in the browser: a shared answer made on the admin page
// (admin/canned.html) is inserted with "/shortcut" in the console and sent;
// the console's canned dialog adds, edits and deletes the operator's own
// answers (a personal one wins over the shared one of the same shortcut),
// shows which are shared and which personal, offers the shared scope to
// admins only; the admin page shows a server's 400 at its field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, makeSite, waitOnline, until, uniq, messageItem, assertClean, url,
} from './lib.mjs';
import {
  CONSOLE_ALLOW, addOperator, consoleLogin, goOnline, queueItem, chatPanel, consoleMessage, acceptInConsole,
  visitorPage, visitorStart,
} from './console-lib.mjs';

// The admin page, in a context where an admin logged in through the console.
async function adminPage(ctx) {
  const page = await ctx.newPage();
  await page.goto(url('admin/canned.html?lang=en'));
  await page.locator('#editor').waitFor({ state: 'visible' });
  return page;
}

async function saveOnAdminPage(page, shortcut, text) {
  await page.locator('#f-shortcut').fill(shortcut);
  await page.locator('#f-text').fill(text);
  // By keyboard: the save button, then Enter.
  await page.locator('#btn-save').focus();
  await page.keyboard.press('Enter');
}

// A chat of the site, accepted in the console `con`.
async function acceptedChat(t, con, visCtx, site) {
  await until(async () => (await con.locator('#pres-all').inputValue()) === 'online', 'the console to show online');
  await waitOnline(site);
  const vis = await visitorPage(visCtx, site);
  const chat = await visitorStart(t, vis, site);
  await queueItem(con, chat).waitFor();
  await acceptInConsole(con, chat);
  return { vis, chat };
}

async function openCanned(con, chat) {
  await chatPanel(con, chat).getByRole('button', { name: 'Canned answers' }).click();
  await con.locator('#dlg-canned').waitFor({ state: 'visible' });
}

test('an answer created on the admin page is inserted with /shortcut in the console and reaches the visitor', { timeout: 90000 }, async (t) => {
  const who = makeSite();
  const ada = addOperator(who.site, 'ada', 'Ada Admin', { role: 'admin' });
  const browser = await launch(t);
  const adminCtx = await newContext(browser);
  const opCtx = await newContext(browser);
  const visCtx = await newContext(browser);

  await consoleLogin(adminCtx, ada);
  const page = await adminPage(adminCtx);
  assert.equal(await page.locator('#list-empty').isVisible(), true);
  // A 400 of the server shows at its field (a control character the page does not check).
  await saveOnAdminPage(page, 'welcome', 'Hello\u0007there');
  await page.locator('#f-text-error:not([hidden])').waitFor();
  assert.equal(await page.locator('#f-text').getAttribute('aria-invalid'), 'true');
  // The page's own check: a bad shortcut, at its field, nothing sent.
  await saveOnAdminPage(page, 'two words', 'x');
  await page.locator('#f-shortcut-error:not([hidden])').waitFor();
  const text = uniq('Welcome to our shop! How can I help you today?');
  await saveOnAdminPage(page, 'welcome', text);
  await page.locator('#canned-list li[data-shortcut="welcome"]').waitFor();
  assert.equal(await page.locator('#canned-list li[data-shortcut="welcome"] .canned-text').textContent(), text);
  assert.equal(await page.locator('#f-shortcut-error').isVisible(), false);
  assert.equal(await page.locator('#f-shortcut').inputValue(), '', 'the form is ready for the next one');

  const con = await consoleLogin(opCtx, who);
  const { vis, chat } = await acceptedChat(t, con, visCtx, who.site);
  const box = con.locator(`#msg-${chat}`);
  await box.fill('/welcome');
  await box.press('Enter');
  // Enter on exactly "/welcome" puts the answer in the box for review...
  await until(async () => (await box.inputValue()) === text, 'the answer in the message box');
  // ...and the next Enter sends it.
  await box.press('Enter');
  await messageItem(vis, text).waitFor();
  await consoleMessage(con, chat, text).waitFor();

  // "/wel" and Tab: the suggestion list, then the answer at the caret.
  await box.fill('Hi! /wel');
  await con.locator(`#suggest-${chat} li`, { hasText: '/welcome' }).waitFor();
  await box.press('Tab');
  await until(async () => (await box.inputValue()) === `Hi! ${text}`, 'the answer after the greeting');
  await box.fill('');
  // The one 400 is the test's own (the control character).
  await assertClean(t, adminCtx, [...CONSOLE_ALLOW, /HTTP 400 POST \S+\/cgi-bin\/admin\/canned-set$/]);
  await assertClean(t, opCtx, CONSOLE_ALLOW);
  await assertClean(t, visCtx);
});

test('the console\'s canned dialog: personal answers added, edited, deleted; a personal one wins over the shared one', { timeout: 90000 }, async (t) => {
  const who = makeSite();
  const ada = addOperator(who.site, 'ada', 'Ada Admin', { role: 'admin' });
  const browser = await launch(t);
  const adminCtx = await newContext(browser);
  const opCtx = await newContext(browser);
  const visCtx = await newContext(browser);
  await consoleLogin(adminCtx, ada);
  const apage = await adminPage(adminCtx);
  await saveOnAdminPage(apage, 'hi', 'Shared hello.');
  await apage.locator('#canned-list li[data-shortcut="hi"]').waitFor();

  const con = await consoleLogin(opCtx, who);
  const { chat } = await acceptedChat(t, con, visCtx, who.site);
  await openCanned(con, chat);
  const list = con.locator('#canned-list');
  await list.locator('li', { hasText: '/hi' }).waitFor();
  assert.match(await list.locator('li', { hasText: '/hi' }).textContent(), /shared/);
  // Not an admin: no edit of the shared one, no choice of scope.
  assert.equal(await list.locator('li', { hasText: '/hi' }).getByRole('button', { name: /Edit/ }).count(), 0);
  assert.equal(await con.locator('#cf-scope-field').isVisible(), false);

  // A new personal one, by keyboard; a bad shortcut shows at its field first.
  await con.locator('#cf-shortcut').fill('bad one');
  await con.locator('#cf-text').fill('x');
  await con.locator('#cf-save').press('Enter');
  await con.locator('#cf-shortcut-error:not([hidden])').waitFor();
  await con.locator('#cf-shortcut').fill('hi');
  await con.locator('#cf-text').fill('Personal hello from Olga.');
  await con.locator('#cf-save').press('Enter');
  const personal = list.locator('li', { hasText: 'Personal hello from Olga.' });
  await personal.waitFor();
  assert.match(await personal.textContent(), /personal/);
  assert.match(await list.locator('li', { hasText: 'Shared hello.' }).textContent(), /your personal one is used/);
  // Edit it.
  await personal.getByRole('button', { name: 'Edit /hi (personal)' }).click();
  assert.equal(await con.locator('#cf-text').inputValue(), 'Personal hello from Olga.');
  await con.locator('#cf-text').fill('Edited hello from Olga.');
  await con.locator('#cf-save').click();
  await list.locator('li', { hasText: 'Edited hello from Olga.' }).waitFor();
  assert.equal(await list.locator('li', { hasText: 'Personal hello from Olga.' }).count(), 0);
  await con.keyboard.press('Escape');
  await con.locator('#dlg-canned').waitFor({ state: 'hidden' });

  // "/hi" inserts the personal one.
  const box = con.locator(`#msg-${chat}`);
  await box.fill('/hi');
  await box.press('Enter');
  await until(async () => (await box.inputValue()) === 'Edited hello from Olga.', 'the personal answer');
  await box.fill('');

  // Delete it (the button asks once more); then "/hi" is the shared one.
  await openCanned(con, chat);
  const del = list.locator('li', { hasText: 'Edited hello from Olga.' }).locator('.canned-delete');
  await del.click();
  await list.getByRole('button', { name: /Really delete \/hi \(personal\)/ }).click();
  await until(async () => await list.locator('li', { hasText: 'Edited hello from Olga.' }).count() === 0, 'the answer gone');
  await con.keyboard.press('Escape');
  await box.fill('/hi');
  await box.press('Enter');
  await until(async () => (await box.inputValue()) === 'Shared hello.', 'the shared answer');
  await box.fill('');
  // The server agrees: only the shared one is left.
  const r = await con.evaluate(async () => (await fetch('../cgi-bin/operator/canned', { cache: 'no-store' })).json());
  assert.deepEqual(r.canned, [{ shortcut: 'hi', text: 'Shared hello.', scope: 'shared' }]);
  await assertClean(t, adminCtx, CONSOLE_ALLOW);
  await assertClean(t, opCtx, CONSOLE_ALLOW);
  await assertClean(t, visCtx);
});

test('admins choose the scope in the console: a shared answer added there shows on the admin page', { timeout: 90000 }, async (t) => {
  const who = makeSite();
  const ada = addOperator(who.site, 'ada', 'Ada Admin', { role: 'admin' });
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const visCtx = await newContext(browser);
  const con = await consoleLogin(ctx, ada);
  await goOnline(con);
  const { chat } = await acceptedChat(t, con, visCtx, who.site);
  await openCanned(con, chat);
  await con.locator('#cf-scope-field').waitFor({ state: 'visible' });
  assert.equal(await con.locator('#canned-admin-link').isVisible(), true);
  await con.locator('#cf-shortcut').fill('thanks');
  await con.locator('#cf-text').fill('Thank you for your visit.');
  await con.locator('#cf-scope').selectOption('shared');
  await con.locator('#cf-save').click();
  const item = con.locator('#canned-list li', { hasText: 'Thank you for your visit.' });
  await item.waitFor();
  assert.match(await item.textContent(), /shared/);
  const page = await adminPage(ctx);
  await page.locator('#canned-list li[data-shortcut="thanks"]').waitFor();
  await assertClean(t, ctx, CONSOLE_ALLOW);
  await assertClean(t, visCtx);
});
