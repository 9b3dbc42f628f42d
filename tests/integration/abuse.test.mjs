// Abuse resistance (issue 8), one test per item built so far: operator
// login throttling that holds under parallel guesses, no cross-site
// login, names in characters, visitors never shown a login, and an
// absolute session lifetime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { http, admin, sql, freshSite } from './lib.mjs';

const O = 'cgi-bin/operator';
const C = 'cgi-bin/chat';
const PW = 'correct horse battery';

function json(obj, headers = {}) {
  return { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(obj) };
}

function addOperator(site, login, extra = []) {
  return execFileSync(process.env.PLAUDER_ADMIN, ['operator', 'add', site, login, '--dept', 'A',
    '--password-file', '-', ...extra], { input: `${PW}\n`, encoding: 'utf8' });
}

function makeSite() {
  const site = freshSite();
  admin('site', 'create', site);
  admin('dept', 'add', site, 'A', '--name', 'en=Support');
  return site;
}

const login = (site, who, password = PW, headers = {}) =>
  http(`${O}/login`, json({ site, login: who, password }, headers));

test('40 parallel wrong logins get no more than 5 password checks', async () => {
  const site = makeSite();
  addOperator(site, 'dora', ['--name', 'Dora']);
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => login(site, 'dora', `guess ${i}`)));
  const checked = answers.filter((a) => a.status === 401).length;
  const limited = answers.filter((a) => a.status === 429).length;
  assert.ok(checked <= 5, `${checked} guesses were checked`);
  assert.equal(checked + limited, 40);
});

test('a cross-site login post is refused', async () => {
  const site = makeSite();
  addOperator(site, 'emil', ['--name', 'Emil']);
  assert.equal((await login(site, 'emil', PW, { Origin: 'https://evil.example' })).status, 403);
  assert.equal((await login(site, 'emil', PW, { 'Sec-Fetch-Site': 'cross-site' })).status, 403);
  assert.equal((await login(site, 'emil')).status, 200);
});

test('a display name of 128 non-ASCII characters logs in; 129 are refused when set', async () => {
  const site = makeSite();
  const name = 'Ö'.repeat(128);
  addOperator(site, 'oeoe', ['--name', name]);
  const r = await login(site, 'oeoe');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.operator.name, name);
  assert.throws(() => addOperator(site, 'toolong', ['--name', 'Ö'.repeat(129)]));
});

test('visitors never see an operator login, even without a display name', async () => {
  const site = makeSite();
  addOperator(site, 'secretlogin');
  const r = await login(site, 'secretlogin');
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const v = (await http(`${C}/start`, json({ site, dept: 'A', direct: 1 }))).json;
  const acc = await http(`${O}/accept`, json({ chat: v.chat }, { Cookie: cookie, 'X-CSRF-Token': r.json.csrf }));
  assert.equal(acc.status, 200, acc.text);
  const p = await http(`${C}/poll?site=${site}&chat=${v.chat}&token=${v.token}&after=0&wait=0`);
  assert.equal(p.status, 200);
  assert.doesNotMatch(p.text, /secretlogin/);
  assert.ok(p.json.messages.some((m) => m.from === 'system' && /operator/i.test(m.text)), p.text);
});

test('a session ends 24 hours after login, however active', async () => {
  const site = makeSite();
  addOperator(site, 'fritz', ['--name', 'Fritz']);
  const r = await login(site, 'fritz');
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const session = () => http(`${O}/session`, { headers: { Cookie: cookie } });
  assert.equal((await session()).status, 200);
  const [customer, instance] = site.split('-');
  sql(`UPDATE sessions s JOIN sites t ON t.id = s.site_id SET s.created_at = NOW() - INTERVAL 25 HOUR,
    s.last_seen = NOW() WHERE t.customer = ${Number(customer)} AND t.instance = ${Number(instance)}`);
  assert.equal((await session()).status, 401);
});
