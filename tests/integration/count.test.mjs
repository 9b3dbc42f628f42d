// The page-view counter over real HTTP with the real MariaDB: hits are
// stored (after the commit: 204), malformed ones and unknown sites are
// refused with nothing stored, no address reaches the database in full
// (the suite's Apache is a trusted proxy here, so X-Forwarded-For names
// the client), the visitor is a hash, a cookieless site tells visitors
// apart within a day without any id, and a flood from one address is capped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { http, admin, sql, freshSite, MODE, sleep } from './lib.mjs';

const K = 'cgi-bin/count';
const VAR = process.env.PLAUDER_VAR;
const form = (obj, headers = {}) => ({ method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(obj).toString() });
const xff = (addr, extra = {}) => ({ 'X-Forwarded-For': addr, ...extra });

function makeSite(mode) {
  const site = freshSite();
  admin('site', 'create', site);
  admin('dept', 'add', site, 'A', '--name', 'en=Support');
  if (mode) admin('settings', 'set', site, '--tracking', mode);
  return site;
}
const siteId = (site) => {
  const [c, i] = site.split('-');
  return sql(`SELECT id FROM sites WHERE customer = ${Number(c)} AND instance = ${Number(i)}`).trim();
};
const views = (site, cols = 'visitor, page, title, referrer, COALESCE(dept, \'\'), lang, addr, data') =>
  sql(`SELECT ${cols} FROM page_views WHERE site_id = ${siteId(site)} ORDER BY id`).trim().split('\n').filter(Boolean).map((l) => l.split('\t'));

test('a page view is stored once committed: page without its query, referrer origin, visitor hashed', async () => {
  const site = makeSite();
  const id = randomBytes(16).toString('hex');
  const r = await http(K, form({ site, page: 'https://shop.example/p/1?session=s3cr3t&email=a%40b.example#top',
    title: 'Product 1', ref: 'https://search.example/q?q=private+words', dept: 'A', lang: 'de', visitor: id,
    data: JSON.stringify({ cart: '2 items', total: 19.9 }) }, xff('198.51.100.77')));
  assert.equal(r.status, 204, r.text);
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  const [row] = views(site);
  assert.match(row[0], /^[0-9a-f]{64}$/, 'the visitor is a hash');
  assert.notEqual(row[0], id);
  assert.deepEqual(row.slice(1), ['https://shop.example/p/1', 'Product 1', 'https://search.example', 'A', 'de',
    '198.51.100.0', '{"cart":"2 items","total":19.9}']);
  // The same id is the same visitor; GET works too (an image or a plain link).
  const g = await http(`${K}?site=${site}&page=${encodeURIComponent('https://shop.example/p/2')}&visitor=${id}`, { headers: xff('198.51.100.78') });
  assert.equal(g.status, 204);
  const rows = views(site);
  assert.equal(rows.length, 2);
  assert.equal(rows[1][0], rows[0][0]);
  // A site that keeps queries keeps them.
  admin('settings', 'visitors', site, '--keep-page-query', '1');
  await http(K, form({ site, page: 'https://shop.example/s?q=shoes' }));
  assert.equal(views(site).at(-1)[1], 'https://shop.example/s?q=shoes');
});

test('malformed hits and unknown sites get 4xx and store nothing', async () => {
  const site = makeSite();
  for (const [body, status, field] of [
    [{ page: 'https://shop.example/' }, 400, 'site'],
    [{ site }, 400, 'page'],
    [{ site, page: 'javascript:alert(1)' }, 400, 'page'],
    [{ site, page: 'https://shop.example/', data: '[1,2]' }, 400, 'data'],
    [{ site, page: 'https://shop.example/', data: '{"a":{"b":1}}' }, 400, 'data'],
    [{ site, page: 'https://shop.example/', data: 'not json' }, 400, 'data'],
    [{ site, page: 'https://shop.example/', visitor: 'short' }, 400, 'visitor'],
    [{ site, page: 'https://shop.example/', dept: 'AB' }, 400, 'dept'],
    [{ site, page: 'https://shop.example/', title: 'x'.repeat(256) }, 400, 'title'],
    [{ site, page: `https://shop.example/${'x'.repeat(2048)}` }, 400, 'page'],
    [{ site: '999999-9', page: 'https://shop.example/' }, 404, 'site'],
  ]) {
    const r = await http(K, form(body));
    assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
    assert.equal(r.json.error.field, field, r.text);
  }
  assert.equal(views(site).length, 0, 'nothing stored');
  // A suspended site counts nothing either.
  admin('site', 'suspend', site);
  assert.equal((await http(K, form({ site, page: 'https://shop.example/' }))).status, 404);
  admin('site', 'resume', site);
  assert.equal(views(site).length, 0);
});

test('no full address reaches the database: a dump holds only anonymised ones', async () => {
  const site = makeSite();
  const addrs = ['203.0.113.197', '192.0.2.211', '2001:db8:4d2c:77aa:1234:5678:9abc:def1', '::ffff:198.18.7.233', '2002:c612:7e9:1::1'];
  for (const a of addrs) {
    const r = await http(K, form({ site, page: 'https://shop.example/', visitor: randomBytes(16).toString('hex') }, xff(`10.9.8.7, ${a}`)));
    assert.equal(r.status, 204, r.text);
  }
  assert.deepEqual(views(site, 'addr').map((x) => x[0]),
    ['203.0.113.0', '192.0.2.0', '2001:db8:4d2c::', '198.18.7.0', '2002:c612:700::']);
  const dump = execFileSync('mariadb-dump', [`--defaults-file=${VAR}/mysql/my.cnf`, '--skip-extended-insert', 'plauder'],
    { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  for (const a of ['203.0.113.197', '192.0.2.211', '2001:db8:4d2c:77aa', '198.18.7.233', 'c612:7e9', '10.9.8.7']) {
    assert.ok(!dump.includes(a), `${a} is nowhere in the database`);
  }
});

test('cookieless: no id is used, visitors are told apart within a day by address and browser', async () => {
  const site = makeSite('cookieless');
  const cfg = await http(`cgi-bin/chat/config?site=${site}`);
  assert.deepEqual(cfg.json.tracking, { mode: 'cookieless' });
  const ua = (v) => ({ 'User-Agent': `TestBrowser/${v}` });
  const hit = (addr, agent, extra = {}) => http(K, form({ site, page: 'https://shop.example/', ...extra }, xff(addr, ua(agent))));
  assert.equal((await hit('198.51.100.10', 1)).status, 204);
  assert.equal((await hit('198.51.100.11', 1, { visitor: randomBytes(16).toString('hex') })).status, 204);
  assert.equal((await hit('198.51.100.12', 2)).status, 204);
  assert.equal((await hit('192.0.2.10', 1)).status, 204);
  const v = views(site, 'visitor').map((x) => x[0]);
  assert.equal(v[0], v[1], 'the same /24 and browser: one visitor (an id sent anyway is not used)');
  assert.notEqual(v[0], v[2], 'another browser: another visitor');
  assert.notEqual(v[0], v[3], 'another network: another visitor');
  assert.equal(new Set(v).size, 3);
  const salts = sql('SELECT COUNT(*), SUM(day = UTC_DATE()) FROM daily_salts').trim();
  assert.equal(salts, '1\t1', 'one salt, today\'s');
});

test('a flood from one address is capped with 429 and Retry-After', async () => {
  const site = makeSite();
  let limited = null;
  for (let round = 0; round < 30 && !limited; round++) {
    const rs = await Promise.all(Array.from({ length: 10 }, () => http(K, form({ site, page: 'https://shop.example/' }, xff('198.51.100.200')))));
    limited = rs.find((r) => r.status === 429) ?? null;
    for (const r of rs) assert.ok([204, 429].includes(r.status), r.text);
  }
  assert.ok(limited, 'capped');
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  // Another network is not affected (the cap counts anonymised addresses: one /24 is one).
  assert.equal((await http(K, form({ site, page: 'https://shop.example/' }, xff('203.0.113.5')))).status, 204);
});

test('a flood for one site from many addresses is capped per site; other sites go on', async () => {
  const site = makeSite();
  const other = makeSite();
  let limited = null;
  for (let net = 0; net < 40 && !limited; net++) {
    const rs = await Promise.all(Array.from({ length: 10 }, (_, k) =>
      http(K, form({ site, page: 'https://shop.example/' }, xff(`100.64.${net}.${k + 1}`)))));
    for (const r of rs) assert.ok([204, 429].includes(r.status), r.text);
    limited = rs.find((r) => r.status === 429) ?? null;
  }
  assert.ok(limited, 'the per-site cap answers 429');
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.equal((await http(K, form({ site: other, page: 'https://shop.example/' }, xff('100.64.200.1')))).status, 204);
});

// The suite's conf turns reverse_dns on. The count daemon (FastCGI) looks
// names up in the background: the first page view of an address goes
// without, later ones have the name without its most specific label
// ("localhost" has none to spare: "unknown"), never the full name. Plain
// CGI never waits for DNS, so it keeps none.
test('reverse host names: looked up in the background, kept without their most specific label', async () => {
  const site = makeSite();
  const hosts = () => views(site, "CONCAT('h:', host)").map((r) => r[0].slice(2));
  const once = async (h = {}) => assert.equal((await http(K, form({ site, page: 'https://shop.example/' }, h))).status, 204);
  // An address never seen (and without a name): its page view is stored at once, without one.
  await once(xff(`127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`));
  assert.deepEqual(hosts(), [''], 'the first page view did not wait for the name');
  for (let i = 0; i < 30 && !hosts().includes('unknown'); i++) {
    await sleep(100);
    await once();
  }
  if (MODE === 'fcgid') assert.ok(hosts().includes('unknown'), `a later page view has it: ${hosts()}`);
  else assert.ok(hosts().every((h) => h === ''), 'no lookups under plain CGI');
  assert.ok(!hosts().includes('localhost'));
});

// The count daemon makes sure of the day's salt once a day, not per batch.
// When the database's day has no salt after all (its clock passed midnight
// first, or the salt was dropped), the batch makes it and is stored: never
// acknowledged and lost.
test('a batch whose day has no salt yet makes it and is stored', async () => {
  const site = makeSite('cookieless');
  assert.equal((await http(K, form({ site, page: 'https://shop.example/a' }, xff('100.90.1.1')))).status, 204);
  sql('DELETE FROM daily_salts');
  assert.equal((await http(K, form({ site, page: 'https://shop.example/b' }, xff('100.90.1.1')))).status, 204);
  assert.deepEqual(views(site, 'page').map((r) => r[0]), ['https://shop.example/a', 'https://shop.example/b']);
  assert.equal(sql('SELECT COUNT(*) FROM daily_salts WHERE day = UTC_DATE()').trim(), '1');
});
