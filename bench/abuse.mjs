// bench/abuse.mjs: the clients of bench/abuse, one role per process so that
// the attacker's work in Node never delays the victim's clock.
//
//   ROLE=setup     starts the chats both sides need, from many addresses
//                  (127.0.N.1), within the production start limits; writes
//                  them as JSON to CHATS_FILE.
//   ROLE=victim    from 127.0.0.1, every TICK_MS (100) one of chat/config,
//                  availability, a static file, a message (send; the victim's
//                  own held poll of that chat receives it), for SECONDS_RUN;
//                  plus a start from a fresh address every 2 s. Prints
//                  "RESULT {...}" with the latencies.
//   ROLE=attacker  from ATTACKER_ADDR (127.0.5.1), until SIGTERM: POLLS
//                  (1100) long-polls, one per chat of the pool, each renewed
//                  when answered (after POLL_RETRY_MS when refused); SLOW (16)
//                  request bodies trickling one byte every SLOW_BYTE_MS; a
//                  closed-loop flood of `start` with FLOOD (8) requests in
//                  flight. Writes READY_FILE once everything is open, prints
//                  "RESULT {...}" with the answers it got.
//
// All traffic goes through Apache (BASE = http://127.0.0.1:PORT/plauder).

import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';

const BASE = new URL(process.env.BASE);
const SITE = process.env.SITE;
const ROLE = process.env.ROLE;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

function pct(a, p) {
  if (a.length === 0) return null;
  const s = [...a].sort((x, y) => x - y);
  return Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(1));
}

const agents = new Map();
function agentFor(addr) {
  if (!agents.has(addr)) {
    agents.set(addr, new http.Agent({ keepAlive: true, maxSockets: Infinity, localAddress: addr }));
  }
  return agents.get(addr);
}

// One request from local address ADDR; resolves {status, json, headers, ms}
// (status 0 on a network error, with err set).
// A chat's secret travels in a header, never in the URL (docs/API.md).
const tok = (token) => ({ headers: { 'X-Plauder-Token': token } });

function call(addr, path, { method = 'GET', body, timeout = 60000, fresh = false, headers: extra = {} } = {}) {
  return new Promise((resolve) => {
    const t0 = now();
    const data = body !== undefined ? JSON.stringify(body) : undefined;
    const headers = data !== undefined
      ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data), ...extra } : { ...extra };
    const req = http.request({
      host: BASE.hostname, port: BASE.port, path: `${BASE.pathname}/${path}`, method, headers,
      localAddress: addr, agent: fresh ? false : agentFor(addr), timeout,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json = null;
        if ((res.headers['content-type'] ?? '').includes('json') && text) {
          try { json = JSON.parse(text); } catch { json = null; }
        }
        resolve({ status: res.statusCode, json, headers: res.headers, ms: now() - t0 });
      });
      res.on('error', (e) => resolve({ status: 0, err: e.code ?? e.message, ms: now() - t0 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, err: e.code ?? e.message, ms: now() - t0 }));
    if (data !== undefined) req.write(data);
    req.end();
  });
}

// ---- setup ------------------------------------------------------------------

async function setup() {
  const poolSites = process.env.POOL_SITES.split(',');
  const polls = Number(process.env.POLLS ?? 1100);
  const vchats = Number(process.env.VCHATS ?? 8);
  const perAddr = 10;	// limit_start_addr, the production default
  const jobs = [];
  // The pool: spread over the pool sites (300 starts a minute each at most),
  // ten starts per site from each address.
  for (let i = 0; i < polls; i += 1) {
    const site = poolSites[i % poolSites.length];
    const k = Math.floor(i / poolSites.length);
    jobs.push({ kind: 'pool', site, addr: `127.0.${10 + Math.floor(k / perAddr)}.1` });
  }
  for (let i = 0; i < vchats; i += 1) jobs.push({ kind: 'victim', site: SITE, addr: '127.0.250.1' });
  const out = { pool: [], victim: [] };
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const j = jobs[next];
      next += 1;
      const r = await call(j.addr, 'cgi-bin/chat/start', { method: 'POST', body: { site: j.site, direct: 1, from: `bench ${j.kind}` } });
      if (r.status !== 201) throw new Error(`setup start ${j.site} from ${j.addr}: ${r.status} ${r.err ?? JSON.stringify(r.json)}`);
      out[j.kind].push({ site: j.site, chat: r.json.chat, token: r.json.token, version: r.json.version, last_seq: r.json.last_seq });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  fs.writeFileSync(process.env.CHATS_FILE, JSON.stringify(out));
  console.log(`RESULT ${JSON.stringify({ pool: out.pool.length, victim: out.victim.length })}`);
}

// ---- victim -----------------------------------------------------------------

async function victim() {
  const ADDR = '127.0.0.1';
  const SECONDS = Number(process.env.SECONDS_RUN ?? 20);
  const TICK = Number(process.env.TICK_MS ?? 100);
  const PHASE = process.env.PHASE ?? 'idle';
  const chats = JSON.parse(fs.readFileSync(process.env.CHATS_FILE)).victim;
  const lat = { config: [], availability: [], static: [], delivery: [], send: [], start: [] };
  const errors = {};
  const err = (what) => { errors[what] = (errors[what] ?? 0) + 1; };
  const starts = { ok: 0, limited: 0, other: 0 };
  let running = true;

  // The victim's held polls, one per chat; a message is timed from its send's
  // acknowledgement to the poll answer that carries it.
  const acked = new Map();	// client_id -> time of the acknowledgement
  const arrived = new Map();	// client_id -> time the poll returned it
  const deliver = (id, t) => {
    const a = acked.get(id);
    if (a !== undefined) { lat.delivery.push(Math.max(0, t - a)); acked.delete(id); } else arrived.set(id, t);
  };
  let held = 0;
  const pollLoop = async (c) => {
    let after = c.after ?? c.last_seq;
    let version = c.version;
    while (running) {
      held += 1;
      const r = await call(ADDR, `cgi-bin/chat/poll?site=${c.site}&chat=${c.chat}&after=${after}&version=${version}&wait=25`, tok(c.token));
      held -= 1;
      const t = now();
      if (r.status !== 200 || !r.json) { if (running) err(`poll ${r.status || r.err}`); await sleep(200); continue; }
      version = r.json.version;
      for (const m of r.json.messages) {
        after = Math.max(after, m.seq);
        if (m.from === 'visitor' && m.client_id) deliver(m.client_id, t);
      }
      c.after = after;
      c.version = version;
    }
  };
  // Where the previous phase left the chats (seq and version).
  const stateFile = `${process.env.CHATS_FILE}.victim-state`;
  if (fs.existsSync(stateFile)) {
    const st = JSON.parse(fs.readFileSync(stateFile));
    chats.forEach((c, i) => Object.assign(c, st[i]));
  }
  const polls = chats.map((c) => pollLoop(c));
  // Warm-up, not timed: every program has started and has its connections.
  for (let i = 0; i < 5; i += 1) {
    await Promise.all([call(ADDR, `cgi-bin/chat/config?site=${SITE}&lang=en`),
      call(ADDR, `cgi-bin/availability?site=${SITE}`), call(ADDR, 'chat/index.html')]);
  }
  await sleep(1000);	// every poll held

  const kinds = ['config', 'availability', 'static', 'message'];
  const timed = (kind, p, ok) => p.then((r) => {
    lat[kind].push(r.ms);
    if (!ok(r.status)) err(`${kind} ${r.status || r.err}`);
    return r;
  });
  const inflight = [];
  const end = now() + SECONDS * 1000;
  let n = 0;
  let nextStart = now();
  let startN = 0;
  const phaseOctet = PHASE === 'idle' ? 1 : 2;
  for (let next = now(); next < end; next += TICK) {
    await sleep(Math.max(0, next - now()));
    const kind = kinds[n % kinds.length];
    const k = n;
    n += 1;
    if (kind === 'config') {
      inflight.push(timed('config', call(ADDR, `cgi-bin/chat/config?site=${SITE}&lang=en`), (s) => s === 200));
    } else if (kind === 'availability') {
      inflight.push(timed('availability', call(ADDR, `cgi-bin/availability?site=${SITE}`), (s) => s === 200));
    } else if (kind === 'static') {
      inflight.push(timed('static', call(ADDR, 'chat/index.html'), (s) => s === 200));
    } else {
      const c = chats[Math.floor(k / kinds.length) % chats.length];
      const id = `v-${PHASE}-${k}`;
      inflight.push(timed('send', call(ADDR, 'cgi-bin/chat/send', {
        method: 'POST', body: { site: c.site, chat: c.chat, token: c.token, client_id: id, text: `victim ${k}` },
      }), (s) => s === 201 || s === 200).then((r) => {
        if (r.status !== 201 && r.status !== 200) return;
        const t = now();
        if (arrived.has(id)) { lat.delivery.push(0); arrived.delete(id); } else acked.set(id, t);
      }));
    }
    // A new visitor, from an address of its own, every 2 s: can visitors
    // still start chats while the site is flooded?
    if (now() >= nextStart) {
      nextStart += 2000;
      startN += 1;
      const addr = `127.${phaseOctet}.${startN}.1`;
      inflight.push(timed('start', call(addr, 'cgi-bin/chat/start', {
        method: 'POST', body: { site: SITE, direct: 1, from: 'bench new visitor' }, fresh: true,
      }), (s) => s === 201).then((r) => {
        if (r.status === 201) starts.ok += 1; else if (r.status === 429) starts.limited += 1; else starts.other += 1;
      }));
    }
  }
  await Promise.all(inflight);
  // Deliveries still under way: wait up to 5 s, then count the rest lost
  // (timed as the 5 s they waited at least).
  const waitEnd = now() + 5000;
  while (acked.size > 0 && now() < waitEnd) await sleep(50);
  const lost = acked.size;
  for (const t of acked.values()) lat.delivery.push(now() - t);
  running = false;
  fs.writeFileSync(stateFile, JSON.stringify(chats.map((c) => ({ after: c.after, version: c.version }))));
  const stats = {};
  for (const [k, a] of Object.entries(lat)) stats[k] = { n: a.length, p50: pct(a, 50), p99: pct(a, 99), max: pct(a, 100) };
  const all = [...lat.config, ...lat.availability, ...lat.static, ...lat.delivery];
  console.log(`RESULT ${JSON.stringify({
    phase: PHASE, requests: n, stats, all: { n: all.length, p50: pct(all, 50), p99: pct(all, 99), max: pct(all, 100) },
    lost, errors, starts, held_polls: held,
  })}`);
  process.exit(0);
  await Promise.all(polls);
}

// ---- attacker ---------------------------------------------------------------

async function attacker() {
  const ADDR = process.env.ATTACKER_ADDR ?? '127.0.5.1';
  const POLLS = Number(process.env.POLLS ?? 1100);
  const SLOW = Number(process.env.SLOW ?? 16);
  const FLOOD = Number(process.env.FLOOD ?? 8);
  const POLL_RETRY_MS = Number(process.env.POLL_RETRY_MS ?? 1000);
  const SLOW_BYTE_MS = Number(process.env.SLOW_BYTE_MS ?? 1000);
  const pool = JSON.parse(fs.readFileSync(process.env.CHATS_FILE)).pool;
  let running = true;
  // Answers by part and status ("0:ECONNRESET" for network errors).
  const answers = { poll: {}, start: {}, slow: {} };
  const count = (part, s) => { answers[part][s] = (answers[part][s] ?? 0) + 1; };
  let open = 0;
  let openMax = 0;
  const t0 = now();

  const pollSlot = async (c) => {
    let after = c.last_seq;
    let version = c.version;
    while (running) {
      open += 1;
      openMax = Math.max(openMax, open);
      const r = await call(ADDR, `cgi-bin/chat/poll?site=${c.site}&chat=${c.chat}&after=${after}&version=${version}&wait=25`, tok(c.token));
      open -= 1;
      if (!running) break;
      count('poll', r.status || `0:${r.err}`);
      if (r.status === 200 && r.json) {
        version = r.json.version;
        for (const m of r.json.messages) after = Math.max(after, m.seq);
        continue;
      }
      await sleep(POLL_RETRY_MS);
    }
  };

  let floods = 0;
  const floodLoop = async (k) => {
    while (running) {
      const r = await call(ADDR, 'cgi-bin/chat/start', { method: 'POST', body: { site: SITE, direct: 1, from: `flood ${k}` } });
      if (!running) break;
      floods += 1;
      count('start', r.status || `0:${r.err}`);
      if (r.status === 0) await sleep(100);
    }
  };

  // A send whose body never arrives in full: headers at once, then one byte
  // every SLOW_BYTE_MS; a new one as soon as the server gives up on it.
  const slowHeld = [];
  const slowOne = (c) => new Promise((resolve) => {
    const body = JSON.stringify({ site: c.site, chat: c.chat, token: c.token, client_id: `slow-${Math.random()}`, text: 'x'.repeat(2000) });
    const sock = net.connect({ host: BASE.hostname, port: Number(BASE.port), localAddress: ADDR });
    const opened = now();
    let got = '';
    let sent = 0;
    let timer;
    let finished = false;
    sock.on('connect', () => {
      sock.write(`POST ${BASE.pathname}/cgi-bin/chat/send HTTP/1.1\r\nHost: ${BASE.host}\r\n`
        + `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
      timer = setInterval(() => {
        if (sent < body.length) { sock.write(body[sent]); sent += 1; }
      }, SLOW_BYTE_MS);
    });
    sock.on('data', (d) => { got += d.toString('latin1'); });
    const done = (e) => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      sock.destroy();
      if (!running) { resolve(); return; }
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
      count('slow', m ? Number(m[1]) : `0:${e?.code ?? 'closed without answer'}`);
      slowHeld.push((now() - opened) / 1000);
      resolve();
    };
    sock.on('error', done);
    sock.on('close', () => done());
    // An answer ends it; the server may keep the connection open after it.
    sock.on('data', () => { if (/\r\n\r\n/.test(got)) setTimeout(() => sock.destroy(), 100); });
  });
  let slowOpen = 0;
  const slowLoop = async (k) => {
    while (running) {
      slowOpen += 1;
      await slowOne(pool[k % pool.length]);
      slowOpen -= 1;
    }
  };

  const loops = [];
  for (let i = 0; i < POLLS; i += 1) loops.push(pollSlot(pool[i % pool.length]));
  for (let i = 0; i < SLOW; i += 1) loops.push(slowLoop(i));
  // Let the polls be held before the flood starts competing with them.
  await sleep(2000);
  for (let i = 0; i < FLOOD; i += 1) loops.push(floodLoop(i));
  await sleep(1000);
  const openAtReady = open;
  fs.writeFileSync(process.env.READY_FILE, String(open));

  const stop = () => {
    running = false;
    const ok = (part) => Object.entries(answers[part]).filter(([s]) => s >= 200 && s < 300).reduce((a, [, v]) => a + v, 0);
    const limited = (part) => Object.entries(answers[part]).filter(([s]) => ['429', '503', '408'].includes(s)).reduce((a, [, v]) => a + v, 0);
    const secs = (now() - t0) / 1000;
    console.log(`RESULT ${JSON.stringify({
      seconds: Number(secs.toFixed(1)), answers,
      ok: ok('poll') + ok('start') + ok('slow'), limited: limited('poll') + limited('start') + limited('slow'),
      polls_open_at_ready: openAtReady, polls_open_max: openMax, polls_open_end: open,
      start_per_s: Number((floods / Math.max(1, secs - 2)).toFixed(0)),
      slow_open_end: slowOpen, slow_held_s_p50: pct(slowHeld, 50), slow_held_s_max: pct(slowHeld, 100),
    })}`);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  await Promise.all(loops);
}

const roles = { setup, victim, attacker };
if (!roles[ROLE]) { console.error(`ROLE must be one of ${Object.keys(roles).join(', ')}`); process.exit(2); }
roles[ROLE]().catch((e) => { console.error(e); process.exit(1); });
