// The console's live visitor list and invitations over real HTTP with the
// real MariaDB: visitors come only from counted page views (a page under
// count=no sends none), an operator sees those of its departments, an
// invitation reaches only the visitor it was sent to (by its first-party
// id, or on a cookieless site by address and user agent), a decline is
// remembered for the visit, and accepting starts a chat that the inviting
// operator already has, opened by the invitation's text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { http, admin, sql, adminSite, addOperator, adminSession } from './lib.mjs';

const K = 'cgi-bin/count';
const C = 'cgi-bin/chat';
const form = (obj, headers = {}) => ({ method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(obj).toString() });
const json = (obj, headers = {}) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(obj) });
const xff = (addr, ua = 'Mozilla/5.0 (X11; Linux x86_64) Test/1') => ({ 'X-Forwarded-For': addr, 'User-Agent': ua });
const newId = () => randomBytes(16).toString('hex');
const siteId = (site) => {
  const [c, i] = site.split('-');
  return sql(`SELECT id FROM sites WHERE customer = ${Number(c)} AND instance = ${Number(i)}`).trim();
};

async function hit(site, page, { visitor, addr = '100.72.0.9', ua, ...rest } = {}) {
  const body = { site, page, ...rest };
  if (visitor) body.visitor = visitor;
  const r = await http(K, form(body, xff(addr, ua)));
  assert.equal(r.status, 204, r.text);
}

async function visitors(s) {
  const r = await s.opGet('visitors');
  assert.equal(r.status, 200, r.text);
  return r.json.visitors;
}

async function startChat(site, extra, headers) {
  const cfg = (await http(`${C}/config?site=${site}&lang=en`)).json;
  const body = { site, lang: 'en', fields: { name: 'Vera' }, ...extra };
  if (cfg.consent?.required) Object.assign(body, { consent: 1, consent_version: cfg.consent.version });
  return http(`${C}/start`, json(body, headers));
}

test('the live list shows counted visitors of the operator\'s departments: pages, visit, referrer, data, returning', async () => {
  const site = adminSite();
  admin('dept', 'add', site, 'B', '--name', 'en=Sales');
  const other = adminSite();
  const s = await adminSession(site, 'olga');
  const a = newId();
  await hit(site, 'https://shop.example/', { visitor: a, ref: 'https://search.example/q?q=x', title: 'Home' });
  await hit(site, 'https://shop.example/p/1', { visitor: a, title: 'Product 1' });
  await hit(site, 'https://shop.example/cart?id=7', { visitor: a, title: 'Cart', data: JSON.stringify({ cart: '2 items' }) });
  const b = newId();
  await hit(site, 'https://shop.example/sales', { visitor: b, dept: 'B' });
  await hit(other, 'https://other.example/', { visitor: newId() });

  let list = await visitors(s);
  assert.equal(list.length, 1, `olga (department A) sees the visitor of pages without a department only: ${JSON.stringify(list)}`);
  const [v] = list;
  assert.match(v.visitor, /^[0-9a-f]{64}$/);
  assert.notEqual(v.visitor, a, 'the id never leaves the server');
  assert.equal(v.page, 'https://shop.example/cart');
  assert.equal(v.title, 'Cart');
  assert.equal(v.pages, 3);
  assert.equal(v.referrer, 'https://search.example', 'the visit\'s first referrer, its origin only');
  assert.deepEqual(v.data, { cart: '2 items' });
  assert.equal(v.returning, false);
  assert.equal(v.chat, null);
  assert.equal(v.invitation, null);
  assert.ok(v.seconds >= 0 && v.seconds < 120, String(v.seconds));

  // The admin (all departments) sees both; a visit before a long pause makes a returning visitor.
  addOperator(site, 'both', 'operator', ['A', 'B']);
  const both = await adminSession(site, 'both');
  assert.equal((await visitors(both)).length, 2);
  sql(`UPDATE page_views SET created_at = created_at - INTERVAL 2 HOUR WHERE site_id = ${siteId(site)} AND page = 'https://shop.example/'`);
  list = await visitors(s);
  assert.equal(list[0].returning, true);
  assert.equal(list[0].pages, 2, 'the visit starts after the pause');
  assert.equal(list[0].referrer, '');

  // Gone quiet for longer than live_minutes: off the list.
  sql(`UPDATE page_views SET created_at = created_at - INTERVAL 20 MINUTE WHERE site_id = ${siteId(site)}`);
  assert.equal((await visitors(s)).length, 0);
  // Without a session: 401.
  assert.equal((await http('cgi-bin/operator/visitors')).status, 401);
});

test('an invitation reaches only its visitor; a decline is remembered for the visit', async () => {
  const site = adminSite();
  const s = await adminSession(site, 'olga');
  const a = newId();
  await hit(site, 'https://shop.example/', { visitor: a });
  const [v] = await visitors(s);
  const who = { site, visitor_id: a };

  assert.deepEqual((await http(`${C}/invitation`, json(who))).json, { invitation: null });
  // A state change needs the CSRF token; bad input a clear 400.
  assert.equal((await s.opPost('invite', { visitor: v.visitor, text: 'Hi' }, { withCsrf: false })).status, 403);
  assert.equal((await s.opPost('invite', { visitor: 'abc', text: 'Hi' })).status, 400);
  assert.equal((await s.opPost('invite', { visitor: v.visitor, text: '' })).status, 400);
  assert.equal((await s.opPost('invite', { visitor: 'f'.repeat(64), text: 'Hi' })).json.error.code, 'not_live');

  const r = await s.opPost('invite', { visitor: v.visitor, text: 'Can I help you <b>find</b> a size?' });
  assert.equal(r.status, 201, r.text);
  assert.equal((await s.opPost('invite', { visitor: v.visitor, text: 'Again' })).json.error.code, 'busy');
  assert.equal((await visitors(s))[0].invitation, 'open');

  const got = await http(`${C}/invitation`, json(who));
  assert.equal(got.status, 200, got.text);
  assert.equal(got.json.invitation.id, r.json.invitation);
  assert.equal(got.json.invitation.text, 'Can I help you <b>find</b> a size?');
  assert.equal(got.json.invitation.operator, 'OLGA');
  // Someone else (another id, or none at all) sees nothing; declining it is refused.
  assert.deepEqual((await http(`${C}/invitation`, json({ site, visitor_id: newId() }))).json, { invitation: null });
  assert.equal((await http(`${C}/invitation-decline`, json({ site, visitor_id: newId(), invitation: r.json.invitation }))).status, 404);
  assert.equal((await http(`${C}/invitation-decline`, json({ site, visitor_id: a, invitation: 'x' }))).status, 400);

  const d = await http(`${C}/invitation-decline`, json({ ...who, invitation: r.json.invitation }));
  assert.equal(d.status, 200, d.text);
  assert.deepEqual((await http(`${C}/invitation`, json(who))).json, { invitation: null });
  assert.equal((await visitors(s))[0].invitation, 'declined');
  const again = await s.opPost('invite', { visitor: v.visitor, text: 'Sure?' });
  assert.equal(again.status, 409);
  assert.equal(again.json.error.code, 'declined');
  // A later visit (after a pause of more than 30 minutes) may be invited again.
  sql(`UPDATE page_views SET created_at = created_at - INTERVAL 1 HOUR WHERE site_id = ${siteId(site)}`);
  sql(`UPDATE invitations SET created_at = created_at - INTERVAL 1 HOUR WHERE site_id = ${siteId(site)}`);
  await hit(site, 'https://shop.example/again', { visitor: a });
  assert.equal((await s.opPost('invite', { visitor: v.visitor, text: 'Welcome back' })).status, 201);
});

test('accepting starts a chat the inviting operator has, opened by the invitation', async () => {
  const site = adminSite();
  admin('presence', 'set', site, 'olga', 'online');
  const s = await adminSession(site, 'olga');
  const a = newId();
  await hit(site, 'https://shop.example/', { visitor: a });
  const [v] = await visitors(s);
  const inv = (await s.opPost('invite', { visitor: v.visitor, text: 'Hello from Olga' })).json.invitation;

  // Someone else cannot take it: their chat waits in the queue, the invitation stays open.
  const stranger = await startChat(site, { tracked: 1, visitor_id: newId(), invitation: inv });
  assert.equal(stranger.status, 201, stranger.text);
  assert.equal(stranger.json.status, 'waiting');
  assert.equal(sql(`SELECT state FROM invitations WHERE id = ${inv}`).trim(), 'open');

  const r = await startChat(site, { tracked: 1, visitor_id: a, invitation: inv });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'active');
  const [op, status] = sql(`SELECT o.login, c.status FROM chats c JOIN operators o ON o.id = c.operator_id WHERE c.id = ${r.json.chat}`).trim().split('\t');
  assert.deepEqual([op, status], ['olga', 'active']);
  assert.equal(sql(`SELECT CONCAT(state, ':', chat_id) FROM invitations WHERE id = ${inv}`).trim(), `accepted:${r.json.chat}`);
  const p = await http(`${C}/poll?site=${site}&chat=${r.json.chat}&wait=0`, { headers: { 'X-Plauder-Token': r.json.token } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.messages[0].from, 'operator');
  assert.equal(p.json.messages[0].text, 'Hello from Olga');
  // The list shows the running chat; no second invitation meanwhile.
  const [after] = (await visitors(s)).filter((x) => x.visitor === v.visitor);
  assert.equal(after.chat, r.json.chat);
  assert.equal(after.invitation, 'accepted');
  assert.equal((await s.opPost('invite', { visitor: v.visitor, text: 'Again' })).json.error.code, 'busy');
  // The same invitation cannot start a second chat with the operator.
  const twice = await startChat(site, { tracked: 1, visitor_id: a, invitation: inv });
  assert.equal(twice.json.status, 'waiting');
});

test('a cookieless site finds its visitor by address and user agent, nothing stored in the browser', async () => {
  const site = adminSite();
  admin('settings', 'set', site, '--tracking', 'cookieless');
  admin('presence', 'set', site, 'olga', 'online');
  const s = await adminSession(site, 'olga');
  const ua = 'Mozilla/5.0 (Cookieless) Test/2';
  await hit(site, 'https://shop.example/', { addr: '100.73.5.23', ua });
  const [v] = await visitors(s);
  const inv = (await s.opPost('invite', { visitor: v.visitor, text: 'Hi there' })).json.invitation;
  const ask = (addr, agent) => http(`${C}/invitation`, json({ site }, xff(addr, agent)));
  assert.equal((await ask('100.73.5.23', ua)).json.invitation?.id, inv);
  assert.equal((await ask('100.73.5.23', 'Another browser')).json.invitation, null);
  assert.equal((await ask('100.74.0.23', ua)).json.invitation, null);
  const r = await startChat(site, { tracked: 1, invitation: inv }, xff('100.73.5.24', ua)); // same /24: the same visitor
  assert.equal(r.json.status, 'active', r.text);
});

test('a chat without tracked=1 is not linked to a visitor and cannot accept an invitation', async () => {
  const site = adminSite();
  admin('presence', 'set', site, 'olga', 'online');
  const s = await adminSession(site, 'olga');
  const a = newId();
  await hit(site, 'https://shop.example/', { visitor: a });
  const [v] = await visitors(s);
  const inv = (await s.opPost('invite', { visitor: v.visitor, text: 'Hi' })).json.invitation;
  const r = await startChat(site, { visitor_id: a, invitation: inv });
  assert.equal(r.json.status, 'waiting');
  assert.equal(sql(`SELECT COALESCE(track_visitor, 'none') FROM chats WHERE id = ${r.json.chat}`).trim(), 'none');
  assert.equal(sql(`SELECT state FROM invitations WHERE id = ${inv}`).trim(), 'open');
});
