// The hosting page (admin/hosting.html) driven like a hosting admin uses
// it: the login form by keyboard, a site created with its first admin
// (per-field errors from the server's 400s first), suspended by keyboard
// (its widget then says offline and its chat start is refused), resumed,
// its admin's password reset; the German texts; axe-core on the login
// view and the working view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  url, launch, newContext, adminStdin, assertClean, checkA11y, freshSiteId, until,
} from './lib.mjs';

const PW = 'hosting browser secret';
// What the page does by design: GET hosting-session is 401 before the
// login; the bad values below are 400s the page shows under their fields.
const ALLOW = [/HTTP 401 GET \S+\/cgi-bin\/admin\/hosting-session$/, /HTTP 400 POST \S+\/cgi-bin\/admin\/site-create$/];

function hostingAdmin() {
  const login = `hb${process.pid}x${Date.now() % 100000}`;
  adminStdin(`${PW}\n`, 'hosting', 'add', login, '--password-file', '-');
  return login;
}

async function api(path, init) {
  const r = await fetch(url(path), init);
  return { status: r.status, json: await r.json().catch(() => null) };
}

const row = (page, site) => page.locator(`#sites-body tr[data-site="${site}"]`);

async function openLoggedIn(ctx, login) {
  const page = await ctx.newPage();
  await page.goto(url('admin/hosting.html?lang=en'));
  await page.locator('#login-view').waitFor({ state: 'visible' });
  await until(() => page.evaluate(() => document.activeElement?.id === 'l-login'), 'the focus in the login field');
  await checkA11y(ctx);
  await page.keyboard.type(login);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PW);
  await page.keyboard.press('Enter');
  await page.locator('#work-view').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#who').textContent(), `Logged in as ${login}`);
  return page;
}

test('hosting page: log in, create a site with its admin (errors under their fields first), suspend it by keyboard, resume it, reset its admin', { timeout: 90000 }, async (t) => {
  const login = hostingAdmin();
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await openLoggedIn(ctx, login);
  const site = freshSiteId();

  // The server's 400s, under the field they name.
  await page.locator('#c-site').fill('12-01');
  await page.locator('#btn-create').click();
  await page.locator('#c-site-error').waitFor({ state: 'visible' });
  assert.match(await page.locator('#c-site-error').textContent(), /two numbers with a dash/);
  assert.equal(await page.locator('#c-site').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'c-site');
  await page.locator('#c-site').fill(site);
  await page.locator('#c-admin-login').fill('boss');
  await page.locator('#c-admin-password').fill('short');
  await page.locator('#btn-create').click();
  await page.locator('#c-admin-password-error').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#c-site-error').isVisible(), false, 'the earlier error is gone');
  assert.equal(await page.locator('#c-admin-password-error').textContent(), 'At least 8 characters.');

  await page.locator('#c-name').fill('Blumen <Müller>');
  await page.locator('#c-admin-password').fill(PW);
  await page.locator('#btn-create').click();
  await page.locator('#status', { hasText: `Site ${site} created with its admin boss.` }).waitFor();
  await row(page, site).waitFor();
  assert.deepEqual(await row(page, site).locator('th, td').allTextContents(),
    [site, 'Blumen <Müller>', 'Active', 'boss', 'Suspend']);
  assert.equal(await page.locator('#c-site').inputValue(), '', 'the form is empty again');
  const boss = await api('cgi-bin/operator/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site, login: 'boss', password: PW }) });
  assert.deepEqual([boss.status, boss.json.operator.role], [200, 'admin'], 'its admin logs in');

  // Suspend by keyboard: the button keeps the focus and becomes "Resume".
  const suspend = row(page, site).getByRole('button', { name: `Suspend site ${site}` });
  await suspend.focus();
  await page.keyboard.press('Enter');
  await page.locator('#status', { hasText: `Site ${site} suspended` }).waitFor();
  const resume = row(page, site).getByRole('button', { name: `Resume site ${site}` });
  await resume.waitFor();
  await until(() => resume.evaluate((b) => b === document.activeElement), 'the focus on the row\'s button');
  assert.match(await row(page, site).locator('td.state').textContent(), /^Suspended since /);
  assert.equal((await api(`cgi-bin/availability?site=${site}`)).json.online, false);
  const start = await api('cgi-bin/chat/start', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site, lang: 'en', direct: 1 }) });
  assert.deepEqual([start.status, start.json.error.code], [403, 'site_suspended']);
  await assertClean(t, ctx, ALLOW);

  await resume.click();
  await page.locator('#status', { hasText: `Site ${site} resumed.` }).waitFor();
  await row(page, site).locator('td.state', { hasText: 'Active' }).waitFor();
  assert.equal((await api(`cgi-bin/chat/config?site=${site}&lang=en`)).status, 200);

  // Reset its admin: the site id is filled in from the creation.
  assert.equal(await page.locator('#r-site').inputValue(), site);
  await page.locator('#r-login').fill('boss');
  await page.locator('#r-password').fill('the new password');
  await page.locator('#btn-reset').click();
  await page.locator('#status', { hasText: `The password of boss on site ${site} is set.` }).waitFor();
  const again = await api('cgi-bin/operator/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site, login: 'boss', password: 'the new password' }) });
  assert.equal(again.status, 200);

  // German, and the log-out.
  await page.locator('.lang-btn[data-lang="de"]').click();
  assert.equal(await page.locator('#heading').textContent(), 'Hosting: Sites');
  assert.equal(await row(page, site).getByRole('button', { name: `Site ${site} sperren` }).textContent(), 'Sperren');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
  await assertClean(t, ctx, ALLOW);
  await page.locator('#btn-logout').click();
  await page.locator('#login-view').waitFor({ state: 'visible' });
  await page.reload();
  await page.locator('#login-view').waitFor({ state: 'visible' });
  await assertClean(t, ctx, ALLOW);
});
