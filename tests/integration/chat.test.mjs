// Visitor chat over real HTTP: consent, idempotent sends, long-poll wake-up,
// tokens and site isolation, uploads, escaping, and a database outage in the
// middle of a chat.
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { http, tok, vtok, admin, sql, stack, until, freshSite, MODE } from './lib.mjs';

const C = 'cgi-bin/chat';

function form(obj) {
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(obj).toString() };
}
function json(obj) {
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(obj) };
}

// A site with a consent text, a required question and one operator online.
function makeSite({ consent = true } = {}) {
  const site = freshSite();
  admin('site', 'create', site);
  admin('dept', 'add', site, 'A', '--name', 'en=Support');
  admin('operator', 'add', site, 'op', '--name', 'Olga', '--dept', 'A');
  if (consent) admin('texts', 'set', site, 'en', '--consent-text', 'I agree to the storage of this chat.');
  admin('field', 'set', site, 'en', 'name', '--label', 'Name', '--sort', '1');
  admin('field', 'set', site, 'en', 'email', '--label', 'E-mail', '--type', 'email', '--sort', '2');
  admin('field', 'set', site, 'en', 'question', '--label', 'Question', '--type', 'textarea', '--required', '--sort', '3');
  admin('presence', 'set', site, 'op', 'online');
  return site;
}

// The version of the consent text makeSite() sets (its SHA-256), as a page shows it.
const CONSENT_VERSION = createHash('sha256').update('I agree to the storage of this chat.').digest('hex');

async function start(site, extra = {}) {
  const r = await http(`${C}/start`, json({ site, lang: 'en', consent: 1, consent_version: CONSENT_VERSION, from: 'TestApp',
    fields: { name: 'Vera', question: 'Hello?' }, ...extra }));
  assert.equal(r.status, 201, r.text);
  return r.json;
}

const poll = (site, s, q = '') => http(`${C}/poll?site=${site}&chat=${s.chat}${q}`, tok(s.token));

test('config lists fields, consent and privacy for the start window', async () => {
  const site = makeSite();
  admin('settings', 'set', site, '--privacy', 'link', '--privacy-in-chat', '1');
  admin('texts', 'set', site, 'de', '--privacy-url', 'https://shop.example/datenschutz',
    '--consent-text', 'Ich willige ein.');
  const en = await http(`${C}/config?site=${site}&lang=en`);
  assert.equal(en.status, 200);
  assert.equal(en.headers.get('access-control-allow-origin'), '*');
  assert.equal(en.json.consent.required, true);
  assert.equal(en.json.consent.version.length, 64);
  assert.deepEqual(en.json.fields.map((f) => [f.key, f.type, f.required]),
    [['name', 'text', false], ['email', 'email', false], ['question', 'textarea', true]]);
  const de = await http(`${C}/config?site=${site}&lang=de`);
  assert.equal(de.json.privacy.mode, 'link');
  assert.equal(de.json.privacy.url, 'https://shop.example/datenschutz');
  assert.equal(de.json.privacy.link_in_chat, true);
  assert.equal(de.json.consent.text, 'Ich willige ein.');
  assert.equal((await http(`${C}/config?site=${site}&dept=Z`)).status, 404);
  assert.equal((await http(`${C}/config?site=999999-998`)).status, 404);
});

test('a chat cannot start without consent; an accepted start records it', async () => {
  const site = makeSite();
  const no = await http(`${C}/start`, json({ site, lang: 'en', fields: { question: 'Hi' } }));
  assert.equal(no.status, 400);
  assert.equal(no.json.error.field, 'consent');
  const zero = await http(`${C}/start`, json({ site, lang: 'en', consent: 0, fields: { question: 'Hi' } }));
  assert.equal(zero.status, 400);
  const missing = await http(`${C}/start`, json({ site, lang: 'en', consent: 1 }));
  assert.equal(missing.status, 400);
  assert.equal(missing.json.error.field, 'f_question');
  const s = await start(site);
  assert.match(s.token, /^[0-9a-f]{48}$/);
  assert.equal(s.online, true);
  const [c, i] = site.split('-');
  const rows = sql(`SELECT co.lang, co.text_sha256, ct.text FROM consents co
    JOIN sites si ON si.id = co.site_id JOIN consent_texts ct ON ct.site_id = co.site_id AND ct.sha256 = co.text_sha256
    WHERE si.customer = ${Number(c)} AND si.instance = ${Number(i)} AND co.chat_id = ${s.chat}`).trim();
  const [lang, sha, text] = rows.split('\t');
  assert.equal(lang, 'en');
  assert.equal(sha.length, 64);
  assert.equal(text, 'I agree to the storage of this chat.');
  // A site without consent text starts without it; direct=1 skips the form.
  const free = makeSite({ consent: false });
  const d = await http(`${C}/start`, json({ site: free, direct: 1 }));
  assert.equal(d.status, 201, d.text);
});

test('a resent client_id is stored once and answered with the stored message', async () => {
  const site = makeSite();
  const s = await start(site);
  const body = { site, chat: s.chat, token: s.token, client_id: 'm-1', text: 'only once' };
  const a = await http(`${C}/send`, form(body));
  const b = await http(`${C}/send`, form(body));
  const c = await http(`${C}/send`, json({ ...body, text: 'changed on resend' }));
  assert.equal(a.status, 201);
  assert.equal(b.status, 200);
  assert.equal(c.status, 200);
  assert.equal(a.json.message.seq, b.json.message.seq);
  assert.equal(c.json.message.text, 'only once');
  const p = await poll(site, s, '&after=0&wait=0');
  assert.deepEqual(p.json.messages.map((m) => m.text), ['Hello?', 'only once']);
  assert.deepEqual(p.json.messages.map((m) => m.seq), [1, 2]);
});

test('a poll returns as soon as the operator writes (long-poll, or short poll under CGI)', async () => {
  const site = makeSite();
  const s = await start(site);
  const first = await poll(site, s, '&after=0&wait=0');
  const { last_seq, version } = first.json;
  const t0 = Date.now();
  const pending = poll(site, s, `&after=${last_seq}&version=${version}&wait=20`);
  setTimeout(() => { admin('chat', 'accept', site, String(s.chat), 'op'); admin('chat', 'say', site, String(s.chat), 'op', 'Hi, Olga here'); }, 700);
  let r = await pending;
  assert.equal(r.status, 200);
  if (MODE === 'cgi') {
    assert.equal(r.json.retry_ms, 2000, 'CGI asks for short polling');
    r = await until(async () => {
      const x = await poll(site, s, `&after=${last_seq}&wait=0`);
      return x.json.messages.some((m) => m.from === 'operator') && x;
    });
  } else {
    const elapsed = Date.now() - t0;
    assert.ok(elapsed < 10000, `held poll woke after ${elapsed} ms, not at the 20 s timeout`);
    if (!r.json.messages.some((m) => m.from === 'operator')) {
      r = await poll(site, s, `&after=${last_seq}&version=${r.json.version}&wait=10`);
    }
  }
  const op = r.json.messages.find((m) => m.from === 'operator');
  assert.ok(op, 'operator message arrived');
  assert.equal(op.text, 'Hi, Olga here');
  assert.equal(op.name, 'Olga');
  assert.equal(r.json.status, 'active');
});

test('typing, sleep and close change the state the other side sees', async () => {
  const site = makeSite();
  const s = await start(site);
  const base = { site, chat: s.chat, token: s.token };
  const t = await http(`${C}/typing`, form({ ...base, typing: 1 }));
  assert.equal(t.status, 200);
  assert.ok(t.json.version > s.version);
  const sl = await http(`${C}/sleep`, form({ ...base, sleep: 1 }));
  assert.equal(sl.status, 200);
  assert.equal((await poll(site, s, '&wait=0')).json.visitor_sleeping, true);
  await http(`${C}/sleep`, form({ ...base, sleep: 0 }));
  assert.equal((await poll(site, s, '&wait=0')).json.visitor_sleeping, false);
  admin('chat', 'typing', site, String(s.chat), '1');
  assert.equal((await poll(site, s, '&wait=0')).json.operator_typing, true);
  const d = await http(`${C}/data`, json({ ...base, name: 'Vera V.', page: 'https://shop.example/cart', data: { cart: '2 items', total: 49.5 } }));
  assert.equal(d.status, 200, d.text);
  const cl = await http(`${C}/close`, form(base));
  assert.equal(cl.status, 200);
  const after = await poll(site, s, '&wait=0');
  assert.equal(after.json.status, 'closed');
  const late = await http(`${C}/send`, form({ ...base, client_id: 'late', text: 'too late' }));
  assert.equal(late.status, 409);
});

test('wrong, missing or foreign tokens and other sites\' chats are all 404', async () => {
  const site = makeSite();
  const other = makeSite();
  const s = await start(site);
  const o = await start(other);
  const wrong = 'f'.repeat(48);
  assert.equal((await http(`${C}/poll?site=${site}&chat=${s.chat}`, tok(wrong))).status, 404);
  assert.equal((await http(`${C}/poll?site=${site}&chat=${s.chat}`)).status, 400);
  assert.equal((await http(`${C}/poll?site=${site}&chat=${o.chat}`, tok(o.token))).status, 404,
    'a chat of another site with its own valid token');
  assert.equal((await http(`${C}/poll?site=${other}&chat=${s.chat}`, tok(s.token))).status, 404);
  assert.equal((await http(`${C}/poll?site=${site}&chat=99999999`, tok(s.token))).status, 404);
  for (const path of ['send', 'typing', 'sleep', 'close']) {
    const r = await http(`${C}/${path}`, form({ site, chat: o.chat, token: o.token, client_id: 'x', text: 'x', typing: 1, sleep: 1 }));
    assert.equal(r.status, 404, path);
  }
  const same = await http(`${C}/poll?site=${site}&chat=${s.chat}`, tok(wrong));
  const none = await http(`${C}/poll?site=${site}&chat=99999999`, tok(wrong));
  assert.deepEqual([same.json.error.code, same.json.error.message], [none.json.error.code, none.json.error.message]);
});

test('uploads: checked on content, size-limited, served back only with the token', async () => {
  const site = makeSite();
  admin('settings', 'visitors', site, '--uploads-waiting', '1');
  const s = await start(site);
  const q = `site=${site}&chat=${s.chat}`;
  const tk = (opts) => tok(s.token, opts);
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d2a1d90000000049454e44ae426082', 'hex');
  const up = await http(`${C}/upload?${q}&client_id=f1&name=${encodeURIComponent('"><img src=x onerror=alert(1)>.png')}`,
    tk({ method: 'POST', body: png, headers: { 'Content-Type': 'application/octet-stream' } }));
  assert.equal(up.status, 201, up.text);
  const f = up.json.message.file;
  assert.equal(f.type, 'image/png');
  assert.equal(f.name, '"><img src=x onerror=alert(1)>.png', 'the name comes back as data');
  const again = await http(`${C}/upload?${q}&client_id=f1&name=x.png`, tk({ method: 'POST', body: png }));
  assert.equal(again.status, 200, 'a resent upload is not stored twice');
  assert.equal(again.json.message.file.id, f.id);
  const get = await fetch(`${process.env.PLAUDER_BASE}/${C}/file?${q}&file=${f.id}`, tk());
  assert.equal(get.status, 200);
  assert.equal(get.headers.get('content-type'), 'image/png');
  assert.equal(get.headers.get('x-content-type-options'), 'nosniff');
  assert.match(get.headers.get('content-disposition'), /^inline; filename="[^"<>]*"; filename\*=UTF-8''/);
  assert.deepEqual(Buffer.from(await get.arrayBuffer()), png);
  assert.equal((await http(`${C}/file?site=${site}&chat=${s.chat}&file=${f.id}`, tok('0'.repeat(48)))).status, 404);
  const other = await start(site);
  assert.equal((await http(`${C}/file?site=${site}&chat=${other.chat}&file=${f.id}`, tok(other.token))).status, 404,
    'a file of another chat');

  const elf = Buffer.concat([Buffer.from('7f454c46020101', 'hex'), Buffer.alloc(64)]);
  const bad = await http(`${C}/upload?${q}&client_id=f2&name=cat.png`, tk({ method: 'POST', body: elf }));
  assert.equal(bad.status, 415);
  const html = await http(`${C}/upload?${q}&client_id=f3&name=cat.png`, tk({ method: 'POST', body: '<html><script>alert(1)</script>' }));
  assert.equal(html.status, 415, 'text disguised as an image');
  const big = await http(`${C}/upload?${q}&client_id=f4&name=big.txt`, tk({ method: 'POST', body: Buffer.alloc(6 * 1024 * 1024, 0x61) }));
  assert.equal(big.status, 413);
  const txt = await http(`${C}/upload?${q}&client_id=f5&name=notes.txt`, tk({ method: 'POST', body: '<script>alert(1)</script>' }));
  assert.equal(txt.status, 201);
  const t = await fetch(`${process.env.PLAUDER_BASE}/${C}/file?${q}&file=${txt.json.message.file.id}`, tk());
  assert.match(t.headers.get('content-type'), /^text\/plain/);
  assert.match(t.headers.get('content-disposition'), /^attachment/);
});

test('script payloads come back as inert data, escaped in the HTML transcript', async () => {
  const site = makeSite();
  const payload = '<script>alert("x")</script><img src=x onerror=alert(1)>';
  const s = await start(site, { fields: { name: payload, question: payload } });
  await http(`${C}/send`, form({ site, chat: s.chat, token: s.token, client_id: 'x1', text: payload }));
  const p = await poll(site, s, '&wait=0');
  assert.match(p.headers.get('content-type'), /^application\/json/);
  assert.ok(p.json.messages.every((m) => m.text === payload));
  const html = await http(`${C}/transcript?site=${site}&chat=${s.chat}&format=html`, tok(s.token));
  assert.equal(html.status, 200);
  assert.match(html.headers.get('content-type'), /^text\/html/);
  assert.match(html.headers.get('content-security-policy'), /default-src 'none'/);
  assert.ok(!html.text.includes('<script>alert'), 'no live script in the transcript');
  assert.ok(html.text.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  const txt = await http(`${C}/transcript?site=${site}&chat=${s.chat}`, tok(s.token));
  assert.match(txt.headers.get('content-type'), /^text\/plain/);
  assert.match(txt.headers.get('content-disposition'), /attachment; filename="chat-\d+\.txt"/);
});

test('a returning visitor reads earlier chats with the visitor token, nobody else does', async () => {
  const site = makeSite();
  const a = await start(site);
  const b = await start(site, { visitor_token: a.visitor_token, fields: { question: 'Second visit' } });
  assert.equal(b.visitor_token, a.visitor_token);
  const h = await http(`${C}/history?site=${site}`, vtok(a.visitor_token));
  assert.equal(h.status, 200);
  assert.deepEqual(h.json.chats.map((c) => c.chat).sort(), [a.chat, b.chat].sort());
  const one = await http(`${C}/history-chat?site=${site}&chat=${a.chat}`, vtok(a.visitor_token));
  assert.equal(one.status, 200);
  assert.equal(one.json.messages[0].text, 'Hello?');
  const stranger = await start(site);
  assert.equal((await http(`${C}/history-chat?site=${site}&chat=${a.chat}`, vtok(stranger.visitor_token))).status, 404);
  assert.deepEqual((await http(`${C}/history?site=${site}`, vtok('a'.repeat(48)))).json.chats, []);
});

test('malformed chat requests get a 4xx JSON error', async () => {
  const site = makeSite();
  const s = await start(site);
  const base = { site, chat: s.chat, token: s.token };
  const cases = [
    [`${C}/send`, form({ ...base, client_id: 'bad id!', text: 'x' }), 400, 'client_id'],
    [`${C}/send`, form({ ...base, client_id: 'a', text: '' }), 400, 'text'],
    [`${C}/send`, form({ ...base, client_id: 'a', text: 'x'.repeat(4001) }), 400, 'text'],
    [`${C}/send`, form({ ...base, client_id: 'a', text: 'bell\u0007' }), 400, 'text'],
    [`${C}/send`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"site":' }, 400, null],
    [`${C}/send`, { method: 'POST', headers: { 'Content-Type': 'text/xml' }, body: '<a/>' }, 415, null],
    [`${C}/poll?site=${site}&chat=${s.chat}&wait=99`, tok(s.token), 400, 'wait'],
    [`${C}/poll?site=${site}&chat=abc`, tok(s.token), 400, 'chat'],
    [`${C}/poll?site=${site}&chat=${s.chat}&token=${s.token}`, {}, 400, 'token'],
    [`${C}/history?site=${site}&visitor_token=${s.visitor_token}`, {}, 400, 'visitor_token'],
    [`${C}/start`, json({ site, consent: 1, fields: { question: 'q', email: 'not-an-address' } }), 400, 'f_email'],
    [`${C}/nope`, {}, 404, null],
    [`${C}/send?${new URLSearchParams(base)}&client_id=a&text=x`, {}, 405, null],
  ];
  for (const [path, opts, status, field] of cases) {
    const r = await http(path, opts);
    assert.equal(r.status, status, `${path}: ${r.text}`);
    assert.ok(r.json?.error?.code, `${path}: JSON error`);
    if (field) assert.equal(r.json.error.field, field, path);
  }
});

test('database stopped mid-chat → 503; resends after recovery arrive exactly once', async () => {
  const site = makeSite();
  const s = await start(site);
  const base = { site, chat: s.chat, token: s.token };
  const pending = ['r-1', 'r-2', 'r-3'];
  stack('db', 'stop');
  try {
    const r = await http(`${C}/send`, form({ ...base, client_id: 'r-1', text: 'during outage' }));
    assert.equal(r.status, 503, r.text);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    const p = await http(`${C}/poll?site=${site}&chat=${s.chat}&wait=0`, tok(s.token));
    assert.equal(p.status, 503);
  } finally {
    stack('db', 'start');
  }
  // The client resends everything unacknowledged, some twice, until answered.
  const acked = new Map();
  const ok = await until(async () => {
    for (const id of pending) {
      const r = await http(`${C}/send`, form({ ...base, client_id: id, text: `msg ${id}` }));
      if (r.status === 200 || r.status === 201) acked.set(id, r.json.message.seq);
    }
    return acked.size === pending.length;
  }, { timeout: 15000, every: 300 });
  assert.ok(ok, 'all messages acknowledged after recovery');
  for (const id of pending) await http(`${C}/send`, form({ ...base, client_id: id, text: `msg ${id}` }));
  const p = await poll(site, s, '&wait=0');
  const texts = p.json.messages.map((m) => m.text).filter((t) => t.startsWith('msg '));
  assert.deepEqual(texts, ['msg r-1', 'msg r-2', 'msg r-3']);
});

test('the transcript is e-mailed through the smarthost, with no header injection', async (t) => {
  const maildir = process.env.PLAUDER_MAILDIR;
  if (!maildir) { t.skip('no SMTP sink (run through ./stack test)'); return; }
  const { readdirSync, readFileSync } = await import('node:fs');
  const site = makeSite();
  const s = await start(site);
  const base = { site, chat: s.chat, token: s.token };
  await http(`${C}/send`, form({ ...base, client_id: 'mail-1', text: 'Grüße & <b>thanks</b>' }));
  // Transcripts are mailed once an operator answered (no open relay).
  admin('chat', 'accept', site, String(s.chat), 'op');
  admin('chat', 'say', site, String(s.chat), 'op', 'Hello from Olga');
  const bad = await http(`${C}/transcript-mail`, form({ ...base, email: 'a@b.example\r\nBcc: evil@x.example' }));
  assert.equal(bad.status, 400);
  const addr = `visitor-${s.chat}@example.org`;
  const r = await http(`${C}/transcript-mail`, form({ ...base, email: addr }));
  assert.equal(r.status, 200, r.text);
  const found = await until(() => {
    const files = readdirSync(`${maildir}/new`);
    return files.map((f) => readFileSync(`${maildir}/new/${f}`, 'utf8')).find((m) => m.includes(addr));
  }, { timeout: 5000 });
  assert.ok(found, 'the message reached the smarthost');
  const [head, body] = found.split(/\r?\n\r?\n/, 2);
  assert.match(head, /^Subject: Chat transcript \d+$/m);
  assert.match(head, /^Content-Transfer-Encoding: base64$/m);
  assert.doesNotMatch(head, /^Bcc:/mi);
  const text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  assert.ok(text.includes('Grüße & <b>thanks</b>'), text);
  assert.ok(text.includes('Hello?'));
});
