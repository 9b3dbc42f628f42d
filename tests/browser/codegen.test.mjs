// The HTML code generator of the admin area (admin/code.html): what it
// prints is pasted into a page of another origin and must work there as
// printed (tab in the site's colour, the chat, the popup, no tracking with
// count=no); the mobile chat link opens the chat app with the chosen from
// and department; the copy button, the live preview, the German UI, and the
// console's link for admins (to the admin home, whose navigation leads here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  url, BASE, launch, newContext, makeSite, waitOnline, Operator, tabButton, chatFrame,
  assertClean, until, recordEventsFromStart, waitEvent, closeChat,
} from './lib.mjs';
import { otherOriginPage, addOperator, consoleLogin, CONSOLE_ALLOW } from './console-lib.mjs';

const COLOR = '#a1337f';
const QUEUE_LINE = '<script>window.Plauder=window.Plauder||function(){(Plauder.q=Plauder.q||[]).push(arguments)};</script>';

async function openGenerator(ctx, site, lang = 'en') {
  const page = await ctx.newPage();
  await page.goto(url(`admin/code.html?site=${site}${lang ? `&lang=${lang}` : ''}`));
  // The departments come from chat/config.
  await page.locator('#f-dept option[value="A"]').waitFor({ state: 'attached' });
  return page;
}

const snippetOf = (page) => page.locator('#code-snippet').inputValue();

// A shop page of another origin with exactly the generated snippet before
// </body>; every request of that page is kept in page.seen.
async function shopWith(t, ctx, code) {
  const html = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>\n` +
    `<body><h1>Shop</h1>\n${code}\n</body></html>`;
  const seen = [];
  ctx.on('request', (r) => {
    let from = null;
    try { from = r.frame().page(); } catch { /* a service worker's */ }
    seen.push({ url: r.url(), from });
  });
  const page = await otherOriginPage(t, ctx, html);
  Object.defineProperty(page, 'seen', { get: () => seen.filter((s) => s.from === page).map((s) => s.url) });
  return page;
}

async function siteColour(page) {
  return until(() => page.evaluate(() => document.querySelector('plauder-chat')?.style.getPropertyValue('--pl-color')),
    'the site colour on the tab');
}

test('generator: the in-page snippet, pasted on another origin, shows the tab in the site colour and opens the chat; the preview runs the real loader', { timeout: 90000 }, async (t) => {
  const who = makeSite({ color: COLOR });
  await waitOnline(who.site);
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const gen = await openGenerator(ctx, who.site);

  assert.equal(await gen.locator('#f-site').inputValue(), who.site, 'site prefilled from ?site=');
  assert.equal(await gen.locator('#tab-inpage').getAttribute('aria-selected'), 'true');
  assert.equal(await gen.locator('#f-dept option[value="A"]').textContent(), 'Support (A)');
  const loader = `${BASE}/loader.js`;
  assert.equal(await snippetOf(gen),
    `<!-- Plauder live chat -->\n${QUEUE_LINE}\n<script async src="${loader}?site=${who.site}"></script>`);

  await gen.locator('#f-dept').selectOption('A');
  await gen.locator('#f-lang').selectOption('de');
  await gen.locator('#f-from').fill('Shop & "Co" <b>');
  await gen.locator('#f-from').press('Tab');
  const code = await snippetOf(gen);
  assert.equal(code, `<!-- Plauder live chat -->\n${QUEUE_LINE}\n` +
    `<script async src="${loader}?site=${who.site}&amp;dept=A&amp;lang=de&amp;from=Shop%20%26%20%22Co%22%20%3Cb%3E"></script>`);

  // The live preview: a same-origin frame whose page loads the real loader.
  // (It follows the options after a short pause.)
  const pframe = await until(() => gen.frames().find((f) => f.url().includes('/admin/preview.html') &&
    new URL(f.url()).searchParams.get('from') === 'Shop & "Co" <b>'), 'the preview with the chosen options');
  await pframe.locator('plauder-chat button.tab').waitFor();
  assert.equal(await siteColour(pframe), COLOR);
  const loaded = await pframe.evaluate(() => document.querySelector('script[src*="loader.js"]').src);
  assert.equal(new URL(loaded).searchParams.get('from'), 'Shop & "Co" <b>');
  assert.equal(new URL(loaded).searchParams.get('dept'), 'A');

  // Pasted on another origin: the tab in the site's colour, the chat opens.
  const shop = await shopWith(t, ctx, code);
  await tabButton(shop).waitFor();
  assert.equal(await siteColour(shop), COLOR);
  await until(async () => /Jetzt chatten/.test(await tabButton(shop).textContent()), 'the German online tab');
  await tabButton(shop).click();
  const app = await chatFrame(shop);
  await app.locator('#view-start').waitFor({ state: 'visible' });
  const frameUrl = new URL(app.url());
  assert.equal(frameUrl.searchParams.get('dept'), 'A');
  assert.equal(frameUrl.searchParams.get('from'), 'Shop & "Co" <b>');
  await assertClean(t, ctx);
});

test('generator: the popup snippet opens the chat in a popup', { timeout: 90000 }, async (t) => {
  const who = makeSite({ color: COLOR });
  await waitOnline(who.site);
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const gen = await openGenerator(ctx, who.site);
  await gen.locator('#tab-popup').click();
  assert.equal(await gen.locator('#tab-popup').getAttribute('aria-selected'), 'true');
  assert.equal(await gen.locator('#variant-panel').getAttribute('aria-labelledby'), 'tab-popup');
  const code = await snippetOf(gen);
  assert.match(code, /loader\.js\?site=[0-9-]+&amp;variant=popup"/);

  const shop = await shopWith(t, ctx, code);
  await tabButton(shop).waitFor();
  assert.equal(await siteColour(shop), COLOR);
  const [popup] = await Promise.all([shop.waitForEvent('popup'), tabButton(shop).click()]);
  await popup.waitForLoadState();
  assert.equal(new URL(popup.url()).pathname, new URL(url('chat/index.html')).pathname);
  assert.equal(new URL(popup.url()).searchParams.get('variant'), 'popup');
  await popup.locator('#app[data-variant="popup"]').waitFor({ state: 'attached' });
  await popup.locator('#view-start').waitFor({ state: 'visible' });
  assert.equal(await shop.locator('plauder-chat iframe').count(), 0, 'no in-page chat besides the popup');
  await assertClean(t, ctx);
});

test('generator: without tracking the snippet says count=no and the page sends nothing to cgi-bin/count', { timeout: 90000 }, async (t) => {
  const who = makeSite();
  await waitOnline(who.site);
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const gen = await openGenerator(ctx, who.site);
  assert.doesNotMatch(await snippetOf(gen), /count=no/, 'with tracking (the default): no count=no');
  await gen.locator('#f-count-no').check();
  const code = await snippetOf(gen);
  assert.match(code, /loader\.js\?site=[0-9-]+&amp;count=no"/);
  await gen.locator('#f-count-yes').check();
  assert.doesNotMatch(await snippetOf(gen), /count=no/);
  await gen.locator('#f-count-no').check();
  assert.equal(await snippetOf(gen), code);
  // The consent markup always has the chat without tracking.
  assert.match(await gen.locator('#code-consent-klaro').inputValue(), /data-name="plauder"/);

  const shop = await shopWith(t, ctx, code);
  await tabButton(shop).waitFor();
  await tabButton(shop).click();
  await (await chatFrame(shop)).locator('#view-start').waitFor({ state: 'visible' });
  const loaderReq = shop.seen.find((u) => /\/loader\.js\?/.test(u));
  assert.equal(new URL(loaderReq).searchParams.get('count'), 'no', 'the page loaded the loader with count=no');
  assert.deepEqual(shop.seen.filter((u) => /cgi-bin\/count/.test(u)), [], 'no tracking request');
  await assertClean(t, ctx);
});

test('generator: the mobile chat link opens the chat app with the chosen from and department', { timeout: 90000 }, async (t) => {
  const who = makeSite();
  const op = await Operator.login(who);
  t.after(() => op.logout());
  await waitOnline(who.site);
  const browser = await launch(t);
  const ctx = await newContext(browser);
  await recordEventsFromStart(ctx);
  const gen = await openGenerator(ctx, who.site);
  await gen.locator('#tab-inpage').focus();
  await gen.keyboard.press('ArrowRight');
  await gen.keyboard.press('ArrowRight');
  assert.equal(await gen.locator('#tab-mobile').getAttribute('aria-selected'), 'true', 'arrow keys move between the tabs');
  assert.equal(await gen.locator('#tab-mobile').evaluate((n) => n === document.activeElement), true);
  await gen.locator('#out-link').waitFor({ state: 'visible' });
  assert.equal(await gen.locator('#out-snippet').isVisible(), false);
  await gen.locator('#f-from').fill('My App');
  await gen.locator('#f-dept').selectOption('A');
  await gen.locator('#f-direct').check();
  await gen.locator('#f-lang').selectOption('en');
  const link = await gen.locator('#code-link').inputValue();
  assert.equal(link, `${BASE}/chat/index.html?site=${who.site}&from=My%20App&direct=1&dept=A&lang=en`);
  assert.equal(await gen.locator('#open-link').getAttribute('href'), link);

  const app = await ctx.newPage();
  await app.goto(link);
  await app.locator('#app[data-variant="mobile"]').waitFor({ state: 'attached' });
  // direct=1 without consent to tick: the chat starts at once.
  await app.locator('#view-chat').waitFor({ state: 'visible' });
  const chat = (await waitEvent(app, 'chat_started')).detail.chat;
  t.after(() => closeChat(who.site, chat));
  const detail = await op.chat(chat);
  assert.equal(detail.from, 'My App');
  assert.equal(detail.dept, 'A');
  await assertClean(t, ctx);
});

test('generator: the copy button puts the snippet on the clipboard and says so', { timeout: 60000 }, async (t) => {
  const who = makeSite();
  const browser = await launch(t);
  const ctx = await newContext(browser);
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(BASE).origin });
  const gen = await openGenerator(ctx, who.site);
  await gen.locator('#f-count-no').check();
  const code = await snippetOf(gen);
  await gen.locator('#out-snippet button.copy').click();
  await until(async () => (await gen.locator('#status').textContent()) === 'Copied to the clipboard.', 'the live region to say copied');
  assert.equal(await gen.evaluate(() => navigator.clipboard.readText()), code);
  // The consent markup has its own copy buttons.
  await gen.locator('#consent-wp button.copy').click();
  await until(async () => (await gen.evaluate(() => navigator.clipboard.readText())) ===
    await gen.locator('#code-consent-wp').inputValue(), 'the WP Consent API markup on the clipboard');
  assert.match(await gen.evaluate(() => navigator.clipboard.readText()), /wp_has_consent\('statistics'\)/);
  await assertClean(t, ctx);
});

test('generator: German UI from ?lang=de and from the browser, the switch, labelled fields, strict CSP', { timeout: 60000 }, async (t) => {
  const who = makeSite();
  const browser = await launch(t);
  const ctx = await newContext(browser, { locale: 'de-DE' });
  const page = await ctx.newPage();
  const res = await page.goto(url(`admin/code.html?site=${who.site}`));
  const csp = res.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /style-src 'self'/);
  assert.match(csp, /frame-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  await page.locator('#f-dept option[value="A"]').waitFor({ state: 'attached' });
  const label = (id) => page.locator(`label[for="${id}"]`).textContent();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  assert.equal(await label('f-site'), 'Site-ID');
  assert.equal(await label('f-dept'), 'Abteilung');
  assert.equal(await label('f-count-no'), 'Ohne Tracking');
  assert.equal(await page.locator('#tab-inpage').textContent(), 'Reiter auf der Seite');
  assert.equal(await page.locator('#f-dept option[value="A"]').textContent(), 'Kundendienst (A)');
  // Every field has a label.
  for (const id of await page.locator('#options input, #options select').evaluateAll((ns) => ns.map((n) => n.id))) {
    assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, `a label for #${id}`);
  }
  await page.locator('.lang-btn[data-lang="en"]').click();
  assert.equal(await label('f-site'), 'Site id');
  assert.equal(await page.locator('#tab-inpage').textContent(), 'Tab on the page');
  await page.locator('#f-dept option', { hasText: 'Support (A)' }).waitFor({ state: 'attached' });

  // ?lang= wins over the browser.
  const de = await ctx.newPage();
  await de.goto(url(`admin/code.html?site=${who.site}&lang=de`));
  assert.equal(await de.locator('label[for="f-lang"]').textContent(), 'Sprache des Chats');
  const frameRes = await ctx.request.get(url('admin/preview.html'));
  assert.match(frameRes.headers()['content-security-policy'], /frame-ancestors 'self'/);
  await assertClean(t, ctx);
});

test('console: "Admin area" only for admins; its navigation leads to the generator for their site', { timeout: 60000 }, async (t) => {
  const who = makeSite();
  const boss = addOperator(who.site, 'ada', 'Ada Admin', { role: 'admin' });
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const opPage = await consoleLogin(ctx, who);
  assert.equal(await opPage.locator('#admin-code').isVisible(), false, 'no admin link for an operator');
  const ctx2 = await newContext(browser);
  const page = await consoleLogin(ctx2, boss);
  const link = page.locator('#admin-code');
  await link.waitFor({ state: 'visible' });
  assert.equal(await link.textContent(), 'Admin area');
  await link.click();
  await page.waitForURL(/\/admin\/index\.html\?/);
  await page.locator('#admin-nav a[data-page="code"]').click();
  await page.waitForURL(/\/admin\/code\.html\?/);
  assert.equal(await page.locator('#f-site').inputValue(), who.site);
  await assertClean(t, ctx, CONSOLE_ALLOW);
  await assertClean(t, ctx2, CONSOLE_ALLOW);
});
