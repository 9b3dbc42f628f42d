// One transaction per action, seen from outside: a start comes with its
// question and can be resent without a ghost chat, an upload's file and
// message are stored together (resends and races leave no orphan file),
// and what the docs promise in the start answer is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { http, tok, admin, sql, freshSite, standby } from './lib.mjs';

const C = 'cgi-bin/chat';

function json(obj) {
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(obj) };
}

function makeSite() {
  const site = freshSite();
  admin('site', 'create', site);
  admin('dept', 'add', site, 'A', '--name', 'en=Support');
  admin('operator', 'add', site, 'op', '--name', 'Olga', '--dept', 'A');
  standby(site);
  admin('field', 'set', site, 'en', 'question', '--label', 'Question', '--type', 'textarea', '--sort', '1');
  return site;
}

const siteId = (site) => {
  const [customer, instance] = site.split('-');
  return sql(`SELECT id FROM sites WHERE customer = ${Number(customer)} AND instance = ${Number(instance)}`).trim();
};
const poll = (site, s) => http(`${C}/poll?site=${site}&chat=${s.chat}&after=0&wait=0`, tok(s.token));

test('a start answers with the question already in the chat, and last_seq says so', async () => {
  const site = makeSite();
  const r = await http(`${C}/start`, json({ site, lang: 'en', fields: { question: 'Is it in stock?' } }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.last_seq, 1);
  const p = await poll(site, r.json);
  assert.deepEqual(p.json.messages.map((m) => m.text), ['Is it in stock?']);
  assert.equal(p.json.version, r.json.version, 'the start answer carries the version after the question');
});

test('a resent start (same client_id) gets the chat it created, not a ghost second chat', async () => {
  const site = makeSite();
  const key = `start-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const body = { site, lang: 'en', client_id: key, fields: { question: 'Hello?' } };
  const first = await http(`${C}/start`, json(body));
  assert.equal(first.status, 201, first.text);
  const again = await http(`${C}/start`, json(body));
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.chat, first.json.chat);
  assert.equal(again.json.last_seq, 1);
  assert.match(again.json.token, /^[0-9a-f]{48}$/);
  const chats = sql(`SELECT COUNT(*) FROM chats WHERE site_id = ${siteId(site)}`).trim();
  assert.equal(chats, '1', 'one chat, one question');
  // The token of the lost answer no longer works; the new one does.
  assert.equal((await poll(site, first.json)).status, 404);
  const p = await poll(site, again.json);
  assert.equal(p.status, 200);
  assert.deepEqual(p.json.messages.map((m) => m.text), ['Hello?']);
  // Concurrent resends: still one chat.
  const key2 = `${key}-b`;
  const all = await Promise.all([1, 2, 3, 4].map(() => http(`${C}/start`, json({ ...body, client_id: key2 }))));
  assert.deepEqual(all.map((a) => a.status).sort(), [200, 200, 200, 201]);
  assert.equal(new Set(all.map((a) => a.json.chat)).size, 1);
  // A short key is refused: it must be a secret.
  assert.equal((await http(`${C}/start`, json({ ...body, client_id: 'short' }))).status, 400);
});

test('concurrent resends of one upload store one file, and an upload to a closed chat stores none', async () => {
  const site = makeSite();
  admin('settings', 'visitors', site, '--uploads-waiting', '1');
  const s = (await http(`${C}/start`, json({ site, lang: 'en' }))).json;
  const bytes = Buffer.alloc(200 * 1024, 'a');
  const q = `site=${site}&chat=${s.chat}&client_id=up-1&name=notes.txt`;
  const up = () => http(`${C}/upload?${q}`, tok(s.token, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: bytes }));
  const answers = await Promise.all([up(), up(), up(), up(), up()]);
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 200, 200, 201]);
  assert.equal(new Set(answers.map((a) => a.json.message.seq)).size, 1);
  const id = siteId(site);
  assert.equal(sql(`SELECT COUNT(*) FROM chat_files WHERE site_id = ${id}`).trim(), '1');
  assert.equal(sql(`SELECT COUNT(*) FROM chat_files f WHERE f.site_id = ${id}
    AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.site_id = f.site_id AND m.file_id = f.id)`).trim(), '0');
  await http(`${C}/close`, json({ site, chat: s.chat, token: s.token }));
  const late = await http(`${C}/upload?site=${site}&chat=${s.chat}&client_id=up-2&name=late.txt`,
    tok(s.token, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: bytes }));
  assert.equal(late.status, 409);
  assert.equal(sql(`SELECT COUNT(*) FROM chat_files WHERE site_id = ${id}`).trim(), '1', 'no orphan from the refused upload');
});
