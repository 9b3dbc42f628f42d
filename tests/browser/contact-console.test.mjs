// Contact requests in the operator console (htdocs/console/requests.js,
// request-detail.js) and the contact address on the admin's contact form
// page (htdocs/admin/contact-form.html), on a site of their own: a request
// sent through the visitor API (GET /contactform/form for the token, POST
// /contactform/submit once min_seconds have passed) is listed with the new
// badge; opened by keyboard it is read (also for the server); a reply by
// e-mail makes it answered and shows under the request (and, with the
// SMTP sink of ./stack test, reaches the visitor's address); new again and
// answered by the buttons. The admin saves the site's contact address and
// gets a bad one refused at its field. axe-core on every state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import {
  url, launch, newContext, assertClean, checkA11y, until, makeSite, sleep, uniq,
} from './lib.mjs';
import { consoleLogin, addOperator, pageFetch, CONSOLE_ALLOW } from './console-lib.mjs';

// A contact request through the visitor API, as the contact form sends
// it: the form's token first; a submit sooner than min_seconds is refused
// with too_fast and retry_after, then sent again (same client_id) after
// that wait.
async function submitRequest(site, { name, email, message, page }) {
  const f = await fetch(url(`cgi-bin/contactform/form?site=${site}&lang=en`), { cache: 'no-store' });
  assert.equal(f.status, 200, await f.clone().text());
  const form = await f.json();
  assert.equal(typeof form.form_token, 'string');
  const clientId = `ct-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
  const body = {
    site, lang: 'en', client_id: clientId, form_token: form.form_token, page,
    fields: { name, email, message },
  };
  if (form.consent?.required) Object.assign(body, { consent: 1, consent_version: form.consent.version });
  await sleep((Number(form.min_seconds) || 0) * 1000);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const r = await fetch(url('cgi-bin/contactform/submit'), {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body),
    });
    const j = await r.json().catch(() => null);
    if (r.status === 201 || r.status === 200) return j;
    if (r.status === 400 && j?.error?.code === 'too_fast') {
      await sleep((Number(j.error.retry_after ?? j.retry_after) || 1) * 1000);
      continue;
    }
    if (r.status === 503) {
      await sleep(1000);
      continue;
    }
    assert.fail(`submit: HTTP ${r.status} ${JSON.stringify(j)}`);
  }
  return assert.fail('submit: still refused after 5 attempts');
}

// The mail in the SMTP sink's Maildir addressed to rcpt whose text has
// `text` (bodies may be base64, parts or not).
function mailWith(maildir, rcpt, text) {
  for (const dir of ['new', 'cur']) {
    let files = [];
    try { files = readdirSync(`${maildir}/${dir}`); } catch { continue; }
    for (const f of files) {
      const raw = readFileSync(`${maildir}/${dir}/${f}`, 'utf8');
      if (!raw.includes(rcpt)) continue;
      const decoded = (raw.match(/^[A-Za-z0-9+/=\r\n]{40,}$/gm) ?? [])
        .map((b) => Buffer.from(b.replace(/\s+/g, ''), 'base64').toString('utf8'));
      if ([raw, ...decoded].some((s) => s.includes(text))) return raw;
    }
  }
  return null;
}

test('a contact request shows in the console with the new badge, is read when opened, and answered by e-mail', { timeout: 120000 }, async (t) => {
  const who = makeSite({ online: false });
  const tag = uniq('req');
  const email = `visitor-${tag}@example.org`;
  const name = `Vera ${tag}`;
  const message = `Please call me back about order ${tag}.\nThanks!`;
  await submitRequest(who.site, { name, email, message, page: `https://shop.example/contact?${tag}` });

  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await consoleLogin(ctx, who);
  // The badge on the Requests button counts the new one.
  const badge = page.locator('#req-badge');
  await until(async () => (await badge.isVisible()) && (await badge.textContent()) === '1 new', 'the badge to say 1 new');
  assert.equal(await page.locator('#btn-requests').getAttribute('aria-pressed'), 'false');
  await checkA11y(ctx);

  // The view, by keyboard: the button, then the request in the list.
  await page.locator('#btn-requests').focus();
  await page.keyboard.press('Enter');
  await page.locator('#requests-pane').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#chats-pane').isVisible(), false, 'the requests in the chats\' place');
  assert.equal(await page.locator('#btn-requests').getAttribute('aria-pressed'), 'true');
  const item = page.locator('#req-list .req-li', { hasText: name });
  await item.waitFor();
  assert.match(await item.getAttribute('class'), /status-new/);
  assert.match(await item.textContent(), new RegExp(`order ${tag}`), 'the summary');
  await checkA11y(ctx);
  await item.locator('button.req-item').focus();
  await page.keyboard.press('Enter');

  // Opened: every field, the page, the language; the focus on its heading.
  const detail = page.locator('#req-detail article.req-open');
  await detail.waitFor();
  await until(async () => (await page.evaluate(() => document.activeElement?.id)) === 'req-d-h', 'the focus on the request');
  assert.equal(await page.locator('#req-d-h').textContent(), `Request from ${name}`);
  const fields = await detail.locator('dl.req-fields').innerText();
  for (const v of [name, email, `order ${tag}`]) assert.ok(fields.includes(v), `the fields show ${v}: ${fields}`);
  const details = await detail.locator('dl.req-details').innerText();
  assert.ok(details.includes(`https://shop.example/contact?${tag}`), details);
  assert.ok(details.includes('English'), details);
  // Opening it marked it read, here and on the server; the badge is gone.
  await page.locator('#req-d-status', { hasText: 'Status: read' }).waitFor();
  await until(async () => /status-read/.test(await item.getAttribute('class')), 'the list entry read');
  await badge.waitFor({ state: 'hidden' });
  const list = await pageFetch(page, '../cgi-bin/operator/contacts?status=all');
  assert.equal(list.status, 200);
  const entry = list.json.requests.find((r) => r.name === name);
  assert.ok(entry, JSON.stringify(list.json));
  assert.equal(entry.status, 'read');
  assert.equal(list.json.new, 0);
  await checkA11y(ctx);

  // An empty reply is refused at its field.
  const box = page.locator('#req-reply-text');
  assert.equal(await page.locator('label[for="req-reply-text"]').textContent(), `Your reply to ${email}`);
  await page.locator('#req-reply-send').click();
  await until(async () => (await box.getAttribute('aria-invalid')) === 'true', 'the empty reply marked');
  assert.ok((await box.getAttribute('aria-describedby')).split(' ').includes('req-reply-text-error'));
  await checkA11y(ctx);

  // The reply: sent, the request answered, the reply and its mail shown.
  const reply = `Hello Vera, we will call you today (${tag}).`;
  await box.fill(reply);
  await page.locator('#req-reply-send').click();
  await detail.locator('.req-replies .req-reply-text', { hasText: reply }).waitFor();
  await page.locator('#req-d-status', { hasText: 'Status: answered' }).waitFor();
  assert.equal(await box.inputValue(), '', 'the box empty for the next reply');
  await detail.locator('.req-mails li', { hasText: `Reply to the visitor (${email})` }).waitFor();
  await until(async () => /status-answered/.test(await item.getAttribute('class')), 'the list entry answered');
  const one = await pageFetch(page, `../cgi-bin/operator/contact?id=${entry.id}`);
  assert.equal(one.json.status, 'answered');
  assert.equal(one.json.replies.length, 1, 'the reply stored once');
  assert.equal(one.json.replies[0].text, reply);
  await checkA11y(ctx);
  const maildir = process.env.PLAUDER_MAILDIR;
  if (maildir) {
    await until(() => mailWith(maildir, email, reply) !== null, 'the reply in the SMTP sink');
  } else {
    t.diagnostic('no PLAUDER_MAILDIR: the reply mail itself is not checked (run through ./stack test)');
  }

  // New again (the badge is back), then answered by the button.
  await page.locator('#req-mark-new').click();
  await page.locator('#req-d-status', { hasText: 'Status: new' }).waitFor();
  await until(async () => (await badge.isVisible()) && (await badge.textContent()) === '1 new', 'the badge back');
  await page.locator('#req-mark-answered').click();
  await page.locator('#req-d-status', { hasText: 'Status: answered' }).waitFor();
  await badge.waitFor({ state: 'hidden' });
  // The filter: answered ones only.
  await page.locator('#req-filter').selectOption('new');
  await page.locator('#req-status', { hasText: 'No requests here.' }).waitFor();
  await page.locator('#req-filter').selectOption('answered');
  await item.waitFor();

  // Back to the chats.
  await page.locator('#btn-req-back').click();
  await page.locator('#chats-pane').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#requests-pane').isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'btn-requests');
  await assertClean(t, ctx, CONSOLE_ALLOW);
});

test('the contact form page saves the site\'s contact address and refuses a bad one at its field', { timeout: 90000 }, async (t) => {
  const who = makeSite({ online: false });
  const ada = addOperator(who.site, 'ada', 'Ada Admin', { role: 'admin' });
  const browser = await launch(t);
  const ctx = await newContext(browser);
  const page = await consoleLogin(ctx, ada);
  await page.goto(url(`admin/contact-form.html?site=${who.site}&lang=en`));
  await page.locator('body[data-ready="1"]').waitFor({ state: 'attached' });
  await page.locator('#content').waitFor({ state: 'visible' });
  const input = page.locator('#f-contact-email');
  assert.equal(await page.locator('label[for="f-contact-email"]').textContent(), 'The site\'s contact e-mail address');
  await checkA11y(ctx);

  const good = `contact-${uniq('a')}@shop.example`;
  await input.fill(good);
  await input.press('Enter');
  await until(async () => (await page.locator('#status').textContent()) === `Saved: contact requests go to ${good}.`, 'saved');
  const settings = async () => (await pageFetch(page, '../cgi-bin/admin/settings')).json.settings;
  assert.equal((await settings()).contact_email, good);

  // Not an address: the server's 400 at the field, nothing changed.
  await input.fill('not an address');
  await page.locator('#btn-email').click();
  await until(async () => (await input.getAttribute('aria-invalid')) === 'true', 'the address marked invalid');
  const error = page.locator('#f-contact-email-error');
  assert.match(await error.textContent(), /e-mail address/);
  assert.ok((await input.getAttribute('aria-describedby')).split(' ').includes('f-contact-email-error'));
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-contact-email', 'the focus on the field');
  assert.equal((await settings()).contact_email, good, 'nothing changed');
  await checkA11y(ctx);

  // Empty: no address (requests only in the console); the error goes.
  await input.fill('');
  await page.locator('#btn-email').click();
  await until(async () => (await page.locator('#status').textContent()) === 'Saved: contact requests are only listed in the operator console.', 'saved empty');
  assert.equal(await input.getAttribute('aria-invalid'), null);
  assert.equal(await error.isVisible(), false);
  assert.equal((await settings()).contact_email, '');
  // The page reloaded shows what was saved.
  await input.fill(good);
  await page.locator('#btn-email').click();
  await until(async () => (await page.locator('#status').textContent()) === `Saved: contact requests go to ${good}.`, 'saved again');
  await page.reload();
  await page.locator('body[data-ready="1"]').waitFor({ state: 'attached' });
  assert.equal(await input.inputValue(), good);
  await assertClean(t, ctx, [...CONSOLE_ALLOW, /HTTP 400 POST \S+\/cgi-bin\/admin\/settings$/]);
});
