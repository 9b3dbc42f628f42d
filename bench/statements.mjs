// bench/statements.mjs: how many statements (prepared executions and
// plain queries such as BEGIN/COMMIT) each request sends to MariaDB,
// read from MariaDB's general log. Run by bench/statements.
import { execFileSync } from 'node:child_process';

const BASE = process.env.BASE;
const SITE = process.env.SITE;
const CNF = process.env.DB_CNF;

function sql(q) {
  return execFileSync('mariadb', [`--defaults-file=${CNF}`, '-N', '-B', '-e', q], { encoding: 'utf8' }).trim();
}

// A chat's secret travels in a header, never in the URL (docs/API.md).
const tok = (token) => ({ headers: { 'X-Plauder-Token': token } });

async function call(path, { method = 'GET', body, headers = {} } = {}) {
  const opts = { method, headers: { ...headers } };
  if (body !== undefined) {
    opts.body = JSON.stringify(body);
    opts.headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(`${BASE}/${path}`, opts);
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, headers: res.headers };
}

// Statements of the application's connections during fn(), by kind.
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The log is written a little after the statements ran: pauses around the window.
async function count(fn) {
  await pause(300);
  sql("SET GLOBAL general_log = 'OFF'; TRUNCATE TABLE mysql.general_log; SET GLOBAL general_log = 'ON'");
  const r = await fn();
  await pause(300);
  sql("SET GLOBAL general_log = 'OFF'");
  const rows = sql("SELECT command_type, COUNT(*) FROM mysql.general_log WHERE user_host LIKE 'plauder[%'"
    + " AND command_type IN ('Execute', 'Query', 'Reset stmt')"
    // the long-poll watchers read chat_changes on their own connections, all the time
    + " AND thread_id NOT IN (SELECT thread_id FROM mysql.general_log"
    + "   WHERE argument LIKE '%FROM chat_changes WHERE id >%')"
    + ' GROUP BY command_type');
  const n = { Execute: 0, Query: 0, 'Reset stmt': 0 };
  for (const line of rows.split('\n').filter(Boolean)) {
    const [k, v] = line.split('\t');
    n[k] = Number(v);
  }
  return { r, n };
}

const table = [];
async function measure(name, make) {
  await make(); // warm: statements prepared on the connection, caches filled
  const { r, n } = await count(make);
  if (r.status >= 400) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.json)}`);
  table.push([name, n.Execute, n.Query, n.Execute + n.Query, n.Execute + n.Query + n['Reset stmt']]);
}

const op = await (async () => {
  const r = await call('cgi-bin/operator/login', { method: 'POST', body: { site: SITE, login: 'stmt', password: process.env.OP_PASSWORD } });
  if (r.status !== 200) throw new Error(`login: ${r.status}`);
  return { cookie: r.headers.get('set-cookie').split(';')[0], csrf: r.json.csrf };
})();
const auth = { Cookie: op.cookie, 'X-CSRF-Token': op.csrf };
const startChat = () => call('cgi-bin/chat/start', { method: 'POST', body: { site: SITE, direct: 1, lang: 'en', fields: { question: 'Hello?' } } });

let n = 0;
await measure('visitor start (with question)', startChat);
const v = (await startChat()).json;
const base = { site: SITE, chat: v.chat, token: v.token };
await measure('visitor send', () => call('cgi-bin/chat/send', { method: 'POST', body: { ...base, client_id: `c${n++}`, text: 'hi' } }));
await measure('visitor poll (answered at once)', () => call(`cgi-bin/chat/poll?site=${SITE}&chat=${v.chat}&after=0&wait=0`, tok(v.token)));
await measure('visitor typing', () => call('cgi-bin/chat/typing', { method: 'POST', body: { ...base, typing: 1 } }));
await measure('operator login', () => call('cgi-bin/operator/login', { method: 'POST', body: { site: SITE, login: 'stmt', password: process.env.OP_PASSWORD } }));
// accept needs a waiting chat each time
const waiting = [(await startChat()).json.chat, (await startChat()).json.chat];
let w = 0;
await measure('operator accept', () => call('cgi-bin/operator/accept', { method: 'POST', body: { chat: waiting[w++] }, headers: auth }));
await measure('operator send', () => call('cgi-bin/operator/send', { method: 'POST', body: { chat: waiting[0], client_id: `o${n++}`, text: 'hello' }, headers: auth }));
await measure('operator console poll', () => call('cgi-bin/operator/poll?wait=0', { headers: auth }));
// The contact form: the form, then a request (stored, its two mails queued,
// in one transaction), sent once the form's minimum fill time has passed.
await measure('contact form', () => call(`cgi-bin/contactform/form?site=${SITE}&lang=en`));
const form = (await call(`cgi-bin/contactform/form?site=${SITE}&lang=en`)).json;
await pause(form.min_seconds * 1000 + 100);
await measure('contact submit', () => call('cgi-bin/contactform/submit', { method: 'POST', body: {
  site: SITE, lang: 'en', form_token: form.form_token, client_id: `bench-contact-${n++}-0123456789`, copy: 1,
  fields: { name: 'Ann', email: 'ann@example.org', message: 'Please call me back.' } } }));

const width = Math.max(...table.map((t) => t[0].length));
console.log(`${'request'.padEnd(width)}  prepared  plain  statements  round trips`);
for (const [name, e, q, t, rt] of table) {
  console.log(`${name.padEnd(width)}  ${String(e).padStart(8)}  ${String(q).padStart(5)}  ${String(t).padStart(10)}  ${String(rt).padStart(11)}`);
}
console.log('RESULT ' + table.map(([name, , , t]) => `${name.replace(/ \(.*\)/, '').replace(/ /g, '_')}=${t}`).join(' '));
