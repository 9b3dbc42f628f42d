// The hosting level of the admin program over real HTTP (docs/API.md,
// "/admin: hosting"): a hosting admin logs in with a cookie of its own,
// creates sites and their first admin, suspends and resumes them (a
// suspended site's widget shows offline and its endpoints refuse work,
// its data stays), resets a site's admin; the roles keep apart (a site's
// session gets 403 here, a hosting session 403 on a site's endpoints);
// CSRF; every action audited on its site; plauder-admin's commands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { http, admin, sql, freshSite, until, tok } from './lib.mjs';

const A = 'cgi-bin/admin';
const O = 'cgi-bin/operator';
const C = 'cgi-bin/chat';
const PW = 'correct horse battery';

const json = (body, headers = {}) => ({
  method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body),
});

let made = 0;
// A hosting admin of its own (the two modes share one database).
function hostingAdmin() {
  made += 1;
  const login = `h${process.pid}x${Date.now() % 100000}x${made}`;
  execFileSync(process.env.PLAUDER_ADMIN, ['hosting', 'add', login, '--password-file', '-'],
    { input: `${PW}\n`, encoding: 'utf8' });
  return login;
}

function cookieOf(r) {
  return (r.headers.get('set-cookie') ?? '').split(';')[0];
}

// A logged-in client of one kind: the hosting login or a site's (the console's) login.
function client(cookie, csrf) {
  return {
    cookie,
    csrf,
    get: (path) => http(path, { headers: { Cookie: cookie } }),
    post: (path, body = {}, { withCsrf = true, headers = {} } = {}) => http(path, json(body,
      { Cookie: cookie, ...(withCsrf ? { 'X-CSRF-Token': csrf } : {}), ...headers })),
  };
}

async function hostingSession(login, password = PW) {
  const r = await http(`${A}/hosting-login`, json({ login, password }));
  assert.equal(r.status, 200, r.text);
  assert.match(cookieOf(r), /^plauder_host=[0-9a-f]{48}$/);
  assert.deepEqual(r.json.hosting, { login });
  return client(cookieOf(r), r.json.csrf);
}

async function siteSession(site, login, password = PW) {
  const r = await http(`${O}/login`, json({ site, login, password }));
  assert.equal(r.status, 200, r.text);
  return client(cookieOf(r), r.json.csrf);
}

// A site made through the API, with its first admin "boss".
async function createSite(h, name = 'Shop') {
  const site = freshSite();
  const r = await h.post(`${A}/site-create`, { site, name, admin_login: 'boss', admin_password: PW });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json, { ok: true, site, admin: 'boss' });
  return site;
}

const availability = async (site) => (await http(`cgi-bin/availability?site=${site}`)).json;

test('a hosting admin logs in with a cookie of its own; wrong password, cross-site login, missing CSRF token refused; logout ends it', async () => {
  const login = hostingAdmin();
  const bad = await http(`${A}/hosting-login`, json({ login, password: 'not the password' }));
  assert.deepEqual([bad.status, bad.json.error.code], [401, 'invalid_credentials']);
  const nobody = await http(`${A}/hosting-login`, json({ login: 'no-such-hosting-admin', password: PW }));
  assert.deepEqual([nobody.status, nobody.json.error.code], [401, 'invalid_credentials'], 'the same answer');
  const evil = await http(`${A}/hosting-login`, json({ login, password: PW }, { Origin: 'https://evil.example' }));
  assert.deepEqual([evil.status, evil.json.error.code], [403, 'csrf']);
  assert.equal((await http(`${A}/sites`)).status, 401);

  const h = await hostingSession(login);
  const me = await h.get(`${A}/hosting-session`);
  assert.deepEqual([me.status, me.json.hosting.login, me.json.csrf], [200, login, h.csrf]);
  const noCsrf = await h.post(`${A}/site-create`, { site: freshSite() }, { withCsrf: false });
  assert.deepEqual([noCsrf.status, noCsrf.json.error.code], [403, 'csrf']);
  const cross = await h.post(`${A}/site-create`, { site: freshSite() }, { headers: { Origin: 'https://evil.example' } });
  assert.deepEqual([cross.status, cross.json.error.code], [403, 'csrf']);
  assert.equal((await h.post(`${A}/hosting-logout`)).status, 200);
  assert.equal((await h.get(`${A}/sites`)).status, 401, 'the session ended on the server');
});

test('creates a site with its first admin, who logs in to the console and the admin area; the list shows it; bad input is 400, an existing site 409', async () => {
  const h = await hostingSession(hostingAdmin());
  const site = await createSite(h, 'Bäckerei Kunz');
  const boss = await siteSession(site, 'boss');
  const s = await boss.get(`${O}/session`);
  assert.deepEqual([s.status, s.json.operator.role], [200, 'admin']);
  assert.equal((await boss.get(`${A}/settings`)).status, 200);

  const list = await h.get(`${A}/sites`);
  assert.equal(list.status, 200);
  const mine = list.json.sites.find((x) => x.site === site);
  assert.deepEqual({ ...mine, created: typeof mine.created },
    { site, name: 'Bäckerei Kunz', suspended: false, suspended_at: null, created: 'string', admins: ['boss'] });

  // A site without an admin yet.
  const bare = freshSite();
  const r = await h.post(`${A}/site-create`, { site: bare });
  assert.deepEqual([r.status, r.json.admin], [201, null]);
  assert.deepEqual((await h.get(`${A}/sites`)).json.sites.find((x) => x.site === bare).admins, []);

  const dup = await h.post(`${A}/site-create`, { site, admin_login: 'boss', admin_password: PW });
  assert.deepEqual([dup.status, dup.json.error.code, dup.json.error.field], [409, 'site_exists', 'site']);
  for (const [body, field] of [
    [{ site: '0-1' }, 'site'],
    [{ site: '1-01' }, 'site'],
    [{ site: 'abc' }, 'site'],
    [{ site: '1-1-1' }, 'site'],
    [{}, 'site'],
    [{ site: freshSite(), admin_login: 'boss' }, 'admin_password'],
    [{ site: freshSite(), admin_password: PW }, 'admin_login'],
    [{ site: freshSite(), admin_login: 'bo ss', admin_password: PW }, 'admin_login'],
    [{ site: freshSite(), admin_login: 'boss', admin_password: 'short' }, 'admin_password'],
    [{ site: freshSite(), name: 'x'.repeat(129) }, 'name'],
  ]) {
    const bad = await h.post(`${A}/site-create`, body);
    assert.deepEqual([bad.status, bad.json.error.code, bad.json.error.field], [400, 'invalid_parameter', field],
      JSON.stringify(body));
  }
  for (const path of ['site-suspend', 'site-resume', 'site-admin-reset']) {
    const bad = await h.post(`${A}/${path}`, { site: '1-0', login: 'boss', password: PW });
    assert.deepEqual([bad.status, bad.json.error.field], [400, 'site'], path);
    const none = await h.post(`${A}/${path}`, { site: freshSite(), login: 'boss', password: PW });
    assert.deepEqual([none.status, none.json.error.code], [404, 'unknown_site'], path);
  }
});

test('a suspended site: the widget shows offline, chats and operator logins are refused, its data stays; resumed, it works again', async () => {
  const h = await hostingSession(hostingAdmin());
  const site = await createSite(h);
  admin('dept', 'add', site, 'A', '--name', 'en=Support');
  execFileSync(process.env.PLAUDER_ADMIN, ['operator', 'add', site, 'olga', '--dept', 'A', '--password-file', '-'],
    { input: `${PW}\n`, encoding: 'utf8' });
  admin('presence', 'set', site, 'olga', 'online');
  assert.ok(await until(async () => (await availability(site)).online), 'online before');
  const olga = await siteSession(site, 'olga');
  const chat = await http(`${C}/start`, json({ site, lang: 'en', direct: 1 }));
  assert.equal(chat.status, 201, chat.text);
  const sent = await http(`${C}/send`, tok(chat.json.token, json({ site, chat: chat.json.chat, client_id: 'c1', text: 'kept' })));
  assert.ok(sent.status === 201 || sent.status === 200, sent.text);

  const r = await h.post(`${A}/site-suspend`, { site });
  assert.deepEqual(r.json, { ok: true, site, suspended: true, changed: true });
  const again = await h.post(`${A}/site-suspend`, { site });
  assert.deepEqual([again.status, again.json.changed], [200, false]);
  const row = (await h.get(`${A}/sites`)).json.sites.find((x) => x.site === site);
  assert.equal(row.suspended, true);
  assert.match(row.suspended_at, /^\d{4}-\d\d-\d\dT/);

  const off = await until(async () => { const a = await availability(site); return a.online === false && a; });
  assert.ok(off, 'availability says offline');
  assert.deepEqual(off.departments.map((d) => d.online), [false]);
  const refused = [
    await http(`${C}/start`, json({ site, lang: 'en', direct: 1 })),
    await http(`${C}/config?site=${site}&lang=en`),
    await http(`${C}/poll?site=${site}&chat=${chat.json.chat}&wait=0`, tok(chat.json.token)),
    await http(`${C}/send`, tok(chat.json.token, json({ site, chat: chat.json.chat, client_id: 'c2', text: 'no' }))),
    await http(`${O}/login`, json({ site, login: 'olga', password: PW })),
    await olga.get(`${O}/session`),
    await olga.post(`${O}/presence`, { status: 'online' }),
  ];
  for (const x of refused) {
    assert.deepEqual([x.status, x.json.error.code, x.json.error.field], [403, 'site_suspended', 'site'], x.text);
  }
  assert.equal(sql(`SELECT COUNT(*) FROM messages m JOIN sites s ON s.id = m.site_id
    WHERE s.customer = ${site.split('-')[0]} AND s.instance = ${site.split('-')[1]} AND m.body = 'kept'`).trim(), '1',
  'its chats stay');

  const back = await h.post(`${A}/site-resume`, { site });
  assert.deepEqual(back.json, { ok: true, site, suspended: false, changed: true });
  assert.equal((await h.get(`${A}/sites`)).json.sites.find((x) => x.site === site).suspended_at, null);
  assert.equal((await olga.get(`${O}/session`)).status, 200, 'the session lives on');
  assert.equal((await siteSession(site, 'olga')).cookie.startsWith('plauder_op='), true);
  const p = await http(`${C}/poll?site=${site}&chat=${chat.json.chat}&wait=0`, tok(chat.json.token));
  assert.equal(p.status, 200, p.text);
  assert.ok(p.json.messages.some((m) => m.text === 'kept'));
  assert.equal((await http(`${C}/start`, json({ site, lang: 'en', direct: 1 }))).status, 201);
  admin('presence', 'set', site, 'olga', 'online');
  assert.ok(await until(async () => (await availability(site)).online), 'online again');
});

test('the roles keep apart: a site\'s admin or operator gets 403 on the hosting endpoints, a hosting session 403 on a site\'s', async () => {
  const h = await hostingSession(hostingAdmin());
  const site = await createSite(h);
  execFileSync(process.env.PLAUDER_ADMIN, ['operator', 'add', site, 'olga', '--password-file', '-'],
    { input: `${PW}\n`, encoding: 'utf8' });
  for (const who of [await siteSession(site, 'boss'), await siteSession(site, 'olga')]) {
    for (const path of ['sites', 'hosting-session']) {
      const r = await who.get(`${A}/${path}`);
      assert.deepEqual([r.status, r.json.error.code], [403, 'forbidden'], path);
    }
    for (const [path, body] of [['site-create', { site: freshSite() }], ['site-suspend', { site }],
      ['site-resume', { site }], ['site-admin-reset', { site, login: 'boss', password: 'taken over!' }],
      ['hosting-logout', {}]]) {
      const r = await who.post(`${A}/${path}`, body);
      assert.deepEqual([r.status, r.json.error.code], [403, 'forbidden'], path);
    }
  }
  assert.equal((await h.get(`${A}/sites`)).json.sites.find((x) => x.site === site).suspended, false);
  for (const path of [`${A}/settings`, `${A}/audit`, `${O}/session`, `${O}/poll?wait=0`]) {
    const r = await h.get(path);
    assert.deepEqual([r.status, r.json.error.code], [403, 'forbidden'], path);
  }
  const set = await h.post(`${A}/settings`, { color: '#000000' });
  assert.deepEqual([set.status, set.json.error.code], [403, 'forbidden']);
  // One browser may hold both: each endpoint takes its own cookie.
  const boss = await siteSession(site, 'boss');
  const both = client(`${h.cookie}; ${boss.cookie}`, boss.csrf);
  assert.equal((await both.get(`${A}/settings`)).status, 200);
  assert.equal((await both.get(`${A}/sites`)).status, 200);
});

test('resetting a site\'s admin sets its password and ends its sessions, or creates the first admin; every hosting action is in the site\'s audit log', async () => {
  const login = hostingAdmin();
  const h = await hostingSession(login);
  const site = await createSite(h);
  const old = await siteSession(site, 'boss');
  const reset = await h.post(`${A}/site-admin-reset`, { site, login: 'boss', password: 'a new password' });
  assert.deepEqual([reset.status, reset.json], [200, { ok: true, created: false }]);
  assert.equal((await old.get(`${A}/settings`)).status, 401, 'its sessions ended');
  assert.equal((await http(`${O}/login`, json({ site, login: 'boss', password: PW }))).status, 401);
  const boss = await siteSession(site, 'boss', 'a new password');

  // A disabled operator becomes an enabled admin again.
  execFileSync(process.env.PLAUDER_ADMIN, ['operator', 'add', site, 'olga', '--password-file', '-'],
    { input: `${PW}\n`, encoding: 'utf8' });
  assert.equal((await boss.post(`${A}/operator-set`, { login: 'olga', disabled: 1 })).status, 200);
  assert.equal((await h.post(`${A}/site-admin-reset`, { site, login: 'olga', password: 'olga is back' })).status, 200);
  assert.equal((await (await siteSession(site, 'olga', 'olga is back')).get(`${A}/settings`)).status, 200);

  const bare = freshSite();
  assert.equal((await h.post(`${A}/site-create`, { site: bare })).status, 201);
  const first = await h.post(`${A}/site-admin-reset`, { site: bare, login: 'first', password: 'the first one' });
  assert.deepEqual(first.json, { ok: true, created: true });
  assert.equal((await (await siteSession(bare, 'first', 'the first one')).get(`${A}/settings`)).status, 200);
  for (const [body, field] of [[{ site, login: 'bo ss', password: PW }, 'login'], [{ site, login: 'boss', password: 'short' }, 'password'],
    [{ site, password: PW }, 'login'], [{ site, login: 'boss' }, 'password']]) {
    const bad = await h.post(`${A}/site-admin-reset`, body);
    assert.deepEqual([bad.status, bad.json.error.field], [400, field], JSON.stringify(body));
  }

  assert.equal((await h.post(`${A}/site-suspend`, { site })).status, 200);
  assert.equal((await h.post(`${A}/site-resume`, { site })).status, 200);
  const entries = (await boss.get(`${A}/audit`)).json.entries.filter((e) => e.login === login);
  assert.deepEqual(entries.map((e) => e.action).reverse(),
    ['site_create', 'site_admin_reset', 'site_admin_reset', 'site_suspend', 'site_resume']);
  assert.deepEqual(entries.at(-1).detail, { site, name: 'Shop', admin: 'boss', by: 'hosting' });
  assert.deepEqual(entries.at(-2).detail, { login: 'boss', created: false, password_changed: true, by: 'hosting' });
  assert.deepEqual(entries[0].detail, { changed: true, by: 'hosting' });
  assert.ok(!JSON.stringify(entries).includes('a new password'), 'never a password');
  const other = (await (await siteSession(bare, 'first', 'the first one')).get(`${A}/audit`)).json.entries;
  assert.deepEqual(other.map((e) => e.action).reverse(), ['site_create', 'site_admin_reset'], 'each on its own site');
});

test('plauder-admin: hosting add|passwd|list and site suspend|resume', async () => {
  const login = hostingAdmin();
  assert.ok(admin('hosting', 'list').split('\n').includes(login));
  assert.throws(() => execFileSync(process.env.PLAUDER_ADMIN, ['hosting', 'add', login, '--password-file', '-'],
    { input: `${PW}\n`, encoding: 'utf8', stdio: 'pipe' }), 'an existing login');
  execFileSync(process.env.PLAUDER_ADMIN, ['hosting', 'add', login, '--password-file', '-', '--if-missing'],
    { input: `${PW}\n`, encoding: 'utf8' });
  const h = await hostingSession(login);
  const out = admin('hosting', 'passwd', login);
  const pw = /password: (\S+)/.exec(out)[1];
  assert.equal((await h.get(`${A}/sites`)).status, 401, 'a new password ends its sessions');
  const h2 = await hostingSession(login, pw);
  const site = await createSite(h2);
  assert.match(admin('site', 'suspend', site), /suspended/);
  assert.equal((await http(`${C}/config?site=${site}&lang=en`)).status, 403);
  assert.match(admin('site', 'resume', site), /resumed/);
  assert.equal((await http(`${C}/config?site=${site}&lang=en`)).status, 200);
  const boss = await siteSession(site, 'boss');
  const tool = (await boss.get(`${A}/audit`)).json.entries.filter((e) => e.login === 'plauder-admin');
  assert.deepEqual(tool.map((e) => e.action), ['site_resume', 'site_suspend']);
  assert.throws(() => execFileSync(process.env.PLAUDER_ADMIN, ['site', 'suspend', 'x-1'], { stdio: 'pipe' }));
});
