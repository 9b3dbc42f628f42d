// The transfer dialog picks a colleague from the team list (GET
// /operator/team): names, logins, online state, departments and load, the
// online ones first, oneself not offered; the departments come from the
// site's list. The colleague picked gets the chat in their console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, makeSite, waitOnline, until, uniq, assertClean, admin, adminStdin, OP_PASSWORD } from './lib.mjs';
import {
  CONSOLE_ALLOW, addOperator, consoleLogin, queueItem, chatTab, chatPanel, consoleMessage,
  acceptInConsole, sendInConsole, visitorPage, visitorStart,
} from './console-lib.mjs';

test('transfer picks a colleague from the team list, and the colleague gets the chat', { timeout: 90000 }, async (t) => {
  const who = makeSite();
  admin('dept', 'add', who.site, 'B', '--name', 'en=Sales', '--name', 'de=Vertrieb');
  const petra = addOperator(who.site, 'petra', 'Petra Second');
  adminStdin(`${OP_PASSWORD}\n`, 'operator', 'add', who.site, 'bob', '--name', 'Bob Third',
    '--dept', 'A', '--dept', 'B', '--password-file', '-');
  admin('presence', 'set', who.site, 'petra', 'online');
  const browser = await launch(t);
  const opCtx = await newContext(browser);
  const op2Ctx = await newContext(browser);
  const visCtx = await newContext(browser);
  const con = await consoleLogin(opCtx, who);
  const con2 = await consoleLogin(op2Ctx, petra);
  await until(async () => (await con.locator('#pres-all').inputValue()) === 'online', 'the console to show online');
  await waitOnline(who.site);
  const vis = await visitorPage(visCtx, who.site);
  const chat = await visitorStart(t, vis, who.site);
  await queueItem(con, chat).waitFor();
  await acceptInConsole(con, chat);

  await chatPanel(con, chat).getByRole('button', { name: 'Transfer' }).click();
  await con.locator('#dlg-transfer').waitFor({ state: 'visible' });
  // The departments are the site's, by name.
  assert.deepEqual(await con.locator('#tr-dept option').allTextContents(), ['Support (A)', 'Sales (B)']);
  await con.locator('#tr-kind-op').check();
  const select = con.locator('#tr-op');
  assert.equal(await select.isEnabled(), true);
  await until(async () => (await select.locator('option').count()) === 3, 'the team in the list');
  // Online first; oneself (olga) not offered.
  assert.deepEqual(await select.locator('option').allTextContents(), [
    'Choose a colleague',
    'Petra Second (petra) · online · Support (A) · 0 chats',
    'Bob Third (bob) · offline · Support (A), Sales (B) · 0 chats',
  ]);
  // Nothing chosen: the dialog says so and stays.
  await con.locator('#transfer-ok').click();
  await con.locator('#transfer-error:not([hidden])').waitFor();
  assert.equal(await con.locator('#transfer-error').textContent(), 'Please choose a colleague.');
  // By keyboard: the list, then Enter in the note sends the form.
  await select.focus();
  await select.selectOption('petra');
  const note = uniq('Please take over');
  await con.locator('#tr-note').fill(note);
  await con.locator('#transfer-ok').press('Enter');
  await con.locator('#dlg-transfer').waitFor({ state: 'hidden' });

  // Petra's console: the chat is hers, with the note; she can write.
  await chatTab(con2, chat).waitFor();
  await chatTab(con2, chat).click();
  await chatPanel(con2, chat).locator('form.compose').waitFor({ state: 'visible' });
  assert.match(await chatPanel(con2, chat).locator('.chat-main > .transfer-note').textContent(), new RegExp(note));
  await consoleMessage(con2, chat, 'Transferred to Petra Second.').waitFor();
  const hello = uniq('Petra here');
  await sendInConsole(con2, chat, hello);
  await consoleMessage(con2, chat, hello).waitFor();
  // The first console can no longer write in it.
  await chatPanel(con, chat).locator('form.compose').waitFor({ state: 'hidden' });
  // The team list now counts Petra's chat.
  const team = await con2.evaluate(async () => (await fetch('../cgi-bin/operator/team', { cache: 'no-store' })).json());
  assert.deepEqual(team.team.map((m) => [m.login, m.chats]), [['bob', 0], ['olga', 0], ['petra', 1]]);
  await assertClean(t, opCtx, CONSOLE_ALLOW);
  await assertClean(t, op2Ctx, CONSOLE_ALLOW);
  await assertClean(t, visCtx);
});
