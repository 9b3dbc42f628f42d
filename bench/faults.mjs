// bench/faults.mjs: clients for bench/faults. "send" mode: CHATS chats
// send MESSAGES messages with client ids, resending on any error until
// acknowledged, while a prober asks chat/config every 50 ms; prints one
// RESULT line (JSON) when all are acknowledged. "burst" mode: N requests
// at once, prints RESULT with their latencies (for a hung database).
import { existsSync, writeFileSync } from 'node:fs';

const BASE = process.env.BASE;
const SITE = process.env.SITE;
const CHATS = Number(process.env.CHATS ?? 20);
const MESSAGES = Number(process.env.MESSAGES ?? 1000);
const RATE = Number(process.env.RATE ?? 50);
const DONE = process.env.DONE_FILE;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function call(path, opts = {}) {
  try {
    const r = await fetch(`${BASE}/${path}`, { ...opts, signal: AbortSignal.timeout(30000) });
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: r.status, json, retry: r.headers.get('retry-after') };
  } catch (e) {
    return { status: 0, json: null, error: String(e.cause?.code ?? e.name) };
  }
}
const form = (o) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(o).toString() });

if (process.argv[2] === 'burst') {
  const n = Number(process.argv[3] ?? 100);
  const ms = await Promise.all(Array.from({ length: n }, async (_, i) => {
    const t0 = Date.now();
    const r = await call(`cgi-bin/chat/config?site=${SITE}&lang=en&n=${i}`);
    return [Date.now() - t0, r.status];
  }));
  const lat = ms.map((x) => x[0]).sort((a, b) => a - b);
  const statuses = {};
  for (const [, s] of ms) statuses[s] = (statuses[s] ?? 0) + 1;
  console.log('RESULT ' + JSON.stringify({ p50_ms: lat[Math.floor(n / 2)],
    p99_ms: lat[Math.min(n - 1, Math.floor(n * 0.99))], max_ms: lat[n - 1], statuses }));
  process.exit(0);
}

// Start the chats before any fault.
const chats = [];
for (let i = 0; i < CHATS; i++) {
  const r = await call('cgi-bin/chat/start', form({ site: SITE, direct: 1 }));
  if (r.status !== 201) throw new Error(`start: ${r.status} ${JSON.stringify(r.json)}`);
  chats.push({ chat: r.json.chat, token: r.json.token, sent: [] });
}
writeFileSync(process.env.READY_FILE, JSON.stringify(chats.map((c) => c.chat)));

// The prober: stretches without a 200 from chat/config, except while the
// database is frozen on purpose (HUNG_FILE exists): that is measured apart.
let failingSince = null;
const outages = [];
let probing = true;
const endOutage = () => {
  if (failingSince !== null) outages.push([failingSince, Date.now() - failingSince]);
  failingSince = null;
};
const prober = (async () => {
  while (probing) {
    const t0 = Date.now();
    const r = await call(`cgi-bin/chat/config?site=${SITE}&lang=en`);
    if (existsSync(process.env.HUNG_FILE)) failingSince = null;
    else if (r.status === 200) endOutage();
    else if (failingSince === null) failingSince = t0;
    await sleep(50);
  }
})();

// Senders: each chat sends its share in order, one at a time, resending
// the same client id until it is acknowledged.
const acked = [];
let errors = 0;
const errorKinds = {};
const perChat = Math.ceil(MESSAGES / CHATS);
const gap = 1000 / (RATE / CHATS);
await Promise.all(chats.map(async (c, ci) => {
  await sleep(Math.random() * gap);
  for (let k = 0; k < perChat; k++) {
    const cid = `b-${ci}-${k}`;
    for (;;) {
      const r = await call('cgi-bin/chat/send', form({ site: SITE, chat: c.chat, token: c.token,
        client_id: cid, text: `message ${k} of chat ${ci}` }));
      if (r.status === 200 || r.status === 201) {
        acked.push({ chat: c.chat, cid, seq: r.json.message.seq, k });
        break;
      }
      errors++;
      const kind = r.status === 0 ? r.error : `${r.status} ${r.json?.error?.code ?? 'non-JSON'}`;
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      await sleep(100);
    }
    await sleep(gap);
  }
}));
// Keep probing until the fault script is done, so every outage is seen.
while (DONE && !existsSync(DONE)) await sleep(100);
await sleep(500);
probing = false;
await prober;
endOutage();
console.log('RESULT ' + JSON.stringify({ acked, errors, errorKinds, outages,
  max_outage_ms: Math.max(0, ...outages.map((o) => o[1])) }));
