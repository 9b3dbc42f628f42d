// Chat behaviour when nobody is online (issue 11), the visitor's side: the
// offline widget shows the contact form instead of the chat start (in the
// loader's frame, and the mobile app at top level); consent is enforced
// (the form is not sent, the error sits at the checkbox); a bad e-mail
// address gets its error at the field; the request is stored (the
// operator's GET /operator/contacts) and mailed (PLAUDER_MAILDIR); a chat
// start answered 409 offline turns into the form; and a waiting chat nobody
// takes is offered as a contact request (department offline while waiting,
// "keep waiting", then closed by the server) and becomes one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import {
  url, admin, sql, siteDbId, launch, newContext, chatFrame, hostPage, tabButton, makeSite, waitOnline,
  waitEvent, recordEventsFromStart, assertClean, checkA11y, until, uniq, closeChat,
} from './lib.mjs';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
// The server refuses a submit sooner than min_seconds after the form was
// fetched (400 too_fast); the app waits and resends silently.
const ALLOW = [/HTTP 400 POST \S+\/cgi-bin\/contactform\/submit/];

// The stored request of this address (the database, as the console's
// list reads it): {name, email, lang, chat, consent, fields: [{key, value}]}.
async function findRequest(site, email) {
  const id = siteDbId(site);
  const row = await until(() => sql(`SELECT JSON_OBJECT('name', name, 'email', email, 'lang', lang, 'chat', chat_id,
      'consent', consent_sha256, 'fields', fields) FROM contact_requests
      WHERE site_id = ${id} AND email = '${email.replace(/'/g, "''")}'`).trim(), `the contact request of ${email}`);
  const req = JSON.parse(row);
  req.fields = JSON.parse(req.fields);
  return req;
}

// A mail in the test's SMTP sink that names addr (null without a sink).
async function mailTo(addr) {
  const dir = process.env.PLAUDER_MAILDIR;
  if (!dir) return null;
  return until(() => readdirSync(`${dir}/new`).map((f) => readFileSync(`${dir}/new/${f}`, 'utf8'))
    .find((m) => new RegExp(`^To:.*${addr.replace(/[.+]/g, '\\$&')}`, 'mi').test(m)), `a mail to ${addr}`);
}

test('offline widget: the contact form is sent, stored and mailed; consent is enforced', { timeout: 120000 }, async (t) => {
  const who = makeSite({ online: false, consent: true, privacy: 'text' });
  const siteMail = `site-${who.site}@example.org`;
  sql(`UPDATE site_settings SET contact_email = '${siteMail}' WHERE site_id = ${siteDbId(who.site)}`);
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await hostPage(t, ctx, who.site);
  const submits = [];
  page.on('request', (r) => { if (r.url().includes('/cgi-bin/contactform/submit')) submits.push(r.postData()); });

  await page.locator('plauder-chat button.tab[data-state="offline"]').click();
  const app = await chatFrame(page);
  await app.locator('#view-contact').waitFor({ state: 'visible' });
  await app.locator('#c_email').waitFor();
  // Built-in fields with the app's labels; the privacy text as in the start window.
  assert.deepEqual((await app.locator('#contact-fields label').allTextContents()).map((s) => s.trim()),
    ['Your name', 'Your e-mail address *', 'Your message *']);
  assert.equal(await app.locator('#view-start').isVisible(), false);
  await app.locator('#privacy-btn').waitFor({ state: 'visible' });
  // The honeypot: off-screen, out of the tab order, hidden from screen readers.
  assert.ok(await app.locator('#c-website').evaluate((n) => n.getBoundingClientRect().right <= 0 &&
    n.tabIndex === -1 && Boolean(n.closest('[aria-hidden="true"]'))), 'the honeypot is not seen');
  await checkA11y(ctx);

  const email = `${uniq('visitor')}@example.org`.toLowerCase();
  const text = uniq('Please call me back');
  await app.locator('#c_name').fill('Vera Visitor');
  await app.locator('#c_email').fill('not an address');
  await app.locator('#c_message').fill(text);
  // Neither consent nor a valid address: nothing goes out, both errors show.
  await app.locator('#btn-contact').click();
  const consent = app.locator('#c-consent');
  await app.locator('#c-consent-error').waitFor({ state: 'visible' });
  assert.equal(await consent.getAttribute('aria-invalid'), 'true');
  assert.ok((await consent.getAttribute('aria-describedby')).split(' ').includes('c-consent-error'));
  assert.match(await app.locator('#c-consent-error').textContent(), /agree/);
  assert.equal(await app.locator('#c_email').getAttribute('aria-invalid'), 'true');
  assert.ok((await app.locator('#c_email').getAttribute('aria-describedby')).split(' ').includes('c_email-error'));
  assert.match(await app.locator('#c_email-error').textContent(), /valid e-mail/);
  assert.equal(await app.evaluate(() => document.activeElement.id), 'c_email', 'the focus on the first bad field');
  await checkA11y(ctx);
  await app.locator('#c_email').fill(email);
  await app.locator('#btn-contact').click();
  assert.equal(await consent.getAttribute('aria-invalid'), 'true', 'still not agreed');
  assert.equal(submits.length, 0, 'nothing sent without consent');

  await consent.check();
  assert.equal(await consent.getAttribute('aria-invalid'), null, 'the tick clears the error');
  await app.locator('#c-copy').check();
  await app.locator('#btn-contact').click();
  await app.locator('#contact-done').waitFor({ state: 'visible' });
  assert.match(await app.locator('#contact-done').textContent(), /We received your message and will answer by e-mail/);
  assert.match(await app.locator('#contact-done').textContent(), /copy of your message/);
  // Every try of this fill carried one client_id.
  const ids = new Set(submits.map((b) => JSON.parse(b).client_id));
  assert.equal(ids.size, 1, `one client_id for the fill: ${[...ids]}`);
  assert.equal(JSON.parse(submits[0]).website, undefined, 'the honeypot stays empty');
  await checkA11y(ctx);

  const req = await findRequest(who.site, email);
  assert.equal(req.name, 'Vera Visitor');
  assert.ok(req.fields.some((f) => f.key === 'message' && f.value === text), JSON.stringify(req.fields));
  assert.match(String(req.consent), /^[0-9a-f]{64}$/, 'the consent is kept with the request');
  if (process.env.PLAUDER_MAILDIR) {
    assert.ok(await mailTo(siteMail), 'the request was mailed to the site');
    assert.ok(await mailTo(email), 'the copy was mailed to the visitor');
  } else {
    t.diagnostic('no PLAUDER_MAILDIR: mails not checked');
  }
  await assertClean(t, ctx, ALLOW);
});

test('mobile app: a start answered 409 offline becomes the contact form; a bad address is shown at its field', { timeout: 120000 }, async (t) => {
  const who = makeSite({ online: true, privacy: 'text' }); // texts in de and en
  await waitOnline(who.site);
  const browser = await launch(t);
  const ctx = await newContext(browser, { ...PHONE, locale: 'de-DE' });
  const page = await ctx.newPage();
  await page.goto(url(`chat/index.html?site=${who.site}&lang=de`));
  await page.locator('#app[data-variant="mobile"]').waitFor({ state: 'attached' });
  await page.locator('#view-start').waitFor({ state: 'visible' });
  // The operator leaves before the visitor presses start.
  admin('presence', 'set', who.site, who.login, 'offline');
  await page.locator('#btn-start').click();
  await page.locator('#view-contact').waitFor({ state: 'visible' });
  await page.locator('#c_email').waitFor();
  assert.match(await page.locator('#contact-intro').textContent(), /Gerade ist leider niemand erreichbar/);
  await checkA11y(ctx);

  const text = uniq('Rückruf bitte');
  await page.locator('#c_email').fill('jemand@');
  await page.locator('#c_message').fill(text);
  await page.locator('#btn-contact').click();
  await page.locator('#c_email-error').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#c_email').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#c_email-error').textContent(), /gültige E-Mail-Adresse/);
  await checkA11y(ctx);
  const email = `${uniq('mobil')}@example.org`.toLowerCase();
  await page.locator('#c_email').fill(email);
  await page.locator('#btn-contact').click();
  await page.locator('#contact-done').waitFor({ state: 'visible' });
  assert.match(await page.locator('#contact-done').textContent(), /Wir haben Ihre Nachricht erhalten und antworten Ihnen/);
  await checkA11y(ctx);
  const req = await findRequest(who.site, email);
  assert.equal(req.lang, 'de');
  assert.ok(req.fields.some((f) => f.key === 'message' && f.value === text));
  await assertClean(t, ctx, [...ALLOW, /HTTP 409 POST \S+\/cgi-bin\/chat\/start/]);
});

test('nobody came: a waiting chat is offered as a contact request and becomes one', { timeout: 150000 }, async (t) => {
  const who = makeSite({ online: true, fields: true });
  await waitOnline(who.site);
  const browser = await launch(t);
  const ctx = await newContext(browser);
  await recordEventsFromStart(ctx);
  const page = await hostPage(t, ctx, who.site);
  await tabButton(page).click();
  const app = await chatFrame(page);
  const question = uniq('Is anybody there?');
  await app.locator('#f_question').fill(question);
  await app.locator('#btn-start').click();
  await app.locator('#view-chat').waitFor({ state: 'visible' });
  const chat = (await waitEvent(page, 'chat_started')).detail.chat;
  t.after(() => closeChat(who.site, chat));
  const said = uniq('Hello, anybody?');
  await app.locator('#msg').fill(said);
  await app.locator('#msg').press('Enter');
  await app.locator('#log li[data-state="done"]', { hasText: said }).waitFor();

  // The department goes offline while the visitor waits: the app notices
  // (chat/config every 30 s) and offers the request; "keep waiting" puts
  // it away.
  admin('presence', 'set', who.site, who.login, 'offline');
  const offer = app.locator('#nobody');
  await offer.waitFor({ state: 'visible', timeout: 60000 });
  assert.match(await app.locator('#nobody-title').textContent(), /Nobody is free/);
  assert.equal(await app.locator('#n_email').isVisible(), true, 'the start form gave no address: asked for');
  await checkA11y(ctx);
  await app.locator('#btn-nobody-keep').click();
  await offer.waitFor({ state: 'hidden' });

  // The server closes the chat nobody took (as its timer does after
  // waiting_timeout): the offer comes back.
  sql(`UPDATE chats SET created_at = created_at - INTERVAL 1 DAY WHERE id = ${Number(chat)}`);
  admin('chats', 'expire');
  // (The poll learns it at once, or when its long poll of 25 s ends.)
  await offer.waitFor({ state: 'visible', timeout: 40000 });
  await app.locator('#ended').waitFor({ state: 'visible' });
  assert.match(await app.locator('#nobody-title').textContent(), /nobody could take your chat/);
  assert.equal(await app.locator('#btn-nobody-keep').isVisible(), false);
  const email = `${uniq('waited')}@example.org`.toLowerCase();
  const extra = uniq('Please answer by mail');
  await app.locator('#btn-nobody-send').click();
  await app.locator('#n_email-error').waitFor({ state: 'visible' });
  assert.equal(await app.locator('#n_email').getAttribute('aria-invalid'), 'true');
  await app.locator('#n_email').fill(email);
  await app.locator('#n_name').fill('Wanda Waiting');
  await app.locator('#n_message').fill(extra);
  await app.locator('#btn-nobody-send').click();
  await app.locator('#nobody-done').waitFor({ state: 'visible' });
  assert.match(await app.locator('#nobody-done').textContent(), /We received your request/);
  await checkA11y(ctx);

  const req = await findRequest(who.site, email);
  assert.equal(req.chat, chat);
  assert.equal(req.name, 'Wanda Waiting');
  const talk = req.fields.find((f) => f.key === 'chat')?.value ?? '';
  assert.ok(talk.includes(said), `the chat's messages go with the request: ${JSON.stringify(req.fields)}`);
  assert.ok(req.fields.some((f) => f.key === 'message' && f.value === extra), `the extra message too: ${JSON.stringify(req.fields)}`);
  await assertClean(t, ctx);
});
