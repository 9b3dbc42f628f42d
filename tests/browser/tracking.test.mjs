// Tracking in real Chromium, the host page on another origin than Plauder:
// count=no sends no page view and stores nothing; the tracking variant
// counts (a first-party id on an "id" site, nothing stored on a cookieless
// one); a consent manager that adds the tracking snippet after load starts
// counting without a reload and without a second chat tab, and a running
// chat goes on; an operator's invitation shows on a counted page, is
// declined or accepted, and an accepted one is a chat with that operator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, admin, sql, siteDbId, makeSite, launch, newContext, until, tabButton, chatFrame,
  fillStart, assertClean, Operator, messageItem } from './lib.mjs';
import { otherOriginPage } from './console-lib.mjs';

const BOOT = '<script>window.Plauder=window.Plauder||function(){(Plauder.q=Plauder.q||[]).push(arguments)};</script>';
const snippet = (site, extra = '') => `<script async src="${BASE}/loader.js?site=${site}${extra}"></script>`;
const shopHtml = (body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Tracking shop</title></head>
<body><main><h1>Tracking shop</h1><p>Products.</p></main>${body}</body></html>`;

// A page of another origin whose requests to cgi-bin/count are recorded.
async function shop(t, ctx, body) {
  const hits = [];
  ctx.on('request', (r) => { if (/\/cgi-bin\/count(\?|$)/.test(r.url())) hits.push(r); });
  const page = await otherOriginPage(t, ctx, shopHtml(body));
  page.hits = hits;
  return page;
}
const stored = (page) => page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage), cookie: document.cookie }));
const views = (site) => Number(sql(`SELECT COUNT(*) FROM page_views WHERE site_id = ${siteDbId(site)}`).trim());

test('count=no: no page view, nothing stored', { timeout: 90000 }, async (t) => {
  const { site } = makeSite();
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await shop(t, ctx, BOOT + snippet(site, '&count=no'));
  await tabButton(page).waitFor();
  await page.waitForLoadState('networkidle');
  assert.equal(page.hits.length, 0, 'no request to cgi-bin/count');
  assert.deepEqual(await stored(page), { local: [], session: [], cookie: '' });
  assert.equal(views(site), 0);
  await assertClean(t, ctx);
});

test('the tracking variant counts: with a first-party id, or cookieless with nothing stored', { timeout: 90000 }, async (t) => {
  const { site } = makeSite();
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await shop(t, ctx, BOOT + snippet(site) + '<script>Plauder("set", {data: {cart: "2 items"}});</script>');
  await until(() => views(site) === 1, 'the page view stored');
  const local = (await stored(page)).local;
  assert.deepEqual(local, [`plauder:v:${site}`], 'the first-party id, and nothing else');
  const row = sql(`SELECT page, title, data, addr FROM page_views WHERE site_id = ${siteDbId(site)}`).trim().split('\t');
  assert.match(row[0], /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.deepEqual(row.slice(1), ['Tracking shop', '{"cart":"2 items"}', '127.0.0.0']);
  // The next page of the same visitor is the same visitor.
  await page.reload();
  await until(() => views(site) === 2, 'the second page view');
  assert.equal(sql(`SELECT COUNT(DISTINCT visitor) FROM page_views WHERE site_id = ${siteDbId(site)}`).trim(), '1');
  await assertClean(t, ctx);

  const other = makeSite().site;
  admin('settings', 'set', other, '--tracking', 'cookieless');
  const ctx2 = await newContext(browser);
  const page2 = await shop(t, ctx2, BOOT + snippet(other));
  await until(() => views(other) === 1, 'the cookieless page view stored');
  await page2.waitForLoadState('networkidle');
  assert.deepEqual(await stored(page2), { local: [], session: [], cookie: '' }, 'nothing stored in the browser');
  await page2.reload();
  await until(() => views(other) === 2, 'the second cookieless page view');
  assert.equal(sql(`SELECT COUNT(DISTINCT visitor) FROM page_views WHERE site_id = ${siteDbId(other)}`).trim(), '1',
    'told apart without an id: the same visitor today');
  await assertClean(t, ctx2);
});

test('a consent manager adds the tracking snippet after load: counting starts, one tab, the chat goes on', { timeout: 120000 }, async (t) => {
  const { site } = makeSite({ fields: true });
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await shop(t, ctx, BOOT + snippet(site, '&count=no'));
  await tabButton(page).click();
  const app = await chatFrame(page);
  await fillStart(app, { question: 'Before consent' });
  assert.equal(page.hits.length, 0);
  // The visitor opts in: the consent manager swaps in the tracking snippet.
  await page.evaluate((src) => {
    const s = document.createElement('script');
    s.async = true;
    s.src = src;
    document.body.append(s);
  }, `${BASE}/loader.js?site=${site}`);
  await until(() => views(site) === 1, 'the page view after consent');
  assert.equal(await page.locator('plauder-chat').count(), 1, 'one chat element');
  assert.equal(await tabButton(page).count(), 1, 'one tab');
  assert.ok(await app.locator('#view-chat').isVisible(), 'the running chat is still there');
  await page.evaluate(() => window.Plauder('track'));
  assert.equal(views(site), 1, 'a page is counted once');
  await assertClean(t, ctx);
});

// The live visitors of the site as its operator's console asks for them.
async function liveVisitors(op) {
  const r = await op.request('GET', 'visitors');
  assert.equal(r.status, 200, r.text);
  return r.json.visitors;
}
const invitation = (page) => page.locator('plauder-chat').locator('.invite');

test('an invitation on a counted page: declined it stays away, accepted it is a chat with its operator', { timeout: 150000 }, async (t) => {
  const who = makeSite();
  const { site } = who;
  const op = await Operator.login(who);
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await shop(t, ctx, BOOT + snippet(site));
  await until(() => views(site) === 1, 'the page view stored');
  const [v] = await liveVisitors(op);
  assert.ok(v, 'the visitor is live in the console');
  assert.equal(v.pages, 1);
  assert.equal(v.title, 'Tracking shop');

  // Declined: gone, and no second invitation this visit.
  let r = await op.post('invite', { visitor: v.visitor, text: 'Looking for anything in particular?' });
  assert.equal(r.status, 201, r.text);
  await invitation(page).waitFor({ timeout: 40000 });
  assert.match(await invitation(page).innerText(), /Olga Test from our team[\s\S]*Looking for anything in particular\?/);
  await assertClean(t, ctx);
  await invitation(page).getByRole('button', { name: 'No, thanks' }).click();
  await invitation(page).waitFor({ state: 'detached' });
  await until(() => sql(`SELECT state FROM invitations WHERE site_id = ${siteDbId(site)}`).trim() === 'declined', 'declined');
  r = await op.post('invite', { visitor: v.visitor, text: 'Sure?' });
  assert.equal(r.status, 409);
  assert.equal(r.json.error.code, 'declined');

  // Another visit of another visitor: accepted, the chat opens with the operator's text.
  const ctx2 = await newContext(browser);
  const page2 = await shop(t, ctx2, BOOT + snippet(site));
  await until(() => views(site) === 2, 'the second visitor counted');
  const v2 = (await liveVisitors(op)).find((x) => x.visitor !== v.visitor);
  r = await op.post('invite', { visitor: v2.visitor, text: 'Hello, I am Olga. Can I help?' });
  assert.equal(r.status, 201, r.text);
  await invitation(page2).getByRole('button', { name: 'Chat now' }).click({ timeout: 40000 });
  const app = await chatFrame(page2);
  await messageItem(app, 'Hello, I am Olga. Can I help?').waitFor();
  const chat = Number(await until(() => sql(`SELECT id FROM chats WHERE site_id = ${siteDbId(site)} AND status = 'active'`).trim(), 'the chat'));
  assert.equal(sql(`SELECT o.login FROM chats c JOIN operators o ON o.id = c.operator_id WHERE c.id = ${chat}`).trim(), 'olga');
  assert.equal(sql(`SELECT CONCAT(state, ':', chat_id) FROM invitations WHERE id = ${r.json.invitation}`).trim(), `accepted:${chat}`);
  assert.equal((await liveVisitors(op)).find((x) => x.visitor === v2.visitor).chat, chat);
  await assertClean(t, ctx2);
});
