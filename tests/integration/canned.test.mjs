// Canned answers over real HTTP (docs/API.md, "/operator" GET /canned and
// "/admin" GET /canned): the site's shared answers and every operator's
// personal ones. An operator sees the shared ones and only its own personal
// ones, and changes only its own; only admins change the shared ones (in the
// console's API and the admin area), each change audited; no admin reaches
// another site's; every change needs the CSRF token; bad input is a 400 that
// names the field; an owner holds at most 500.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { http, admin, sql, freshSite } from './lib.mjs';

const O = 'cgi-bin/operator';
const A = 'cgi-bin/admin';
const PW = 'correct horse battery';

function addOperator(site, login, role = 'operator') {
  execFileSync(process.env.PLAUDER_ADMIN, ['operator', 'add', site, login, '--name', login.toUpperCase(),
    '--role', role, '--dept', 'A', '--password-file', '-'], { input: `${PW}\n`, encoding: 'utf8' });
}

function makeSite() {
  const site = freshSite();
  admin('site', 'create', site);
  admin('dept', 'add', site, 'A', '--name', 'en=Support');
  addOperator(site, 'anna');
  addOperator(site, 'bert');
  addOperator(site, 'boss', 'admin');
  return site;
}

// A logged-in console (and admin area, for admins): cookie and CSRF token.
async function session(site, login) {
  const r = await http(`${O}/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site, login, password: PW }) });
  assert.equal(r.status, 200, r.text);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf } = r.json;
  const post = (base) => (path, body, { withCsrf = true, headers = {} } = {}) => http(`${base}/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, ...(withCsrf ? { 'X-CSRF-Token': csrf } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return {
    get: (path) => http(`${O}/${path}`, { headers: { Cookie: cookie } }),
    post: post(O),
    adminGet: (path) => http(`${A}/${path}`, { headers: { Cookie: cookie } }),
    adminPost: post(A),
  };
}

const mine = async (s) => (await s.get('canned')).json.canned;
const auditOf = async (boss) => (await boss.adminGet('audit')).json.entries.filter((e) => e.action.startsWith('canned'));

test('personal answers are their owner\'s alone: others neither see nor change them', async () => {
  const site = makeSite();
  const anna = await session(site, 'anna');
  const bert = await session(site, 'bert');
  const r = await anna.post('canned-set', { shortcut: 'hi', text: 'Hi, I am Anna.', scope: 'personal' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.created, true);
  assert.deepEqual(r.json.canned, [{ shortcut: 'hi', text: 'Hi, I am Anna.', scope: 'personal' }]);
  // Without a scope an answer is personal.
  assert.equal((await anna.post('canned-set', { shortcut: 'bye', text: 'Bye from Anna.' })).status, 200);
  assert.deepEqual(await mine(bert), [], 'bert sees none of anna\'s');
  // bert's own "hi" stands beside anna's; his delete of "bye" finds nothing of his.
  assert.equal((await bert.post('canned-set', { shortcut: 'hi', text: 'Hi, Bert here.' })).status, 200);
  assert.deepEqual((await bert.post('canned-delete', { shortcut: 'bye', scope: 'personal' })).status, 404);
  assert.deepEqual(await mine(anna), [
    { shortcut: 'bye', text: 'Bye from Anna.', scope: 'personal' },
    { shortcut: 'hi', text: 'Hi, I am Anna.', scope: 'personal' },
  ]);
  assert.deepEqual(await mine(bert), [{ shortcut: 'hi', text: 'Hi, Bert here.', scope: 'personal' }]);
  // Editing replaces (a shortcut is one answer whatever its case).
  const again = await anna.post('canned-set', { shortcut: 'HI', text: 'Hello again.' });
  assert.equal(again.json.created, false);
  assert.deepEqual(await mine(anna), [
    { shortcut: 'bye', text: 'Bye from Anna.', scope: 'personal' },
    { shortcut: 'HI', text: 'Hello again.', scope: 'personal' },
  ]);
  assert.equal((await anna.post('canned-delete', { shortcut: 'bye' })).status, 200);
  assert.deepEqual((await mine(anna)).map((c) => c.shortcut), ['HI']);
  assert.deepEqual((await mine(bert)).map((c) => c.text), ['Hi, Bert here.'], 'bert\'s stays');
});

test('operators cannot change shared answers; admins can, in the console and the admin area', async () => {
  const site = makeSite();
  const anna = await session(site, 'anna');
  const boss = await session(site, 'boss');
  const refused = await anna.post('canned-set', { shortcut: 'hi', text: 'Hello!', scope: 'shared' });
  assert.deepEqual([refused.status, refused.json.error.code, refused.json.error.field], [403, 'forbidden', 'scope']);
  assert.equal((await anna.adminGet('canned')).status, 403, 'no admin area for operators');
  assert.equal((await anna.adminPost('canned-set', { shortcut: 'hi', text: 'Hello!' })).status, 403);
  const set = await boss.adminPost('canned-set', { shortcut: 'hi', text: 'Hello, how can I help?' });
  assert.deepEqual([set.status, set.json], [200, { ok: true, created: true }]);
  assert.equal((await boss.post('canned-set', { shortcut: 'thanks', text: 'Thank you!', scope: 'shared' })).status, 200);
  assert.equal((await anna.post('canned-set', { shortcut: 'hi', text: 'Hi, Anna here.' })).status, 200);
  const list = await anna.get('canned');
  assert.equal(list.json.can_edit_shared, false);
  // The personal one first where both have the shortcut.
  assert.deepEqual(list.json.canned, [
    { shortcut: 'hi', text: 'Hi, Anna here.', scope: 'personal' },
    { shortcut: 'hi', text: 'Hello, how can I help?', scope: 'shared' },
    { shortcut: 'thanks', text: 'Thank you!', scope: 'shared' },
  ]);
  assert.equal((await boss.get('canned')).json.can_edit_shared, true);
  // The admin area lists the shared ones only.
  assert.deepEqual((await boss.adminGet('canned')).json.canned, [
    { shortcut: 'hi', text: 'Hello, how can I help?', scope: 'shared' },
    { shortcut: 'thanks', text: 'Thank you!', scope: 'shared' },
  ]);
  assert.equal((await anna.post('canned-delete', { shortcut: 'thanks', scope: 'shared' })).status, 403);
  assert.equal((await boss.adminPost('canned-delete', { shortcut: 'thanks' })).status, 200);
  assert.equal((await boss.adminPost('canned-delete', { shortcut: 'thanks' })).status, 404);
  assert.deepEqual((await mine(anna)).map((c) => `${c.scope}:${c.shortcut}`), ['personal:hi', 'shared:hi']);
});

test('shared changes are audited (who, what); personal ones are not', async () => {
  const site = makeSite();
  const boss = await session(site, 'boss');
  const anna = await session(site, 'anna');
  assert.equal((await anna.post('canned-set', { shortcut: 'mine', text: 'Only mine.' })).status, 200);
  assert.equal((await boss.post('canned-set', { shortcut: 'mine2', text: 'Boss only.' })).status, 200);
  assert.deepEqual(await auditOf(boss), []);
  assert.equal((await boss.adminPost('canned-set', { shortcut: 'hi', text: 'Hello!' })).status, 200);
  assert.equal((await boss.post('canned-delete', { shortcut: 'hi', scope: 'shared' })).status, 200);
  const entries = await auditOf(boss);
  assert.deepEqual(entries.map((e) => [e.login, e.action, e.detail]), [
    ['boss', 'canned_delete', { shortcut: 'hi' }],
    ['boss', 'canned_set', { shortcut: 'hi', text: 'Hello!' }],
  ]);
});

test('an admin of one site neither reads nor changes another site\'s answers', async () => {
  const site = makeSite();
  const other = makeSite();
  const boss = await session(site, 'boss');
  const otherBoss = await session(other, 'boss');
  assert.equal((await boss.adminPost('canned-set', { shortcut: 'hi', text: 'Site one.' })).status, 200);
  assert.equal((await (await session(site, 'anna')).post('canned-set', { shortcut: 'p', text: 'Anna of site one.' })).status, 200);
  assert.deepEqual((await otherBoss.adminGet('canned')).json.canned, []);
  assert.deepEqual(await mine(otherBoss), []);
  assert.equal((await otherBoss.adminPost('canned-delete', { shortcut: 'hi' })).status, 404);
  assert.equal((await otherBoss.post('canned-delete', { shortcut: 'hi', scope: 'shared' })).status, 404);
  // Its own "hi" is its own.
  assert.equal((await otherBoss.adminPost('canned-set', { shortcut: 'hi', text: 'Site two.' })).status, 200);
  assert.deepEqual((await boss.adminGet('canned')).json.canned, [{ shortcut: 'hi', text: 'Site one.', scope: 'shared' }]);
  assert.deepEqual((await otherBoss.adminGet('canned')).json.canned, [{ shortcut: 'hi', text: 'Site two.', scope: 'shared' }]);
  assert.deepEqual((await auditOf(otherBoss)).map((e) => e.detail.text), ['Site two.']);
});

test('every change needs the session and its CSRF token; a cross-site request is refused', async () => {
  const site = makeSite();
  const anna = await session(site, 'anna');
  const boss = await session(site, 'boss');
  assert.equal((await http(`${O}/canned`)).status, 401);
  assert.equal((await http(`${A}/canned`)).status, 401);
  for (const [fn, path, body] of [
    [anna.post, 'canned-set', { shortcut: 'hi', text: 'x' }],
    [anna.post, 'canned-delete', { shortcut: 'hi' }],
    [boss.adminPost, 'canned-set', { shortcut: 'hi', text: 'x' }],
    [boss.adminPost, 'canned-delete', { shortcut: 'hi' }],
  ]) {
    const r = await fn(path, body, { withCsrf: false });
    assert.deepEqual([r.status, r.json.error.code], [403, 'csrf'], `${path} without the token`);
    const x = await fn(path, body, { headers: { Origin: 'https://evil.example' } });
    assert.equal(x.status, 403, `${path} cross-site`);
  }
  assert.deepEqual(await mine(anna), []);
  assert.deepEqual((await boss.adminGet('canned')).json.canned, []);
});

test('bad input is a 400 naming the field; an owner holds at most 500 answers', async () => {
  const site = makeSite();
  const anna = await session(site, 'anna');
  const boss = await session(site, 'boss');
  const bad = async (fn, path, body, field) => {
    const r = await fn(path, body);
    assert.deepEqual([r.status, r.json?.error?.code, r.json?.error?.field], [400, 'invalid_parameter', field],
      `${path} ${JSON.stringify(body).slice(0, 80)}`);
  };
  for (const [fn, path] of [[anna.post, 'canned-set'], [boss.adminPost, 'canned-set']]) {
    await bad(fn, path, { shortcut: 'a b', text: 'x' }, 'shortcut');
    await bad(fn, path, { shortcut: 'x'.repeat(33), text: 'x' }, 'shortcut');
    await bad(fn, path, { shortcut: '', text: 'x' }, 'shortcut');
    await bad(fn, path, { shortcut: 'ok', text: '' }, 'text');
    await bad(fn, path, { shortcut: 'ok', text: 'x'.repeat(4001) }, 'text');
    await bad(fn, path, { text: 'x' }, 'shortcut');
  }
  await bad(anna.post, 'canned-set', { shortcut: 'ok', text: 'x', scope: 'everyone' }, 'scope');
  assert.equal((await anna.post('canned-set', { shortcut: 'long', text: 'ü'.repeat(2000) })).status, 200, '4000 bytes fit');
  // 499 more of anna's own (set up in the database), then the 500th and no more.
  sql(`INSERT INTO canned_answers (site_id, operator_id, shortcut, text)
    SELECT o.site_id, o.id, CONCAT('s', s.seq), 'x' FROM operators o
    JOIN sites t ON t.id = o.site_id JOIN seq_1_to_498 s
    WHERE t.customer = ${site.split('-')[0]} AND t.instance = ${site.split('-')[1]} AND o.login = 'anna'`);
  assert.equal((await anna.post('canned-set', { shortcut: 'last', text: 'The 500th.' })).status, 200);
  const full = await anna.post('canned-set', { shortcut: 'more', text: 'One too many.' });
  assert.deepEqual([full.status, full.json.error.code], [409, 'too_many_canned']);
  assert.equal((await anna.post('canned-set', { shortcut: 'last', text: 'Changed.' })).status, 200, 'a change still works');
  assert.equal((await anna.post('canned-set', { shortcut: 'shared1', text: 'x' })).status, 409);
  // The limit is per owner: the site's shared ones and bert's are apart.
  assert.equal((await boss.adminPost('canned-set', { shortcut: 'more', text: 'Shared.' })).status, 200);
  assert.equal((await (await session(site, 'bert')).post('canned-set', { shortcut: 'more', text: 'Bert.' })).status, 200);
  assert.equal((await mine(anna)).length, 501, '500 of hers and one shared');
});
