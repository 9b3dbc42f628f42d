// The offline contact form: shown instead of the chat start whenever the
// site or the chosen department has nobody online (chat/config online
// false, or chat/start answering 409 offline). GET contactform/form gives
// the fields, privacy, consent and a form token; POST contactform/submit
// sends it (idempotent by client_id: a resend after a lost answer or a 503
// stores nothing twice). While it shows, chat/config is asked every 30 s:
// when someone comes online, a button leads back to the chat start.
import { backoffMs, sleepMs } from './api.js';
import { $, setFieldError, clearFieldError, clearFieldErrors } from '../shared/dom.js';
import { newClientId } from '../shared/outbox.js';
import { t, getLang } from './i18n.js';
import { api, bridge, contactApi, P, S } from './state.js';
import { setView } from './view.js';
import { normalizeConfig, normalizeConsent, normalizePrivacy, showError } from './config.js';
import { showStart } from './start.js';
import { buildField, fieldValue, normalizeFields, setFieldValue } from './fields.js';
import { updatePrivacy } from './flyouts.js';

const BUILTIN = ['name', 'email', 'message'];
export const builtinLabel = (key) => (BUILTIN.includes(key) ? t(`label_${key}`) : null);

const inputs = new Map(); // key → input element of the form on show
const ONLINE_CHECK_MS = 30000;

export function normalizeForm(d) {
  const limits = d?.limits ?? {};
  return {
    fields: normalizeFields(d?.fields, builtinLabel),
    privacy: normalizePrivacy(d?.privacy),
    consent: normalizeConsent(d?.consent),
    copy: d?.copy === true,
    token: typeof d?.form_token === 'string' ? d.form_token : '',
    minSeconds: Number.isFinite(d?.min_seconds) && d.min_seconds > 0 ? Math.min(d.min_seconds, 60) : 0,
    maxField: Number.isInteger(limits.field) && limits.field > 0 ? limits.field : 4000,
    lang: typeof d?.lang === 'string' ? d.lang : '',
  };
}

// GET contactform/form, riding out transient errors. Throws what is final.
export async function fetchForm(dept, { onWait = () => {} } = {}) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const { data } = await contactApi.form({ lang: S.config?.lang || getLang(), dept: dept || undefined });
      const form = normalizeForm(data);
      form.loadedAt = Date.now();
      return form;
    } catch (e) {
      if (!e.transient || attempt >= 5) throw e;
      const delay = backoffMs(attempt, e);
      onWait(delay);
      await sleepMs(delay);
    }
  }
}

function showContactError(text) {
  const n = $('contact-error');
  n.textContent = text ?? '';
  n.hidden = !text;
}

function currentValues() {
  const v = {};
  for (const [key, input] of inputs) v[key] = fieldValue(input);
  return v;
}

// The contact form instead of the chat start, for dept (the page's or the
// chosen one; '' for the whole site).
export async function showContact({ dept = '' } = {}) {
  const keep = S.contact?.dept === dept ? currentValues() : {};
  S.contact = { dept, form: null, clientId: null, busy: false, done: false };
  $('contact-form').hidden = false;
  $('contact-done').hidden = true;
  $('contact-online').hidden = true;
  $('contact-fields').replaceChildren();
  inputs.clear();
  showContactError('');
  $('contact-loading').hidden = false;
  $('btn-contact').disabled = true;
  setView('contact');
  watchOnline();
  await loadForm(keep);
}

async function loadForm(keep = currentValues()) {
  const mine = S.contact;
  try {
    const form = await fetchForm(mine.dept, {
      onWait: (ms) => showContactError(t('err_busy', { s: Math.ceil(ms / 1000) })),
    });
    if (S.contact !== mine) return;
    mine.form = form;
    renderContactForm(keep);
    showContactError('');
  } catch (e) {
    if (S.contact !== mine) return;
    console.error('Plauder: contactform/form failed', e.code, e.requestId);
    if (e.code === 'site_suspended') showError(t('site_suspended'));
    else showError(`${t('contact_unavailable')} (${e.code})`, { retry: () => showContact({ dept: mine.dept }) });
  }
}

function renderContactForm(keep) {
  const { form } = S.contact;
  const box = $('contact-fields');
  box.replaceChildren();
  inputs.clear();
  for (const f of form.fields) {
    const { row, input } = buildField(f, 'c_', form.maxField);
    if (f.type === 'textarea') input.maxLength = form.maxField;
    box.append(row);
    inputs.set(f.key, input);
    if (f.key in keep) setFieldValue(input, keep[f.key]);
    else if (f.key === 'name' && S.visitorData.name) input.value = S.visitorData.name;
    else if (f.type === 'email' && f.key === 'email' && S.visitorData.email) input.value = S.visitorData.email;
    input.addEventListener('input', () => clearFieldError(input));
    input.addEventListener('change', () => clearFieldError(input));
  }
  $('contact-required-note').hidden = !form.fields.some((f) => f.required);
  const consentRow = $('c-consent-row');
  consentRow.hidden = !form.consent.required;
  $('c-consent-text').textContent = form.consent.text;
  if (consentRow.dataset.version !== form.consent.version) $('c-consent').checked = false;
  consentRow.dataset.version = form.consent.version;
  $('c-copy-row').hidden = !form.copy;
  $('contact-loading').hidden = true;
  $('btn-contact').disabled = false;
  updatePrivacy();
  if (S.wantFocus) setView('contact');
}

// The language changed: the same form in the new one, with what was typed.
export function relabelContact() {
  if (S.view !== 'contact' || !S.contact || S.contact.done) return;
  loadForm();
}

function validate() {
  const { form } = S.contact;
  clearFieldErrors($('contact-form'));
  const fields = {};
  let firstBad = null;
  for (const f of form.fields) {
    const input = inputs.get(f.key);
    const value = input.type === 'checkbox' ? (input.checked ? '1' : '') : input.value.trim();
    if (f.required && !value) {
      setFieldError(input, t('err_required'));
      firstBad ??= input;
    } else if (value && f.type === 'email' && !input.checkValidity()) {
      setFieldError(input, t('mail_invalid'));
      firstBad ??= input;
    }
    if (value) fields[f.key] = value;
  }
  const consent = $('c-consent');
  if (form.consent.required && !consent.checked) {
    setFieldError(consent, t('err_consent'));
    firstBad ??= consent;
  }
  return { fields, firstBad };
}

export async function submitContact() {
  const c = S.contact;
  if (!c?.form || c.busy || c.done) return;
  showContactError('');
  const { fields, firstBad } = validate();
  if (firstBad) {
    firstBad.focus();
    return;
  }
  // One id per filled-in form: every resend of it carries the same one.
  c.clientId ??= newClientId('c');
  c.busy = true;
  const btn = $('btn-contact');
  btn.disabled = true;
  btn.textContent = t('contact_sending');
  try {
    for (let attempt = 0; ; attempt += 1) {
      const { form } = c;
      const body = {
        lang: form.lang || S.config?.lang || getLang(),
        dept: c.dept || undefined,
        client_id: c.clientId,
        form_token: form.token,
        fields,
        consent: form.consent.required ? 1 : undefined,
        consent_version: form.consent.required ? form.consent.version : undefined,
        copy: form.copy && $('c-copy').checked ? 1 : undefined,
        page: S.context.page ? S.context.page.slice(0, 2048) : undefined,
        website: $('c-website').value || undefined,
      };
      try {
        const { data } = await contactApi.submit(body);
        if (S.contact === c) contactSent(data, 'email' in fields);
        return;
      } catch (e) {
        if (S.contact !== c) return;
        const next = await handleSubmitError(e, attempt);
        if (next === 'stop') return;
      }
    }
  } finally {
    c.busy = false;
    btn.disabled = false;
    btn.textContent = t('contact_send');
  }
}

// 'again' (resend) or 'stop'.
async function handleSubmitError(e, attempt) {
  const c = S.contact;
  if (e.code === 'too_fast' && attempt < 5) {
    // Sent sooner than the form allows: wait the seconds left, silently.
    const left = c.form.minSeconds * 1000 - (Date.now() - c.form.loadedAt);
    await sleepMs(Math.max(500, e.retryAfterMs ?? left));
    return 'again';
  }
  if ((e.code === 'form_expired' || e.code === 'consent_changed') && attempt < 5) {
    const version = c.form.consent.version;
    try {
      c.form = await fetchForm(c.dept);
    } catch (e2) {
      showContactError(t('err_generic', { code: e2.code }));
      return 'stop';
    }
    const keep = currentValues();
    renderContactForm(keep);
    if (e.code === 'consent_changed' || (c.form.consent.required && c.form.consent.version !== version)) {
      // A new text needs a new tick.
      const box = $('c-consent');
      box.checked = false;
      setFieldError(box, t('err_consent_changed'));
      box.focus();
      return 'stop';
    }
    return 'again';
  }
  // Nothing stored (503, 429) or unknown (no answer): the same again.
  if ((e.status === 503 || e.status === 429 || e.status === 0) && attempt < 6) {
    const delay = backoffMs(attempt, e, 60000);
    showContactError(e.status === 429 ? t('err_too_many') : t('err_busy', { s: Math.ceil(delay / 1000) }));
    await sleepMs(delay);
    showContactError('');
    return 'again';
  }
  if (e.field === 'consent') {
    const box = $('c-consent');
    setFieldError(box, t('err_consent'));
    box.focus();
    return 'stop';
  }
  if (e.field?.startsWith('f_')) {
    const input = inputs.get(e.field.slice(2));
    if (input) {
      const empty = input.type === 'checkbox' ? !input.checked : !input.value.trim();
      setFieldError(input, empty ? t('err_required') : (input.type === 'email' ? t('mail_invalid') : t('err_invalid')));
      input.focus();
      return 'stop';
    }
  }
  if (e.status === 429) showContactError(t('err_too_many'));
  else if (e.status === 0) showContactError(t('err_network'));
  else {
    console.error('Plauder: contactform/submit failed', e.code, e.message, e.requestId);
    showContactError(t('err_generic', { code: e.requestId ? `${e.code}, ${e.requestId}` : e.code }));
  }
  return 'stop';
}

function contactSent(data, gaveEmail) {
  const c = S.contact;
  c.done = true;
  c.clientId = null;
  stopWatch();
  $('contact-form').hidden = true;
  $('contact-online').hidden = true;
  // Said again in another language by applyTexts().
  $('contact-done-text').dataset.t = gaveEmail ? 'contact_done_email' : 'contact_done';
  $('contact-done-text').textContent = t($('contact-done-text').dataset.t);
  $('contact-done-copy').hidden = data?.copy !== true;
  $('contact-done').hidden = false;
  $('contact-done-title').focus();
  bridge.emit('contact_sent', { source: 'form', copy: data?.copy === true });
}

// "Write another message": a new form fill (a new client_id, a new token).
export function contactAgain() {
  const { dept } = S.contact ?? {};
  S.contact = null;
  S.wantFocus = true;
  showContact({ dept });
}

// ---- back to the chat when someone comes online ---------------------------------

let watchTimer = 0;

function stopWatch() {
  clearTimeout(watchTimer);
  watchTimer = 0;
}

function watchOnline() {
  stopWatch();
  const mine = S.contact;
  watchTimer = setTimeout(async () => {
    if (S.contact !== mine || S.view !== 'contact' || mine.done) return;
    try {
      const { data } = await api.config({ lang: S.config?.lang || getLang(), dept: mine.dept || P.dept || undefined });
      if (S.contact === mine && data?.online === true && !mine.done) $('contact-online').hidden = false;
    } catch { /* asked again next time */ }
    if (S.contact === mine && !mine.done) watchOnline();
  }, ONLINE_CHECK_MS);
}

// "Start a chat instead": the config again (now online), then the start.
export async function backToChat() {
  const btn = $('btn-contact-chat');
  btn.disabled = true;
  try {
    const { data } = await api.config({ lang: S.config?.lang || getLang(), dept: P.dept || undefined });
    S.config = normalizeConfig(data);
  } catch (e) {
    showContactError(t('err_generic', { code: e.code }));
    return;
  } finally {
    btn.disabled = false;
  }
  S.wantFocus = true;
  showStart();
}

export function leaveContact() {
  stopWatch();
  S.contact = null;
}
