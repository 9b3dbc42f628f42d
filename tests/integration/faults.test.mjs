// Faults and abuse at the edges of the request cycle: a crashed daemon
// comes back by itself, Apache's own answers for a backend that is down
// are the API's JSON error, slow clients hold neither the database pool
// nor Apache, and a hung database gives fast failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { http, admin, stack, until, sleep, freshSite, BASE, MODE, standby } from './lib.mjs';

const ROOT = process.env.PLAUDER_ROOT ?? new URL('../..', import.meta.url).pathname;
const VAR = process.env.PLAUDER_VAR ?? `${ROOT}/var`;
const C = 'cgi-bin/chat';
const noDaemons = MODE === 'cgi' && 'no daemons under plain CGI';

const masterPid = (name) => Number(readFileSync(`${VAR}/run/${name}-daemon.pid`, 'utf8').trim());
function workerPids(master) {
  try {
    return execFileSync('pgrep', ['-P', String(master)], { encoding: 'utf8' })
      .trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function makeSite() {
  const site = freshSite();
  admin('site', 'create', site);
  admin('dept', 'add', site, 'A', '--name', 'en=Support');
  standby(site);
  return site;
}

test('a chat daemon killed with -9 is back by itself within 2 s', { skip: noDaemons }, async () => {
  const site = makeSite();
  assert.equal((await http(`${C}/config?site=${site}`)).status, 200);
  const master = masterPid('chat');
  const [worker] = workerPids(master);
  assert.ok(worker, 'the daemon is a master with a worker');
  process.kill(worker, 'SIGKILL');
  const t0 = Date.now();
  const back = await until(async () => (await http(`${C}/config?site=${site}`)).status === 200,
    { timeout: 10000, every: 20 });
  const took = Date.now() - t0;
  assert.ok(back, 'answers again without any manual step');
  assert.ok(took < 2000, `back after ${took} ms`);
  const [again] = workerPids(master);
  assert.ok(again && again !== worker, 'a new worker under the same master');
});

test('the operator daemon is supervised the same way', { skip: noDaemons }, async () => {
  const master = masterPid('operator');
  const [worker] = workerPids(master);
  assert.ok(worker, 'the daemon is a master with a worker');
  process.kill(worker, 'SIGKILL');
  const back = await until(() => workerPids(master).some((p) => p !== worker),
    { timeout: 5000, every: 20 });
  assert.ok(back, 'a new worker');
  // Any answer from the program itself (JSON with a request id) shows it serves again.
  const r = await until(async () => {
    const x = await http('cgi-bin/operator/session?site=1-1');
    return x.headers.get('x-request-id') && x;
  }, { timeout: 5000, every: 20 });
  assert.ok(r, 'the operator program answers again');
});

test('a daemon that is down: Apache answers the JSON error with Retry-After and CORS', { skip: noDaemons }, async () => {
  stack('daemon', 'stop', 'chat');
  try {
    for (const [path, opts] of [[`${C}/config?site=1-1`, {}],
      [`${C}/send`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'site=1-1' }]]) {
      const r = await http(path, opts);
      assert.equal(r.status, 503, path);
      assert.match(r.headers.get('content-type') ?? '', /^application\/json/, path);
      assert.equal(r.json?.error?.code, 'unavailable', r.text);
      assert.ok(Number(r.headers.get('retry-after')) > 0, 'Retry-After');
      assert.equal(r.headers.get('access-control-allow-origin'), '*');
      assert.match(r.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
      assert.equal(r.headers.get('cache-control'), 'no-store');
    }
  } finally {
    stack('daemon', 'start', 'chat');
  }
  assert.equal((await http(`${C}/config?site=1-1`)).status, 200);
});

test('Apache tells no version', async () => {
  const r = await http('');
  assert.equal(r.headers.get('server'), 'Apache');
});

// A raw HTTP connection to the Apache under test: what a slow client does.
const target = new URL(BASE);
function rawConnect() {
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(target.port || 80), target.hostname, () => resolve(s));
    s.on('error', reject);
  });
}
// Resolves with everything the server sent once it closes (or after ms).
function collect(sock, ms) {
  return new Promise((resolve) => {
    let data = '';
    const t0 = Date.now();
    const timer = setTimeout(() => resolve({ data, closed: false, ms: Date.now() - t0 }), ms);
    sock.on('data', (d) => { data += d; });
    sock.on('error', () => {});
    sock.on('close', () => { clearTimeout(timer); resolve({ data, closed: true, ms: Date.now() - t0 }); });
  });
}

test('slow request bodies hold no database connection: other requests answer at once', async () => {
  const site = makeSite();
  const slow = [];
  try {
    // More slow bodies than the daemon has pooled connections (16).
    for (let i = 0; i < 24; i++) {
      const s = await rawConnect();
      s.on('error', () => {});
      s.write(`POST ${target.pathname}/${C}/send HTTP/1.1\r\nHost: ${target.host}\r\n` +
        'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n' +
        `site=${site}&`);
      slow.push(s);
    }
    await sleep(300);
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      const r = await http(`${C}/config?site=${site}&lang=en&n=${i}`,
        { signal: AbortSignal.timeout(10000) });
      const took = Date.now() - t0;
      assert.equal(r.status, 200, r.text);
      assert.ok(took < 1500, `config took ${took} ms beside 24 slow bodies (${MODE})`);
    }
  } finally {
    for (const s of slow) s.destroy();
  }
});

test('a request body that trickles in is cut off with 408 after the read deadline', { skip: noDaemons }, async () => {
  const s = await rawConnect();
  const done = collect(s, 12000);
  s.write(`POST ${target.pathname}/${C}/send HTTP/1.1\r\nHost: ${target.host}\r\n` +
    'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000\r\nConnection: close\r\n\r\n');
  // 10 bytes every 200 ms: fast enough for Apache's MinRate window, far
  // too slow to finish within the daemon's read_timeout (3 s in tests).
  const drip = setInterval(() => { if (!s.destroyed) s.write('a=bbbbbbb&'); }, 200);
  const { data, ms } = await done;
  clearInterval(drip);
  s.destroy();
  assert.match(data, /^HTTP\/1\.1 408 /, data.slice(0, 200));
  assert.match(data, /"code":"request_timeout"/);
  assert.ok(ms < 9000, `answered after ${ms} ms`);
});

test('slowloris: a request whose headers never end is dropped within 20 s', async () => {
  const s = await rawConnect();
  const done = collect(s, 30000);
  s.write(`GET ${target.pathname}/ HTTP/1.1\r\nHost: ${target.host}\r\nX-Slow: 1\r\n`);
  const { closed, ms } = await done;
  s.destroy();
  assert.ok(closed, 'the server closed the connection');
  assert.ok(ms < 22000, `closed after ${ms} ms`);
});

test('a hung database: every request fails within about 2 s, however many wait', async () => {
  const site = makeSite();
  assert.equal((await http(`${C}/config?site=${site}`)).status, 200);
  const mysqld = Number(readFileSync(`${VAR}/run/mysqld.pid`, 'utf8').trim());
  // Plain CGI starts a process per request: fewer at once on two cores.
  const clients = MODE === 'cgi' ? 8 : 60;
  const timed = async (i) => {
    const t0 = Date.now();
    const r = await http(`${C}/config?site=${site}&lang=en&n=${i}`, { signal: AbortSignal.timeout(30000) });
    return { status: r.status, code: r.json?.error?.code, ms: Date.now() - t0 };
  };
  process.kill(mysqld, 'SIGSTOP');
  let first, second;
  try {
    first = await Promise.all(Array.from({ length: clients }, (_, i) => timed(i)));
    // Later arrivals while it still hangs (the circuit is open or probing).
    await sleep(1200);
    second = await Promise.all(Array.from({ length: clients }, (_, i) => timed(clients + i)));
  } finally {
    process.kill(mysqld, 'SIGCONT');
  }
  for (const [name, batch] of [['first', first], ['second', second]]) {
    const worst = Math.max(...batch.map((x) => x.ms));
    assert.ok(batch.every((x) => x.status === 503 && x.code === 'unavailable'),
      `${name}: ${JSON.stringify(batch.filter((x) => x.status !== 503))}`);
    assert.ok(worst < 3500, `${name} batch of ${clients}: slowest answer after ${worst} ms (${MODE})`);
  }
  const ok = await until(async () => (await http(`${C}/config?site=${site}&lang=de`)).status === 200,
    { timeout: 10000 });
  assert.ok(ok, 'answers again once the database runs');
});

// Alive and not a zombie (killed orphans wait for init to reap them).
function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
const stackOut = (...args) => execFileSync(`${ROOT}/stack`, args,
  { encoding: 'utf8', env: { ...process.env, PLAUDER_VAR: VAR } });

const serving = () => until(async () => {
  const x = await http('cgi-bin/availability?site=1-1').catch(() => null);
  return x?.status === 200 && x;
}, { timeout: 15000, every: 100 });

test('Apache whose parent was killed is back by itself: the watchdog clears the orphans and serves again', async () => {
  const name = MODE;	// ./stack test names its two Apaches after the mode
  const pidFile = `${VAR}/apache-${name}/httpd.pid`;
  const parent = Number(readFileSync(pidFile, 'utf8').trim());
  const children = execFileSync('pgrep', ['-P', String(parent)], { encoding: 'utf8' })
    .trim().split('\n').map(Number);
  process.kill(parent, 'SIGKILL');
  const t0 = Date.now();
  const back = await until(() => {
    try {
      const p = Number(readFileSync(pidFile, 'utf8').trim());
      return p !== parent && alive(p);
    } catch {
      return false;
    }
  }, { timeout: 15000, every: 50 });
  assert.ok(back, 'a new Apache parent, without any manual step');
  assert.ok(await serving(), 'serves again');
  assert.deepEqual(children.filter(alive), [], 'the orphans are gone');
  assert.match(stackOut('status'), new RegExp(`apache \\(${name}\\): running`));
  assert.ok(Date.now() - t0 < 15000);
});

test('every Apache process killed at once: back by itself', async () => {
  const conf = `${VAR}/apache-${MODE}/httpd.conf`;
  const all = execFileSync('pgrep', ['-f', `^/usr/sbin/apache2 -f ${conf}`], { encoding: 'utf8' })
    .trim().split('\n').map(Number);
  for (const p of all) process.kill(p, 'SIGKILL');
  assert.ok(await serving(), 'serves again, without any manual step');
});

test('mariadbd killed with -9 is back by itself; meanwhile the answers are 503 + Retry-After', async () => {
  const mysqld = Number(readFileSync(`${VAR}/run/mysqld.pid`, 'utf8').trim());
  process.kill(mysqld, 'SIGKILL');
  await until(() => !alive(mysqld), { timeout: 3000, every: 20 });
  const down = await http('cgi-bin/chat/config?site=1-1').catch(() => null);
  if (down && down.status !== 200) {
    assert.equal(down.status, 503);
    assert.ok(Number(down.headers.get('retry-after')) > 0);
  }
  const ok = await until(async () => (await http('cgi-bin/chat/config?site=1-1').catch(() => null))?.status === 200,
    { timeout: 30000, every: 200 });
  assert.ok(ok, 'answers again, without any manual step');
  assert.match(stackOut('status'), /mariadb: running/);
});
