// The admin area's API over real HTTP (docs/API.md, "/admin"): the
// console's session and CSRF, the admin role, settings that round-trip and
// reach the visitor's chat, refused javascript:/data: links, versioned
// consent texts, departments, operators (the last admin cannot go), the
// audit log, and one site's admin never touching another site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { http, admin, sql, adminSite as makeSite, adminSession as session, standby } from './lib.mjs';

const A = 'cgi-bin/admin';
const O = 'cgi-bin/operator';
const C = 'cgi-bin/chat';
test('the admin area needs a session, an admin role and the CSRF token', async () => {
  const site = makeSite();
  assert.equal((await http(`${A}/settings`)).status, 401);
  const olga = await session(site, 'olga');
  const r = await olga.get('settings');
  assert.deepEqual([r.status, r.json.error.code], [403, 'forbidden']);
  assert.equal((await olga.post('settings', { color: '#000000' })).status, 403);
  const boss = await session(site, 'boss');
  assert.equal((await boss.get('settings')).status, 200);
  assert.equal((await boss.post('settings', { color: '#111111' }, { withCsrf: false })).status, 403, 'no CSRF token');
  assert.equal((await boss.post('settings', { color: '#111111' }, { headers: { Origin: 'https://evil.example' } })).status, 403,
    'cross-site');
  assert.equal((await boss.get('nope')).status, 404);
  const bad = await boss.post('settings', { color: 'red' });
  assert.deepEqual([bad.status, bad.json.error.field], [400, 'color']);
});

test('site settings round-trip and reach the visitor\'s chat; another site stays as it was', async () => {
  const site = makeSite();
  const other = makeSite();
  const boss = await session(site, 'boss');
  const before = (await http(`${C}/config?site=${other}&lang=en`)).json;
  const r = await boss.post('settings', { color: '#12ab34', privacy_mode: 'text', privacy_in_chat: 1, default_lang: 'de', uploads_waiting: 1 });
  assert.equal(r.status, 200, r.text);
  // Only what was given changes.
  assert.equal((await boss.post('settings', { keep_page_query: 1 })).status, 200);
  const s = (await boss.get('settings')).json.settings;
  assert.deepEqual(s, { privacy_mode: 'text', privacy_in_chat: true, color: '#12ab34', consent_required: false,
    default_lang: 'de', keep_page_query: true, uploads_waiting: true, tab_position: 'right',
    retention_chat_days: 90, retention_visit_days: 30, retention_contact_days: 180, contact_email: '', tracking_mode: 'id' });
  const cfg = (await http(`${C}/config?site=${site}&lang=en`)).json;
  assert.equal(cfg.theme.color, '#12ab34');
  assert.equal(cfg.privacy.mode, 'text');
  // The session decides the site: a site parameter is not one of the
  // admin area's, and the change lands on the session's own site.
  const sneaky = await boss.post('settings', { site: other, color: '#ff0000' });
  assert.equal(sneaky.status, 200);
  assert.equal((await boss.get('settings')).json.settings.color, '#ff0000');
  assert.deepEqual((await http(`${C}/config?site=${other}&lang=en`)).json.theme, before.theme);
});

test('privacy texts per language; javascript: and data: links are refused; consent texts keep their versions', async () => {
  const site = makeSite();
  const boss = await session(site, 'boss');
  for (const url of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'JAVASCRIPT:alert(1)', 'https://x" onclick="alert(1)', 'ftp://shop.example/']) {
    const r = await boss.post('texts', { lang: 'en', privacy_url: url });
    assert.deepEqual([r.status, r.json.error.field], [400, 'privacy_url'], url);
  }
  const v1 = await boss.post('texts', { lang: 'en', privacy_url: 'https://shop.example/privacy', consent_text: 'I agree (v1).' });
  assert.equal(v1.status, 200, v1.text);
  assert.match(v1.json.consent_version, /^[0-9a-f]{64}$/);
  assert.equal((await boss.post('texts', { lang: 'de', privacy_text: 'Datenschutz <b>hier</b>.' })).status, 200);
  assert.equal((await boss.post('settings', { consent_required: 1, privacy_mode: 'link' })).status, 200);
  // A chat consents to version 1.
  admin('presence', 'set', site, 'olga', 'online');
  const start = await http(`${C}/start`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site, lang: 'en', consent: 1, consent_version: v1.json.consent_version, direct: 1 }) });
  assert.equal(start.status, 201, start.text);
  const v2 = await boss.post('texts', { lang: 'en', privacy_url: 'https://shop.example/privacy', consent_text: 'I agree (v2).' });
  assert.notEqual(v2.json.consent_version, v1.json.consent_version);
  const texts = (await boss.get('settings')).json.texts;
  assert.equal(texts.en.consent_version, v2.json.consent_version);
  assert.equal(texts.de.privacy_text, 'Datenschutz <b>hier</b>.', 'stored as given; escaped where shown');
  const h = (await boss.get('consent-history')).json.versions;
  assert.deepEqual(h.filter((x) => x.lang === 'en').map((x) => x.text).sort(), ['I agree (v1).', 'I agree (v2).']);
  assert.equal(sql(`SELECT text_sha256 FROM consents WHERE chat_id = ${start.json.chat}`).trim(), v1.json.consent_version,
    'the earlier consent still points at the version it accepted');
  const cfg = (await http(`${C}/config?site=${site}&lang=en`)).json;
  assert.equal(cfg.consent.version, v2.json.consent_version);
  assert.equal(cfg.privacy.url, 'https://shop.example/privacy');
});

test('departments: created, named per language, removed; their open chats go to no department', async () => {
  const site = makeSite();
  const boss = await session(site, 'boss');
  assert.equal((await boss.post('dept-set', { dept: 'B', lang: 'en', name: 'Sales' })).status, 200);
  assert.equal((await boss.post('dept-set', { dept: 'B', lang: 'de', name: 'Vertrieb' })).status, 200);
  const depts = (await boss.get('settings')).json.depts;
  assert.deepEqual(depts, [{ dept: 'A', names: { en: 'Support' } }, { dept: 'B', names: { de: 'Vertrieb', en: 'Sales' } }]);
  standby(site, 'B');
  const chat = (await http(`${C}/start`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site, dept: 'B', direct: 1 }) })).json;
  assert.equal((await boss.post('dept-delete', { dept: 'B' })).status, 200);
  assert.equal((await boss.post('dept-delete', { dept: 'B' })).status, 404);
  assert.equal(sql(`SELECT COALESCE(dept, '-') FROM chats WHERE id = ${chat.chat}`).trim(), '-');
  assert.deepEqual((await boss.get('settings')).json.depts.map((d) => d.dept), ['A']);
  const long = await boss.post('dept-set', { dept: 'C', lang: 'en', name: 'Ö'.repeat(129) });
  assert.deepEqual([long.status, long.json.error.field], [400, 'name']);
});

test('operators: created with a password, changed, disabled (their session ends); the last admin stays', async () => {
  const site = makeSite();
  const boss = await session(site, 'boss');
  const nopw = await boss.post('operator-set', { login: 'nina', name: 'Nina' });
  assert.deepEqual([nopw.status, nopw.json.error.field], [400, 'password']);
  const made = await boss.post('operator-set', { login: 'nina', name: 'Nina N.', email: 'nina@shop.example', depts: 'A', password: 'nina password 1' });
  assert.deepEqual([made.status, made.json.created], [200, true], made.text);
  const nina = await session(site, 'nina', 'nina password 1');
  assert.equal((await nina.opGet('session')).status, 200);
  const wrongDept = await boss.post('operator-set', { login: 'nina', depts: 'AZ' });
  assert.deepEqual([wrongDept.status, wrongDept.json.error.field], [400, 'depts']);
  assert.equal((await boss.post('operator-set', { login: 'nina', role: 'admin', max_chats: 4 })).json.created, false);
  const tooMany = await boss.post('operator-set', { login: 'nina', max_chats: 101 });
  assert.deepEqual([tooMany.status, tooMany.json.error.field], [400, 'max_chats']);
  const list = (await boss.get('settings')).json.operators;
  assert.deepEqual(list.find((o) => o.login === 'nina'),
    { login: 'nina', name: 'Nina N.', email: 'nina@shop.example', role: 'admin', disabled: false, depts: 'A', max_chats: 4 });
  assert.equal((await boss.post('operator-set', { login: 'nina', disabled: 1 })).status, 200);
  assert.equal((await nina.opGet('session')).status, 401, 'a disabled operator\'s session ends at once');
  // boss is now the only enabled admin: cannot demote or disable itself.
  const demote = await boss.post('operator-set', { login: 'boss', role: 'operator' });
  assert.deepEqual([demote.status, demote.json.error.code], [409, 'last_admin']);
  assert.equal((await boss.post('operator-set', { login: 'boss', disabled: 1 })).status, 409);
  assert.equal((await boss.get('settings')).status, 200);
});

test('the audit log says who changed what, newest first, and never holds a password', async () => {
  const site = makeSite();
  const boss = await session(site, 'boss');
  await boss.post('settings', { color: '#222222' });
  await boss.post('dept-set', { dept: 'B', lang: 'en', name: 'Sales' });
  await boss.post('operator-set', { login: 'max', password: 'max password 12', depts: 'B' });
  const r = await boss.get('audit');
  assert.equal(r.status, 200);
  const e = r.json.entries;
  assert.deepEqual(e.map((x) => x.action), ['operator_set', 'dept_set', 'settings']);
  assert.ok(e.every((x) => x.login === 'boss' && /^\d{4}-\d\d-\d\dT/.test(x.time)));
  assert.equal(e[2].detail.color, '#222222');
  assert.equal(e[0].detail.password_changed, true);
  assert.ok(!r.text.includes('max password 12'), 'no password in the log');
  const older = (await boss.get(`audit?before=${e[0].id}`)).json.entries;
  assert.deepEqual(older.map((x) => x.action), ['dept_set', 'settings']);
  const olga = await session(site, 'olga');
  assert.equal((await olga.get('audit')).status, 403);
  const other = makeSite();
  const otherBoss = await session(other, 'boss');
  assert.deepEqual((await otherBoss.get('audit')).json.entries, [], 'another site\'s admin sees none of it');
});
