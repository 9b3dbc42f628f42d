// The promise under faults: while visitors send (with client ids, resending
// on every error) and upload, the chat daemon's worker, the operator
// daemon's worker, mariadbd and Apache (its parent, then all its
// processes) are killed with -9 in turn. Nothing acknowledged is lost or
// duplicated, order is kept, every part comes back by itself (the daemons'
// masters restart their workers; under ./stack a watchdog restarts
// mariadbd and Apache, as systemd's Restart= does on a server), no file is left
// without its message, no resent start makes a ghost chat, and every error
// answer on the way has the documented shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { http, tok, admin, sql, stack, until, sleep, freshSite, MODE, standby } from './lib.mjs';

const ROOT = process.env.PLAUDER_ROOT ?? new URL('../..', import.meta.url).pathname;
const VAR = process.env.PLAUDER_VAR ?? `${ROOT}/var`;
const C = 'cgi-bin/chat';
const CHATS = 6;
const PER_CHAT = 20;

function json(obj) {
  return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(obj) };
}
const pidOf = (name) => Number(readFileSync(`${VAR}/run/${name}`, 'utf8').trim());
function workerOf(master) {
  try {
    return Number(execFileSync('pgrep', ['-P', String(master)], { encoding: 'utf8' }).trim().split('\n')[0]);
  } catch {
    return 0;
  }
}

const errors = [];
// One request, resent after every failure until it is acknowledged.
async function acked(path, opts, ok = (r) => r.status === 200 || r.status === 201) {
  for (let i = 0; i < 400; i += 1) {
    let r;
    try {
      r = await http(path, { ...opts, signal: AbortSignal.timeout(5000) });
    } catch {
      await sleep(50);
      continue;
    }
    if (ok(r)) return r;
    errors.push({ status: r.status, json: r.json, retry: r.headers.get('retry-after'),
      cors: r.headers.get('access-control-allow-origin') });
    await sleep(r.status === 429 ? 1000 : 50);
  }
  throw new Error(`${path}: never acknowledged`);
}

test('kill -9 of the daemons and mariadbd while chats send: nothing lost, duplicated or left over', { skip: MODE === 'cgi' && 'the daemons run in fcgid mode' }, async () => {
  const site = freshSite();
  admin('site', 'create', site);
  admin('dept', 'add', site, 'A', '--name', 'en=Support');
  standby(site);
  admin('settings', 'visitors', site, '--uploads-waiting', '1');
  const chats = [];
  for (let i = 0; i < CHATS; i += 1) {
    const body = { site, dept: 'A', direct: 1, client_id: `start-${site}-${i}-resilience` };
    chats.push((await acked(`${C}/start`, json(body))).json);
  }
  const send = async (v, i) => {
    const base = { site, chat: v.chat, token: v.token };
    for (let n = 1; n <= PER_CHAT; n += 1) {
      await acked(`${C}/send`, json({ ...base, client_id: `c${i}-${n}`, text: `m${n}` }));
      if (n === PER_CHAT / 2) {
        const q = new URLSearchParams({ site, chat: v.chat, client_id: `f${i}`, name: `notes-${i}.txt` });
        await acked(`${C}/upload?${q}`, tok(v.token, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' },
          body: Buffer.alloc(64 * 1024, 'x') }));
      }
    }
  };
  const faults = (async () => {
    await sleep(300);
    process.kill(workerOf(pidOf('chat-daemon.pid')), 'SIGKILL');
    await sleep(600);
    process.kill(workerOf(pidOf('operator-daemon.pid')), 'SIGKILL');
    await sleep(600);
    process.kill(pidOf('mysqld.pid'), 'SIGKILL');
    await until(async () => (await http(`${C}/config?site=${site}`).catch(() => null))?.status === 200,
      { timeout: 30000, every: 100 });
    const httpd = Number(readFileSync(`${VAR}/apache-${MODE}/httpd.pid`, 'utf8').trim());
    process.kill(httpd, 'SIGKILL');
    await sleep(1500);
    const conf = `${VAR}/apache-${MODE}/httpd.conf`;
    for (const p of execFileSync('pgrep', ['-f', `^/usr/sbin/apache2 -f ${conf}`], { encoding: 'utf8' })
      .trim().split('\n').filter(Boolean).map(Number)) process.kill(p, 'SIGKILL');
  })();
  await Promise.all([faults, ...chats.map((v, i) => send(v, i))]);

  for (const [i, v] of chats.entries()) {
    const p = await acked(`${C}/poll?site=${site}&chat=${v.chat}&after=0&wait=0`, tok(v.token, {}));
    const texts = p.json.messages.filter((m) => !m.file).map((m) => m.text);
    assert.deepEqual(texts, Array.from({ length: PER_CHAT }, (_, n) => `m${n + 1}`), `chat ${i}: all, once, in order`);
    assert.equal(p.json.messages.filter((m) => m.file).length, 1, `chat ${i}: one file`);
    const seqs = p.json.messages.map((m) => m.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
  }
  const id = sql(`SELECT id FROM sites WHERE customer = ${Number(site.split('-')[0])} AND instance = ${Number(site.split('-')[1])}`).trim();
  assert.equal(sql(`SELECT COUNT(*) FROM chats WHERE site_id = ${id}`).trim(), String(CHATS), 'no ghost chats');
  assert.equal(sql(`SELECT COUNT(*) FROM chat_files f WHERE f.site_id = ${id} AND NOT EXISTS
    (SELECT 1 FROM messages m WHERE m.site_id = f.site_id AND m.file_id = f.id)`).trim(), '0', 'no orphan files');
  for (const e of errors) {
    assert.ok(e.json?.error?.code, `error ${e.status} is the JSON error: ${JSON.stringify(e)}`);
    assert.equal(e.cors, '*', `error ${e.status} carries CORS`);
    if (e.status === 503) assert.ok(Number(e.retry) > 0, '503 carries Retry-After');
  }
  const back = await until(async () => (await http(`${C}/config?site=${site}`)).status === 200, { timeout: 10000 });
  assert.ok(back, 'everything answers again');
});
