// Abuse resistance (issue 8), one test per item built so far: operator
// login throttling that holds under parallel guesses, no cross-site
// login, names in characters, visitors never shown a login, and an
// absolute session lifetime; request limits on start, send and the like;
// capped long-polls; consent in every language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { BASE, MODE, http, tok, admin, sql, sleep, freshSite, standby } from './lib.mjs';

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
  standby(site);
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
  const p = await http(`${C}/poll?site=${site}&chat=${v.chat}&after=0&wait=0`, tok(v.token));
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

// The limits ./stack test configured (it writes them into PLAUDER_CONF).
function confLimit(key) {
  const text = readFileSync(process.env.PLAUDER_CONF, 'utf8');
  const m = text.match(new RegExp(`^${key}\\s*=\\s*(\\d+)`, 'm'));
  return m ? Number(m[1]) : null;
}

test('starts beyond the per-address limit get 429 with Retry-After', async (t) => {
  const limit = confLimit('limit_start_addr');
  if (!limit) { t.skip('no limit_start_addr configured'); return; }
  const site = makeSite();
  const statuses = [];
  let limited;
  for (let i = 0; i < limit + 5; i += 1) {
    const r = await http(`${C}/start`, json({ site, dept: 'A', direct: 1 }));
    statuses.push(r.status);
    if (r.status === 429) limited = r;
  }
  assert.equal(statuses.filter((s) => s === 201).length, limit);
  assert.equal(statuses.filter((s) => s === 429).length, 5);
  const retry = Number(limited.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
  assert.equal(limited.json.error.code, 'rate_limited');
  const id = sql(`SELECT id FROM sites WHERE customer = ${Number(site.split('-')[0])}`).trim();
  assert.equal(sql(`SELECT COUNT(*) FROM chats WHERE site_id = ${id}`).trim(), String(limit));
});

test('sends beyond the per-chat limit get 429; a wrong token cannot use up the chat\'s allowance', async (t) => {
  const limit = confLimit('limit_chat_messages');
  if (!limit) { t.skip('no limit_chat_messages configured'); return; }
  const site = makeSite();
  const v = (await http(`${C}/start`, json({ site, dept: 'A', direct: 1 }))).json;
  const wrong = 'f'.repeat(48);
  for (let i = 0; i < limit + 2; i += 1) {
    await http(`${C}/send`, json({ site, chat: v.chat, token: wrong, client_id: `x${i}`, text: 'spam' }));
  }
  const statuses = [];
  for (let i = 0; i < limit + 3; i += 1) {
    const r = await http(`${C}/send`, json({ site, chat: v.chat, token: v.token, client_id: `m${i}`, text: `hello ${i}` }));
    statuses.push(r.status);
  }
  assert.equal(statuses.filter((s) => s === 201).length, limit);
  assert.deepEqual(statuses.slice(limit), [429, 429, 429]);
});

// A held poll through node:http from a chosen loopback address (the
// server counts polls by the anonymised address: 127.0.N.0).
function holdPoll(site, v, from, wait = 5) {
  return new Promise((resolve) => {
    const u = new URL(`${BASE}/${C}/poll?site=${site}&chat=${v.chat}&after=${v.last_seq ?? 0}&version=${v.version}&wait=${wait}`);
    const started = Date.now();
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname + u.search, localAddress: from, agent: false,
      headers: { 'X-Plauder-Token': v.token } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, ms: Date.now() - started, json: JSON.parse(body || 'null'), headers: res.headers }));
    });
    req.on('error', (e) => resolve({ status: 0, error: e.message }));
    req.end();
  });
}

test('a newer held poll of the same chat answers the older one at once', async (t) => {
  if (MODE !== 'fcgid') { t.skip('polls are held only by the FastCGI daemon'); return; }
  const site = makeSite();
  const v = (await http(`${C}/start`, json({ site, dept: 'A', direct: 1 }))).json;
  const first = holdPoll(site, v, '127.0.0.1', 10);
  await sleep(300);
  const second = holdPoll(site, v, '127.0.0.1', 1);
  const a = await first;
  assert.equal(a.status, 200);
  assert.ok(a.ms < 5000, `the older poll was held ${a.ms} ms`);
  assert.equal(a.json.retry_ms, 2000, 'the older poll is told to come back later');
  assert.equal((await second).status, 200);
});

async function chatsOn(n) {
  const chats = [];
  let site;
  for (let i = 0; i < n; i += 1) {
    if (i % 40 === 0) site = makeSite(); // starts are limited per site and address
    chats.push({ site, v: (await http(`${C}/start`, json({ site, dept: 'A', direct: 1 }))).json });
  }
  return chats;
}

test('held polls are capped per address: 429 too_many_polls with Retry-After', async (t) => {
  if (MODE !== 'fcgid') { t.skip('polls are held only by the FastCGI daemon'); return; }
  const perAddr = confLimit('poll_per_addr');
  if (!perAddr) { t.skip('no poll_per_addr configured'); return; }
  const chats = await chatsOn(perAddr + 3);
  const answers = await Promise.all(chats.map(({ site, v }) => holdPoll(site, v, '127.0.1.1', 4)));
  const refused = answers.filter((a) => a.status === 429);
  assert.ok(refused.length >= 3, `statuses ${answers.map((a) => a.status).join(',')}`);
  assert.equal(refused[0].json.error.code, 'too_many_polls');
  assert.ok(Number(refused[0].headers['retry-after']) > 0);
  assert.ok(answers.filter((a) => a.status === 200).length <= perAddr);
});

test('a daemon full of held polls answers 503 busy instead of queueing', async (t) => {
  if (MODE !== 'fcgid') { t.skip('polls are held only by the FastCGI daemon'); return; }
  const perAddr = confLimit('poll_per_addr');
  if (!perAddr) { t.skip('no poll_per_addr configured'); return; }
  // ./stack test runs the chat daemon with 96 threads: at most 84 held polls.
  const n = 90;
  const chats = await chatsOn(n);
  const from = (i) => `127.0.${2 + Math.floor(i / (perAddr - 1))}.1`;
  const answers = await Promise.all(chats.map(({ site, v }, i) => holdPoll(site, v, from(i), 4)));
  const busy = answers.filter((a) => a.status === 503);
  assert.ok(busy.length >= n - 84, `statuses ${answers.map((a) => a.status).join(',')}`);
  assert.equal(busy[0].json.error.code, 'busy');
  assert.ok(Number(busy[0].headers['retry-after']) > 0);
  assert.equal(answers.filter((a) => a.status === 429).length, 0, 'no address over its share');
});

test('consent is asked in every language: en-GB, fr and en-US fall back to the site\'s text', async () => {
  const site = makeSite();
  const consent = 'I agree to the storage of this chat.';
  admin('texts', 'set', site, 'en', '--consent-text', consent);
  admin('field', 'set', site, 'en', 'question', '--label', 'Question', '--type', 'textarea', '--required', '--sort', '1');
  const version = createHash('sha256').update(consent).digest('hex');
  for (const lang of ['en-GB', 'fr', 'en-US']) {
    const cfg = await http(`${C}/config?site=${site}&lang=${lang}`);
    assert.equal(cfg.json.lang, 'en', lang);
    assert.equal(cfg.json.consent.required, true, lang);
    assert.equal(cfg.json.consent.version, version, lang);
    const no = await http(`${C}/start`, json({ site, lang, fields: { question: 'Hi' } }));
    assert.equal(no.status, 400, `${lang}: ${no.text}`);
    assert.equal(no.json.error.field, 'consent');
    const noQuestion = await http(`${C}/start`, json({ site, lang, consent: 1, consent_version: version }));
    assert.equal(noQuestion.json?.error?.field, 'f_question', `${lang}: required fields too`);
    const noVersion = await http(`${C}/start`, json({ site, lang, consent: 1, fields: { question: 'Hi' } }));
    assert.equal(noVersion.status, 400);
    assert.equal(noVersion.json.error.field, 'consent_version');
    const ok = await http(`${C}/start`, json({ site, lang, consent: 1, consent_version: version, fields: { question: 'Hi' } }));
    assert.equal(ok.status, 201, ok.text);
    const [lang0, sha] = sql(`SELECT lang, text_sha256 FROM consents WHERE chat_id = ${ok.json.chat}`).trim().split('\t');
    assert.deepEqual([lang0, sha], ['en', version], `${lang}: the consent record`);
  }
});

test('a language whose texts have no consent text cannot start a chat on a consent site', async () => {
  const site = makeSite();
  admin('texts', 'set', site, 'en', '--consent-text', 'I agree.');
  admin('texts', 'set', site, 'de', '--privacy-text', 'Datenschutz …');
  const r = await http(`${C}/start`, json({ site, lang: 'de', consent: 1, consent_version: 'x'.repeat(64), direct: 1 }));
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'consent_unavailable');
});

test('transcript mail is no relay: answered chats only, one address per chat, three mails, an automatic-copy notice', async (t) => {
  const maildir = process.env.PLAUDER_MAILDIR;
  if (!maildir) { t.skip('no SMTP sink (run through ./stack test)'); return; }
  const site = makeSite();
  addOperator(site, 'mia', ['--name', 'Mia']);
  const v = (await http(`${C}/start`, json({ site, dept: 'A', direct: 1 }))).json;
  const base = { site, chat: v.chat, token: v.token };
  await http(`${C}/send`, json({ ...base, client_id: 'spam-1', text: 'Buy cheap watches at evil.example' }));
  const addr = `copy-${v.chat}@example.org`;
  const early = await http(`${C}/transcript-mail`, json({ ...base, email: addr }));
  assert.equal(early.status, 409, early.text);
  assert.equal(early.json.error.code, 'not_answered');
  admin('chat', 'accept', site, String(v.chat), 'mia');
  admin('chat', 'say', site, String(v.chat), 'mia', 'How can I help?');
  const first = await http(`${C}/transcript-mail`, json({ ...base, email: addr }));
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.queued, true);
  const other = await http(`${C}/transcript-mail`, json({ ...base, email: `victim-${v.chat}@example.org` }));
  assert.equal(other.status, 409);
  assert.equal(other.json.error.code, 'other_address');
  assert.equal((await http(`${C}/transcript-mail`, json({ ...base, email: addr }))).status, 200);
  assert.equal((await http(`${C}/transcript-mail`, json({ ...base, email: addr }))).status, 200);
  const fourth = await http(`${C}/transcript-mail`, json({ ...base, email: addr }));
  assert.equal(fourth.status, 429);
  assert.equal(fourth.json.error.code, 'too_many_mails');
  // Sent outside the request, by the chat daemon's sender.
  const { readdirSync } = await import('node:fs');
  let found;
  for (let i = 0; i < 100 && !found; i += 1) {
    found = readdirSync(`${maildir}/new`).map((f) => readFileSync(`${maildir}/new/${f}`, 'utf8')).find((m) => m.includes(addr));
    if (!found) await sleep(100);
  }
  assert.ok(found, 'the queued mail reached the smarthost');
  const body = Buffer.from(found.split(/\r?\n\r?\n/, 2)[1].replace(/\s+/g, ''), 'base64').toString('utf8');
  assert.match(body, /^This is an automatic copy of your chat/);
  let pending = '3';
  for (let i = 0; i < 100 && pending !== '0'; i += 1) {
    pending = sql(`SELECT COUNT(*) FROM mail_outbox WHERE chat_id = ${v.chat} AND sent_at IS NULL`).trim();
    if (pending !== '0') await sleep(100);
  }
  assert.equal(pending, '0', 'all three were sent');
  assert.equal(sql(`SELECT COUNT(*) FROM mail_outbox WHERE chat_id = ${v.chat} AND body <> ''`).trim(), '0',
    'nothing of a sent mail is kept but its envelope');
  const none = sql(`SELECT COUNT(*) FROM mail_outbox WHERE rcpt LIKE 'victim-%'`).trim();
  assert.equal(none, '0');
});

test('a chat holds a bounded number of messages and files; a site a bounded number of bytes', async (t) => {
  const maxMessages = confLimit('chat_max_messages');
  const maxFiles = confLimit('chat_max_files');
  const quotaMb = confLimit('site_quota_mb');
  if (!maxMessages || !maxFiles || !quotaMb) { t.skip('no caps configured'); return; }
  const site = makeSite();
  admin('settings', 'visitors', site, '--uploads-waiting', '1');
  const start = async () => (await http(`${C}/start`, json({ site, dept: 'A', direct: 1 }))).json;
  const upload = (v, n, bytes) => http(`${C}/upload?site=${site}&chat=${v.chat}&client_id=u${n}&name=f${n}.txt`,
    tok(v.token, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.alloc(bytes, 'z') }));
  // Messages: the chat is (nearly) full; a resend of a stored message still gets its answer.
  const v = await start();
  const base = { site, chat: v.chat, token: v.token };
  assert.equal((await http(`${C}/send`, json({ ...base, client_id: 'first', text: 'one' }))).status, 201);
  sql(`UPDATE chats SET last_seq = ${maxMessages - 1} WHERE id = ${v.chat}`);
  assert.equal((await http(`${C}/send`, json({ ...base, client_id: 'last', text: 'fits' }))).status, 201);
  const full = await http(`${C}/send`, json({ ...base, client_id: 'over', text: 'does not' }));
  assert.equal(full.status, 413, full.text);
  assert.equal(full.json.error.code, 'chat_full');
  assert.equal((await http(`${C}/send`, json({ ...base, client_id: 'first', text: 'one' }))).status, 200);
  // Files per chat.
  const w = await start();
  for (let n = 0; n < maxFiles; n += 1) assert.equal((await upload(w, n, 1000)).status, 201);
  const tooMany = await upload(w, maxFiles, 1000);
  assert.equal(tooMany.status, 413);
  assert.equal(tooMany.json.error.code, 'chat_full');
  // The site's quota, over several chats.
  const big = Math.floor((quotaMb * 1024 * 1024) / 3) + 1;
  const x = await start();
  const y = await start();
  assert.equal((await upload(x, 'a', big)).status, 201);
  assert.equal((await upload(y, 'b', big)).status, 201);
  const over = await upload(x, 'c', big);
  assert.equal(over.status, 413, over.text);
  assert.equal(over.json.error.code, 'site_quota');
  const id = sql(`SELECT id FROM sites WHERE customer = ${Number(site.split('-')[0])} AND instance = ${Number(site.split('-')[1])}`).trim();
  assert.equal(sql(`SELECT COUNT(*) FROM chat_files WHERE site_id = ${id} AND size = ${big}`).trim(), '2', 'the refused file is not stored');
});

test('waiting chats nobody takes close by themselves and tell the visitor to leave a message', async () => {
  const minutes = confLimit('waiting_timeout_min') ?? 10;
  const site = makeSite();
  const v = (await http(`${C}/start`, json({ site, dept: 'A', direct: 1 }))).json;
  const fresh = (await http(`${C}/start`, json({ site, dept: 'A', direct: 1 }))).json;
  sql(`UPDATE chats SET created_at = NOW() - INTERVAL ${minutes + 1} MINUTE WHERE id = ${v.chat}`);
  admin('chats', 'expire');
  const p = await http(`${C}/poll?site=${site}&chat=${v.chat}&after=0&wait=0`, tok(v.token));
  assert.equal(p.json.status, 'closed');
  assert.match(p.json.messages.at(-1).text, /leave us a message/);
  const q = await http(`${C}/poll?site=${site}&chat=${fresh.chat}&after=0&wait=0`, tok(fresh.token));
  assert.equal(q.json.status, 'waiting', 'a chat that waits a short while stays');
});

// A start from a chosen loopback address (the server keeps it anonymised).
function startFrom(site, from) {
  return new Promise((resolve, reject) => {
    const u = new URL(`${BASE}/${C}/start`);
    const body = JSON.stringify({ site, dept: 'A', direct: 1 });
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', localAddress: from,
      agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('a queue flood of 205 older waiting chats does not hide the newest visitor', async () => {
  const site = makeSite();
  addOperator(site, 'ula', ['--name', 'Ula']);
  const r = await login(site, 'ula');
  const auth = { Cookie: r.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': r.json.csrf };
  const first = (await http(`${C}/start`, json({ site, dept: 'A', direct: 1 }))).json;
  // 205 waiting chats from minutes ago (faster than 205 starts past the limits).
  sql(`INSERT INTO chats (site_id, dept, token_hash, query_data, visitor_data, created_at)
    SELECT c.site_id, c.dept, SHA2(CONCAT('flood-', c.id, '-', s.seq), 256), '', '',
           CURRENT_TIMESTAMP(3) - INTERVAL (300 + s.seq) SECOND
    FROM chats c JOIN seq_1_to_205 s WHERE c.id = ${first.chat}`);
  const real = await startFrom(site, '127.0.7.1');
  const p = (await http(`${O}/poll?wait=0`, { headers: auth })).json;
  assert.equal(p.queue_total, 207);
  assert.equal(p.queue.length, 200, 'the newest 200');
  assert.ok(p.queue.some((x) => x.chat === real.chat), 'the real visitor is in the queue');
  assert.ok(p.queue.some((x) => x.chat === first.chat));
  const waits = p.queue.map((x) => x.waiting_s);
  assert.deepEqual(waits, [...waits].sort((a, b) => b - a), 'oldest first among them');
});

test('an operator closes a flood of waiting chats from one network at once; the poll says how many wait', async () => {
  const site = makeSite();
  addOperator(site, 'nina', ['--name', 'Nina']);
  const r = await login(site, 'nina');
  const auth = { Cookie: r.headers.get('set-cookie').split(';')[0], 'X-CSRF-Token': r.json.csrf };
  const flood = [];
  for (let i = 0; i < 5; i += 1) flood.push(await startFrom(site, '127.0.9.1'));
  const real = await startFrom(site, '127.0.8.1');
  const poll = async () => (await http(`${O}/poll?wait=0`, { headers: auth })).json;
  assert.equal((await poll()).queue_total, 6);
  const c = await http(`${O}/close-similar`, json({ chat: flood[2].chat }, auth));
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.closed, 5);
  const after = await poll();
  assert.equal(after.queue_total, 1);
  assert.deepEqual(after.queue.map((x) => x.chat), [real.chat], 'the real visitor is still there');
  const gone = await http(`${C}/poll?site=${site}&chat=${flood[0].chat}&after=0&wait=0`, tok(flood[0].token));
  assert.equal(gone.json.status, 'closed');
});

test('tokens travel only as headers or in POST bodies, and the access log keeps neither query strings nor addresses', async () => {
  const site = makeSite();
  const v = (await http(`${C}/start`, json({ site, dept: 'A', direct: 1 }))).json;
  const p = await http(`${C}/poll?site=${site}&chat=${v.chat}&after=0&wait=0`, tok(v.token));
  assert.equal(p.status, 200, p.text);
  // A valid token in the URL is refused, on every route, before anything else.
  for (const path of [`poll?site=${site}&chat=${v.chat}&wait=0`, `file?site=${site}&chat=${v.chat}&file=1`,
    `transcript?site=${site}&chat=${v.chat}`, `upload?site=${site}&chat=${v.chat}&client_id=u&name=a.txt`]) {
    const r = await http(`${C}/${path}&token=${v.token}`, path.startsWith('upload')
      ? { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: 'x' } : {});
    assert.equal(r.status, 400, path);
    assert.deepEqual([r.json.error.code, r.json.error.field], ['secret_in_url', 'token'], path);
  }
  const hist = await http(`${C}/history?site=${site}&visitor_token=${v.visitor_token}`);
  assert.deepEqual([hist.status, hist.json.error.code], [400, 'secret_in_url']);
  // In a POST body it is fine; in the body and the header at once it is not.
  const body = await http(`${C}/typing`, json({ site, chat: v.chat, token: v.token, typing: 1 }));
  assert.equal(body.status, 200, body.text);
  const both = await http(`${C}/typing`, tok(v.token, json({ site, chat: v.chat, token: v.token, typing: 0 })));
  assert.equal(both.status, 400);
  const pre = await http(`${C}/poll`, { method: 'OPTIONS', headers: { Origin: 'https://shop.example',
    'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-plauder-token' } });
  assert.match(pre.headers.get('access-control-allow-headers') ?? '', /X-Plauder-Token/i);
  const ROOT = process.env.PLAUDER_ROOT ?? new URL('../..', import.meta.url).pathname;
  const VAR = process.env.PLAUDER_VAR ?? `${ROOT}/var`;
  await http(`${C}/poll?site=${site}&chat=${v.chat}&after=0&wait=0`, tok(v.token));
  await sleep(200);
  const log = readFileSync(`${VAR}/log/apache-${MODE}-access.log`, 'utf8');
  assert.ok(log.includes('/cgi-bin/chat/poll'), 'the request is logged');
  assert.ok(!log.includes(v.token), 'no token in the access log');
  assert.ok(!/127\.0\.0\.1/.test(log), 'no client address in the access log');
});

test('visitors send files only once an operator took the chat, unless the site allows it', async () => {
  const site = makeSite();
  addOperator(site, 'otto', ['--name', 'Otto']);
  const v = (await http(`${C}/start`, json({ site, dept: 'A', direct: 1 }))).json;
  const up = (n) => http(`${C}/upload?site=${site}&chat=${v.chat}&client_id=u${n}&name=a.txt`,
    { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'X-Plauder-Token': v.token }, body: 'hello' });
  const early = await up(1);
  assert.equal(early.status, 409, early.text);
  assert.equal(early.json.error.code, 'not_accepted');
  admin('chat', 'accept', site, String(v.chat), 'otto');
  assert.equal((await up(2)).status, 201);
  const open = makeSite();
  admin('settings', 'visitors', open, '--uploads-waiting', '1');
  const w = (await http(`${C}/start`, json({ site: open, dept: 'A', direct: 1 }))).json;
  const r = await http(`${C}/upload?site=${open}&chat=${w.chat}&client_id=u1&name=a.txt`,
    { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'X-Plauder-Token': w.token }, body: 'hello' });
  assert.equal(r.status, 201, 'a site that allows files while waiting');
});

test('page addresses are kept as origin and path, unless the site keeps query strings', async () => {
  const page = 'https://shop.example/checkout?session=s3cr3t&email=a%40b.example#pay';
  const site = makeSite();
  const v = (await http(`${C}/start`, json({ site, dept: 'A', direct: 1, page }))).json;
  assert.equal(sql(`SELECT page_url FROM chats WHERE id = ${v.chat}`).trim(), 'https://shop.example/checkout');
  await http(`${C}/data`, json({ site, chat: v.chat, token: v.token, page: `${page}2` }));
  assert.equal(sql(`SELECT page_url FROM chats WHERE id = ${v.chat}`).trim(), 'https://shop.example/checkout');
  const keeps = makeSite();
  admin('settings', 'visitors', keeps, '--keep-page-query', '1');
  const w = (await http(`${C}/start`, json({ site: keeps, dept: 'A', direct: 1, page }))).json;
  assert.equal(sql(`SELECT page_url FROM chats WHERE id = ${w.chat}`).trim(), page);
});
