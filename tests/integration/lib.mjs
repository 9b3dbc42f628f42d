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

// An operator online in dept, for tests that start chats without caring
// who takes them: with nobody online, chat/start answers 409 offline
// (docs/API.md). Not listed by the team list's tests, which use their own.
export function standby(site, dept = 'A') {
  admin('operator', 'add', site, `standby${dept.toLowerCase()}`, '--name', 'Standby', '--dept', dept, '--if-missing');
  admin('presence', 'set', site, `standby${dept.toLowerCase()}`, 'online');
}

let counter = 0;
// A fresh site id for tests that must not disturb each other.
export function freshSite() {
  counter += 1;
  const customer = 100000 + Math.floor(Math.random() * 800000);
  return `${customer}-${counter}`;
}

// ---- the admin area (docs/API.md, "/admin") ----------------------------------
export const PASSWORD = 'correct horse battery';

// An operator of site made with plauder-admin (password PASSWORD).
export function addOperator(site, login, role = 'operator', depts = ['A']) {
  const args = ['operator', 'add', site, login, '--name', login.toUpperCase(), '--role', role, '--password-file', '-'];
  for (const d of depts) args.push('--dept', d);
  execFileSync(ADMIN, args, { input: `${PASSWORD}\n`, encoding: 'utf8' });
}

// A fresh site with department A, an admin "boss" and an operator "olga".
export function adminSite() {
  const site = freshSite();
  admin('site', 'create', site);
  admin('dept', 'add', site, 'A', '--name', 'en=Support');
  addOperator(site, 'boss', 'admin');
  addOperator(site, 'olga');
  return site;
}

// A logged-in browser of the admin area (the console's login): get/post
// under cgi-bin/admin with the cookie and (unless told not to) the CSRF token.
export async function adminSession(site, login, password = PASSWORD) {
  const O = 'cgi-bin/operator';
  const r = await http(`${O}/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site, login, password }) });
  if (r.status !== 200) throw new Error(`login ${login}@${site}: ${r.status} ${r.text}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const csrf = r.json.csrf;
  const post = (path, body, { headers = {}, withCsrf = true } = {}) => http(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, ...(withCsrf ? { 'X-CSRF-Token': csrf } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return {
    cookie,
    csrf,
    get: (path) => http(`cgi-bin/admin/${path}`, { headers: { Cookie: cookie } }),
    post: (path, body, opts) => post(`cgi-bin/admin/${path}`, body, opts),
    opGet: (path) => http(`${O}/${path}`, { headers: { Cookie: cookie } }),
    opPost: (path, body, opts) => post(`${O}/${path}`, body, opts),
  };
}
