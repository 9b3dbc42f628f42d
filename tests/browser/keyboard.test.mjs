// Keyboard operability on the demo shop page (site 1-1): Tab reaches the
// chat button, Enter opens the chat with the focus in the form, the form is
// walked in a sensible order and sent with the keyboard alone, Escape
// closes the window and gives the focus back to the button.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  url, launch, newContext, panel, chatFrame, recordEvents, waitEvent,
  demoSite, waitOnline, Operator, messageItem, uniq, until, assertClean,
  closeChat,
} from './lib.mjs';

// Where the focus is: on the page, and inside the chat app's frame.
async function focusOnTab(page) {
  return page.evaluate(() => {
    const host = document.activeElement;
    return host?.tagName === 'PLAUDER-CHAT' && host.shadowRoot.activeElement?.classList.contains('tab');
  });
}

async function appFocus(app) {
  return app.evaluate(() => {
    const a = document.activeElement;
    return {
      id: a?.id ?? '',
      tag: a?.tagName.toLowerCase() ?? '',
      inForm: Boolean(a?.closest('#start-form')),
      hasFocus: document.hasFocus(),
    };
  });
}

test('keyboard: Tab to the chat button, Enter opens it with the focus in the form, all by keyboard', { timeout: 90000 }, async (t) => {
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

  // Tab through the page until the chat button has the focus.
  let presses = 0;
  while (!(await focusOnTab(page))) {
    presses += 1;
    assert.ok(presses <= 40, 'the chat button is reachable with Tab');
    await page.keyboard.press('Tab');
  }
  const tab = page.locator('plauder-chat button.tab');
  assert.match(await tab.getAttribute('aria-label'), /^Chat with us: Open the live chat \(online\)$/);
  // A visible focus indicator.
  assert.notEqual(await tab.evaluate((n) => getComputedStyle(n).outlineStyle), 'none');

  await page.keyboard.press('Enter');
  await panel(page).waitFor({ state: 'visible' });
  assert.equal(await tab.getAttribute('aria-expanded'), 'true');
  assert.equal(await tab.getAttribute('aria-label'), 'Chat with us: Close the live chat');
  const app = await chatFrame(page);
  await app.locator('#view-start').waitFor({ state: 'visible' });
  // The focus is in the chat's form: keyboard input goes there.
  const first = await until(async () => {
    const f = await appFocus(app);
    return f.inForm && f.hasFocus ? f : null;
  }, 'the focus to land in the start form');
  assert.ok(['input', 'select', 'textarea'].includes(first.tag), `a form control has the focus: ${JSON.stringify(first)}`);

  // Walk the form with Tab in reading order; type and tick with the keys.
  const question = uniq('Asked by keyboard');
  const order = [first.id];
  for (let i = 0; i < 8 && order[order.length - 1] !== 'btn-start'; i += 1) {
    const id = order[order.length - 1];
    if (id === 'f_name') await page.keyboard.type('Kim Keyboard');
    if (id === 'f_question') await page.keyboard.type(question);
    if (id === 'f-consent') {
      assert.equal(await app.locator('#btn-start').isDisabled(), true);
      await page.keyboard.press('Space');
      assert.equal(await app.locator('#f-consent').isChecked(), true);
    }
    await page.keyboard.press('Tab');
    order.push((await appFocus(app)).id);
  }
  assert.deepEqual(order, ['f-dept', 'f_name', 'f_email', 'f_question', 'f-consent', 'btn-start']);
  await page.keyboard.press('Enter');
  await app.locator('#view-chat').waitFor({ state: 'visible' });
  const chat = (await waitEvent(page, 'chat_started')).detail.chat;
  t.after(() => closeChat(who.site, chat));
  assert.equal((await op.waitQueued(chat)).fields.question, question);
  // After the start the focus is in the message box.
  await until(async () => (await appFocus(app)).id === 'msg', 'the focus in the message box');
  const line = uniq('typed and sent with Enter');
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await messageItem(app, line).waitFor();
  await op.waitMessage(chat, (m) => m.text === line);

  // Escape closes the chat window and the focus goes back to the button.
  await page.keyboard.press('Escape');
  await panel(page).waitFor({ state: 'hidden' });
  const closed = await waitEvent(page, 'closed');
  assert.deepEqual(closed.detail, { variant: 'inpage', reason: 'visitor' });
  await until(() => focusOnTab(page), 'the focus back on the chat button');
  // Enter opens it again, with the focus where the visitor left off.
  await page.keyboard.press('Enter');
  await panel(page).waitFor({ state: 'visible' });
  await until(async () => {
    const f = await appFocus(app);
    return f.id === 'msg' && f.hasFocus;
  }, 'the focus in the message box after reopening');
  await assertClean(t, ctx);
});
