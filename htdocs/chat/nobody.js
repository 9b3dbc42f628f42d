// "Nobody came": a waiting chat no operator takes. The visitor is told and
// offered to turn the conversation into a contact request (POST
// contactform/from-chat with the chat's token: the messages so far go with
// it, the chat is closed). Offered when
//   - the server closes the chat while it waits (a system message with
//     client_id "expired", or the status "closed" with no operator ever
//     in it), not when the visitor ended it or an operator dismissed it;
//   - config waiting_timeout seconds have passed since the chat began;
//   - the chat's department goes offline meanwhile (chat/config, asked
//     every 30 s while waiting).
// "Keep waiting" puts the offer away (a server close brings it back);
// 409 chat_taken means an operator came after all: go on chatting.
import { backoffMs, sleepMs } from './api.js';
import { $, setFieldError, clearFieldErrors } from '../shared/dom.js';
import { newClientId } from '../shared/outbox.js';
import { t, getLang } from './i18n.js';
import { api, bridge, contactApi, P, S } from './state.js';
import { showNotice } from './view.js';
import { fetchForm } from './contact.js';

const ONLINE_CHECK_MS = 30000;

// state: idle (watching), offered, away ("keep waiting"), sending, done.
let N = fresh();

function fresh() {
  return { state: 'idle', since: Date.now(), timer: 0, check: 0, form: null, clientId: null, dismissed: false, chat: null };
}

function stopTimers() {
  clearTimeout(N.timer);
  clearInterval(N.check);
  N.timer = 0;
  N.check = 0;
}

// A new chat on show (or none): forget everything of the last one.
export function resetNobody() {
  stopTimers();
  N = fresh();
  $('nobody').hidden = true;
  clearFieldErrors($('nobody-form'));
  $('nobody-error').hidden = true;
}

// Called whenever the chat's status may have changed: watches while it waits.
export function watchWaiting() {
  if (!S.chat || S.ended || S.status !== 'waiting' || S.everOperator || N.state !== 'idle') {
    stopTimers();
    return;
  }
  N.chat = S.chat;
  if (!N.check) N.check = setInterval(checkOnline, ONLINE_CHECK_MS);
  if (!N.timer) armTimeout();
}

function armTimeout() {
  clearTimeout(N.timer);
  N.timer = 0;
  const secs = S.config?.waitingTimeout ?? 0;
  if (!secs) return;
  const left = N.since + secs * 1000 - Date.now();
  N.timer = setTimeout(() => offerRequest('timeout'), Math.max(0, left));
}

// The chat's first message: it has waited since then (a resumed chat).
export function waitingSince(iso) {
  const ms = Date.parse(iso);
  if (Number.isFinite(ms) && ms < N.since) {
    N.since = ms;
    if (N.timer) armTimeout();
  }
}

// An operator dismissed the chat (a duplicate): no offer for it.
export function noteDismissed() {
  N.dismissed = true;
}

async function checkOnline() {
  if (S.status !== 'waiting' || S.ended || N.state !== 'idle' || !S.chat) return;
  try {
    const { data } = await api.config({ lang: S.config?.lang || getLang(), dept: S.chat.dept || P.dept || undefined });
    if (data?.online === false && S.status === 'waiting' && N.state === 'idle') offerRequest('offline');
  } catch { /* asked again in 30 s */ }
}

// reason: timeout | offline (the chat still waits) or closed (the server
// ended it).
export async function offerRequest(reason) {
  if (!S.chat || N.state === 'done' || N.state === 'sending' || S.everOperator) return;
  if (reason === 'closed' && (N.dismissed || S.visitorClosing)) return;
  if (reason !== 'closed' && N.state !== 'idle') return;
  stopTimers();
  const again = N.state === 'offered';
  N.state = 'offered';
  N.chat = S.chat;
  $('nobody-title').textContent = t(reason === 'closed' ? 'nobody_closed' : 'nobody_title');
  $('btn-nobody-keep').hidden = reason === 'closed' || S.ended;
  if (again) return;
  $('nobody-form').hidden = false;
  $('nobody-done').hidden = true;
  $('n-email-row').hidden = Boolean(S.startEmail);
  if (!$('n_email').value) $('n_email').value = S.visitorData.email || '';
  if (!$('n_name').value) $('n_name').value = S.visitorData.name || '';
  renderExtras();
  $('nobody').hidden = false;
  bridge.emit('nobody', { reason, chat: S.chat.id });
  // Not while the visitor is typing a message: that stays where it is.
  if (S.ended || document.activeElement !== $('msg')) $('nobody-title').focus();
  // Consent and copy are the contact form's.
  const chat = S.chat;
  try {
    const form = await fetchForm(chat.dept || P.dept);
    if (S.chat !== chat || N.state !== 'offered') return;
    N.form = form;
    renderExtras();
  } catch (e) {
    console.warn('Plauder: contactform/form failed', e.code);
  }
}

function renderExtras() {
  const form = N.form;
  const row = $('n-consent-row');
  row.hidden = !form?.consent.required;
  $('n-consent-text').textContent = form?.consent.text ?? '';
  if (row.dataset.version !== (form?.consent.version ?? '')) $('n-consent').checked = false;
  row.dataset.version = form?.consent.version ?? '';
  $('n-copy-row').hidden = !form?.copy;
}

// "Keep waiting": the offer goes away until the server closes the chat.
export function keepWaiting() {
  if (N.state !== 'offered') return;
  N.state = 'away';
  $('nobody').hidden = true;
  $('msg').focus();
}

function showNobodyError(text) {
  const n = $('nobody-error');
  n.textContent = text ?? '';
  n.hidden = !text;
}

export async function sendRequest() {
  if (N.state !== 'offered' || !N.chat) return;
  const form = $('nobody-form');
  clearFieldErrors(form);
  showNobodyError('');
  const email = $('n_email');
  const askEmail = !$('n-email-row').hidden;
  let firstBad = null;
  if (askEmail && (!email.value.trim() || !email.checkValidity())) {
    setFieldError(email, email.value.trim() ? t('mail_invalid') : t('err_required'));
    firstBad = email;
  }
  const consent = $('n-consent');
  if (N.form?.consent.required && !consent.checked) {
    setFieldError(consent, t('err_consent'));
    firstBad ??= consent;
  }
  if (firstBad) {
    firstBad.focus();
    return;
  }
  N.clientId ??= newClientId('r');
  N.state = 'sending';
  const btn = $('btn-nobody-send');
  btn.disabled = true;
  const chat = N.chat;
  const body = {
    // The consent's version is that of its text in this language.
    lang: N.form?.lang || S.config?.lang || getLang(),
    client_id: N.clientId,
    email: askEmail ? email.value.trim() : undefined,
    name: $('n_name').value.trim() || undefined,
    message: $('n_message').value.trim() || undefined,
    copy: N.form?.copy && $('n-copy').checked ? 1 : undefined,
    consent: N.form?.consent.required ? 1 : undefined,
    consent_version: N.form?.consent.required ? N.form.consent.version : undefined,
  };
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const { data } = await contactApi.fromChat(chat, body);
        requestSent(data);
        return;
      } catch (e) {
        if ((e.status === 503 || e.status === 429 || e.status === 0) && attempt < 6) {
          const delay = backoffMs(attempt, e, 60000);
          showNobodyError(e.status === 429 ? t('err_too_many') : t('err_busy', { s: Math.ceil(delay / 1000) }));
          await sleepMs(delay);
          showNobodyError('');
          continue;
        }
        N.state = 'offered';
        requestFailed(e);
        return;
      }
    }
  } finally {
    btn.disabled = false;
  }
}

function requestFailed(e) {
  if (e.code === 'chat_taken') {
    // An operator took the chat meanwhile: it goes on.
    N.state = 'away';
    S.everOperator = true;
    $('nobody').hidden = true;
    showNotice(t('nobody_taken'), { autoHideMs: 8000 });
    $('msg').focus();
    return;
  }
  if (e.field === 'f_email' || e.field === 'email') {
    const email = $('n_email');
    $('n-email-row').hidden = false;
    setFieldError(email, email.value.trim() ? t('mail_invalid') : t('err_required'));
    email.focus();
    return;
  }
  if (e.field === 'consent' || e.code === 'consent_changed') {
    const box = $('n-consent');
    if (!N.form?.consent.required || e.code === 'consent_changed') {
      // We did not know it, or it changed: the current text, a new tick.
      fetchForm(N.chat.dept || P.dept).then((f) => { N.form = f; renderExtras(); }).catch(() => {});
    }
    setFieldError(box, t(e.code === 'consent_changed' ? 'err_consent_changed' : 'err_consent'));
    box.focus();
    return;
  }
  if (e.status === 0) showNobodyError(t('err_network'));
  else {
    console.error('Plauder: contactform/from-chat failed', e.code, e.message, e.requestId);
    showNobodyError(t('err_generic', { code: e.requestId ? `${e.code}, ${e.requestId}` : e.code }));
  }
}

function requestSent(data) {
  N.state = 'done';
  N.clientId = null;
  $('nobody-form').hidden = true;
  N.copy = data?.copy === true;
  const done = $('nobody-done');
  done.textContent = N.copy ? `${t('nobody_done')} ${t('contact_done_copy')}` : t('nobody_done');
  done.hidden = false;
  $('nobody-title').textContent = t('contact_done_title');
  $('nobody-title').focus();
  bridge.emit('contact_sent', { source: 'chat', chat: N.chat.id, copy: data?.copy === true });
}

// Texts after a language switch.
export function relabelNobody() {
  if (N.state === 'idle') return;
  if (N.state === 'done') {
    $('nobody-title').textContent = t('contact_done_title');
    $('nobody-done').textContent = N.copy ? `${t('nobody_done')} ${t('contact_done_copy')}` : t('nobody_done');
  } else $('nobody-title').textContent = t(S.ended ? 'nobody_closed' : 'nobody_title');
}
