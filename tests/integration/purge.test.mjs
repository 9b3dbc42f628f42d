// The retention purger: deletes chats past their site's retention with
// everything in them, keeps contract chats, reports in dry-run, and is
// idempotent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { http, tok, admin, sql, freshSite, MODE, standby } from './lib.mjs';

const PURGE = (process.env.PLAUDER_ADMIN ?? '').replace(/plauder-admin$/, 'plauder-purge');

function purge(...args) {
  return execFileSync(PURGE, args, { encoding: 'utf8', env: process.env });
}

test('chats past retention are purged, contract chats are kept', { skip: MODE !== 'cgi' && 'once is enough' }, async () => {
  const site = freshSite();
  admin('site', 'create', site);
  admin('dept', 'add', site, 'A');
  standby(site);
  admin('retention', 'set', site, '30');
  const start = async () => (await http('cgi-bin/chat/start', { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ site, direct: 1 }) })).json;
  const old = await start();
  const contract = await start();
  const recent = await start();
  await http('cgi-bin/chat/send', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site, chat: old.chat, token: old.token, client_id: 'x', text: 'old message' }) });
  sql(`UPDATE chats SET created_at = CURRENT_TIMESTAMP(3) - INTERVAL 40 DAY,
       closed_at = CURRENT_TIMESTAMP(3) - INTERVAL 35 DAY WHERE id IN (${old.chat}, ${contract.chat})`);
  sql(`UPDATE chats SET is_contract = 1 WHERE id = ${contract.chat}`);
  const count = () => sql(`SELECT COUNT(*) FROM chats WHERE id IN (${old.chat}, ${contract.chat}, ${recent.chat})`).trim();

  const dry = purge('--dry-run');
  assert.match(dry, /chats past retention: [1-9]\d* would be deleted/);
  assert.equal(count(), '3', 'dry run deletes nothing');
  const real = purge();
  assert.match(real, /chats past retention: [1-9]\d* deleted/);
  assert.equal(count(), '2');
  assert.equal(sql(`SELECT COUNT(*) FROM chats WHERE id = ${old.chat}`).trim(), '0');
  assert.equal(sql(`SELECT COUNT(*) FROM messages WHERE chat_id = ${old.chat}`).trim(), '0', 'messages went with it');
  assert.equal(sql(`SELECT COUNT(*) FROM chats WHERE id = ${contract.chat}`).trim(), '1', 'contract chat kept');
  assert.equal((await http(`cgi-bin/chat/poll?site=${site}&chat=${old.chat}&wait=0`, tok(old.token))).status, 404);
  assert.match(purge(), /chats past retention: 0 deleted/, 'idempotent');
  admin('retention', 'set', site, '0');
  sql(`UPDATE chats SET is_contract = 0 WHERE id = ${contract.chat}`);
  purge();
  assert.equal(sql(`SELECT COUNT(*) FROM chats WHERE id = ${contract.chat}`).trim(), '1', 'retention 0 keeps chats');
});

test('page views past their site\'s visit retention are purged; 0 keeps them; old salts go', { skip: MODE !== 'cgi' && 'once is enough' }, async () => {
  const site = freshSite();
  const keep = freshSite();
  for (const s of [site, keep]) admin('site', 'create', s);
  const hit = (s) => http('cgi-bin/count', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ site: s, page: 'https://shop.example/' }).toString() });
  for (const s of [site, site, keep]) assert.equal((await hit(s)).status, 204);
  const id = (s) => { const [c, i] = s.split('-'); return `(SELECT id FROM sites WHERE customer = ${Number(c)} AND instance = ${Number(i)})`; };
  sql(`INSERT INTO site_settings (site_id, retention_visit_days) VALUES (${id(keep)}, 0)
       ON DUPLICATE KEY UPDATE retention_visit_days = 0`);
  // One of site's two views, and keep's, are 40 days old.
  sql(`UPDATE page_views SET created_at = CURRENT_TIMESTAMP(3) - INTERVAL 40 DAY
       WHERE site_id = ${id(keep)} OR id = (SELECT MIN(id) FROM (SELECT id FROM page_views WHERE site_id = ${id(site)}) x)`);
  sql("INSERT IGNORE INTO daily_salts (day, salt) VALUES (UTC_DATE() - INTERVAL 2 DAY, RANDOM_BYTES(32))");
  assert.match(purge(), /page views past retention: [1-9]\d* deleted/);
  assert.equal(sql(`SELECT COUNT(*) FROM page_views WHERE site_id = ${id(site)}`).trim(), '1', 'the recent view stays');
  assert.equal(sql(`SELECT COUNT(*) FROM page_views WHERE site_id = ${id(keep)}`).trim(), '1', 'retention 0 keeps views');
  assert.equal(sql('SELECT COUNT(*) FROM daily_salts WHERE day < UTC_DATE()').trim(), '0', 'yesterday\'s salts are gone');
});
