// Availability endpoint: answers, caching headers, CORS, every malformed
// input, online/offline flips with operator presence, and 503 while the
// database is down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { http, admin, sql, stack, until, freshSite, MODE } from './lib.mjs';

const A = 'cgi-bin/availability';

// A site of its own with two departments and one operator in both.
function makeSite() {
  const site = freshSite();
  admin('site', 'create', site, '--name', 'Test');
  admin('dept', 'add', site, 'A', '--name', 'en=Support', '--name', 'de=Kundendienst');
  admin('dept', 'add', site, 'B', '--name', 'en=Sales');
  admin('operator', 'add', site, 'op', '--dept', 'A', '--dept', 'B');
  return site;
}

async function state(site, extra = '') {
  const r = await http(`${A}?site=${site}${extra}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

test('answers JSON with departments and public caching headers', async () => {
  const site = makeSite();
  const r = await http(`${A}?site=${site}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.match(r.headers.get('cache-control'), /max-age=\d+/);
  assert.ok(r.headers.get('etag'));
  assert.equal(r.json.site, site);
  assert.equal(r.json.online, false);
  assert.deepEqual(r.json.departments.map((d) => [d.id, d.name, d.online]),
    [['A', 'Support', false], ['B', 'Sales', false]]);
  const de = await state(site, '&lang=de');
  assert.equal(de.departments[0].name, 'Kundendienst');
  assert.equal(de.departments[1].name, '', 'no German name set for B');
});

test('conditional GET answers 304 for a matching ETag', async () => {
  const site = makeSite();
  const first = await http(`${A}?site=${site}`);
  const again = await http(`${A}?site=${site}`, { headers: { 'If-None-Match': first.headers.get('etag') } });
  assert.equal(again.status, 304);
  assert.equal(again.text, '');
  const other = await http(`${A}?site=${site}`, { headers: { 'If-None-Match': '"nope"' } });
  assert.equal(other.status, 200);
});

test('HEAD has headers but no body; OPTIONS is a CORS preflight', async () => {
  const site = makeSite();
  const head = await http(`${A}?site=${site}`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  const pre = await http(`${A}?site=${site}`, {
    method: 'OPTIONS',
    headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'GET' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), '*');
  assert.match(pre.headers.get('access-control-allow-methods'), /GET/);
});

test('flips online and offline with the operator presence, per department', async () => {
  const site = makeSite();
  assert.equal((await state(site)).online, false);

  admin('presence', 'set', site, 'op', 'online', '--dept', 'A');
  const on = await until(async () => { const s = await state(site); return s.online && s; });
  assert.ok(on, 'site went online');
  assert.deepEqual(on.departments.map((d) => d.online), [true, false]);
  assert.equal((await state(site, '&dept=A')).online, true);
  assert.equal((await state(site, '&dept=B')).online, false);
  assert.equal((await state(site, '&dept=A')).dept, 'A');

  admin('presence', 'set', site, 'op', 'away');
  assert.ok(await until(async () => !(await state(site)).online), 'away is not online');

  admin('presence', 'set', site, 'op', 'online');
  assert.ok(await until(async () => (await state(site, '&dept=B')).online), 'online in B');

  admin('presence', 'set', site, 'op', 'offline');
  assert.ok(await until(async () => !(await state(site)).online), 'site went offline');
});

test('an operator whose heartbeat stopped counts as offline', async () => {
  const site = makeSite();
  admin('presence', 'set', site, 'op', 'online');
  assert.ok(await until(async () => (await state(site)).online));
  const [c, i] = site.split('-');
  sql(`UPDATE operator_presence p JOIN sites s ON s.id = p.site_id
       SET p.last_seen = CURRENT_TIMESTAMP(3) - INTERVAL 1 HOUR
       WHERE s.customer = ${Number(c)} AND s.instance = ${Number(i)}`);
  assert.ok(await until(async () => !(await state(site)).online), 'timed out presence is offline');
});

test('the image format gives an SVG button in the visitor language', async () => {
  const site = makeSite();
  const off = await http(`${A}?site=${site}&format=image&lang=de`);
  assert.equal(off.status, 200);
  assert.match(off.headers.get('content-type'), /^image\/svg\+xml/);
  assert.match(off.text, /Live-Chat: offline/);
  admin('presence', 'set', site, 'op', 'online');
  const on = await until(async () => {
    const r = await http(`${A}?site=${site}&format=image`);
    return r.text.includes('Live chat: online') && r;
  });
  assert.ok(on, 'image shows online');
});

const bad = [
  ['', 400, 'site'],
  ['?site=', 400, 'site'],
  ['?site=abc', 400, 'site'],
  ['?site=0-1', 400, 'site'],
  ['?site=01-1', 400, 'site'],
  ['?site=1-1-1', 400, 'site'],
  ['?site=1-1&site=1-1', 400, 'site'],
  ['?site=1-1&dept=AB', 400, 'dept'],
  ['?site=1-1&dept=%21', 400, 'dept'],
  ['?site=1-1&lang=english', 400, 'lang'],
  ['?site=1-1&lang=%3Cscript%3E', 400, 'lang'],
  ['?site=1-1&format=gif', 400, 'format'],
  ['?site=%zz', 400, null],
  ['?site=1%00-1', 400, null],
  ['?site=999999-999', 404, 'site'],
  ['?site=1-1&dept=Z', 404, 'dept'],
];

for (const [query, status, field] of bad) {
  test(`malformed input ${JSON.stringify(query)} → ${status}`, async () => {
    const r = await http(`${A}${query}`);
    assert.equal(r.status, status, r.text);
    assert.ok(r.json?.error?.code, 'JSON error with a code');
    assert.ok(r.json.error.message);
    if (field) assert.equal(r.json.error.field, field);
  });
}

test('too many parameters, too long a query, wrong method, unknown path', async () => {
  const many = Array.from({ length: 100 }, (_, i) => `p${i}=1`).join('&');
  assert.equal((await http(`${A}?site=1-1&${many}`)).status, 400);
  assert.equal((await http(`${A}?site=1-1&x=${'a'.repeat(9000)}`)).status, 414);
  const post = await http(`${A}?site=1-1`, { method: 'POST', body: 'a=1',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(post.status, 405);
  assert.match(post.headers.get('allow'), /GET/);
  assert.equal(post.json.error.code, 'method_not_allowed');
  const del = await http(`${A}?site=1-1`, { method: 'DELETE' });
  assert.equal(del.status, 405);
  const nope = await http(`${A}/nope?site=1-1`);
  assert.equal(nope.status, 404);
});

test('database down → 503 with Retry-After, then recovers', async () => {
  const site = makeSite();
  assert.equal((await http(`${A}?site=${site}`)).status, 200);
  stack('db', 'stop');
  try {
    // A language not asked for before, so no process has it cached.
    const r = await until(async () => {
      const x = await http(`${A}?site=${site}&lang=fr`);
      return x.status === 503 && x;
    }, { timeout: 5000 });
    assert.ok(r, `503 while the database is down (${MODE})`);
    assert.ok(Number(r.headers.get('retry-after')) > 0, 'Retry-After');
    assert.equal(r.json.error.code, 'unavailable');
  } finally {
    stack('db', 'start');
  }
  const ok = await until(async () => (await http(`${A}?site=${site}&lang=it`)).status === 200,
    { timeout: 10000 });
  assert.ok(ok, 'answers again after the database is back');
});
