// JS-API.md promises: the chat app works under
// "Content-Security-Policy: script-src 'self'; style-src 'self'; img-src 'self' blob:" (no inline
// script, no inline style, no eval), and a host page with a strict policy
// needs only script-src, connect-src and frame-src for the Plauder host (no
// style-src: the loader's styles live in a shadow root). The server does not
// send such headers itself, so the test adds them to the answers, and any
// violation in any frame fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  url, launch, newContext, until, tabButton, chatFrame, recordEvents, waitEvent,
  demoSite, waitOnline, Operator, messageItem, waitText, uniq, assertClean, closeChat, makePng,
} from './lib.mjs';

const HOST_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; img-src 'self'";
// (blob: for images: files are fetched with the token in a header.)
const APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none'";

test('strict CSP: the demo page and the chat app work without inline script or style and report no violation', { timeout: 90000 }, async (t) => {
  const who = demoSite();
  const op = await Operator.login(who);
  t.after(() => op.logout());
  await waitOnline('1-1');
  const browser = await launch(t);
  const ctx = await newContext(browser);

  // Every violation in every frame is collected.
  const violations = [];
  await ctx.exposeFunction('__cspViolation', (v) => violations.push(v));
  await ctx.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolation(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ${e.sample || ''}`);
    });
  });
  const withCsp = (policy) => async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': policy } });
  };
  await ctx.route((u) => u.pathname === new URL(url('demo/')).pathname, withCsp(HOST_CSP));
  await ctx.route((u) => u.pathname === new URL(url('chat/index.html')).pathname, withCsp(APP_CSP));

  const page = await ctx.newPage();
  const [main] = await Promise.all([page.waitForResponse((r) => r.url() === url('demo/')), page.goto(url('demo/'))]);
  assert.equal((await main.allHeaders())['content-security-policy'], HOST_CSP, 'the host page runs under the strict policy');
  await recordEvents(page);
  await page.locator('plauder-chat button.tab[data-state="online"]').waitFor();
  // The site colour is applied through CSSOM, which the policy allows.
  await page.waitForFunction(() => document.querySelector('plauder-chat').style.getPropertyValue('--pl-color') === '#0b5cad');
  assert.equal(await tabButton(page).evaluate((n) => getComputedStyle(n).backgroundColor), 'rgb(11, 92, 173)');

  await tabButton(page).click();
  const app = await chatFrame(page);
  await app.locator('#view-start').waitFor({ state: 'visible' });
  // The chat app's own stylesheet applies (the accent colour too).
  assert.equal(await app.locator('#btn-start').evaluate((n) => getComputedStyle(n).backgroundColor), 'rgb(11, 92, 173)');
  await app.locator('#privacy-btn').click();
  await waitText(app, '#privacy-text', 'We store your chat messages');
  await app.locator('#privacy-flyout .flyout-close').click();
  await app.locator('#f_question').fill(uniq('CSP question'));
  await app.locator('#f-consent').check();
  await app.locator('#btn-start').click();
  const chat = (await waitEvent(page, 'chat_started')).detail.chat;
  t.after(() => closeChat(who.site, chat));
  await op.accept(chat);
  const hello = uniq('Hello under CSP, see https://example.com/faq');
  await op.send(chat, hello);
  await messageItem(app, hello).waitFor();
  const mine = uniq('Visitor under CSP');
  await app.locator('#msg').fill(mine);
  await app.locator('#msg').press('Enter');
  await op.waitMessage(chat, (m) => m.text === mine);
  // An image preview (img-src blob:).
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), app.locator('#btn-attach').click()]);
  await chooser.setFiles({ name: 'csp.png', mimeType: 'image/png', buffer: makePng(8, 8) });
  await app.locator('#log img.file-img').waitFor({ state: 'visible' });
  // (from a blob: URL: img-src allows blob:)
  await until(() => app.locator('#log img.file-img').evaluate((n) => n.complete && n.naturalWidth > 0), 'the preview to load');
  assert.equal(await app.locator('#log img.file-img').evaluate((n) => n.naturalWidth), 8);
  // Menu and typing indicator.
  await app.locator('#btn-menu').click();
  await app.locator('#menu').waitFor({ state: 'visible' });
  await app.locator('#btn-menu').click();
  await op.post('typing', { chat, typing: 1 });
  await waitText(app, '#typing', 'Olga Operator is typing');

  assert.deepEqual(violations, [], 'no CSP violation in the page or the chat');
  await assertClean(t, ctx);
});
