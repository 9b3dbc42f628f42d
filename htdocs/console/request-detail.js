// One contact request opened in the requests view (./requests.js): its
// fields, page, language, consent, the state of its mails, the replies
// so far, the chat it came from; opening a new one marks it read (POST
// /operator/contact-status), buttons mark it answered or new again; the
// reply box sends a reply by e-mail (POST /operator/contact-reply, with one
// client_id per reply kept across every retry, so it is stored and mailed
// once). A request without an e-mail address gets no reply box but says
// why. The draft of each request (text and client_id) survives switching
// between requests and a lost session.
import { newClientId } from '../shared/outbox.js';
import { el, $, plainText, externalLink, setFieldError, clearFieldError } from './dom.js';
import { t, langName, formatDateTime } from './i18n.js';
import { api } from './state.js';
import { deptName } from './presence.js';
import { openHistory } from './tabs.js';
import { announce } from './alerting.js';
import { showChats } from './requests.js';

const STATUSES = ['new', 'read', 'answered'];

const D = {
  id: null,
  data: null, // GET /operator/contact's answer
  onChange: () => {},
  onGone: () => {},
  seq: 0,
  busy: false, // a status change on its way
  sending: new Set(), // ids of requests whose reply is on its way
  drafts: new Map(), // id → {text, clientId}
  note: '', // the last thing done, shown under the buttons
};

// An ISO or SQL ("2024-05-01 12:00:00") time in the console's language.
export function whenText(s) {
  if (typeof s !== 'string' || !s) return '';
  return formatDateTime(s.includes('T') ? s : s.replace(' ', 'T'));
}

function draftOf(id) {
  if (!D.drafts.has(id)) D.drafts.set(id, { text: '', clientId: null });
  return D.drafts.get(id);
}

function box() {
  return $('req-detail');
}

export function clearRequest() {
  D.seq += 1;
  D.id = null;
  D.data = null;
  D.note = '';
  box().replaceChildren(el('p', { class: 'muted' }, t('req_choose')));
}

// entry: the list's entry (what to show while the rest loads); onChange
// (patch) when the status changed; onGone() when the server has it no more.
export async function showRequest(id, { entry, onChange, onGone } = {}) {
  const seq = ++D.seq;
  D.id = id;
  D.data = null;
  D.note = '';
  D.onChange = onChange ?? (() => {});
  D.onGone = onGone ?? (() => {});
  box().replaceChildren(el('p', { class: 'muted' }, entry ? t('req_from', { name: nameOf(entry) }) : ''),
    el('p', { class: 'muted' }, t('req_loading_one')));
  try {
    const data = await api.contact(id);
    if (seq !== D.seq) return;
    D.data = data;
    render({ focus: 'req-d-h' });
    if (data.status === 'new') markRead(id, seq);
  } catch (e) {
    if (seq !== D.seq || e.unauthenticated) return;
    const text = e.status === 404 ? t('req_gone') : t('req_err_open', { code: e.code });
    box().replaceChildren(el('p', { class: 'error', role: 'alert', id: 'req-d-error', tabindex: '-1' }, text));
    $('req-d-error').focus();
    if (e.status === 404) D.onGone();
  }
}

// Fetch the open request again (after a reply: its reply and its mail).
async function reload() {
  const id = D.id;
  const seq = D.seq;
  try {
    const data = await api.contact(id);
    if (seq !== D.seq || id !== D.id) return;
    D.data = data;
    render({ keep: true });
  } catch { /* what is shown stays */ }
}

function nameOf(r) {
  return plainText(r?.name).trim() || plainText(r?.email).trim() || t('req_no_name');
}

async function markRead(id, seq) {
  try {
    await api.contactStatus(id, 'read');
    if (seq !== D.seq || !D.data) return;
    D.data.status = 'read';
    D.onChange({ status: 'read', was: 'new' });
    render({ keep: true });
  } catch { /* stays new; the buttons still work */ }
}

async function setStatus(status) {
  if (D.busy || !D.data) return;
  const id = D.id;
  const seq = D.seq;
  const was = D.data.status;
  D.busy = true;
  render({ keep: true });
  try {
    await api.contactStatus(id, status);
    if (seq !== D.seq) return;
    D.data.status = status;
    D.note = t(status === 'answered' ? 'req_marked_answered' : status === 'new' ? 'req_marked_new' : 'req_marked_read');
    announce(D.note);
    D.onChange({ status, was });
  } catch (e) {
    if (e.unauthenticated || seq !== D.seq) return;
    D.note = t('req_err_status', { code: e.code });
    announce(D.note);
  } finally {
    D.busy = false;
    if (seq === D.seq) render({ focus: `req-mark-${status === 'new' ? 'answered' : 'new'}`, keep: true });
  }
}

// ---- drawing ---------------------------------------------------------------------

// focus: the id to focus afterwards; keep: keep the focus where it was
// (by id) when that element is drawn again.
function render({ focus = null, keep = false } = {}) {
  const d = D.data;
  if (!d) return;
  const had = keep ? document.activeElement?.id : null;
  const status = STATUSES.includes(d.status) ? d.status : 'read';
  const name = nameOf(d);
  const chat = Number.isInteger(d.chat) ? d.chat : null;
  const buttons = [];
  if (status !== 'answered') buttons.push(statusButton('answered'));
  if (status !== 'new') buttons.push(statusButton('new'));
  if (chat != null) {
    const b = el('button', { type: 'button', class: 'secondary', id: 'req-open-chat' }, t('req_open_chat', { chat }));
    b.addEventListener('click', () => {
      showChats();
      openHistory(chat);
    });
    buttons.push(b);
  }
  const article = el('article', { class: `req-open status-${status}`, 'aria-labelledby': 'req-d-h', 'data-id': String(d.id) },
    el('h3', { id: 'req-d-h', tabindex: '-1' }, name === t('req_no_name') ? t('req_from_anon') : t('req_from', { name })),
    el('p', { class: 'req-d-meta', id: 'req-d-meta' },
      t('req_received', { when: whenText(d.created) }), ' · ',
      el('span', { class: 'req-d-status', id: 'req-d-status' }, t('req_status_is', { status: t(`req_status_${status}`) }))),
    el('div', { class: 'req-d-actions' }, buttons),
    D.note ? el('p', { class: 'hint', id: 'req-d-note' }, D.note) : null,
    el('h4', {}, t('req_fields')),
    fieldsList(d),
    el('h4', {}, t('req_details')),
    detailsList(d),
    el('h4', {}, t('req_mails')),
    mailsList(d),
    el('h4', {}, t('req_replies')),
    repliesList(d),
    replyForm(d));
  box().replaceChildren(article);
  const target = (had && $(had)) || (focus && $(focus));
  target?.focus();
}

function statusButton(status) {
  const b = el('button', {
    type: 'button', class: 'secondary', id: `req-mark-${status}`, disabled: D.busy,
  }, t(status === 'answered' ? 'req_mark_answered' : 'req_mark_new'));
  b.addEventListener('click', () => setStatus(status));
  return b;
}

const BUILTIN = { name: 'req_field_name', email: 'req_field_email', message: 'req_field_message' };

function fieldLabel(f) {
  const label = plainText(f.label).trim();
  if (label) return label;
  const key = plainText(f.key);
  return BUILTIN[key] ? t(BUILTIN[key]) : key;
}

function fieldValue(f) {
  if (f.type === 'checkbox') {
    const v = f.value;
    return v === true || v === 1 || v === '1' || v === 'on' || v === 'yes' ? t('yes') : t('no');
  }
  return plainText(f.value);
}

function fieldsList(d) {
  const fields = (Array.isArray(d.fields) ? d.fields : []).filter((f) => f && typeof f === 'object');
  if (!fields.length) return el('p', { class: 'muted' }, t('req_no_fields'));
  return el('dl', { class: 'kv req-fields' },
    ...fields.flatMap((f) => [el('dt', {}, fieldLabel(f)), el('dd', { lang: plainText(d.lang) || null }, fieldValue(f))]));
}

function detailsList(d) {
  const rows = [];
  const email = plainText(d.email).trim();
  if (email) rows.push([t('req_email'), email]);
  const page = plainText(d.page).trim();
  if (page) rows.push([t('req_page'), externalLink(page, page, { class: 'page-url' }) ?? page]);
  if (plainText(d.lang)) rows.push([t('req_lang'), langName(plainText(d.lang))]);
  if (plainText(d.dept)) rows.push([t('req_dept'), deptName(plainText(d.dept))]);
  if (Number.isInteger(d.chat)) rows.push([t('req_chat'), `#${d.chat}`]);
  const c = d.consent && typeof d.consent === 'object' ? d.consent : null;
  rows.push([t('req_consent'), c ? t('req_consent_at', { when: whenText(c.at), version: plainText(c.version).slice(0, 12) })
    : t('req_consent_none')]);
  return el('dl', { class: 'kv req-details' }, ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

function mailState(m) {
  const parts = [];
  const attempts = Number.isInteger(m.attempts) ? m.attempts : 0;
  if (m.state === 'sent') parts.push(m.sent_at ? t('req_mail_sent_at', { when: whenText(m.sent_at) }) : t('req_mail_sent'));
  else if (m.state === 'failed') parts.push(t('req_mail_failed'));
  else parts.push(t('req_mail_queued'));
  if (m.state !== 'sent' && attempts > 0) parts.push(t('req_mail_attempts', { n: attempts }));
  const err = plainText(m.last_error).trim();
  if (m.state !== 'sent' && err) parts.push(t('req_mail_error', { error: err }));
  return parts.join(', ');
}

function mailsList(d) {
  const mails = (Array.isArray(d.mails) ? d.mails : []).filter((m) => m && typeof m === 'object');
  if (!mails.length) return el('p', { class: 'muted' }, t('req_mails_none'));
  return el('ul', { class: 'req-mails' }, ...mails.map((m) => {
    const kind = ['contact', 'copy', 'reply'].includes(m.kind) ? m.kind : 'contact';
    const state = ['queued', 'sent', 'failed'].includes(m.state) ? m.state : 'queued';
    return el('li', { class: `req-mail mail-${state}` },
      el('span', { class: 'req-mail-kind' }, t(`req_kind_${kind}`)),
      plainText(m.rcpt) ? ` (${plainText(m.rcpt)})` : '', ': ',
      el('span', { class: 'req-mail-state' }, mailState({ ...m, state })));
  }));
}

function repliesList(d) {
  const replies = (Array.isArray(d.replies) ? d.replies : []).filter((r) => r && typeof r === 'object');
  if (!replies.length) return el('p', { class: 'muted' }, t('req_replies_none'));
  return el('ol', { class: 'req-replies' }, ...replies.map((r) => el('li', { class: 'req-reply-item' },
    el('p', { class: 'req-reply-by' }, t('req_reply_by', { operator: plainText(r.operator), when: whenText(r.created) })),
    el('p', { class: 'req-reply-text' }, plainText(r.text)))));
}

function replyForm(d) {
  const email = plainText(d.email).trim();
  const id = d.id;
  const draft = draftOf(id);
  const sending = D.sending.has(id);
  const text = el('textarea', {
    id: 'req-reply-text', rows: '6', maxlength: '20000', disabled: !email, readonly: sending,
    'aria-describedby': email ? 'req-reply-hint' : 'req-reply-noemail',
  });
  text.value = draft.text;
  text.addEventListener('input', () => {
    draftOf(id).text = text.value;
    if (text.getAttribute('aria-invalid') === 'true' && text.value.trim()) clearFieldError(text);
  });
  const send = el('button', { type: 'submit', class: 'primary', id: 'req-reply-send', disabled: !email || sending },
    t(sending ? 'req_reply_sending' : 'req_reply_send'));
  const form = el('form', { class: 'req-reply', id: 'req-reply', novalidate: true, 'aria-labelledby': 'req-reply-h' },
    el('h4', { id: 'req-reply-h' }, t('req_reply_h')),
    email ? null : el('p', { class: 'notice', id: 'req-reply-noemail' }, t('req_reply_no_email')),
    el('div', { class: 'field' },
      el('label', { for: 'req-reply-text' }, email ? t('req_reply_label', { email }) : t('req_reply_h')),
      text,
      email ? el('p', { class: 'hint', id: 'req-reply-hint' }, t('req_reply_hint')) : null),
    el('p', { class: 'error', id: 'req-reply-error', role: 'alert', hidden: !draft.error }, draft.error ?? ''),
    send);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    sendReply(id, email);
  });
  return form;
}

async function sendReply(id, email) {
  if (D.sending.has(id) || !email) return;
  const input = $('req-reply-text');
  const draft = draftOf(id);
  draft.text = input.value;
  draft.error = null;
  $('req-reply-error').hidden = true;
  clearFieldError(input);
  if (!draft.text.trim()) {
    setFieldError(input, t('req_reply_empty'));
    input.focus();
    return;
  }
  // One reply, one client_id: every retry (a lost answer, a 503, the
  // button again after an error) sends the same id; a new one only after
  // the server took it.
  draft.clientId ??= newClientId('r');
  D.sending.add(id);
  input.readOnly = true;
  $('req-reply-send').disabled = true;
  $('req-reply-send').textContent = t('req_reply_sending');
  let sent = false;
  let fieldError = null;
  try {
    await api.contactReply(id, draft.clientId, draft.text);
    sent = true;
    D.drafts.delete(id);
    announce(t('req_reply_sent', { email }));
    if (D.id === id && D.data) {
      const was = D.data.status;
      D.data.status = 'answered';
      D.onChange({ status: 'answered', was });
      D.note = t('req_reply_sent', { email });
    }
  } catch (e) {
    if (e.code === 'invalid_parameter' && (e.field === 'text' || !e.field)) {
      fieldError = draft.text.trim() ? t('req_reply_too_long') : t('req_reply_empty');
    } else if (e.code === 'no_email') {
      draft.error = t('req_reply_no_email');
    } else if (!e.unauthenticated) {
      draft.error = t('req_err_reply', { code: e.code });
    }
  } finally {
    D.sending.delete(id);
  }
  if (D.id !== id) return;
  render({ focus: 'req-reply-text' });
  if (fieldError) {
    setFieldError($('req-reply-text'), fieldError);
    $('req-reply-text').focus();
  }
  if (sent) reload();
}

// After a switch of the console's language.
export function relabelRequest() {
  if (D.data) render({ keep: true });
  else if (D.id == null) clearRequest();
}
