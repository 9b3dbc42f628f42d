// Shared helpers for the integration tests: they talk HTTP to the real
// Apache (CGI or FastCGI, from PLAUDER_BASE) backed by the real MariaDB
// that ./stack test started, and use the real admin tool for set-up.
import { execFileSync } from 'node:child_process';

export const BASE = process.env.PLAUDER_BASE ?? 'http://127.0.0.1:8080/plauder';
export const MODE = process.env.PLAUDER_MODE ?? 'fcgid';
const ROOT = process.env.PLAUDER_ROOT ?? new URL('../..', import.meta.url).pathname;
const ADMIN = process.env.PLAUDER_ADMIN ?? `${ROOT}/var/install/sbin/plauder-admin`;
const VAR = process.env.PLAUDER_VAR ?? `${ROOT}/var`;

export function url(path) {
  return `${BASE}/${path.replace(/^\//, '')}`;
}

export async function http(path, opts = {}) {
  const res = await fetch(url(path), { redirect: 'manual', ...opts });
  const text = await res.text();
  let json = null;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json') && text) {
    json = JSON.parse(text);
  }
  return { status: res.status, headers: res.headers, text, json };
}

// Fetch options that carry a chat's secret (or a visitor's) in its header:
// secrets never travel in URLs (docs/API.md, "Secrets stay out of URLs").
export const tok = (token, opts = {}) => ({ ...opts, headers: { ...(opts.headers ?? {}), 'X-Plauder-Token': token } });
export const vtok = (token, opts = {}) => ({ ...opts, headers: { ...(opts.headers ?? {}), 'X-Plauder-Visitor-Token': token } });

// Run plauder-admin; returns stdout. Throws on a non-zero exit.
export function admin(...args) {
  return execFileSync(ADMIN, args, { encoding: 'utf8', env: process.env });
}

// Run SQL as MariaDB's root on the private server (test set-up only).
export function sql(statement) {
  return execFileSync('mariadb', [`--defaults-file=${VAR}/mysql/my.cnf`, '-N', 'plauder', '-e', statement],
    { encoding: 'utf8' });
}

export function stack(...args) {
  execFileSync(`${ROOT}/stack`, args, { stdio: 'inherit', env: { ...process.env, PLAUDER_VAR: VAR } });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Poll fn until it returns a truthy value or the deadline passes.
export async function until(fn, { timeout = 8000, every = 100 } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await sleep(every);
  }
  return last;
}

let counter = 0;
// A fresh site id for tests that must not disturb each other.
export function freshSite() {
  counter += 1;
  const customer = 100000 + Math.floor(Math.random() * 800000);
  return `${customer}-${counter}`;
}
