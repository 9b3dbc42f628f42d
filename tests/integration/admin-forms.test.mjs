// The admin area's form fields, look and retention over real HTTP
// (docs/API.md, "/admin"): fields of the chat start window and the contact
// form per language (a select with its options), the tab's corner and
// texts and the welcome text as the chat config hands them to the loader
// and the chat app, texts changes that keep what they do not name, and the
// retention days the purger reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { http, admin, adminSite, adminSession } from './lib.mjs';

const C = 'cgi-bin/chat';

const topic = {
  form: 'query', key: 'topic', type: 'select', required: 1, sort: 5,
  labels: { de: 'Thema', en: 'Topic', fr: 'Sujet' },
  options: { de: ['Rechnung', 'Lieferung'], en: ['Billing', 'Delivery'], fr: ['Facture', 'Livraison'] },
};

function start(site, lang, fields) {
  admin('presence', 'set', site, 'olga', 'online');
  return http(`${C}/start`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ site, lang, fields }) });
}

test('a select field with options per language reaches the chat start window and is enforced', async () => {
  const site = adminSite();
  const boss = await adminSession(site, 'boss');
  const r = await boss.post('field-set', topic);
  assert.equal(r.status, 200, r.text);
  assert.equal((await boss.post('field-set', { form: 'query', key: 'question', type: 'textarea', required: 1, sort: 9,
    labels: { de: 'Ihre Frage', en: 'Your question' } })).status, 200);
  const forms = (await boss.get('settings')).json.forms;
  assert.deepEqual(forms.query.map((f) => f.key), ['topic', 'question'], 'in order');
  assert.deepEqual(forms.query[0], { key: 'topic', type: 'select', required: true, sort: 5, labels: topic.labels,
    options: topic.options });
  assert.deepEqual(forms.contact, []);
  assert.deepEqual((await boss.get('settings')).json.languages.sort(), ['de', 'en', 'fr']);

  // A third language needs no code change: French is asked for, French is answered.
  const fr = (await http(`${C}/config?site=${site}&lang=fr`)).json;
  assert.equal(fr.lang, 'fr');
  assert.deepEqual(fr.fields[0], { key: 'topic', label: 'Sujet', type: 'select', required: true, options: ['Facture', 'Livraison'] });
  const de = (await http(`${C}/config?site=${site}&lang=de`)).json;
  assert.deepEqual(de.fields.map((f) => f.label), ['Thema', 'Ihre Frage']);
  assert.equal(de.fields[1].options, undefined, 'only a select has options');

  const missing = await start(site, 'de', { question: 'Hallo' });
  assert.deepEqual([missing.status, missing.json.error.field], [400, 'f_topic']);
  const notAnOption = await start(site, 'de', { topic: 'Billing', question: 'Hallo' });
  assert.deepEqual([notAnOption.status, notAnOption.json.error.field], [400, 'f_topic'], 'an English option in German');
  const ok = await start(site, 'de', { topic: 'Lieferung', question: 'Wo ist mein Paket?' });
  assert.equal(ok.status, 201, ok.text);

  // A field goes with all its languages.
  assert.equal((await boss.post('field-delete', { form: 'query', key: 'topic' })).status, 200);
  assert.equal((await boss.post('field-delete', { form: 'query', key: 'topic' })).status, 404);
  assert.deepEqual((await http(`${C}/config?site=${site}&lang=en`)).json.fields.map((f) => f.key), ['question']);
});

test('field definitions are checked member by member', async () => {
  const site = adminSite();
  const boss = await adminSession(site, 'boss');
  const bad = [
    [{ ...topic, key: 'Bad Key' }, 'key'],
    [{ ...topic, key: 'x'.repeat(33) }, 'key'],
    [{ ...topic, type: 'radio' }, 'type'],
    [{ ...topic, form: 'survey' }, 'form'],
    [{ ...topic, labels: {} }, 'labels'],
    [{ ...topic, labels: { de: '' } }, 'labels'],
    [{ ...topic, labels: { 'not a lang': 'x' } }, 'labels'],
    [{ ...topic, labels: { de: 'two\nlines' } }, 'labels'],
    [{ ...topic, options: { de: ['Rechnung'], en: ['Billing'] } }, 'options'],
    [{ ...topic, options: { de: [], en: ['a'], fr: ['b'] } }, 'options'],
    [{ ...topic, options: { de: ['a', 'a'], en: ['a'], fr: ['b'] } }, 'options'],
    [{ ...topic, options: { de: [42], en: ['a'], fr: ['b'] } }, 'options'],
  ];
  for (const [body, field] of bad) {
    const r = await boss.post('field-set', body);
    assert.deepEqual([r.status, r.json?.error?.field], [400, field], JSON.stringify(body));
  }
  // Form-encoded: labels and options as JSON text.
  const form = new URLSearchParams({ form: 'contact', key: 'phone', type: 'text', labels: JSON.stringify({ en: 'Phone' }) });
  const r = await http('cgi-bin/admin/field-set', { method: 'POST', body: form,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: boss.cookie, 'X-CSRF-Token': boss.csrf } });
  assert.equal(r.status, 200, r.text);
  const contact = (await boss.get('settings')).json.forms.contact;
  assert.deepEqual(contact, [{ key: 'phone', type: 'text', required: false, sort: 0, labels: { en: 'Phone' }, options: {} }]);
  // An operator cannot; the audit log has the change.
  const olga = await adminSession(site, 'olga');
  assert.equal((await olga.post('field-set', topic)).status, 403);
  const audit = (await boss.get('audit')).json.entries;
  assert.equal(audit[0].action, 'field_set');
  assert.equal(audit[0].detail.key, 'phone');
});

test('the look reaches the chat config: colour, tab corner, button texts and welcome per language', async () => {
  const site = adminSite();
  const boss = await adminSession(site, 'boss');
  assert.equal((await boss.post('settings', { color: '#aa3300', tab_position: 'left' })).status, 200);
  assert.equal((await boss.post('texts', { lang: 'de', privacy_url: 'https://shop.example/ds', button_online: 'Fragen Sie uns',
    button_offline: 'Schreiben Sie uns', welcome_text: 'Willkommen!\nGleich ist jemand da.' })).status, 200);
  // Only the texts named change.
  assert.equal((await boss.post('texts', { lang: 'de', button_online: 'Wir sind da' })).status, 200);
  const t = (await boss.get('settings')).json.texts.de;
  assert.deepEqual([t.privacy_url, t.button_online, t.button_offline, t.welcome_text],
    ['https://shop.example/ds', 'Wir sind da', 'Schreiben Sie uns', 'Willkommen!\nGleich ist jemand da.']);
  const cfg = (await http(`${C}/config?site=${site}&lang=de`)).json;
  assert.deepEqual(cfg.theme, { color: '#aa3300', position: 'left' });
  assert.deepEqual(cfg.texts, { button_online: 'Wir sind da', button_offline: 'Schreiben Sie uns',
    welcome: 'Willkommen!\nGleich ist jemand da.' });
  // No texts in a language: "" (the loader and chat app use their own).
  const en = (await http(`${C}/config?site=${site}&lang=en`)).json;
  assert.deepEqual([en.lang, en.texts], ['en', { button_online: '', button_offline: '', welcome: '' }]);
  for (const [body, field] of [
    [{ lang: 'de', button_online: 'x'.repeat(201) }, 'button_online'],
    [{ lang: 'de', button_offline: 'a\nb' }, 'button_offline'],
    [{ lang: 'de', welcome_text: 'x'.repeat(1001) }, 'welcome_text'],
  ]) {
    const r = await boss.post('texts', body);
    assert.deepEqual([r.status, r.json.error.field], [400, field]);
  }
  const pos = await boss.post('settings', { tab_position: 'top' });
  assert.deepEqual([pos.status, pos.json.error.field], [400, 'tab_position']);
});

test('retention days per kind of data, read by the purger, within bounds', async () => {
  const site = adminSite();
  const boss = await adminSession(site, 'boss');
  assert.equal((await boss.post('settings', { retention_chat_days: 30, retention_visit_days: 7, retention_contact_days: 365 })).status, 200);
  const s = (await boss.get('settings')).json.settings;
  assert.deepEqual([s.retention_chat_days, s.retention_visit_days, s.retention_contact_days], [30, 7, 365]);
  const r = await boss.post('settings', { retention_visit_days: 3651 });
  assert.deepEqual([r.status, r.json.error.field], [400, 'retention_visit_days']);
  // plauder-admin's retention command and the admin area share the setting.
  admin('retention', 'set', site, '12');
  assert.equal((await boss.get('settings')).json.settings.retention_chat_days, 12);
});
