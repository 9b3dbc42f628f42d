// Faults and abuse at the edges of the request cycle: a crashed daemon
// comes back by itself, Apache's own answers for a backend that is down
// are the API's JSON error, slow clients hold neither the database pool
// nor Apache, and a hung database gives fast failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { http, admin, stack, until, sleep, freshSite, BASE, MODE } from './lib.mjs';

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
