// Helpers for the browser tests of the operator console (htdocs/console/):
// the console driven in headless Chromium like an operator uses it (login
// form, presence select, queue, tabs, dialogs), the visitor side through the
// real chat app at top level (chat/index.html, mobile variant, as a native
// WebView shows it), each test on a fresh site of its own (lib.mjs makeSite).
import { chromium } from 'playwright-core';
import {
  url, until, adminStdin, OP_PASSWORD, CHROMIUM_ARGS, recordEventsFromStart, waitEvent,
  messageItem, closeChat,
} from './lib.mjs';

export const CONSOLE_TITLE = 'Plauder operator console';

// A headless Chromium closed when the test ends; extra command-line
// switches (e.g. an autoplay policy) on top of lib.mjs's.
export async function launchWith(t, extraArgs = []) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extraArgs],
    headless: true,
  });
  t.after(() => browser.close().catch(() => {}));
  return browser;
}

// One more operator of the site, in department A, with the tests' password.
export function addOperator(site, login, name, { dept = 'A', role = 'operator' } = {}) {
  adminStdin(`${OP_PASSWORD}\n`, 'operator', 'add', site, login, '--name', name,
    '--role', role, '--dept', dept, '--password-file', '-');
  return { site, login, password: OP_PASSWORD, operatorName: name };
}

// ---- the console --------------------------------------------------------------

// What a console page does by design: at start it asks GET /session, which
// is 401 before the login.
export const CONSOLE_ALLOW = [/HTTP 401 GET \S+\/cgi-bin\/operator\/session$/];

export function consoleUrl() {
  return url('console/');
}

// Open the console in a new page of ctx and log in through its form. A
// login the console refuses fails here at once with the console's own
// words (e.g. the login throttle's "Too many failed attempts"), not with a
// timeout further on.
export async function consoleLogin(ctx, who) {
  const page = await ctx.newPage();
  await page.goto(consoleUrl());
  await page.locator('#view-login').waitFor({ state: 'visible' });
  await fillLogin(page, who.site, who.login, who.password);
  await page.locator('#view-app').or(page.locator('#login-error:not([hidden])')).first().waitFor({ state: 'visible' });
  if (!(await page.locator('#view-app').isVisible())) {
    const said = await page.locator('#login-error').textContent();
    throw new Error(`console login of ${who.login} on ${who.site} refused: "${said}"` +
      (/too many/i.test(said) ? ' (the login throttle: 20 failed logins per address in 15 minutes; ' +
        'see tests/browser/README.md)' : ''));
  }
  await page.locator('#me', { hasText: `(${who.login})` }).waitFor();
  return page;
}

export async function fillLogin(page, site, login, password) {
  await page.locator('#f-site').fill(site);
  await page.locator('#f-login').fill(login);
  await page.locator('#f-password').fill(password);
  await page.locator('#btn-login').click();
}

// "All my departments" → online (through the select, as an operator does),
// and wait until the console shows it.
export async function goOnline(page) {
  await page.locator('#pres-all').selectOption('online');
  await until(async () => (await page.locator('#pres-all').inputValue()) === 'online' &&
    await page.locator('.presence-all.status-online').count() === 1, 'the console to show online');
}

export function queueItem(page, chat) {
  return page.locator(`#queue .q-item[data-chat="${chat}"]`);
}

export function chatTab(page, chat) {
  return page.locator(`#tabs [role="tab"][data-chat="${chat}"]`);
}

export function chatPanel(page, chat) {
  return page.locator(`#panel-${chat}`);
}

// The log entries of chat `chat` in the console whose text is exactly `text`.
export function consoleMessage(page, chat, text) {
  return page.locator(`#panel-${chat} .log li`, {
    has: page.locator('.msg-text', { hasText: new RegExp(`^${escapeRe(text)}$`) }),
  });
}

export async function consoleTexts(page, chat) {
  return page.locator(`#panel-${chat} .log li .msg-text`).allTextContents();
}

// Accept a waiting chat with its card's button; the chat's tab opens and is
// selected.
export async function acceptInConsole(page, chat) {
  await queueItem(page, chat).locator('.q-accept').click();
  await chatTab(page, chat).and(page.locator('[aria-selected="true"]')).waitFor();
  await chatPanel(page, chat).locator('form.compose').waitFor({ state: 'visible' });
}

// Type and send a message in the chat's composer (Enter sends).
export async function sendInConsole(page, chat, text) {
  const box = page.locator(`#msg-${chat}`);
  await box.fill(text);
  await box.press('Enter');
}

// ---- the visitor --------------------------------------------------------------

// The chat app at top level (mobile variant) for `site`; events of the app
// are recorded (window.Plauder queue, run by the app at start).
export async function visitorPage(ctx, site, { from, lang = 'en', direct = false, variant = 'mobile' } = {}) {
  if (!ctx.recordingEvents) await recordEventsFromStart(ctx);
  ctx.recordingEvents = true;
  const page = await ctx.newPage();
  const q = new URLSearchParams({ site, lang, variant });
  if (from !== undefined) q.set('from', from);
  if (direct) q.set('direct', '1');
  await page.goto(url(`chat/index.html?${q}`));
  return page;
}

// Start a chat from the start window; returns the chat id.
export async function visitorStart(t, page, site, { name, question, consent = true } = {}) {
  await page.locator('#view-start').waitFor({ state: 'visible' });
  if (name !== undefined) await page.locator('#f_name').fill(name);
  if (question !== undefined) await page.locator('#f_question').fill(question);
  if (consent && await page.locator('#consent-row').isVisible()) await page.locator('#f-consent').check();
  await page.locator('#btn-start').click();
  await page.locator('#view-chat').waitFor({ state: 'visible' });
  const chat = (await waitEvent(page, 'chat_started')).detail.chat;
  t.after(() => closeChat(site, chat));
  return chat;
}

export async function visitorSend(page, text) {
  await page.locator('#msg').fill(text);
  // (In the mobile variant Enter is a new line; the button sends.)
  await page.locator('#btn-send').click();
  await messageItem(page, text).waitFor();
}

export async function visitorTexts(page) {
  return page.locator('#log li .msg-text').allTextContents();
}

export function count(list, text) {
  return list.filter((x) => x === text).length;
}

function escapeRe(s) {
  return String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// A page of another origin (another port of 127.0.0.1: same site, other
// origin), served by a tiny HTTP server of the test; stops with the test.
export async function otherOriginPage(t, ctx, html) {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/' ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.url === '/' ? html : 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }));
  const page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  return page;
}

// fetch() inside the console page (same origin, with the session cookie the
// page itself cannot read): {status, json}.
export async function pageFetch(page, path, { method = 'GET', headers = {}, body } = {}) {
  return page.evaluate(async ({ path, method, headers, body }) => {
    const r = await fetch(new URL(path, document.baseURI), {
      method, headers, body, credentials: 'same-origin', cache: 'no-store',
    });
    let json = null;
    try { json = await r.json(); } catch { /* not JSON */ }
    return { status: r.status, json };
  }, { path, method, headers, body });
}

// Reading a page WITHOUT giving it a user activation. Playwright's
// evaluate() and even its locator reads run with userGesture: true, which
// counts as the user's click for the autoplay policy (sound then plays
// without any click). For tests of the autoplay state, reads go through
// CDP Runtime.evaluate without a gesture: peek(fn, arg) → fn(arg)'s value.
export async function peeker(ctx, page) {
  const cdp = await ctx.newCDPSession(page);
  return async (fn, arg) => {
    const r = await cdp.send('Runtime.evaluate', {
      expression: `(${fn})(${JSON.stringify(arg ?? null)})`,
      awaitPromise: true,
      returnByValue: true,
      userGesture: false,
    });
    if (r.exceptionDetails) throw new Error(`peek: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  };
}
