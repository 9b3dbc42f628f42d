// The settings pages of the admin area (htdocs/admin/) driven like a site
// admin uses them, on the demo site 1-1 with the console's login: every
// page opens with the shared navigation (axe clean); a javascript: privacy
// link is refused next to its field; colour, button and welcome texts reach
// GET /admin/settings; a select field with options in de and en reaches the
// chat's config; an operator is created with departments and a chat limit;
// the audit log lists the changes; the navigation and a form work with Tab
// and Enter only; a plain operator and a browser without a session get a
// clear message. The data of these tests is their own (a language, a field,
// operators with unique names); site-wide settings they change (colour,
// privacy mode, retention) are put back, also when a test fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  url, launch, newContext, assertClean, checkA11y, until, demoAdmin, demoSite, makeSite,
} from './lib.mjs';
import { consoleLogin, addOperator, CONSOLE_ALLOW } from './console-lib.mjs';

const SITE = '1-1';
const RUN = `${process.pid % 10000}${Math.random().toString(36).slice(2, 6)}`.replace(/[^a-z0-9]/g, '');
// A language of this file's own (a third language: no code change needed).
const LANG = 'it';

// Every page of the admin area the navigation names (canned.html is
// another page's; its link is checked, not the page).
const PAGES = [
  ['home', 'index.html', 'Admin area'],
  ['privacy', 'privacy.html', 'Privacy & consent'],
  ['look', 'look.html', 'Look'],
  ['query', 'start-form.html', 'Chat start form'],
  ['contact', 'contact-form.html', 'Contact form'],
  ['depts', 'depts.html', 'Departments'],
  ['operators', 'operators.html', 'Operators'],
  ['retention', 'retention.html', 'Retention'],
  ['audit', 'audit.html', 'Audit log'],
  ['stats', 'stats.html', 'Statistics'],
];
const NAV = ['Overview', 'Privacy & consent', 'Look', 'Chat start form', 'Contact form', 'Departments',
  'Operators', 'Canned answers', 'Retention', 'Audit log', 'Statistics', 'HTML code', 'Back to the console'];

const NO_SESSION = /HTTP 401 GET \S+\/cgi-bin\/operator\/session$/;

// The admin API from node, with a session of its own (for checking what
// the pages saved and for putting site-wide settings back).
async function adminApi(who = demoAdmin()) {
  const r = await fetch(url('cgi-bin/operator/login'), {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site: who.site, login: who.login, password: who.password }),
  });
  assert.equal(r.status, 200, await r.clone().text());
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf } = await r.json();
  const call = async (method, action, body) => {
    const res = await fetch(url(`cgi-bin/admin/${action}`), {
      method,
      headers: { Cookie: cookie, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: await res.json().catch(() => null) };
  };
  return {
    settings: async () => (await call('GET', 'settings')).json,
    post: (action, body) => call('POST', action, body),
    get: (action) => call('GET', action),
  };
}

async function chatConfig(lang) {
  const r = await fetch(url(`cgi-bin/chat/config?site=${SITE}&lang=${lang}&_=${Date.now()}`), { cache: 'no-store' });
  return r.json();
}

// The site-wide settings as they are now, put back when the test ends.
async function keepSiteSettings(t, api) {
  const s = (await api.settings()).settings;
  const keep = {
    color: s.color, privacy_mode: s.privacy_mode, tab_position: s.tab_position,
    retention_chat_days: s.retention_chat_days, retention_visit_days: s.retention_visit_days,
    retention_contact_days: s.retention_contact_days,
  };
  t.after(async () => { await api.post('settings', keep); });
  return keep;
}

// A console login as the demo admin, then the admin area through the
// console's link.
async function adminPage(ctx) {
  const page = await consoleLogin(ctx, demoAdmin());
  const link = page.locator('#admin-code');
  await link.waitFor({ state: 'visible' });
  return page;
}

async function open(page, file, { lang = 'en' } = {}) {
  await page.goto(url(`admin/${file}?site=${SITE}&lang=${lang}`));
  await page.locator('body[data-ready="1"]').waitFor({ state: 'attached' });
  await page.locator('#content').waitFor({ state: 'visible' });
}

async function status(page, re) {
  await until(async () => re.test(await page.locator('#status').textContent()), `the status to say ${re}`);
}

// The language control: "add a language" LANG, then it is the chosen one.
async function addLang(page, prefix = 'texts') {
  await page.locator(`#${prefix}-add-lang`).fill(LANG);
  await page.locator(`#${prefix}-add-lang-btn`).click();
}

test('every admin page opens for the demo admin with the same navigation; the console links to the admin home', { timeout: 120000 }, async (t) => {
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await adminPage(ctx);
  const link = page.locator('#admin-code');
  assert.equal(await link.textContent(), 'Admin area');
  await link.click();
  await page.waitForURL(/\/admin\/index\.html\?/);
  await page.locator('body[data-ready="1"]').waitFor({ state: 'attached' });
  assert.match(await page.locator('#me').textContent(), /\(admin\)/);

  for (const [id, file, heading] of PAGES) {
    await open(page, file);
    assert.equal(await page.locator('h1').textContent(), heading, `${file}: its heading`);
    const nav = page.locator('nav#admin-nav');
    assert.deepEqual(await nav.locator('a').allTextContents(), NAV, `${file}: the navigation`);
    const current = nav.locator('a[aria-current="page"]');
    assert.equal(await current.count(), 1, `${file}: one current page`);
    assert.equal(await current.getAttribute('data-page'), id);
    assert.equal(await page.locator('#gate').isVisible(), false, `${file}: no gate for an admin`);
    await checkA11y(ctx);
  }
  // The links of the navigation: the canned answers' page, the code
  // generator with the site, the console.
  const hrefs = await page.locator('nav#admin-nav a').evaluateAll((as) => as.map((a) => new URL(a.href)));
  assert.ok(hrefs.some((u) => u.pathname.endsWith('/admin/canned.html')));
  // The code generator has the same navigation and gets the site.
  await page.locator('nav#admin-nav a[data-page="code"]').click();
  await page.waitForURL(/\/admin\/code\.html\?/);
  assert.equal(await page.locator('#f-site').inputValue(), SITE);
  assert.deepEqual(await page.locator('nav#admin-nav a').allTextContents(), NAV);
  assert.equal(await page.locator('nav#admin-nav a[aria-current="page"]').getAttribute('data-page'), 'code');
  // German: the switch on a settings page, and the navigation follows.
  await open(page, 'privacy.html');
  await page.locator('.lang-btn[data-lang="de"]').click();
  assert.equal(await page.locator('h1').textContent(), 'Datenschutz & Einwilligung');
  assert.equal(await page.locator('nav#admin-nav a[data-page="look"]').textContent(), 'Aussehen');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  await page.locator('.lang-btn[data-lang="en"]').click();
  await assertClean(t, ctx, CONSOLE_ALLOW);
});

test('privacy: the mode is site-wide, a link per language; a javascript: link is refused next to its field', { timeout: 90000 }, async (t) => {
  const api = await adminApi();
  const before = await keepSiteSettings(t, api);
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await adminPage(ctx);
  await open(page, 'privacy.html');

  // The mode: a link (then back to what it was).
  await page.locator('#f-mode-link').check();
  await page.locator('#btn-site').click();
  await status(page, /^Saved\.$/);
  assert.equal((await api.settings()).settings.privacy_mode, 'link');

  // A third language, added on the page.
  await addLang(page);
  assert.equal(await page.locator('#f-lang').inputValue(), LANG);
  const good = `https://shop.example/privacy-${RUN}`;
  await page.locator('#f-privacy-url').fill(good);
  await page.locator('#btn-texts').click();
  await status(page, /^Saved: the texts in /);
  assert.equal((await api.settings()).texts[LANG].privacy_url, good);

  // javascript: → 400 with field privacy_url, shown next to the field.
  const input = page.locator('#f-privacy-url');
  await input.fill('javascript:alert(document.domain)');
  await page.locator('#btn-texts').click();
  await until(async () => (await input.getAttribute('aria-invalid')) === 'true', 'the link marked invalid');
  const error = page.locator('#f-privacy-url-error');
  assert.match(await error.textContent(), /http:\/\/ or https:\/\//);
  assert.ok((await input.getAttribute('aria-describedby')).split(' ').includes('f-privacy-url-error'),
    'the error describes the field');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-privacy-url', 'the focus on the field');
  assert.equal((await api.settings()).texts[LANG].privacy_url, good, 'nothing changed');
  // Fixed: the error goes.
  await input.fill(good);
  await page.locator('#btn-texts').click();
  await status(page, /^Saved: the texts in /);
  assert.equal(await input.getAttribute('aria-invalid'), null);
  assert.equal(await error.isVisible(), false);

  // Back to the mode it had, through the page.
  await page.locator(`#f-mode-${before.privacy_mode}`).check();
  await page.locator('#btn-site').click();
  await status(page, /^Saved\.$/);
  assert.equal((await api.settings()).settings.privacy_mode, before.privacy_mode);
  await assertClean(t, ctx, [...CONSOLE_ALLOW, /HTTP 400 POST \S+\/cgi-bin\/admin\/texts$/]);
});

test('look: colour, tab corner, button and welcome texts reach GET /admin/settings and the chat\'s config', { timeout: 90000 }, async (t) => {
  const api = await adminApi();
  const before = await keepSiteSettings(t, api);
  t.after(async () => { await api.post('texts', { lang: LANG, button_online: '', button_offline: '', welcome_text: '' }); });
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await adminPage(ctx);
  await open(page, 'look.html');
  assert.equal(await page.locator('#f-color').inputValue(), before.color);

  const colour = before.color === '#a1337f' ? '#3f7a1c' : '#a1337f';
  await page.locator('#f-color').fill(colour);
  await page.locator('#f-pos-left').check();
  await page.locator('#btn-site').click();
  await status(page, /^Saved\.$/);

  await addLang(page);
  const texts = { button_online: `Chatta con noi ${RUN}`, button_offline: `Scrivici ${RUN}`, welcome_text: `Benvenuto <b>${RUN}</b>!` };
  await page.locator('#f-button-online').fill(texts.button_online);
  await page.locator('#f-button-offline').fill(texts.button_offline);
  await page.locator('#f-welcome').fill(texts.welcome_text);
  await page.locator('#btn-texts').click();
  await status(page, /^Saved: the texts in /);

  const s = await api.settings();
  assert.equal(s.settings.color, colour);
  assert.equal(s.settings.tab_position, 'left');
  for (const [k, v] of Object.entries(texts)) assert.equal(s.texts[LANG][k], v, k);
  assert.ok(s.languages.includes(LANG), 'the added language is one of the site\'s now');
  const cfg = await chatConfig(LANG);
  assert.equal(cfg.theme.color, colour);
  assert.equal(cfg.theme.position, 'left');
  assert.equal(cfg.texts.welcome, texts.welcome_text);
  assert.equal(cfg.texts.button_online, texts.button_online);

  // A wrong colour: the error next to the field, nothing sent.
  await page.locator('#f-color').fill('red');
  await page.locator('#btn-site').click();
  assert.equal(await page.locator('#f-color').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#f-color-error').textContent(), /#rrggbb/);

  // Put back through the page what the site had.
  await page.locator('#f-color').fill(before.color);
  await page.locator(`#f-pos-${before.tab_position}`).check();
  await page.locator('#btn-site').click();
  await status(page, /^Saved\.$/);
  assert.equal((await api.settings()).settings.color, before.color);
  await assertClean(t, ctx, CONSOLE_ALLOW);
});

test('chat start form: a select field with options in de and en shows in GET /chat/config; moved up, then deleted', { timeout: 90000 }, async (t) => {
  const api = await adminApi();
  const key = `ui_topic_${RUN}`;
  t.after(async () => { await api.post('field-delete', { form: 'query', key }); });
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await adminPage(ctx);
  await open(page, 'start-form.html');
  const fieldsBefore = (await api.settings()).forms.query.length;

  await page.locator('#btn-add').click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-key', 'the focus in the new field\'s key');
  await page.locator('#f-key').fill(key);
  await page.locator('#f-type').selectOption('select');
  await page.locator('#f-label-de').fill(`Thema ${RUN}`);
  await page.locator('#f-label-en').fill(`Topic ${RUN}`);
  await page.locator('#f-options-de').fill('Rechnung\nLieferung\n');
  // English has a label but no options yet: marked there.
  await page.locator('#btn-save').click();
  assert.equal(await page.locator('#f-options-en').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#f-options-en-error').textContent(), /English/);
  await page.locator('#f-options-en').fill('Billing\nDelivery');
  await page.locator('#btn-save').click();
  await status(page, new RegExp(`^Saved: the field Topic ${RUN}\\.$`));
  assert.equal(await page.locator('#field-form').isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.id), `edit-${key}`, 'the focus back on the list');

  const field = (cfg) => cfg.fields.find((f) => f.key === key);
  const de = field(await chatConfig('de'));
  assert.deepEqual({ type: de.type, label: de.label, required: de.required, options: de.options },
    { type: 'select', label: `Thema ${RUN}`, required: false, options: ['Rechnung', 'Lieferung'] });
  assert.deepEqual(field(await chatConfig('en')).options, ['Billing', 'Delivery']);
  let query = (await api.settings()).forms.query;
  assert.equal(query.length, fieldsBefore + 1);
  assert.equal(query.at(-1).key, key, 'a new field comes last');

  // Up one place: now before the field that was before it.
  const above = query.at(-2).key;
  await page.locator(`#up-${key}`).click();
  await status(page, /^Moved: Topic /);
  query = (await api.settings()).forms.query.sort((a, b) => a.sort - b.sort);
  assert.deepEqual(query.slice(-2).map((f) => f.key), [key, above]);
  assert.deepEqual((await chatConfig('en')).fields.slice(-2).map((f) => f.key), [key, above]);

  // Delete, confirmed in the dialog.
  await page.locator(`#delete-${key}`).click();
  const dialog = page.locator('dialog.confirm');
  await dialog.waitFor({ state: 'visible' });
  await checkA11y(ctx);
  await dialog.locator('button', { hasText: 'Delete' }).click();
  await status(page, /^Deleted: Topic /);
  assert.equal(field(await chatConfig('de')), undefined);
  assert.equal(await page.locator(`#field-list li[data-key="${key}"]`).count(), 0);
  await assertClean(t, ctx, CONSOLE_ALLOW);
});

test('operators: one created with departments and a chat limit, a new password, disabled; the audit log lists it, page by page', { timeout: 120000 }, async (t) => {
  const api = await adminApi();
  const login = `ui_op_${RUN}`;
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await adminPage(ctx);
  await open(page, 'operators.html');

  await page.locator('#btn-add').click();
  await page.locator('#f-login').fill(login);
  await page.locator('#f-name').fill(`UI Tester ${RUN}`);
  await page.locator('#f-role').selectOption('operator');
  await page.locator('#f-dept-A').check();
  await page.locator('#f-dept-B').check();
  await page.locator('#f-max').fill('3');
  await page.locator('#f-password').fill('short');
  await page.locator('#btn-save').click();
  assert.equal(await page.locator('#f-password').getAttribute('aria-invalid'), 'true', 'a short password is marked');
  await page.locator('#f-password').fill(`first password ${RUN}`);
  await page.locator('#btn-save').click();
  await status(page, new RegExp(`^Created: UI Tester ${RUN}`));
  const op = () => api.settings().then((s) => s.operators.find((o) => o.login === login));
  assert.deepEqual(await op().then((o) => ({ depts: o.depts, max_chats: o.max_chats, role: o.role, disabled: o.disabled })),
    { depts: 'AB', max_chats: 3, role: 'operator', disabled: false });
  await page.locator(`#op-list li[data-login="${login}"]`, { hasText: 'at most 3 chats' }).waitFor();

  // A new password: the operator logs in with it.
  await page.locator(`#edit-${login}`).click();
  assert.equal(await page.locator('#f-login').getAttribute('readonly'), '');
  await page.locator('#f-password').fill(`second password ${RUN}`);
  await page.locator('#f-max').fill('0');
  await page.locator('#btn-save').click();
  await status(page, /with the new password/);
  const r = await fetch(url('cgi-bin/operator/login'), {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site: SITE, login, password: `second password ${RUN}` }),
  });
  assert.equal(r.status, 200);
  assert.equal((await op()).max_chats, 0);

  // Disabled.
  await page.locator(`#edit-${login}`).click();
  await page.locator('#f-disabled').check();
  await page.locator('#btn-save').click();
  await status(page, /^Saved: UI Tester /);
  assert.equal((await op()).disabled, true);

  // The audit log: the newest entries are these changes, by "admin".
  await open(page, 'audit.html');
  await page.locator('#audit-table').waitFor();
  const rows = page.locator('#audit-table tbody tr');
  const mine = rows.filter({ hasText: login });
  assert.ok(await mine.count() >= 3, 'three changes of the operator');
  const first = mine.first();
  assert.equal(await first.locator('td').nth(1).textContent(), 'admin');
  assert.equal(await first.locator('td').nth(2).textContent(), 'Operator saved');
  assert.match(await first.locator('td').nth(3).textContent(), /disabled/);
  assert.doesNotMatch(await page.locator('#audit-table').textContent(), new RegExp(`second password ${RUN}`), 'never a password');

  // Paging: more than 100 entries → "older entries" asks with before=.
  for (let i = 0; i < 101; i += 1) assert.equal((await api.post('operator-set', { login, name: `UI Tester ${RUN} ${i}` })).status, 200);
  await open(page, 'audit.html');
  await page.locator('#audit-table').waitFor();
  assert.equal(await rows.count(), 100);
  const oldest = Number(await rows.last().getAttribute('data-id'));
  const asked = page.waitForRequest((q) => /\/cgi-bin\/admin\/audit\?/.test(q.url()));
  await page.locator('#btn-more').click();
  assert.equal(new URL((await asked).url()).searchParams.get('before'), String(oldest));
  await until(async () => (await rows.count()) > 100, 'older entries below');
  const ids = (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.id))));
  assert.ok(ids.slice(100).every((id) => id < oldest), 'the older page is older');
  assert.equal(new Set(ids).size, ids.length, 'no entry twice');
  await status(page, /older entries shown/);
  await assertClean(t, ctx, CONSOLE_ALLOW);
});

test('keyboard: the navigation and a form with Tab and Enter only, with a visible focus', { timeout: 90000 }, async (t) => {
  const api = await adminApi();
  const before = await keepSiteSettings(t, api);
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await adminPage(ctx);
  await open(page, 'index.html');
  const active = () => page.evaluate(() => {
    const a = document.activeElement;
    const st = getComputedStyle(a);
    return { id: a.id, text: a.textContent.trim(), page: a.dataset?.page ?? '', outline: st.outlineStyle, width: parseFloat(st.outlineWidth) };
  });
  // Tab to the navigation's "Retention", Enter.
  let now;
  for (let i = 0; i < 30; i += 1) {
    await page.keyboard.press('Tab');
    now = await active();
    if (now.page === 'retention') break;
  }
  assert.equal(now.text, 'Retention');
  assert.ok(now.outline !== 'none' && now.width >= 2, `a visible focus ring (${now.outline} ${now.width})`);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/admin\/retention\.html\?/);
  await page.locator('body[data-ready="1"]').waitFor({ state: 'attached' });

  // Tab to the first field, type, Tab on to the button, Enter.
  const days = before.retention_chat_days === 77 ? 78 : 77;
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    now = await active();
    if (now.id === 'f-chat-days') break;
  }
  assert.equal(now.id, 'f-chat-days');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(String(days));
  for (let i = 0; i < 5 && now.id !== 'btn-save'; i += 1) {
    await page.keyboard.press('Tab');
    now = await active();
  }
  assert.equal(now.id, 'btn-save');
  assert.ok(now.outline !== 'none', 'the button shows its focus');
  await page.keyboard.press('Enter');
  await status(page, /^Saved\.$/);
  assert.equal((await api.settings()).settings.retention_chat_days, days);

  // A refused value by keyboard: the error next to the field.
  await page.locator('#f-visit-days').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('5000');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#f-visit-days').getAttribute('aria-invalid'), 'true');
  assert.equal((await active()).id, 'f-visit-days');
  await assertClean(t, ctx, CONSOLE_ALLOW);
});

test('a plain operator gets "for admins only"; without a session the way to the console login', { timeout: 60000 }, async (t) => {
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await consoleLogin(ctx, demoSite());
  assert.equal(await page.locator('#admin-code').isVisible(), false, 'no admin link for an operator');
  await page.goto(url(`admin/privacy.html?site=${SITE}&lang=en`));
  const gate = page.locator('#gate');
  await gate.waitFor({ state: 'visible' });
  assert.equal(await gate.locator('h2').textContent(), 'For admins only');
  assert.match(await gate.textContent(), /admins only/);
  assert.equal(await page.locator('#content').isVisible(), false);
  assert.equal(await page.locator('#f-privacy-url').isVisible(), false);
  assert.ok(new URL(await gate.locator('a').getAttribute('href')).pathname.endsWith('/console/'));
  assert.equal(await page.evaluate(() => document.activeElement.id), 'gate-console');

  const ctx2 = await newContext(browser);
  const anon = await ctx2.newPage();
  await anon.goto(url('admin/operators.html?lang=de'));
  await anon.locator('#gate').waitFor({ state: 'visible' });
  assert.equal(await anon.locator('#gate h2').textContent(), 'Bitte melden Sie sich an');
  await anon.locator('#gate a', { hasText: 'Zur Anmeldung der Konsole' }).click();
  await anon.waitForURL(/\/console\//);
  await anon.locator('#view-login').waitFor({ state: 'visible' });
  await assertClean(t, ctx, CONSOLE_ALLOW);
  await assertClean(t, ctx2, [NO_SESSION]);
});

test('departments (on a site of its own): one added with names in de, en and a third language, renamed, deleted', { timeout: 90000 }, async (t) => {
  const who = makeSite();
  const boss = addOperator(who.site, 'boss', 'Boss Admin', { role: 'admin' });
  const api = await adminApi(boss);
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await consoleLogin(ctx, boss);
  await page.goto(url(`admin/depts.html?site=${who.site}&lang=en`));
  await page.locator('body[data-ready="1"]').waitFor({ state: 'attached' });
  // Department A of the site, with its operator.
  const a = page.locator('#dept-list li[data-dept="A"]');
  await a.waitFor();
  assert.match(await a.textContent(), /Operators: (Boss Admin, Olga Test|Olga Test, Boss Admin)/);

  await page.locator('#btn-add').click();
  await page.locator('#f-dept').fill('A');
  await page.locator('#f-name-en').fill('Again');
  await page.locator('#btn-save').click();
  assert.match(await page.locator('#f-dept-error').textContent(), /exists already/);
  await page.locator('#f-dept').fill('Q');
  await addLang(page, 'dept');
  assert.equal(await page.evaluate(() => document.activeElement.id), `f-name-${LANG}`);
  await page.locator('#f-name-de').fill('Qualität');
  await page.locator('#f-name-en').fill('Quality');
  await page.locator(`#f-name-${LANG}`).fill('Qualità');
  await page.locator('#btn-save').click();
  await status(page, /^Saved: the department Quality \(Q\)\.$/);
  const q = async () => (await api.settings()).depts.find((d) => d.dept === 'Q');
  assert.deepEqual((await q()).names, { de: 'Qualität', en: 'Quality', [LANG]: 'Qualità' });
  const cfg = await (await fetch(url(`cgi-bin/chat/config?site=${who.site}&lang=${LANG}`))).json();
  assert.ok(cfg.departments.some((d) => d.id === 'Q' && d.name === 'Qualità'), 'the third language reaches the chat');

  await page.locator('#edit-Q').click();
  await page.locator('#f-name-en').fill('Quality desk');
  await page.locator('#btn-save').click();
  await status(page, /^Saved: the department Quality desk/);
  assert.equal((await q()).names.en, 'Quality desk');

  await page.locator('#delete-Q').click();
  await page.locator('dialog.confirm button', { hasText: 'Delete' }).click();
  await status(page, /^Deleted: /);
  assert.equal(await q(), undefined);
  await assertClean(t, ctx, CONSOLE_ALLOW);
});
