// The popup and mobile variants: the popup opened from the JS API demo
// page (demo/app.html?variant=popup, site 1-1), the chat app at top level
// as a native WebView shows it (variant mobile: toolbar with DE/EN switch
// and close button), and the loader's full-screen mobile panel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  url, launch, newContext, tabButton, panel, chatFrame, recordEvents, waitEvent, events,
  demoSite, makeSite, waitOnline, Operator, messageItem, waitText, uniq, until,
  assertClean,
  closeChat, recordEventsFromStart,
} from './lib.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };


// A click that closes its own window: the page may be gone before Playwright
// finishes the click, so only that error is forgiven, and the close itself is
// what the test waits for.
async function clickClosing(popup, selector) {
  const closed = popup.waitForEvent('close');
  await popup.locator(selector).click().catch((e) => {
    if (!popup.isClosed() && !/closed/.test(String(e))) throw e;
  });
  await closed;
}

test('popup variant: the chat runs in its own window; closing it tells the page', { timeout: 90000 }, async (t) => {
  const who = demoSite();
  const op = await Operator.login(who);
  t.after(() => op.logout());
  await waitOnline('1-1');

  const browser = await launch(t);
  const ctx = await newContext(browser);
  await recordEventsFromStart(ctx);
  const page = await ctx.newPage();
  await page.goto(url('demo/app.html?variant=popup'));
  await waitEvent(page, 'ready', (d) => d.online === true);
  assert.equal(await page.locator('plauder-chat iframe').count(), 0);

  // Plauder('open') from a click handler opens the popup.
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#cmd-open').click()]);
  await popup.waitForLoadState();
  const popupUrl = new URL(popup.url());
  assert.equal(popupUrl.pathname, new URL(url('chat/index.html')).pathname);
  assert.equal(popupUrl.searchParams.get('variant'), 'popup');
  assert.equal(popupUrl.searchParams.get('from'), 'API demo');
  await popup.locator('#app[data-variant="popup"]').waitFor({ state: 'attached' });
  await popup.locator('#view-start').waitFor({ state: 'visible' });
  await waitEvent(page, 'open', (d) => d.variant === 'popup');
  assert.equal(await page.locator('plauder-chat iframe').count(), 0, 'no in-page frame besides the popup');
  assert.equal(await tabButton(page).getAttribute('aria-expanded'), 'true');
  // In the popup the privacy link is a § icon.
  assert.equal((await popup.locator('#privacy-btn').textContent()).trim(), '§');
  assert.equal(await popup.locator('#langs').isVisible(), false, 'no language toolbar in the popup');

  await popup.locator('#f_question').fill(uniq('popup question'));
  assert.equal(await popup.locator('#btn-start').isDisabled(), true);
  await popup.locator('#f-consent').check();
  await popup.locator('#btn-start').click();
  await popup.locator('#view-chat').waitFor({ state: 'visible' });
  const chat = (await waitEvent(page, 'chat_started')).detail.chat;
  t.after(() => closeChat(who.site, chat));
  const detail = await op.chat(chat);
  assert.equal(detail.from, 'API demo');

  await op.accept(chat);
  const hello = uniq('Hello popup');
  await op.send(chat, hello);
  await messageItem(popup, hello).waitFor();
  await waitEvent(page, 'message', (d) => d.text === hello && d.from === 'operator');
  const answer = uniq('Answer from the popup');
  await popup.locator('#msg').fill(answer);
  await popup.locator('#msg').press('Enter');
  await op.waitMessage(chat, (m) => m.from === 'visitor' && m.text === answer);

  // The close button closes the window; the page learns it.
  await clickClosing(popup, '#btn-close');
  const closed = await waitEvent(page, 'closed');
  assert.deepEqual(closed.detail, { variant: 'popup', reason: 'visitor' });
  await until(async () => (await tabButton(page).getAttribute('aria-expanded')) === 'false', 'the tab to show closed');
  await assertClean(t, ctx);
});

test('mobile chat app at top level: toolbar language switch (de/en), touch sizes, close via the native bridge', { timeout: 90000 }, async (t) => {
  const who = makeSite({ consent: true, fields: true, privacy: 'text' });
  const browser = await launch(t);
  const ctx = await newContext(browser, PHONE);
  // What an Android app adds with addJavascriptInterface(…, "PlauderAndroid").
  await ctx.addInitScript(() => {
    window.__native = [];
    window.PlauderAndroid = { postMessage: (json) => window.__native.push(JSON.parse(json)) };
  });
  const page = await ctx.newPage();
  await page.goto(url(`chat/index.html?site=${who.site}&lang=en&from=${encodeURIComponent('My Shop App')}`));
  // At top level without a variant parameter the app is the mobile one.
  await page.locator('#app[data-variant="mobile"]').waitFor({ state: 'attached' });
  await page.locator('#view-start').waitFor({ state: 'visible' });
  const native = () => page.evaluate(() => window.__native);
  await until(async () => (await native()).some((m) => m.plauder === 'event' && m.name === 'ready'), 'ready on the native bridge');

  const texts = async () => page.evaluate(() => ({
    lang: document.documentElement.lang,
    title: document.getElementById('title').textContent,
    heading: document.getElementById('start-heading').textContent,
    question: document.querySelector('label[for="f_question"]').textContent,
    consent: document.getElementById('consent-text').textContent,
    start: document.getElementById('btn-start').textContent,
    close: document.getElementById('btn-close').getAttribute('aria-label'),
    privacy: document.getElementById('privacy-btn').textContent,
    pressed: [...document.querySelectorAll('.lang-btn')].map((b) => `${b.dataset.lang}=${b.getAttribute('aria-pressed')}`).join(' '),
  }));
  const langs = page.locator('#langs');
  assert.equal(await langs.isVisible(), true, 'the toolbar has the language switch');
  let tx = await texts();
  assert.equal(tx.lang, 'en');
  assert.equal(tx.title, 'Live chat');
  assert.equal(tx.heading, 'Chat with us');
  assert.match(tx.question, /^Your question/);
  assert.equal(tx.consent, 'I agree (test).');
  assert.equal(tx.start, 'Start chat');
  assert.equal(tx.close, 'Close chat window');
  assert.equal(tx.privacy, 'Privacy');
  assert.equal(tx.pressed, 'de=false en=true');

  // Touch-sized controls and 16 px text in inputs (no zoom on focus).
  const closeBox = await page.locator('#btn-close').boundingBox();
  assert.ok(closeBox.width >= 44 && closeBox.height >= 44, `close button ${closeBox.width}×${closeBox.height}`);
  const deBox = await page.locator('.lang-btn[data-lang="de"]').boundingBox();
  assert.ok(deBox.height >= 32, `language button height ${deBox.height}`);
  assert.equal(await page.locator('#f_question').evaluate((n) => getComputedStyle(n).fontSize), '16px');

  // What the visitor typed survives the switch; the consent tick does not
  // (a new text needs a new tick).
  await page.locator('#f_question').fill('Wo ist mein Paket?');
  await page.locator('#f-consent').check();
  await page.locator('.lang-btn[data-lang="de"]').tap();
  await waitText(page, 'label[for="f_question"]', 'Ihre Frage');
  tx = await texts();
  assert.equal(tx.lang, 'de');
  assert.equal(tx.title, 'Live-Chat');
  assert.equal(tx.heading, 'Chatten Sie mit uns');
  assert.equal(tx.consent, 'Ich willige ein (Test).');
  assert.equal(tx.start, 'Chat starten');
  assert.equal(tx.close, 'Chatfenster schließen');
  assert.equal(tx.privacy, 'Datenschutz');
  assert.equal(tx.pressed, 'de=true en=false');
  assert.equal(await page.locator('#f_question').inputValue(), 'Wo ist mein Paket?');
  assert.equal(await page.locator('#f-consent').isChecked(), false);
  assert.equal(await page.locator('#btn-start').isDisabled(), true);
  await page.locator('#privacy-btn').tap();
  await waitText(page, '#privacy-text', 'Datenschutz-Text des Tests.');
  await page.locator('#privacy-flyout .flyout-close').tap();

  await page.locator('.lang-btn[data-lang="en"]').tap();
  await waitText(page, 'label[for="f_question"]', 'Your question');
  tx = await texts();
  assert.equal(tx.heading, 'Chat with us');
  assert.equal(tx.consent, 'I agree (test).');
  assert.equal(tx.pressed, 'de=false en=true');

  // Start in German: the chat's language is what the visitor chose.
  await page.locator('.lang-btn[data-lang="de"]').tap();
  await waitText(page, '#consent-text', 'Ich willige ein (Test).');
  await page.locator('#f-consent').check();
  await page.locator('#btn-start').tap();
  await page.locator('#view-chat').waitFor({ state: 'visible' });
  await waitText(page, '#status', 'Einen Moment bitte');
  const session = await until(async () => (await native()).find((m) => m.name === 'session'), 'the session event on the native bridge');
  assert.ok(Number.isInteger(session.detail.chat));
  assert.match(session.detail.token, /^[A-Za-z0-9_-]{16,128}$/, 'native hosts get the token to resume');
  const op = await Operator.login(who);
  t.after(() => op.logout());
  const detail = await op.chat(session.detail.chat);
  assert.equal(detail.lang, 'de');
  assert.equal(detail.from, 'My Shop App');
  assert.equal(detail.fields.question, 'Wo ist mein Paket?');

  // On a phone Enter makes a new line; the send button sends.
  await page.locator('#msg').fill('Zeile 1');
  await page.locator('#msg').press('Enter');
  await page.locator('#msg').type('Zeile 2');
  assert.equal(await page.locator('#msg').inputValue(), 'Zeile 1\nZeile 2');
  await page.locator('#btn-send').tap();
  await op.waitMessage(session.detail.chat, (m) => m.text === 'Zeile 1\nZeile 2');

  // The close button tells the host app (which decides what closing means).
  await page.locator('#btn-close').tap();
  const closed = await until(async () => (await native()).find((m) => m.name === 'closed'), 'closed on the native bridge');
  assert.equal(closed.plauder, 'event');
  assert.equal(closed.detail.chat, session.detail.chat);
  await assertClean(t, ctx);

  // The app resumes the chat from chat_id_param/session_id_param and takes
  // the token out of the address bar at once.
  const again = await ctx.newPage();
  await again.goto(url(`chat/index.html?site=${who.site}&lang=de#chat_id_param=${session.detail.chat}&session_id_param=${session.detail.token}`));
  await messageItem(again, 'Zeile 1\nZeile 2').waitFor();
  assert.doesNotMatch(again.url(), /session_id_param|chat_id_param/);
  assert.doesNotMatch(again.url(), new RegExp(session.detail.token));
  await op.accept(session.detail.chat);
  await op.close(session.detail.chat);
  await again.locator('#ended').waitFor({ state: 'visible' });
});

test('mobile variant through the loader: full-screen panel, its close button closes it', { timeout: 60000 }, async (t) => {
  demoSite();
  await waitOnline('1-1');
  const browser = await launch(t);
  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await page.goto(url('demo/app.html?variant=mobile&lang=de'));
  await recordEvents(page);
  await waitEvent(page, 'ready');
  await page.locator('#cmd-open').tap();
  await panel(page).waitFor({ state: 'visible' });
  const box = await panel(page).boundingBox();
  assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, 390, 844], 'the panel fills the screen');
  const app = await chatFrame(page);
  assert.equal(await app.locator('#app').getAttribute('data-variant'), 'mobile');
  assert.equal(await app.locator('#langs').isVisible(), true);
  assert.equal((await app.locator('#start-heading').textContent()), 'Chatten Sie mit uns');
  await app.locator('.lang-btn[data-lang="en"]').tap();
  await waitText(app, '#start-heading', 'Chat with us');
  await app.locator('#btn-close').tap();
  await panel(page).waitFor({ state: 'hidden' });
  const closed = await waitEvent(page, 'closed');
  assert.deepEqual(closed.detail, { variant: 'mobile', reason: 'visitor' });
  assert.equal(await tabButton(page).getAttribute('aria-expanded'), 'false');
  assert.equal((await events(page, 'chat_started')).length, 0);
  await assertClean(t, ctx);
});

test('popup variant: reopening the popup after closing it brings back the running chat', { timeout: 90000 }, async (t) => {
  const who = demoSite();
  const op = await Operator.login(who);
  t.after(() => op.logout());
  await waitOnline('1-1');
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await page.goto(url('demo/app.html?variant=popup'));
  await recordEvents(page);
  await waitEvent(page, 'ready', (d) => d.online === true);
  let [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#cmd-open').click()]);
  await popup.locator('#f_question').fill(uniq('popup reopen'));
  await popup.locator('#f-consent').check();
  await popup.locator('#btn-start').click();
  const chat = (await waitEvent(page, 'chat_started')).detail.chat;
  t.after(() => closeChat(who.site, chat));
  await op.accept(chat);
  const hello = uniq('Operator before the popup closed');
  await op.send(chat, hello);
  await messageItem(popup, hello).waitFor();

  // The visitor closes the popup; the chat goes on (JS-API.md: close hides
  // the chat window, "a running chat goes on").
  await clickClosing(popup, '#btn-close');
  await waitEvent(page, 'closed');
  const meanwhile = uniq('Operator while the popup was closed');
  await op.send(chat, meanwhile);

  // Opening the chat again shows that chat, not a new start window.
  [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#cmd-open').click()]);
  await popup.locator('#app:not([data-view="loading"])').waitFor({ state: 'attached' });
  assert.equal(await popup.locator('#app').getAttribute('data-view'), 'chat', 'the popup shows the running chat');
  await messageItem(popup, hello).waitFor();
  await messageItem(popup, meanwhile).waitFor();
  assert.equal((await events(page, 'chat_started')).length, 1);
  // The page kept the chat for the next popup (the popup's own storage ends
  // with it) and handed it over by postMessage: the secret token is in no URL.
  const kept = await page.evaluate(() => JSON.parse(sessionStorage.getItem('plauder:1-1')));
  assert.equal(kept.chat, chat);
  assert.match(kept.token, /^[A-Za-z0-9_-]{16,128}$/);
  assert.equal(new URL(popup.url()).searchParams.get('resume'), '1');
  assert.ok(!popup.url().includes(kept.token), 'no token in the popup URL');
  // The visitor goes on writing in the new popup.
  const again = uniq('Visitor in the reopened popup');
  await popup.locator('#msg').fill(again);
  await popup.locator('#msg').press('Enter');
  await op.waitMessage(chat, (m) => m.from === 'visitor' && m.text === again);
  await assertClean(t, ctx);
});

test('popup variant: a blocked popup falls back to the in-page chat', { timeout: 60000 }, async (t) => {
  demoSite();
  await waitOnline('1-1');
  const browser = await launch(t);
  const ctx = await newContext(browser);
  // What a popup blocker does to the page: window.open answers null.
  await ctx.addInitScript(() => {
    if (window.top === window && location.pathname.endsWith('/demo/app.html')) window.open = () => null;
  });
  const page = await ctx.newPage();
  page.on('popup', () => assert.fail('no popup may open'));
  await page.goto(url('demo/app.html?variant=popup'));
  await recordEvents(page);
  await waitEvent(page, 'ready');
  await page.locator('#cmd-open').click();
  await panel(page).waitFor({ state: 'visible' });
  const opened = await waitEvent(page, 'open');
  assert.deepEqual(opened.detail, { variant: 'inpage' });
  const app = await chatFrame(page);
  assert.equal(await app.locator('#app').getAttribute('data-variant'), 'inpage');
  await app.locator('#view-start').waitFor({ state: 'visible' });
  await assertClean(t, ctx);
});

test('popup variant: the popup survives a page change; the new page takes it back and learns when it closes', { timeout: 90000 }, async (t) => {
  const who = demoSite();
  const op = await Operator.login(who);
  t.after(() => op.logout());
  await waitOnline('1-1');
  const browser = await launch(t);
  const ctx = await newContext(browser);
  await recordEventsFromStart(ctx);
  const page = await ctx.newPage();
  await page.goto(url('demo/app.html?variant=popup'));
  await waitEvent(page, 'ready', (d) => d.online === true);
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('#cmd-open').click()]);
  await popup.locator('#f_question').fill(uniq('popup page change'));
  await popup.locator('#f-consent').check();
  await popup.locator('#btn-start').click();
  const chat = (await waitEvent(page, 'chat_started')).detail.chat;
  t.after(() => closeChat(who.site, chat));
  await op.accept(chat);

  // The visitor goes to another page of the shop: the popup stays, and the
  // new page takes it back when it hears from it.
  await page.goto(url('demo/app.html?variant=popup&lang=en'));
  await waitEvent(page, 'ready');
  assert.equal(popup.isClosed(), false);
  const next = uniq('Hello after the page change');
  await op.send(chat, next);
  await messageItem(popup, next).waitFor();
  await waitEvent(page, 'message', (d) => d.text === next);
  await until(async () => (await tabButton(page).getAttribute('aria-expanded')) === 'true', 'the new page to show the chat as open');
  // Opening again brings that popup forward instead of a new one.
  let popups = 0;
  page.on('popup', () => { popups += 1; });
  await page.locator('#cmd-open').click();
  assert.equal(await popup.locator('#app').getAttribute('data-view'), 'chat');

  // The visitor closes the popup: the new page must learn it, as the first
  // did (it looks every second: 10 s are plenty).
  await clickClosing(popup, '#btn-close');
  const closed = await waitEvent(page, 'closed', () => true, { timeout: 10000 });
  assert.deepEqual(closed.detail, { variant: 'popup', reason: 'visitor' });
  await until(async () => (await tabButton(page).getAttribute('aria-expanded')) === 'false', 'the tab to show closed');
  assert.equal(popups, 0, 'no second popup');
  assert.equal((await events(page, 'chat_started')).length, 0, 'no new chat on the second page');

  // The first click opens the chat again, with the running chat.
  const [reopened] = await Promise.all([page.waitForEvent('popup'), page.locator('#cmd-open').click()]);
  await messageItem(reopened, next).waitFor();
  assert.equal(await reopened.locator('#app').getAttribute('data-view'), 'chat');
  await until(async () => (await tabButton(page).getAttribute('aria-expanded')) === 'true', 'the tab to show open');
  assert.equal((await events(page, 'chat_started')).length, 0, 'still no new chat');
});
