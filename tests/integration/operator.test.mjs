// Operator API over real HTTP: login and sessions, CSRF, throttling,
// site and department isolation, accept/send/transfer/close, contract flag.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { http, tok, admin, sql, until, freshSite, MODE } from './lib.mjs';

const O = 'cgi-bin/operator';
const C = 'cgi-bin/chat';
const PW = 'correct horse battery';

function json(obj) {
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(obj) };
}

// A logged-in console: keeps its cookie and CSRF token.
class Console {
  constructor(site, login) { this.site = site; this.login = login; this.cookie = ''; this.csrf = ''; }
  async loginWith(password) {
    const r = await http(`${O}/login`, json({ site: this.site, login: this.login, password }));
    const set = r.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0];
    if (r.json?.csrf) this.csrf = r.json.csrf;
    return r;
  }
  get(path) { return http(`${O}/${path}`, { headers: { Cookie: this.cookie } }); }
  post(path, body, { csrf = this.csrf, headers = {} } = {}) {
    const h = { 'Content-Type': 'application/json', Cookie: this.cookie, ...headers };
    if (csrf) h['X-CSRF-Token'] = csrf;
    return http(`${O}/${path}`, { method: 'POST', headers: h, body: JSON.stringify(body) });
  }
}


function addOperator(site, login, depts, role = 'operator') {
  const args = ['operator', 'add', site, login, '--name', login.toUpperCase(), '--role', role, '--password-file', '-'];
  for (const d of depts) args.push('--dept', d);
  // plauder-admin reads the password from stdin with "-"
  return import('node:child_process').then(({ execFileSync }) => execFileSync(process.env.PLAUDER_ADMIN, args,
    { input: `${PW}\n`, encoding: 'utf8' }));
}

async function makeSite() {
  const site = freshSite();
  admin('site', 'create', site);
  admin('dept', 'add', site, 'A', '--name', 'en=Support');
  admin('dept', 'add', site, 'B', '--name', 'en=Sales');
  await addOperator(site, 'anna', ['A']);
  await addOperator(site, 'bert', ['B']);
  await addOperator(site, 'carl', ['A', 'B'], 'admin');
  return site;
}

async function visitorChat(site, dept = 'A', extra = {}) {
  admin('presence', 'set', site, dept === 'B' ? 'bert' : 'anna', 'online');
  const r = await http(`${C}/start`, json({ site, dept, from: 'ShopApp', direct: 1, ...extra }));
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function loggedIn(site, login) {
  const c = new Console(site, login);
  const r = await c.loginWith(PW);
  assert.equal(r.status, 200, r.text);
  return c;
}

test('login sets an HttpOnly SameSite=Strict session cookie; logout ends it on the server', async () => {
  const site = await makeSite();
  const c = new Console(site, 'anna');
  const r = await c.loginWith(PW);
  assert.equal(r.status, 200);
  const set = r.headers.get('set-cookie');
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  assert.match(set, /Path=\//);
  assert.match(c.cookie, /=[0-9a-f]{48}$/);
  assert.equal(r.json.operator.login, 'anna');
  assert.deepEqual(r.json.operator.departments, ['A']);
  assert.equal((await c.get('session')).status, 200);
  const again = new Console(site, 'anna');
  await again.loginWith(PW);
  assert.notEqual(again.cookie, c.cookie, 'a new session id at every login');
  const out = await c.post('logout', {});
  assert.equal(out.status, 200);
  assert.equal((await c.get('session')).status, 401, 'the old cookie is dead on the server');
  assert.equal((await again.get('session')).status, 200);
});

test('unknown account and wrong password get the same answer; brute force is throttled', async () => {
  const site = await makeSite();
  const wrong = await new Console(site, 'anna').loginWith('nope nope');
  const unknown = await new Console(site, 'zoe').loginWith('nope nope');
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  assert.deepEqual([wrong.json.error.code, wrong.json.error.message], [unknown.json.error.code, unknown.json.error.message]);
  let last;
  for (let i = 0; i < 6; i += 1) last = await new Console(site, 'bert').loginWith(`guess ${i}`);
  assert.equal(last.status, 429);
  assert.ok(Number(last.headers.get('retry-after')) > 0);
  const right = await new Console(site, 'bert').loginWith(PW);
  assert.equal(right.status, 429, 'even the right password waits out the lock');
  assert.equal((await new Console(site, 'anna').loginWith(PW)).status, 200, 'other accounts unaffected');
});

test('state-changing requests without or with a wrong CSRF token are 403', async () => {
  const site = await makeSite();
  const c = await loggedIn(site, 'anna');
  assert.equal((await c.post('presence', { status: 'online' }, { csrf: '' })).status, 403);
  assert.equal((await c.post('presence', { status: 'online' }, { csrf: 'f'.repeat(48) })).status, 403);
  assert.equal((await c.post('presence', { status: 'online' }, { headers: { Origin: 'https://evil.example' } })).status, 403);
  assert.equal((await c.post('presence', { status: 'online' })).status, 200);
  assert.equal((await http(`${O}/presence`, json({ status: 'online' }))).status, 401, 'no session');
});

test('a password change ends the operator\'s other sessions', async () => {
  const site = await makeSite();
  const a = await loggedIn(site, 'carl');
  const b = await loggedIn(site, 'carl');
  const r = await a.post('password', { password: PW, new_password: 'a much newer secret' });
  assert.equal(r.status, 200, r.text);
  assert.equal((await a.get('session')).status, 200);
  assert.equal((await b.get('session')).status, 401);
  assert.equal((await new Console(site, 'carl').loginWith('a much newer secret')).status, 200);
});

test('presence with heartbeat drives availability; the queue shows from, fields and data', async () => {
  const site = await makeSite();
  const anna = await loggedIn(site, 'anna');
  assert.equal((await anna.post('presence', { status: 'online' })).status, 200);
  const avail = await http(`cgi-bin/availability?site=${site}&dept=A`);
  assert.equal(avail.json.online, true);
  assert.equal((await anna.post('presence', { status: 'online', dept: 'B' })).status, 400, 'not her department');
  const v = await visitorChat(site, 'A', { page: 'https://shop.example/p/1' });
  await http(`${C}/data`, json({ site, chat: v.chat, token: v.token, data: { cart: '3 books' } }));
  const p = await anna.get('poll?wait=0');
  assert.equal(p.status, 200);
  const q = p.json.queue.find((x) => x.chat === v.chat);
  assert.ok(q, 'chat in the queue');
  assert.equal(q.from, 'ShopApp');
  assert.equal(q.page, 'https://shop.example/p/1');
  assert.equal(q.data.cart, '3 books');
  assert.ok(q.waiting_s >= 0);
});

test('operators see nothing of other sites or other departments', async () => {
  const site = await makeSite();
  const other = await makeSite();
  admin('settings', 'visitors', other, '--uploads-waiting', '1'); // a visitor's file in a waiting chat
  const anna = await loggedIn(site, 'anna');
  const bert = await loggedIn(site, 'bert');
  const foreign = await loggedIn(other, 'anna');
  const chatB = await visitorChat(site, 'B');
  const chatOther = await visitorChat(other, 'A');
  assert.ok(!(await anna.get('poll?wait=0')).json.queue.some((x) => x.chat === chatB.chat), 'not in A\'s queue');
  assert.ok((await bert.get('poll?wait=0')).json.queue.some((x) => x.chat === chatB.chat));
  for (const c of [anna, foreign]) {
    for (const [m, path, body] of [
      ['post', 'accept', { chat: chatB.chat }],
      ['get', `messages?chat=${chatB.chat}`],
      ['get', `chat?chat=${chatB.chat}`],
      ['post', 'contract', { chat: chatB.chat, flag: 1 }],
      ['post', 'send', { chat: chatB.chat, client_id: 'x', text: 'x' }],
      ['get', `file?chat=${chatB.chat}&file=1`],
      ['post', 'typing', { chat: chatB.chat, typing: 1 }],
      ['post', 'close', { chat: chatB.chat }],
      ['post', 'transfer', { chat: chatB.chat, to_dept: 'A' }],
    ]) {
      const r = m === 'get' ? await c.get(path) : await c.post(path, body);
      assert.equal(r.status, 404, `${c.site}/${c.login} ${path}`);
    }
  }
  assert.equal((await anna.get(`messages?chat=${chatOther.chat}`)).status, 404, 'a chat id of another site');
  // Ids of other kinds: a visitor's file id of another site, through its chat or as a chat.
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d2a1d90000000049454e44ae426082', 'hex');
  const up = await http(`${C}/upload?site=${other}&chat=${chatOther.chat}&client_id=f&name=a.png`, tok(chatOther.token, { method: 'POST', body: png }));
  assert.equal(up.status, 201, up.text);
  assert.equal((await anna.get(`file?chat=${chatOther.chat}&file=${up.json.message.file.id}`)).status, 404,
    'a file of another site through its chat id');
  assert.equal((await anna.get(`messages?chat=${chatB.chat + 100000}`)).status, 404);
});

test('accept, exchange messages, transfer, flag as contract chat, close', async () => {
  const site = await makeSite();
  const anna = await loggedIn(site, 'anna');
  const carl = await loggedIn(site, 'carl');
  const v = await visitorChat(site, 'A');
  assert.equal((await anna.post('send', { chat: v.chat, client_id: 'early', text: 'x' })).status, 409, 'not accepted yet');
  assert.equal((await anna.post('accept', { chat: v.chat })).status, 200);
  assert.equal((await carl.post('accept', { chat: v.chat })).status, 409, 'taken');
  const sent = await anna.post('send', { chat: v.chat, client_id: 'o-1', text: 'How can I help?' });
  assert.equal(sent.status, 201);
  assert.equal((await anna.post('send', { chat: v.chat, client_id: 'o-1', text: 'How can I help?' })).status, 200);
  await http(`${C}/send`, json({ site, chat: v.chat, token: v.token, client_id: 'v-1', text: 'My order is late' }));
  const msgs = await anna.get(`messages?chat=${v.chat}&after=0`);
  assert.deepEqual(msgs.json.messages.filter((m) => m.from !== 'system').map((m) => [m.from, m.text]),
    [['operator', 'How can I help?'], ['visitor', 'My order is late']]);
  const vp = await http(`${C}/poll?site=${site}&chat=${v.chat}&wait=0`, tok(v.token));
  assert.equal(vp.json.status, 'active');
  assert.equal(vp.json.operator.name, 'ANNA');

  const flag = await anna.post('contract', { chat: v.chat, flag: 1 });
  assert.equal(flag.status, 200);
  const d = await carl.get(`chat?chat=${v.chat}`);
  assert.equal(d.json.contract.flag, true);
  assert.equal(d.json.contract.by, 'anna');
  assert.match(d.json.contract.at, /^\d{4}-\d\d-\d\dT/);

  const tr = await anna.post('transfer', { chat: v.chat, to_operator: 'carl', note: 'VIP customer' });
  assert.equal(tr.status, 200, tr.text);
  assert.equal((await anna.post('send', { chat: v.chat, client_id: 'o-2', text: 'still mine?' })).status, 409);
  const mine = await carl.get('poll?wait=0');
  assert.ok(mine.json.chats.some((x) => x.chat === v.chat), 'now carl\'s chat');
  assert.equal(mine.json.chats.find((x) => x.chat === v.chat).note, 'VIP customer', 'the note is for the operators');
  assert.equal((await carl.get(`chat?chat=${v.chat}`)).json.note, 'VIP customer');
  const seen = await http(`${C}/poll?site=${site}&chat=${v.chat}&wait=0`, tok(v.token));
  const said = seen.json.messages.filter((m) => m.from === 'system').map((m) => m.text).join(' | ');
  assert.match(said, /Transferred to CARL\./, 'the visitor reads the display name');
  assert.doesNotMatch(said, /VIP customer|carl\b/, 'never the note or the login');
  const back = await carl.post('transfer', { chat: v.chat, to_dept: 'B' });
  assert.equal(back.status, 200);
  const bert = await loggedIn(site, 'bert');
  assert.ok((await bert.get('poll?wait=0')).json.queue.some((x) => x.chat === v.chat), 'queued in B');
  assert.equal((await bert.post('accept', { chat: v.chat })).status, 200);
  assert.equal((await bert.post('close', { chat: v.chat })).status, 200);
  const closed = await http(`${C}/poll?site=${site}&chat=${v.chat}&wait=0`, tok(v.token));
  assert.equal(closed.json.status, 'closed');
  const [c, i] = site.split('-');
  const row = sql(`SELECT c.is_contract, o.login FROM chats c JOIN sites s ON s.id = c.site_id
    JOIN operators o ON o.id = c.contract_by WHERE s.customer = ${Number(c)} AND s.instance = ${Number(i)} AND c.id = ${v.chat}`).trim();
  assert.equal(row, '1\tanna');
});

test('the console poll wakes when a visitor writes', async () => {
  const site = await makeSite();
  const anna = await loggedIn(site, 'anna');
  const v = await visitorChat(site, 'A');
  await anna.post('accept', { chat: v.chat });
  const first = await anna.get('poll?wait=0');
  const t0 = Date.now();
  const pending = anna.get(`poll?cursor=${first.json.cursor}&wait=20`);
  setTimeout(() => http(`${C}/send`, json({ site, chat: v.chat, token: v.token, client_id: 'w1', text: 'ping' })), 500);
  const r = await pending;
  assert.equal(r.status, 200);
  if (MODE === 'cgi') {
    assert.equal(r.json.retry_ms, 2000);
  } else {
    assert.ok(Date.now() - t0 < 10000, 'woke long before the timeout');
    assert.ok(r.json.cursor > first.json.cursor);
  }
  const inline = await until(async () => {
    const p = await anna.get(`poll?wait=0&seqs=${v.chat}:1,999999:3,junk`);
    const x = p.json.chats.find((y) => y.chat === v.chat);
    return x?.messages?.some((m) => m.text === 'ping') && x;
  });
  assert.ok(inline, 'new messages come inline with seqs');
  assert.ok(inline.messages.every((m) => m.seq > 1));
  const chat = await until(async () => {
    const p = await anna.get('poll?wait=0');
    const x = p.json.chats.find((y) => y.chat === v.chat);
    return x && x.last_seq > 1 && x;
  });
  assert.ok(chat, 'the chat shows the new message');
});

test('canned answers: everyone reads the shared ones, only admins edit them (more in canned.test.mjs)', async () => {
  const site = await makeSite();
  const anna = await loggedIn(site, 'anna');
  const carl = await loggedIn(site, 'carl');
  assert.equal((await anna.post('canned-set', { shortcut: 'hi', text: 'Hello!', scope: 'shared' })).status, 403);
  assert.equal((await carl.post('canned-set', { shortcut: 'hi', text: 'Hello, how can I help?', scope: 'shared' })).status, 200);
  const list = await anna.get('canned');
  assert.deepEqual(list.json.canned, [{ shortcut: 'hi', text: 'Hello, how can I help?', scope: 'shared' }]);
  assert.equal((await carl.post('canned-delete', { shortcut: 'hi', scope: 'shared' })).status, 200);
  assert.deepEqual((await anna.get('canned')).json.canned, []);
});

test('concurrent changes to one chat from both sides all succeed (deadlocks are retried)', async () => {
  const site = await makeSite();
  const anna = await loggedIn(site, 'anna');
  const v = await visitorChat(site, 'A');
  assert.equal((await anna.post('accept', { chat: v.chat })).status, 200);
  const base = { site, chat: v.chat, token: v.token };
  const statuses = [];
  for (let round = 0; round < 15; round += 1) {
    const rs = await Promise.all([
      http(`${C}/typing`, json({ ...base, typing: round % 2 })),
      http(`${C}/sleep`, json({ ...base, sleep: round % 2 })),
      http(`${C}/send`, json({ ...base, client_id: `cv-${round}`, text: `v${round}` })),
      anna.post('typing', { chat: v.chat, typing: 1 }),
      anna.post('send', { chat: v.chat, client_id: `co-${round}`, text: `o${round}` }),
    ]);
    statuses.push(...rs.map((r) => r.status));
  }
  assert.deepEqual(statuses.filter((s) => s >= 500), [], 'no 5xx answers');
  const msgs = (await anna.get(`messages?chat=${v.chat}&after=0`)).json.messages;
  assert.equal(msgs.filter((m) => m.from !== 'system').length, 30, 'every message stored once');
});

test('system messages speak the visitor\'s language', async () => {
  const site = await makeSite();
  const anna = await loggedIn(site, 'anna');
  const de = await visitorChat(site, 'A', { lang: 'de' });
  const en = await visitorChat(site, 'A', { lang: 'en' });
  await anna.post('accept', { chat: de.chat });
  await anna.post('accept', { chat: en.chat });
  const text = async (v) => (await http(`${C}/poll?site=${site}&chat=${v.chat}&wait=0`, tok(v.token)))
    .json.messages.filter((m) => m.from === 'system').map((m) => m.text).join(' ');
  assert.match(await text(de), /ANNA ist dem Chat beigetreten\./);
  assert.match(await text(en), /ANNA joined the chat\./);
});
