// The console's team list (docs/API.md, "/operator" GET /team) and the
// operators' limit of concurrent chats (operators.max_chats): who is on
// the site's team with online state, departments and load, never another
// site's operators or a disabled one; accept and a transfer to a colleague
// at the limit are refused with 409 too_many_chats, also when two accepts
// race for the last place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { http, admin, sql, freshSite } from './lib.mjs';

const O = 'cgi-bin/operator';
const A = 'cgi-bin/admin';
const C = 'cgi-bin/chat';
const PW = 'correct horse battery';

function addOperator(site, login, depts, role = 'operator') {
  const args = ['operator', 'add', site, login, '--name', `${login[0].toUpperCase()}${login.slice(1)} Test`,
    '--role', role, '--password-file', '-'];
  for (const d of depts) args.push('--dept', d);
  execFileSync(process.env.PLAUDER_ADMIN, args, { input: `${PW}\n`, encoding: 'utf8' });
}

function makeSite() {
  const site = freshSite();
  admin('site', 'create', site);
  admin('dept', 'add', site, 'A', '--name', 'en=Support');
  admin('dept', 'add', site, 'B', '--name', 'en=Sales');
  addOperator(site, 'anna', ['A']);
  addOperator(site, 'bert', ['B']);
  addOperator(site, 'carl', ['A', 'B'], 'admin');
  return site;
}

function setMaxChats(site, login, n) {
  const [customer, instance] = site.split('-');
  sql(`UPDATE operators o JOIN sites s ON s.id = o.site_id SET o.max_chats = ${n}
    WHERE s.customer = ${customer} AND s.instance = ${instance} AND o.login = '${login}'`);
}

async function session(site, login) {
  const r = await http(`${O}/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site, login, password: PW }) });
  assert.equal(r.status, 200, r.text);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const post = (base) => (path, body) => http(`${base}/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': r.json.csrf },
    body: JSON.stringify(body),
  });
  return { get: (path) => http(`${O}/${path}`, { headers: { Cookie: cookie } }), post: post(O), adminPost: post(A) };
}

async function visitorChat(site, dept) {
  admin('presence', 'set', site, dept === 'B' ? 'bert' : 'anna', 'online');
  const r = await http(`${C}/start`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site, dept, from: 'Team test', direct: 1 }) });
  assert.equal(r.status, 201, r.text);
  return r.json.chat;
}

test('the team: enabled operators of the site with online state, departments and load', async () => {
  const site = makeSite();
  const other = makeSite();
  addOperator(site, 'dora', ['A']);
  const anna = await session(site, 'anna');
  const bert = await session(site, 'bert');
  const carl = await session(site, 'carl');
  assert.equal((await carl.adminPost('operator-set', { login: 'dora', disabled: 1 })).status, 200);
  assert.equal((await anna.post('presence', { status: 'online' })).status, 200);
  assert.equal((await bert.post('presence', { status: 'away' })).status, 200);
  // carl is online in one department only: online all the same.
  assert.equal((await carl.post('presence', { status: 'online', dept: 'B' })).status, 200);
  assert.equal((await (await session(other, 'anna')).post('presence', { status: 'online' })).status, 200);
  setMaxChats(site, 'anna', 3);
  const chat = await visitorChat(site, 'A');
  assert.equal((await anna.post('accept', { chat })).status, 200);
  const r = await bert.get('team');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.team, [
    { login: 'anna', name: 'Anna Test', status: 'online', departments: ['A'], chats: 1, max_chats: 3, self: false },
    { login: 'bert', name: 'Bert Test', status: 'away', departments: ['B'], chats: 0, max_chats: 0, self: true },
    { login: 'carl', name: 'Carl Test', status: 'online', departments: ['A', 'B'], chats: 0, max_chats: 0, self: false },
  ]);
  // Going offline shows at once; another site's team is its own.
  assert.equal((await anna.post('presence', { status: 'offline' })).status, 200);
  assert.equal((await carl.get('team')).json.team.find((m) => m.login === 'anna').status, 'offline');
  const theirs = (await (await session(other, 'bert')).get('team')).json.team;
  assert.deepEqual(theirs.map((m) => [m.login, m.status, m.chats]), [['anna', 'online', 0], ['bert', 'offline', 0], ['carl', 'offline', 0]]);
});

test('a stale heartbeat reads offline in the team, as availability counts it', async () => {
  const site = makeSite();
  const anna = await session(site, 'anna');
  assert.equal((await anna.post('presence', { status: 'online' })).status, 200);
  const [customer, instance] = site.split('-');
  sql(`UPDATE operator_presence p JOIN sites s ON s.id = p.site_id SET p.last_seen = NOW(3) - INTERVAL 1 DAY
    WHERE s.customer = ${customer} AND s.instance = ${instance}`);
  const bert = await session(site, 'bert');
  assert.equal((await bert.get('team')).json.team.find((m) => m.login === 'anna').status, 'offline');
  assert.equal((await http(`cgi-bin/availability?site=${site}&dept=A`)).json.online, false);
});

test('the team needs a session', async () => {
  assert.equal((await http(`${O}/team`)).status, 401);
});

test('max_chats: accept beyond the limit is 409 too_many_chats; a closed chat makes room', async () => {
  const site = makeSite();
  const anna = await session(site, 'anna');
  setMaxChats(site, 'anna', 1);
  const one = await visitorChat(site, 'A');
  const two = await visitorChat(site, 'A');
  assert.equal((await anna.post('accept', { chat: one })).status, 200);
  const r = await anna.post('accept', { chat: two });
  assert.deepEqual([r.status, r.json.error.code], [409, 'too_many_chats']);
  // The chat still waits for someone else.
  const carl = await session(site, 'carl');
  assert.ok((await carl.get('poll?wait=0')).json.queue.some((c) => c.chat === two));
  assert.equal((await anna.post('close', { chat: one })).status, 200);
  assert.equal((await anna.post('accept', { chat: two })).status, 200);
  // 0 is no limit.
  setMaxChats(site, 'anna', 0);
  assert.equal((await anna.post('accept', { chat: await visitorChat(site, 'A') })).status, 200);
  assert.equal((await anna.post('accept', { chat: await visitorChat(site, 'A') })).status, 200);
});

test('max_chats: two accepts at once cannot both take the last place', async () => {
  const site = makeSite();
  const anna = await session(site, 'anna');
  setMaxChats(site, 'anna', 1);
  const chats = [await visitorChat(site, 'A'), await visitorChat(site, 'A'), await visitorChat(site, 'A')];
  const answers = await Promise.all(chats.map((chat) => anna.post('accept', { chat })));
  assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409, 409], answers.map((a) => a.text).join('\n'));
  assert.equal((await anna.get('poll?wait=0')).json.chats.length, 1);
});

test('max_chats: a transfer to a colleague at the limit is refused, the chat stays', async () => {
  const site = makeSite();
  const anna = await session(site, 'anna');
  const carl = await session(site, 'carl');
  setMaxChats(site, 'anna', 1);
  assert.equal((await anna.post('accept', { chat: await visitorChat(site, 'A') })).status, 200);
  const chat = await visitorChat(site, 'A');
  assert.equal((await carl.post('accept', { chat })).status, 200);
  const r = await carl.post('transfer', { chat, to_operator: 'anna' });
  assert.deepEqual([r.status, r.json.error.code, r.json.error.field], [409, 'too_many_chats', 'to_operator']);
  assert.ok((await carl.get('poll?wait=0')).json.chats.some((c) => c.chat === chat), 'still carl\'s');
  setMaxChats(site, 'anna', 2);
  assert.equal((await carl.post('transfer', { chat, to_operator: 'anna' })).status, 200);
  assert.ok((await anna.get('poll?wait=0')).json.chats.some((c) => c.chat === chat), 'now anna\'s');
  assert.deepEqual((await carl.get('team')).json.team.filter((m) => m.login === 'anna').map((m) => [m.chats, m.max_chats]), [[2, 2]]);
});
