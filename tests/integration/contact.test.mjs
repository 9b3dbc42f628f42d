// The contact form over real HTTP with the real MariaDB and a real SMTP
// server (aiosmtpd on loopback, writing a Maildir): stored before it is
// acknowledged, idempotent by client id, validated per field, mailed
// with the right fields and encoding and no injected header, delivered
// exactly once after the smarthost comes back; rate limit, honeypot and
// fill time; a chat nobody took becomes a request; the console lists,
// reads, marks and answers requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { http, admin, sql, sleep, until, freshSite, adminSite, adminSession, MODE } from './lib.mjs';

const F = 'cgi-bin/contactform';
const C = 'cgi-bin/chat';
const MAILDIR = process.env.PLAUDER_MAILDIR;
const ADMIN = process.env.PLAUDER_ADMIN;
const json = (obj) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(obj) });
const cid = () => randomBytes(12).toString('hex');
const CONSENT = 'I agree that my message is stored to answer it.';
const CONSENT_VERSION = createHash('sha256').update(CONSENT).digest('hex');

// A site with a contact address, department A and its operator (offline).
function makeSite({ consent = false, fields = false } = {}) {
  const site = freshSite();
  admin('site', 'create', site, '--name', 'Shop Übersee');
  admin('dept', 'add', site, 'A', '--name', 'en=Support');
  admin('operator', 'add', site, 'op', '--name', 'Olga', '--dept', 'A');
  admin('settings', 'set', site, '--contact-email', `owner-${site}@shop.example`);
  if (consent) admin('texts', 'set', site, 'en', '--consent-text', CONSENT);
  if (fields) {
    admin('field', 'set', site, 'en', 'name', '--label', 'Your name', '--required', '--sort', '1', '--form', 'contact');
    admin('field', 'set', site, 'en', 'email', '--label', 'Mail', '--type', 'email', '--required', '--sort', '2', '--form', 'contact');
    admin('field', 'set', site, 'en', 'topic', '--label', 'Topic', '--type', 'select', '--option', 'Order', '--option', 'Other', '--sort', '3', '--form', 'contact');
    admin('field', 'set', site, 'en', 'message', '--label', 'What can we do?', '--type', 'textarea', '--required', '--sort', '4', '--form', 'contact');
  }
  return site;
}

// The form, and a submit no sooner than its minimum fill time allows.
async function getForm(site, extra = '') {
  const r = await http(`${F}/form?site=${site}&lang=en${extra}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}
async function ready(site) {
  const f = await getForm(site);
  await sleep(f.min_seconds * 1000 + 100);
  return f;
}
const submit = (site, f, body) => http(`${F}/submit`, json({ site, lang: 'en', form_token: f.form_token, client_id: cid(), ...body }));
const count = (where) => Number(sql(`SELECT COUNT(*) FROM contact_requests WHERE ${where}`).trim());

// The mails the sink holds that contain marker, decoded: {head, text, html}.
function mails(marker) {
  return readdirSync(`${MAILDIR}/new`).map((f) => readFileSync(`${MAILDIR}/new/${f}`, 'utf8'))
    .map(decode).filter((m) => m.raw.includes(marker) || m.text.includes(marker));
}
function decode(raw) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const b64 = (s) => Buffer.from(s.replace(/\s+/g, ''), 'base64').toString('utf8');
  const boundary = /boundary="([^"]+)"/.exec(head);
  if (!boundary) return { raw, head, text: b64(body), html: '' };
  const parts = body.split(`--${boundary[1]}`).slice(1, -1).map((p) => {
    const [h, ...b] = p.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    return { h, b: b64(b.join('')) };
  });
  return { raw, head, text: parts.find((p) => /text\/plain/.test(p.h))?.b ?? '',
    html: parts.find((p) => /text\/html/.test(p.h))?.b ?? '' };
}
const header = (m, name) => new RegExp(`^${name}: (.*)$`, 'mi').exec(m.head)?.[1];

test('the form: built-in fields, or the admin\'s, with privacy, consent and a fill-time token', async () => {
  const plain = await getForm(makeSite());
  assert.deepEqual(plain.fields.map((f) => [f.key, f.type, f.required, f.label]),
    [['name', 'text', false, ''], ['email', 'email', true, ''], ['message', 'textarea', true, '']]);
  assert.equal(plain.online, false);
  assert.equal(plain.copy, true);
  assert.match(plain.form_token, /^\d+-[0-9a-f]{64}$/);
  assert.ok(plain.min_seconds >= 1);
  assert.equal(plain.consent.required, false);
  const site = makeSite({ consent: true, fields: true });
  const f = await getForm(site);
  assert.deepEqual(f.fields.map((x) => x.key), ['name', 'email', 'topic', 'message']);
  assert.deepEqual(f.fields[2].options, ['Order', 'Other']);
  assert.deepEqual([f.consent.required, f.consent.text, f.consent.version], [true, CONSENT, CONSENT_VERSION]);
  assert.equal((await http(`${F}/form?site=${site}&dept=Z`)).status, 404);
  assert.equal((await http(`${F}/form?site=999999-9`)).status, 404);
  assert.equal((await http(`${F}/form`)).status, 400);
});

test('a request is stored once, acknowledged after the commit, and mailed with Reply-To and a copy', async (t) => {
  const site = makeSite();
  const f = await ready(site);
  const id = cid();
  const name = `Zoë ${id.slice(0, 6)}`;
  const body = { client_id: id, copy: 1, page: 'https://shop.example/kontakt',
    fields: { name, email: `zoe-${id}@example.org`, message: 'Grüße!\nLine two <b>bold</b> & more' } };
  const r = await submit(site, f, body);
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json, { status: 'received', copy: true });
  const again = await submit(site, f, body);
  assert.equal(again.status, 200, 'a resend is answered like the first');
  assert.equal(count(`client_id = '${id}'`), 1, 'and stores nothing twice');
  const row = sql(`SELECT name, email, status, lang, page, summary, copy_requested, addr FROM contact_requests WHERE client_id = '${id}'`).trim().split('\t');
  assert.deepEqual(row.slice(0, 7), [name, `zoe-${id}@example.org`, 'new', 'en', 'https://shop.example/kontakt',
    'Grüße! Line two <b>bold</b> & more', '1']);
  assert.match(row[7], /^127\.0\.0\.0$|^::/, 'the address is stored anonymised');
  if (!MAILDIR) { t.skip('no SMTP sink'); return; }
  const got = await until(() => { const m = mails(`zoe-${id}@example.org`); return m.length >= 2 && m; }, { timeout: 10000 });
  assert.ok(got, 'both mails reached the smarthost');
  const site_mail = got.find((m) => header(m, 'To') === `owner-${site}@shop.example`);
  const copy = got.find((m) => header(m, 'To') === `zoe-${id}@example.org`);
  assert.ok(site_mail && copy, got.map((m) => m.head).join('\n---\n'));
  assert.equal(header(site_mail, 'Reply-To'), `zoe-${id}@example.org`);
  assert.match(header(site_mail, 'Subject'), /^=\?UTF-8\?B\?/i, 'a non-ASCII subject is encoded');
  assert.ok(site_mail.text.includes('Grüße!\nLine two <b>bold</b> & more'), site_mail.text);
  assert.ok(site_mail.text.includes(name) && site_mail.text.includes('https://shop.example/kontakt'));
  assert.ok(site_mail.html.includes('&lt;b&gt;bold&lt;/b&gt; &amp; more'), 'the HTML part is escaped');
  assert.doesNotMatch(site_mail.html, /<b>bold/);
  assert.equal(header(copy, 'Reply-To'), `owner-${site}@shop.example`);
  assert.ok(copy.text.includes('Grüße!'));
  assert.equal(mails(`zoe-${id}@example.org`).length, 2, 'the resend mailed nothing');
});

test('per-field errors: required, e-mail syntax, lengths, options, consent and its version', async () => {
  const site = makeSite({ consent: true, fields: true });
  const f = await ready(site);
  const good = { name: 'Ann', email: 'ann@example.org', topic: 'Order', message: 'Hi' };
  const ok = { consent: 1, consent_version: CONSENT_VERSION };
  for (const [body, status, field] of [
    [{ ...ok, fields: { ...good, name: '' } }, 400, 'f_name'],
    [{ ...ok, fields: { ...good, email: 'not-an-address' } }, 400, 'f_email'],
    [{ ...ok, fields: { ...good, topic: 'Pizza' } }, 400, 'f_topic'],
    [{ ...ok, fields: { ...good, message: 'x'.repeat(4001) } }, 400, 'f_message'],
    [{ ...ok, fields: { ...good, name: 'A\u0007B' } }, 400, 'f_name'],
    [{ fields: good }, 400, 'consent'],
    [{ consent: 1, consent_version: 'f'.repeat(64), fields: good }, 409, 'consent_version'],
    [{ ...ok, fields: good, client_id: 'short' }, 400, 'client_id'],
    [{ ...ok, fields: good, form_token: `${Math.floor(Date.now() / 1000) - 60}-${'0'.repeat(64)}` }, 400, 'form_token'],
  ]) {
    const r = await submit(site, f, body);
    assert.equal(r.status, status, `${field}: ${r.text}`);
    assert.equal(r.json.error.field, field, r.text);
  }
  assert.equal(count(`site_id = (SELECT id FROM sites WHERE CONCAT(customer, '-', instance) = '${site}')`), 0, 'nothing stored');
  const r = await submit(site, f, { ...ok, fields: good });
  assert.equal(r.status, 201, r.text);
  const consent = sql(`SELECT consent_sha256, consent_at IS NOT NULL FROM contact_requests r JOIN sites s ON s.id = r.site_id
    WHERE CONCAT(s.customer, '-', s.instance) = '${site}'`).trim().split('\t');
  assert.deepEqual(consent, [CONSENT_VERSION, '1'], 'the consent record: when and which text');
  // Another site's token is no good here.
  const other = await ready(makeSite());
  const x = await submit(site, other, { ...ok, fields: good });
  assert.equal(x.status, 400);
  assert.equal(x.json.error.field, 'form_token');
});

test('header injection: CR/LF in any field adds no header and sends no second mail', async (t) => {
  const site = makeSite();
  const f = await ready(site);
  const id = cid();
  const evil = `x${id}@example.org\r\nBcc: evil@attacker.example`;
  for (const fields of [{ name: `N\r\nBcc: evil@attacker.example`, email: `a${id}@example.org`, message: 'm' },
    { name: 'N', email: evil, message: 'm' }]) {
    const r = await submit(site, f, { fields });
    assert.equal(r.status, 400, r.text);
  }
  // A message may hold lines; they stay in the (encoded) body.
  const r = await submit(site, f, { client_id: id, copy: 1, fields: { name: `Eve ${id}`, email: `eve-${id}@example.org`,
    message: 'hi\r\n.\r\nMAIL FROM:<x@y>\r\nBcc: evil@attacker.example\r\n\r\nSubject: pwned' } });
  assert.equal(r.status, 201, r.text);
  if (!MAILDIR) { t.skip('no SMTP sink'); return; }
  const got = await until(() => { const m = mails(`eve-${id}@example.org`); return m.length >= 2 && m; }, { timeout: 10000 });
  assert.ok(got);
  for (const m of got) {
    assert.doesNotMatch(m.head, /^Bcc:/mi);
    assert.doesNotMatch(m.head, /pwned/);
  }
  assert.ok(!readdirSync(`${MAILDIR}/new`).some((n) => readFileSync(`${MAILDIR}/new/${n}`, 'utf8').includes('To: evil@attacker.example')));
});

test('bots: the honeypot stores nothing, a too-fast form is told when to resend, a flood gets 429', async () => {
  const site = makeSite();
  const f = await getForm(site);
  const fast = await submit(site, f, { fields: { email: 'a@example.org', message: 'm' } });
  assert.equal(fast.status, 400);
  assert.equal(fast.json.error.code, 'too_fast');
  assert.ok(fast.json.error.retry_after >= 1, fast.text);
  assert.ok(Number(fast.headers.get('retry-after')) >= 1);
  await sleep(f.min_seconds * 1000 + 100);
  const id = cid();
  const pot = await submit(site, f, { client_id: id, website: 'http://spam.example', fields: { email: 'a@example.org', message: 'm' } });
  assert.equal(pot.status, 201, 'a bot is told what a person would be');
  assert.equal(count(`client_id = '${id}'`), 0, 'but nothing is stored');
  let limited = null;
  for (let i = 0; i < 60 && !limited; i++) {
    const r = await submit(site, f, { fields: { email: 'a@example.org', message: `m${i}` } });
    if (r.status === 429) limited = r;
    else assert.equal(r.status, 201, r.text);
  }
  assert.ok(limited, 'the per-address limit answers 429');
  assert.ok(Number(limited.headers.get('retry-after')) > 0);
  assert.equal(limited.json.error.code, 'rate_limited');
});

test('with the smarthost down the visitor still gets success, and the retry job delivers exactly once', async (t) => {
  if (!MAILDIR || !process.env.PLAUDER_SMTP_PORT) { t.skip('no SMTP sink'); return; }
  const port = process.env.PLAUDER_SMTP_PORT;
  // The sink by its command line (a pid file may name a process long gone, its pid reused).
  const sink = `aiosmtpd -n -l 127.0.0.1:${port}`;
  const site = makeSite();
  const f = await ready(site);
  const id = cid();
  execFileSync('pkill', ['-f', sink]);
  await until(async () => {
    try { await fetch(`http://127.0.0.1:${port}/`); return false; } catch { return true; }
  });
  try {
    const r = await submit(site, f, { client_id: id, fields: { name: `Down ${id}`, email: `down-${id}@example.org`, message: 'still here?' } });
    assert.equal(r.status, 201, 'the answer does not depend on the mail server');
    const rid = sql(`SELECT id FROM contact_requests WHERE client_id = '${id}'`).trim();
    // The cron job (and the daemon, where one runs) tries and fails; the mail stays queued.
    execFileSync(ADMIN.replace(/plauder-admin$/, 'plauder-mail'), { encoding: 'utf8', env: process.env });
    const state = sql(`SELECT sent_at IS NULL, failed, attempts > 0, last_error <> '' FROM mail_outbox WHERE contact_id = ${rid} AND kind = 'contact'`).trim();
    assert.equal(state, '1\t0\t1\t1', 'unsent, kept for a retry, the failure recorded');
    assert.ok(Number(sql(`SELECT COUNT(*) FROM mail_attempts a JOIN mail_outbox o ON o.id = a.outbox_id WHERE o.contact_id = ${rid} AND a.ok = 0`).trim()) >= 1);
  } finally {
    const p = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'aiosmtpd.handlers.Mailbox', MAILDIR],
      { detached: true, stdio: 'ignore' });
    p.unref();
    await until(async () => {
      try { execFileSync('python3', ['-c', `import socket; socket.create_connection(("127.0.0.1", ${port}), 1)`]); return true; } catch { return false; }
    });
  }
  const rid = sql(`SELECT id FROM contact_requests WHERE client_id = '${id}'`).trim();
  // The back-off pause is over (time passes here by decree), and the job runs again, twice.
  sql(`UPDATE mail_outbox SET next_at = CURRENT_TIMESTAMP WHERE contact_id = ${rid}`);
  const mail = ADMIN.replace(/plauder-admin$/, 'plauder-mail');
  execFileSync(mail, { env: process.env });
  execFileSync(mail, { env: process.env });
  const got = await until(() => mails(`down-${id}@example.org`).length > 0, { timeout: 10000 });
  assert.ok(got, 'delivered once the smarthost is back');
  await sleep(1500);
  assert.equal(mails(`down-${id}@example.org`).length, 1, 'exactly once');
  assert.equal(sql(`SELECT sent_at IS NOT NULL FROM mail_outbox WHERE contact_id = ${rid} AND kind = 'contact'`).trim(), '1');
  assert.ok(Number(sql(`SELECT COUNT(*) FROM mail_attempts a JOIN mail_outbox o ON o.id = a.outbox_id WHERE o.contact_id = ${rid} AND a.ok = 1`).trim()) === 1);
});

test('no dead-end chats: chat/start with nobody online answers 409 offline', async () => {
  const site = makeSite();
  const r = await http(`${C}/start`, json({ site, dept: 'A', direct: 1 }));
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'offline');
  const cfg = await http(`${C}/config?site=${site}`);
  assert.equal(typeof cfg.json.waiting_timeout, 'number');
});

test('a waiting chat nobody took becomes a request with its messages; a taken one does not', async () => {
  const site = makeSite();
  admin('presence', 'set', site, 'op', 'online');
  const start = async (fields) => {
    const r = await http(`${C}/start`, json({ site, dept: 'A', lang: 'en', direct: 1, ...(fields ? { fields } : {}) }));
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const v = await start();
  await http(`${C}/send`, json({ site, chat: v.chat, token: v.token, client_id: 'm1', text: 'Is anybody there?' }));
  admin('presence', 'set', site, 'op', 'offline');
  const id = cid();
  const body = { site, chat: v.chat, client_id: id, email: `wait-${id}@example.org`, name: 'Wanda', message: 'Please call back.' };
  const noToken = await http(`${F}/from-chat`, json({ ...body, token: 'f'.repeat(48) }));
  assert.equal(noToken.status, 404, 'the chat id alone is not enough');
  const r = await http(`${F}/from-chat`, { ...json(body), headers: { 'Content-Type': 'application/json', 'X-Plauder-Token': v.token } });
  assert.equal(r.status, 201, r.text);
  const again = await http(`${F}/from-chat`, { ...json({ ...body, client_id: cid() }), headers: { 'Content-Type': 'application/json', 'X-Plauder-Token': v.token } });
  assert.equal(again.status, 200, 'handed over once');
  const fields = JSON.parse(sql(`SELECT fields FROM contact_requests WHERE client_id = '${id}'`).trim());
  assert.deepEqual(fields.map((x) => x.key), ['name', 'email', 'message', 'chat']);
  assert.match(fields[3].value, /Wanda: Is anybody there\?/);
  assert.equal(sql(`SELECT chat_id FROM contact_requests WHERE client_id = '${id}'`).trim(), String(v.chat));
  const poll = await http(`${C}/poll?site=${site}&chat=${v.chat}&wait=0`, { headers: { 'X-Plauder-Token': v.token } });
  assert.equal(poll.json.status, 'closed', poll.text);
  assert.ok(poll.json.messages.some((m) => m.from === 'system' && /e-mail/.test(m.text)));
  // A chat an operator took stays a chat.
  admin('presence', 'set', site, 'op', 'online');
  const w = await start({});
  admin('chat', 'accept', site, String(w.chat), 'op');
  const taken = await http(`${F}/from-chat`, { ...json({ site, chat: w.chat, client_id: cid(), email: 'x@example.org' }),
    headers: { 'Content-Type': 'application/json', 'X-Plauder-Token': w.token } });
  assert.equal(taken.status, 409);
  assert.equal(taken.json.error.code, 'chat_taken');
  // Without an address, none from the start form either: 400 f_email.
  const u = await start();
  const noMail = await http(`${F}/from-chat`, { ...json({ site, chat: u.chat, client_id: cid() }),
    headers: { 'Content-Type': 'application/json', 'X-Plauder-Token': u.token } });
  assert.equal(noMail.status, 400);
  assert.equal(noMail.json.error.field, 'f_email');
});

test('the console lists, reads, marks and answers requests by mail; only its own site\'s', async (t) => {
  const site = adminSite();
  admin('settings', 'set', site, '--contact-email', `desk-${site}@shop.example`);
  const f = await ready(site);
  const id = cid();
  const r = await submit(site, f, { client_id: id, fields: { name: 'Rita', email: `rita-${id}@example.org`, message: 'Where is my parcel?' } });
  assert.equal(r.status, 201);
  await submit(site, f, { fields: { email: `nobody-${id}@example.org`, message: 'Second' } });
  const olga = await adminSession(site, 'olga');
  const list = await olga.opGet(`contacts`);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.new, 2);
  assert.deepEqual(list.json.requests.map((x) => x.summary), ['Second', 'Where is my parcel?']);
  const rita = list.json.requests[1];
  assert.deepEqual([rita.name, rita.email, rita.status, rita.chat], ['Rita', `rita-${id}@example.org`, 'new', null]);
  assert.ok(['queued', 'sent'].includes(rita.mail));
  const one = await olga.opGet(`contact?id=${rita.id}`);
  assert.equal(one.status, 200, one.text);
  assert.deepEqual(one.json.fields.map((x) => [x.key, x.value]), [['name', 'Rita'], ['email', `rita-${id}@example.org`], ['message', 'Where is my parcel?']]);
  assert.equal(one.json.mails[0].kind, 'contact');
  assert.equal((await olga.opPost(`contact-status`, { id: rita.id, status: 'read' })).status, 200);
  assert.equal((await olga.opPost(`contact-status`, { id: rita.id, status: 'read' }, { withCsrf: false })).status, 403);
  assert.equal((await olga.opGet(`contacts?status=new`)).json.requests.length, 1);
  const reply = { id: rita.id, client_id: `reply-${id}`, text: `Your parcel ${id} left today.\nKind regards` };
  const sent = await olga.opPost(`contact-reply`, reply);
  assert.equal(sent.status, 201, sent.text);
  assert.equal((await olga.opPost(`contact-reply`, reply)).status, 200, 'a resent reply is one reply');
  const after = await olga.opGet(`contact?id=${rita.id}`);
  assert.equal(after.json.status, 'answered');
  assert.equal(after.json.replies.length, 1);
  assert.equal(after.json.replies[0].operator, 'OLGA');
  // Another site's operator sees none of it.
  const other = adminSite();
  const stranger = await adminSession(other, 'olga');
  assert.equal((await stranger.opGet(`contact?id=${rita.id}`)).status, 404);
  assert.equal((await stranger.opPost(`contact-status`, { id: rita.id, status: 'new' })).status, 404);
  assert.equal((await stranger.opGet(`contacts`)).json.requests.length, 0);
  // A request without an address cannot be answered by mail.
  const nobody = list.json.requests[0];
  sql(`UPDATE contact_requests SET email = '' WHERE id = ${nobody.id}`);
  const no = await olga.opPost(`contact-reply`, { id: nobody.id, client_id: cid(), text: 'x' });
  assert.equal(no.status, 409);
  assert.equal(no.json.error.code, 'no_email');
  // The admin sets the address, which must be one.
  const boss = await adminSession(site, 'boss');
  const bad = await boss.post('settings', { contact_email: 'desk at shop' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'contact_email');
  assert.equal((await boss.post('settings', { contact_email: `desk2-${site}@shop.example` })).status, 200);
  assert.equal((await boss.get('settings')).json.settings.contact_email, `desk2-${site}@shop.example`);
  if (!MAILDIR) { t.skip('no SMTP sink'); return; }
  const got = await until(() => { const m = mails(`rita-${id}@example.org`).filter((x) => x.text.includes(`Your parcel ${id}`)); return m.length && m; }, { timeout: 10000 });
  assert.ok(got, 'the reply reached the visitor');
  assert.equal(got.length, 1);
  assert.equal(header(got[0], 'Reply-To'), `desk-${site}@shop.example`);
  void MODE;
});
