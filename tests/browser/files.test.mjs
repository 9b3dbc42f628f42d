// Files and transcripts in the in-page chat on a customer's page (another
// origin than the Plauder server): an image sent through the attach
// button's file input shows as a preview and reaches the operator; the
// transcript download links deliver the conversation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  launch, newContext, hostPage, tabButton, chatFrame, recordEvents, waitEvent,
  makeSite, waitOnline, Operator, messageItem, waitText, uniq, until, makePng,
  assertClean,
} from './lib.mjs';

// An in-page chat on a fresh site, started at once (direct=1, no consent),
// accepted by the operator.
async function runningChat(t, browser) {
  const who = makeSite();
  const op = await Operator.login(who);
  t.after(() => op.logout());
  await waitOnline(who.site);
  const ctx = await newContext(browser);
  const page = await hostPage(t, ctx, who.site, { direct: 1 });
  await recordEvents(page);
  await page.locator('plauder-chat button.tab[data-state="online"]').waitFor();
  await tabButton(page).click();
  const app = await chatFrame(page);
  const chat = (await waitEvent(page, 'chat_started')).detail.chat;
  await op.accept(chat);
  await waitText(app, '#status', 'You are chatting with Olga Test');
  return { who, op, ctx, page, app, chat };
}

test('file send: an image chosen with the attach button shows as a preview; the operator downloads it', { timeout: 90000 }, async (t) => {
  const browser = await launch(t);
  const { op, ctx, page, app, chat } = await runningChat(t, browser);
  const png = makePng(24, 16);

  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), app.locator('#btn-attach').click()]);
  await chooser.setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });

  // The preview: an <img> fetched from chat/file with the token in a header
  // and shown from a blob: URL (no URL holds the token), with a text
  // alternative.
  const img = app.locator('#log li.msg-visitor img.file-img');
  await img.waitFor({ state: 'visible' });
  assert.equal(await img.getAttribute('alt'), 'Image: photo.png');
  await until(() => img.evaluate((n) => n.complete && n.naturalWidth === 24 && n.naturalHeight === 16), 'the preview image to load');
  assert.match(await img.getAttribute('src'), /^blob:/);
  assert.match(await app.locator('#log li.msg-visitor a.file-link').getAttribute('href'), /^blob:/);
  assert.equal(await app.locator('#log li.msg-visitor a.file-link').textContent(), `File: photo.png (${png.length} B)`);

  // The operator sees the file and downloads the same bytes.
  const m = await op.waitMessage(chat, (x) => x.from === 'visitor' && x.file, 'the file message');
  assert.equal(m.file.name, 'photo.png');
  assert.equal(m.file.type, 'image/png');
  assert.equal(m.file.size, png.length);
  const r = await op.request('GET', `file?chat=${chat}&file=${m.file.id}`, null, { raw: true });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'image/png');
  assert.ok(r.bytes.equals(png), 'the operator gets the bytes the visitor sent');

  // The page gets the message event with the file's name, type and size,
  // and nothing that opens the chat (no token, no URL).
  const ev = await waitEvent(page, 'message', (d) => d.file);
  assert.deepEqual(ev.detail.file, { name: 'photo.png', type: 'image/png', size: png.length });
  assert.equal(ctx.tokens.size, 1, 'the chat app sent its token in the header');
  const [token] = ctx.tokens;
  assert.ok(!JSON.stringify(await page.evaluate(() => window.__plEvents)).includes(token), 'no event carries the token');

  // A file that only pretends to be an image is refused by the server and
  // shown as not sent.
  const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), app.locator('#btn-attach').click()]);
  await chooser2.setFiles({ name: 'evil.png', mimeType: 'image/png', buffer: Buffer.from('MZ\x90\x00 this is not a picture') });
  const refused = app.locator('#log li.msg-visitor[data-state="failed"]');
  await refused.waitFor();
  assert.match(await refused.locator('.msg-state').textContent(), /Not sent: this type of file is not allowed/);
  assert.equal((await op.messages(chat)).messages.filter((x) => x.file).length, 1);

  // A file from the operator: not an image, so a download link.
  const text = Buffer.from('Opening hours: 9–17\n');
  const up = await op.upload(chat, 'hours.txt', text);
  assert.equal(up.status, 201, up.text);
  const link = app.locator('#log li.msg-operator a.file-link');
  await link.waitFor();
  assert.equal(await link.textContent(), `File: hours.txt (${text.length} B)`);
  assert.equal(await link.getAttribute('download'), 'hours.txt');
  assert.equal(await app.locator('#log li.msg-operator img').count(), 0);

  await assertClean(t, ctx, [/HTTP 415 POST .*\/cgi-bin\/chat\/upload$/]);
  await op.close(chat);
});

test('transcript: the text and HTML download links deliver the whole conversation', { timeout: 90000 }, async (t) => {
  const browser = await launch(t);
  const { op, ctx, page, app, chat } = await runningChat(t, browser);

  const fromOp = uniq('Grüße vom Kundendienst ☕');
  await op.send(chat, fromOp);
  await messageItem(app, fromOp).waitFor();
  const fromVisitor = `${uniq('My <b>bold</b> question')} & more`;
  await app.locator('#msg').fill(fromVisitor);
  await app.locator('#msg').press('Enter');
  await op.waitMessage(chat, (m) => m.text === fromVisitor);

  // The menu holds the two download links.
  await app.locator('#btn-menu').click();
  await app.locator('#menu').waitFor({ state: 'visible' });
  const [dlText] = await Promise.all([page.waitForEvent('download'), app.locator('#dl-text').click()]);
  assert.equal(dlText.suggestedFilename(), `chat-${chat}.txt`);
  const txt = await readFile(await dlText.path(), 'utf8');
  assert.ok(txt.includes(fromOp), `the text transcript has the operator's message:\n${txt}`);
  assert.ok(txt.includes(fromVisitor), `the text transcript has the visitor's message:\n${txt}`);
  assert.ok(txt.includes('Olga Test'), 'and who wrote');

  await app.locator('#btn-menu').click();
  const [dlHtml] = await Promise.all([page.waitForEvent('download'), app.locator('#dl-html').click()]);
  assert.match(dlHtml.suggestedFilename(), new RegExp(`^chat-${chat}\\.html?$`));
  const html = await readFile(await dlHtml.path(), 'utf8');
  assert.ok(html.includes(fromOp));
  assert.ok(!html.includes('<b>bold</b>'), 'the visitor text is escaped in the HTML transcript');
  assert.ok(html.includes('&lt;b&gt;bold&lt;/b&gt;'));

  // The HTML transcript, opened in a browser, shows the words as text.
  const view = await ctx.newPage();
  await view.setContent(html);
  assert.ok((await view.locator('body').innerText()).includes(fromVisitor));
  assert.equal(await view.locator('b').count(), 0);

  await assertClean(t, ctx);
  await op.close(chat);
});
