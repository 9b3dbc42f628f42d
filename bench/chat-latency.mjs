// bench/chat-latency.mjs: the load client of bench/chat-latency.
//
// CHATS visitors start a chat each and hold a long-poll; OPERATORS operators
// (CHATS / OPERATORS chats each) log in, accept their chats and hold one
// console poll each. Then, for SECONDS seconds, messages go both ways at
// RATE messages/s in all. Delivery latency = from the moment the sender's
// request was answered (the message is committed) to the moment the
// receiver's poll returned it. All traffic goes through Apache.
//
// Prints figures and a JSON line "RESULT {...}" for the wrapper.

const BASE = process.env.BASE;
const SITE = process.env.SITE;
const CHATS = Number(process.env.CHATS ?? 1000);
const OPERATORS = Number(process.env.OPERATORS ?? 50);
const SECONDS = Number(process.env.SECONDS_RUN ?? 20);
const RATE = Number(process.env.RATE ?? 200);
const PASSWORD = process.env.OP_PASSWORD;

// Node's fetch keeps connections alive and opens as many as needed.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let running = true;
let heldNow = 0;
let heldMax = 0;
const errors = new Map();
const examples = new Map();
function err(kind, e) {
  errors.set(kind, (errors.get(kind) ?? 0) + 1);
  if (e && !examples.has(kind)) examples.set(kind, String(e.cause?.code ?? e.cause?.message ?? e.message));
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
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

// Pending deliveries: key -> the moment the sender's request left (what a
// user waits is from pressing send to seeing it on the other side; the
// acknowledgement may come before or after the delivery).
const pendingToOp = new Map();
const pendingToVisitor = new Map();
const latToOp = [];
const latToVisitor = [];
// Sends that were acknowledged (a delivery never seen of one is lost).
const ackedToOp = new Set();
const ackedToVisitor = new Set();

function pct(a, p) {
  if (a.length === 0) return NaN;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function visitorLoop(v) {
  let after = v.lastSeq;
  let version = 0;
  while (running) {
    heldNow += 1;
    heldMax = Math.max(heldMax, heldNow);
    let r;
    try {
      r = await call(`cgi-bin/chat/poll?site=${SITE}&chat=${v.chat}&after=${after}&version=${version}&wait=25`, tok(v.token));
    } catch (e) { err('visitor poll network', e); heldNow -= 1; await sleep(200); continue; }
    heldNow -= 1;
    const now = performance.now();
    if (r.status !== 200) { err(`visitor poll ${r.status}`); await sleep(200); continue; }
    version = r.json.version;
    for (const m of r.json.messages) {
      after = Math.max(after, m.seq);
      if (m.from === 'operator') {
        const key = `${v.chat}:${m.text}`;
        const t = pendingToVisitor.get(key);
        if (t !== undefined) { latToVisitor.push(now - t); pendingToVisitor.delete(key); ackedToVisitor.delete(key); }
      }
    }
  }
}

async function consoleLoop(op) {
  let cursor;
  const lastSeq = new Map(op.seqs);
  const seen = (chat, msgs, now) => {
    for (const msg of msgs) {
      if (msg.from !== 'visitor') continue;
      const key = `${chat}:${msg.text}`;
      const t = pendingToOp.get(key);
      if (t !== undefined) { latToOp.push(now - t); pendingToOp.delete(key); ackedToOp.delete(key); }
    }
  };
  while (running) {
    heldNow += 1;
    heldMax = Math.max(heldMax, heldNow);
    const seqs = [...lastSeq].map(([c, q]) => `${c}:${q}`).join(',');
    let r;
    try {
      r = await call(`cgi-bin/operator/poll?wait=25&seqs=${seqs}${cursor !== undefined ? `&cursor=${cursor}` : ''}`,
        { headers: { Cookie: op.cookie } });
    } catch (e) { err('console poll network', e); heldNow -= 1; await sleep(200); continue; }
    heldNow -= 1;
    if (r.status !== 200) { err(`console poll ${r.status}`); await sleep(200); continue; }
    const now = performance.now();
    cursor = r.json.cursor;
    const fetches = [];
    for (const c of r.json.chats) {
      const before = lastSeq.get(c.chat) ?? 0;
      if (c.last_seq <= before) continue;
      lastSeq.set(c.chat, c.last_seq);
      if (c.messages) { seen(c.chat, c.messages, now); continue; }
      fetches.push(call(`cgi-bin/operator/messages?chat=${c.chat}&after=${before}`, { headers: { Cookie: op.cookie } })
        .then((m) => seen(c.chat, m.json?.messages ?? [], performance.now()))
        .catch((e) => err('messages', e)));
    }
    await Promise.all(fetches);
  }
}

async function main() {
  const t0 = performance.now();
  // Operators log in and go online.
  const ops = [];
  for (let i = 0; i < OPERATORS; i += 1) {
    const r = await call('cgi-bin/operator/login', { method: 'POST', body: { site: SITE, login: `bench${i}`, password: PASSWORD } });
    if (r.status !== 200) throw new Error(`login bench${i}: ${r.status} ${JSON.stringify(r.json)}`);
    const op = { login: `bench${i}`, cookie: r.headers.get('set-cookie').split(';')[0], csrf: r.json.csrf, chats: [], seqs: new Map() };
    await call('cgi-bin/operator/presence', { method: 'POST', body: { status: 'online' }, headers: { Cookie: op.cookie, 'X-CSRF-Token': op.csrf } });
    ops.push(op);
  }
  // Visitors start chats (in batches), each operator accepts its share.
  const visitors = [];
  for (let i = 0; i < CHATS; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(CHATS, i + 50); j += 1) {
      batch.push(call('cgi-bin/chat/start', { method: 'POST', body: { site: SITE, direct: 1, from: 'bench' } }).then((r) => {
        if (r.status !== 201) throw new Error(`start: ${r.status} ${JSON.stringify(r.json)}`);
        return { chat: r.json.chat, token: r.json.token, lastSeq: 0, op: ops[j % OPERATORS] };
      }));
    }
    visitors.push(...await Promise.all(batch));
  }
  for (let i = 0; i < visitors.length; i += 50) {
    await Promise.all(visitors.slice(i, i + 50).map(async (v) => {
      const r = await call('cgi-bin/operator/accept', { method: 'POST', body: { chat: v.chat }, headers: { Cookie: v.op.cookie, 'X-CSRF-Token': v.op.csrf } });
      if (r.status !== 200) throw new Error(`accept: ${r.status}`);
      v.op.chats.push(v);
    }));
  }
  for (const v of visitors) {
    const r = await call(`cgi-bin/chat/poll?site=${SITE}&chat=${v.chat}&wait=0`, tok(v.token));
    v.lastSeq = r.json.last_seq;
    v.op.seqs.set(v.chat, r.json.last_seq);
  }
  const setupS = (performance.now() - t0) / 1000;

  // Console poll cost: an unheld poll of an operator with CHATS/OPERATORS chats.
  const cost = [];
  for (let i = 0; i < 30; i += 1) {
    const s = performance.now();
    await call('cgi-bin/operator/poll?wait=0', { headers: { Cookie: ops[i % ops.length].cookie } });
    cost.push(performance.now() - s);
  }

  const loops = [...visitors.map((v) => visitorLoop(v)), ...ops.map((o) => consoleLoop(o))];
  await sleep(1500);	// let every poll reach the server and be held
  const heldSettled = heldNow;

  // Messages both ways at RATE per second, spread evenly.
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  const sends = [];
  while (performance.now() < end) {
    const v = visitors[Math.floor(Math.random() * visitors.length)];
    const toOp = n % 2 === 0;
    const text = `m${n}`;
    const id = `b${n}`;
    n += 1;
    const key = `${v.chat}:${text}`;
    (toOp ? pendingToOp : pendingToVisitor).set(key, performance.now());
    sends.push((async () => {
      // As the real clients do: resend with the same client_id until answered.
      for (let attempt = 0; attempt < 5; attempt += 1) {
        try {
          const r = toOp
            ? await call('cgi-bin/chat/send', { method: 'POST', body: { site: SITE, chat: v.chat, token: v.token, client_id: id, text } })
            : await call('cgi-bin/operator/send', { method: 'POST', body: { chat: v.chat, client_id: id, text }, headers: { Cookie: v.op.cookie, 'X-CSRF-Token': v.op.csrf } });
          if (r.status !== 201 && r.status !== 200) {
            err(`send ${r.status}`);
            (toOp ? pendingToOp : pendingToVisitor).delete(key);
            return;
          }
          // Still pending: acknowledged but not delivered yet.
          if ((toOp ? pendingToOp : pendingToVisitor).has(key)) (toOp ? ackedToOp : ackedToVisitor).add(key);
          return;
        } catch (e) { err('send network (resent)', e); }
      }
    })());
    await sleep(1000 / RATE);
  }
  await Promise.all(sends);
  await sleep(3000);	// deliveries still under way
  running = false;
  const lost = ackedToOp.size + ackedToVisitor.size;
  const all = [...latToOp, ...latToVisitor];
  const result = {
    chats: CHATS, operators: OPERATORS, setup_s: Number(setupS.toFixed(1)), messages: n,
    delivered: all.length, undelivered_after_3s: lost,
    undelivered_to_op: ackedToOp.size, undelivered_to_visitor: ackedToVisitor.size,
    sample_undelivered: [...ackedToVisitor].slice(0, 3),
    p50_ms: Number(pct(all, 50).toFixed(1)), p99_ms: Number(pct(all, 99).toFixed(1)),
    to_operator_p50_ms: Number(pct(latToOp, 50).toFixed(1)), to_operator_p99_ms: Number(pct(latToOp, 99).toFixed(1)),
    to_visitor_p50_ms: Number(pct(latToVisitor, 50).toFixed(1)), to_visitor_p99_ms: Number(pct(latToVisitor, 99).toFixed(1)),
    held_polls: Math.max(heldSettled, 0), held_polls_max: heldMax,
    console_poll_ms: Number(pct(cost, 50).toFixed(1)),
    errors: Object.fromEntries(errors),
    error_examples: Object.fromEntries(examples),
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
