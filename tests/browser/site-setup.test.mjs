// A site set up from scratch the way it happens: the hosting admin creates
// it with its first admin, who configures it in the admin area (colour, tab
// corner, button and welcome texts, privacy link or text, consent, a select
// in the start form, a department and an operator); then
// the code generator's snippet pasted into a shop page of another origin.
// The widget there must show exactly what was configured, in the tab and in
// the popup variant; the without-tracking snippet sends nothing to count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  url, VAR, launch, newContext, freshSiteId, OP_PASSWORD, Operator, waitOnline,
  tabButton, chatFrame, assertClean, until, closeChat,
} from './lib.mjs';
import { otherOriginPage } from './console-lib.mjs';

const COLOR = '#7a2e8f';

// What the hosting admin does (admin/hosting.html's API): log in, create
// the site with its first admin "owner". The owner then adds department A
// and operator "olga" (online) in the admin area: nothing else is set up.
async function newSite() {
  const site = freshSiteId();
  const hostPw = readFileSync(`${VAR}/secrets/hosting.pw`, 'utf8').trim();
  const login = await fetch(url('cgi-bin/admin/hosting-login'), { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'hosting', password: hostPw }) });
  const body = await login.text();
  assert.equal(login.status, 200, body);
  const { csrf } = JSON.parse(body);
  const created = await fetch(url('cgi-bin/admin/site-create'), { method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Cookie: login.headers.get('set-cookie').split(';')[0] },
    body: JSON.stringify({ site, name: `Setup test ${site}`, admin_login: 'owner', admin_password: OP_PASSWORD }) });
  assert.equal(created.status, 201, await created.text());
  const owner = await Operator.login({ site, login: 'owner', password: OP_PASSWORD });
  await configure(owner, [
    ['dept-set', { dept: 'A', lang: 'en', name: 'Support' }],
    ['dept-set', { dept: 'A', lang: 'de', name: 'Kundendienst' }],
    ['operator-set', { login: 'olga', name: 'Olga Setup', depts: 'A', password: OP_PASSWORD }],
    ['operator-set', { login: 'owner', depts: 'A' }],
  ]);
  await owner.post('presence', { status: 'offline' });
  const olga = await Operator.login({ site, login: 'olga', password: OP_PASSWORD, operatorName: 'Olga Setup' });
  return { site, owner, olga };
}

async function configure(owner, changes) {
  for (const [action, body] of changes) {
    const r = await owner.post(`admin/${action}`, body);
    assert.equal(r.status, 200, `${action}: ${r.text}`);
  }
}

// The generator's snippet for the options given (admin/code.html).
async function snippet(ctx, site, { lang, variant = 'inpage', tracking = true }) {
  const gen = await ctx.newPage();
  await gen.goto(url(`admin/code.html?site=${site}&lang=en`));
  await gen.locator('#f-dept option[value="A"]').waitFor({ state: 'attached' });
  if (variant === 'popup') await gen.locator('#tab-popup').click();
  await gen.locator('#f-lang').selectOption(lang);
  await gen.locator(tracking ? '#f-count-yes' : '#f-count-no').check();
  const code = await gen.locator('#code-snippet').inputValue();
  await gen.close();
  return code;
}

// The shop: exactly the snippet before </body>; its requests are kept.
async function shop(t, ctx, code, lang) {
  const seen = [];
  ctx.on('request', (r) => seen.push(r.url()));
  const page = await otherOriginPage(t, ctx, `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8">` +
    `<title>Shop</title></head>\n<body><h1>Shop</h1>\n${code}\n</body></html>`);
  page.seen = seen;
  return page;
}

// What the tab looks like: colour, corner and text.
async function tabLook(page) {
  return tabButton(page).evaluate((b) => {
    const cs = getComputedStyle(b);
    return { color: b.getRootNode().host.style.getPropertyValue('--pl-color'), left: cs.left, text: b.querySelector('.label').textContent };
  });
}

test('a configured site: the pasted tab snippet shows the colour, corner, texts, privacy link, consent and fields as configured', { timeout: 120000 }, async (t) => {
  const { site, owner, olga } = await newSite();
  t.after(() => olga.logout());
  await configure(owner, [
    ['settings', { color: COLOR, tab_position: 'left', privacy_mode: 'link', privacy_in_chat: 1, consent_required: 1 }],
    ['texts', { lang: 'de', privacy_url: 'https://shop.example/datenschutz', consent_text: 'Ich willige in die Verarbeitung ein (Setup).',
      button_online: 'Fragen Sie uns!', button_offline: 'Schreiben Sie uns', welcome_text: 'Willkommen im Setup-Shop!' }],
    ['field-set', { form: 'query', key: 'topic', type: 'select', required: 1, sort: 1,
      labels: { de: 'Thema', en: 'Topic' }, options: { de: ['Rechnung', 'Lieferung'], en: ['Billing', 'Delivery'] } }],
    ['field-set', { form: 'query', key: 'question', type: 'textarea', required: 1, sort: 2,
      labels: { de: 'Ihre Frage', en: 'Your question' } }],
  ]);
  await waitOnline(site);
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const code = await snippet(ctx, site, { lang: 'de', tracking: false });
  const page = await shop(t, ctx, code, 'de');
  await tabButton(page).waitFor();
  await until(async () => (await tabLook(page)).text === 'Fragen Sie uns!', 'the configured online text on the tab');
  const look = await tabLook(page);
  assert.equal(look.color, COLOR);
  assert.equal(look.left, '20px', 'the tab sits in the bottom left corner');

  await tabButton(page).click();
  const app = await chatFrame(page);
  await app.locator('#view-start').waitFor({ state: 'visible' });
  assert.equal(await app.locator('#privacy-link').getAttribute('href'), 'https://shop.example/datenschutz');
  assert.equal(await app.locator('#privacy-link').isVisible(), true);
  assert.equal(await app.locator('#consent-text').textContent(), 'Ich willige in die Verarbeitung ein (Setup).');
  assert.equal(await app.locator('#f-consent').isChecked(), false, 'consent is never pre-ticked');
  assert.equal(await app.locator('label[for="f_topic"]').innerText().then((s) => s.replace(/\s*\*$/, '')), 'Thema');
  assert.deepEqual(await app.locator('#f_topic option').allTextContents(), ['Bitte wählen', 'Rechnung', 'Lieferung']);
  await assertClean(t, ctx);

  // Without the tick the chat cannot start; with it, it does.
  await app.locator('#f_topic').selectOption('Lieferung');
  await app.locator('#f_question').fill('Wo ist mein Paket?');
  assert.equal(await app.locator('#btn-start').isDisabled(), true, 'no chat without the tick');
  await app.locator('#f-consent').check();
  await app.locator('#btn-start').click();
  await app.locator('#view-chat').waitFor({ state: 'visible' });
  await app.locator('#welcome', { hasText: 'Willkommen im Setup-Shop!' }).waitFor({ state: 'visible' });
  assert.equal(await app.locator('#privacy-link').isVisible(), true, 'the privacy link stays in the chat window');
  const chat = await until(async () => (await olga.poll()).queue[0]?.chat, 'the chat in the queue');
  t.after(() => closeChat(site, chat));
  const detail = await olga.chat(chat);
  assert.deepEqual(detail.fields, { topic: 'Lieferung', question: 'Wo ist mein Paket?' });
  await olga.accept(chat);
  await app.locator('#welcome').waitFor({ state: 'hidden' });
  assert.deepEqual(page.seen.filter((u) => /cgi-bin\/count/.test(u)), [], 'without tracking: no count request');
  await assertClean(t, ctx);
});

test('a configured site in the popup variant: privacy text in a flyout, consent, welcome, English texts', { timeout: 120000 }, async (t) => {
  const { site, owner, olga } = await newSite();
  t.after(() => olga.logout());
  await configure(owner, [
    ['settings', { color: '#1f6f43', privacy_mode: 'text', privacy_in_chat: 0, consent_required: 1 }],
    ['texts', { lang: 'en', privacy_text: 'We keep chats for 90 days (setup).', consent_text: 'I agree (setup).',
      button_online: 'Ask the team', welcome_text: 'Hello from the setup shop.' }],
  ]);
  await waitOnline(site);
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const code = await snippet(ctx, site, { lang: 'en', variant: 'popup' });
  assert.match(code, /variant=popup/);
  const page = await shop(t, ctx, code, 'en');
  await until(async () => (await tabLook(page)).text === 'Ask the team', 'the configured tab text');
  const look = await tabLook(page);
  assert.equal(look.color, '#1f6f43');
  assert.notEqual(look.left, '20px', 'the default corner: bottom right');
  const [popup] = await Promise.all([page.waitForEvent('popup'), tabButton(page).click()]);
  await popup.waitForLoadState();
  await popup.locator('#view-start').waitFor({ state: 'visible' });
  await popup.locator('#privacy-btn').click();
  await popup.locator('#privacy-flyout').waitFor({ state: 'visible' });
  assert.equal(await popup.locator('#privacy-text').textContent(), 'We keep chats for 90 days (setup).');
  await popup.locator('#privacy-flyout .flyout-close').click();
  assert.equal(await popup.locator('#consent-text').textContent(), 'I agree (setup).');
  await popup.locator('#f-consent').check();
  await popup.locator('#btn-start').click();
  await popup.locator('#view-chat').waitFor({ state: 'visible' });
  await popup.locator('#welcome', { hasText: 'Hello from the setup shop.' }).waitFor({ state: 'visible' });
  const chat = await until(async () => (await olga.poll()).queue[0]?.chat, 'the chat in the queue');
  t.after(() => closeChat(site, chat));
  assert.equal(await popup.locator('#privacy-btn').isVisible(), false, 'not linked in the chat window when not asked to');
  await assertClean(t, ctx);
});
