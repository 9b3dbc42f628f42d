// The start window: departments, the query form, consent; POST chat/start
// and what the browser may keep once the chat exists.
import { backoffMs, sleepMs } from './api.js';
import { el, $ } from '../shared/dom.js';
import { newClientId } from '../shared/outbox.js';
import * as store from './store.js';
import { t, getLang } from './i18n.js';
import { api, bridge, P, S } from './state.js';
import { setView } from './view.js';
import { beginChat } from './chatwindow.js';
import { buildField, fieldValue, setFieldValue } from './fields.js';
import { leaveContact, showContact } from './contact.js';

export const fieldInputs = new Map(); // key → input element

function currentFieldValues() {
  const values = {};
  for (const [key, input] of fieldInputs) values[key] = fieldValue(input);
  return values;
}

export function renderStartForm() {
  const c = S.config;
  const keep = currentFieldValues();
  fieldInputs.clear();

  // Departments: a choice only when the page did not name one.
  const deptRow = $('dept-row');
  const select = $('f-dept');
  const prevDept = select.value;
  select.replaceChildren();
  const showDepts = !P.dept && !P.direct && c.departments.length > 1;
  deptRow.hidden = !showDepts;
  if (showDepts) {
    for (const d of c.departments) {
      const name = d.name || d.id;
      select.append(el('option', { value: d.id }, d.online === false ? t('dept_offline', { name }) : name));
    }
    const firstOnline = c.departments.find((d) => d.online !== false);
    select.value = prevDept || firstOnline?.id || c.departments[0].id;
  }

  // Query-form fields (not with direct=1).
  const box = $('fields');
  box.replaceChildren();
  const fields = P.direct ? [] : c.fields;
  for (const f of fields) {
    const { row, input } = buildField(f, 'f_');
    box.append(row);
    fieldInputs.set(f.key, input);
    // Restore what was typed before a language switch, or prefill from
    // Plauder('set', {name, email}).
    if (f.key in keep) {
      setFieldValue(input, keep[f.key]);
    } else if (f.key === 'name' && S.visitorData.name) {
      input.value = S.visitorData.name;
    } else if (f.key === 'email' && S.visitorData.email) {
      input.value = S.visitorData.email;
    }
    input.addEventListener('input', () => clearFieldError(input));
    input.addEventListener('change', () => clearFieldError(input));
  }
  $('required-note').hidden = !fields.some((f) => f.required);

  // Consent: shown unticked; a new text (language switch) needs a new tick.
  const consentRow = $('consent-row');
  const box2 = $('f-consent');
  consentRow.hidden = !c.consent.required;
  $('consent-text').textContent = c.consent.text;
  if (consentRow.dataset.version !== c.consent.version) box2.checked = false;
  consentRow.dataset.version = c.consent.version;
  updateStartButton();
}

export function updateStartButton() {
  const needs = S.config?.consent.required && !$('f-consent').checked;
  $('btn-start').disabled = Boolean(needs) || startBusy;
}

function setFieldError(input, text) {
  input.setAttribute('aria-invalid', 'true');
  const err = $(`${input.id}-error`) ?? $('consent-error');
  if (err) {
    err.textContent = text;
    err.hidden = false;
  }
}

export function clearFieldError(input) {
  input.removeAttribute('aria-invalid');
  const err = $(`${input.id}-error`);
  if (err) {
    err.hidden = true;
    err.textContent = '';
  }
}

function showStartError(text) {
  const n = $('start-error');
  n.textContent = text ?? '';
  n.hidden = !text;
}

export function showStart({ notice = '' } = {}) {
  leaveContact();
  if (!S.config.online) {
    // Nobody there: the contact form instead of the chat start.
    showContact({ dept: P.dept });
    return;
  }
  renderStartForm();
  showStartError(notice);
  if (P.direct && !S.config.consent.required && !S.autoStarted) {
    // direct=1: no query form, and nothing to tick: start at once. The
    // privacy link then stays in the chat window for the whole chat.
    S.autoStarted = true;
    S.startedDirect = true;
    setView('start');
    startChat();
    return;
  }
  setView('start');
  if (S.invitation) showInvitation();
}

// An accepted invitation: its text above the form, and with nothing to
// fill in or agree to, the chat starts at once (with the operator).
export function showInvitation() {
  const inv = S.invitation;
  $('invite-note').hidden = !inv;
  if (!inv) return;
  $('invite-who').textContent = inv.operator ? t('invite_who', { name: inv.operator }) : t('invite_someone');
  $('invite-text').textContent = inv.text;
  const c = S.config;
  if (!c.consent.required && !c.fields.some((f) => f.required) && !startBusy) startChat();
}

export let startBusy = false;

export async function startChat() {
  if (startBusy) return;
  const c = S.config;
  showStartError('');
  const fields = {};
  let firstBad = null;
  for (const f of P.direct ? [] : c.fields) {
    const input = fieldInputs.get(f.key);
    clearFieldError(input);
    const value = input.type === 'checkbox' ? (input.checked ? '1' : '') : input.value.trim();
    if (f.required && !value) {
      setFieldError(input, t('err_required'));
      firstBad ??= input;
    } else if (value && f.type === 'email' && !input.checkValidity()) {
      setFieldError(input, t('err_invalid'));
      firstBad ??= input;
    }
    if (value) fields[f.key] = value;
  }
  const consentBox = $('f-consent');
  if (c.consent.required && !consentBox.checked) {
    setFieldError(consentBox, t('err_consent'));
    firstBad ??= consentBox;
  }
  if (firstBad) {
    firstBad.focus();
    return;
  }
  const dept = P.dept || (!$('dept-row').hidden ? $('f-dept').value : '');
  if (dept && c.departments.find((d) => d.id === dept)?.online === false) {
    showContact({ dept });
    return;
  }
  const body = {
    lang: S.config.lang || getLang(),
    dept: dept || undefined,
    from: P.from || undefined,
    direct: P.direct ? 1 : undefined,
    consent: c.consent.required ? 1 : undefined,
    consent_version: c.consent.required ? c.consent.version : undefined,
    page: S.context.page ? S.context.page.slice(0, 2048) : undefined,
    title: S.context.title ? S.context.title.slice(0, 255) : undefined,
    visitor_token: store.loadVisitorToken(P.site) ?? undefined,
    fields: Object.keys(fields).length ? fields : undefined,
    // A counted page: the chat is its visitor's, and may take up its invitation.
    tracked: S.track ? 1 : undefined,
    visitor_id: S.track?.id || undefined,
    invitation: S.track && S.invitation ? S.invitation.id : undefined,
    // The same key on every retry: a start whose answer was lost is not
    // made twice (the server answers with the chat it created).
    client_id: newClientId('s'),
  };
  startBusy = true;
  updateStartButton();
  const btn = $('btn-start');
  btn.textContent = t('starting');
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const { data } = await api.start(body);
        S.startEmail = c.fields.some((f) => f.key === 'email' && f.type === 'email') ? fields.email ?? '' : '';
        onStarted(data, dept);
        return;
      } catch (e) {
        // 503 and 429 created nothing; after a network error the chat may
        // exist, and the resend with the same client_id finds it.
        if ((e.status === 503 || e.status === 429 || e.status === 0) && attempt < 5) {
          const delay = backoffMs(attempt, e);
          showStartError(t('err_busy', { s: Math.ceil(delay / 1000) }));
          await sleepMs(delay);
          continue;
        }
        handleStartError(e, dept);
        return;
      }
    }
  } finally {
    startBusy = false;
    btn.textContent = t('start');
    updateStartButton();
  }
}

function handleStartError(e, dept) {
  if (e.code === 'offline') {
    // Nobody online for it (any more): nothing was stored; leave a message.
    bridge.emit('offline', { source: 'start' });
    S.wantFocus = true;
    showContact({ dept });
    return;
  }
  if (e.field === 'consent') {
    const box = $('f-consent');
    setFieldError(box, t('err_consent'));
    box.focus();
    return;
  }
  if (e.field?.startsWith('f_')) {
    const input = fieldInputs.get(e.field.slice(2));
    if (input) {
      setFieldError(input, (input.type === 'checkbox' ? !input.checked : !input.value.trim()) ? t('err_required') : t('err_invalid'));
      input.focus();
      return;
    }
  }
  if (e.code === 'unknown_department' || e.field === 'dept') {
    showStartError(t('err_department'));
    return;
  }
  if (e.status === 0) {
    showStartError(t('err_network'));
    return;
  }
  console.error('Plauder: chat/start failed', e.code, e.message, e.requestId);
  showStartError(t('err_generic', { code: e.requestId ? `${e.code}, ${e.requestId}` : e.code }));
}

function onStarted(data, dept) {
  if (!Number.isInteger(data?.chat) || typeof data.token !== 'string' || !store.TOKEN_RE.test(data.token)) {
    showStartError(t('err_generic', { code: 'bad_answer' }));
    return;
  }
  const chat = { id: data.chat, token: data.token, dept: dept ?? '' };
  S.invitation = null;
  $('invite-note').hidden = true;
  // From here on (and only from here on) the browser keeps something.
  keepSession(chat);
  store.saveVisitorToken(P.site, data.visitor_token);
  S.sentPage = S.context.page;
  S.wantFocus = true;
  beginChat(chat, { status: typeof data.status === 'string' ? data.status : 'waiting' });
  bridge.emit('chat_started', { chat: chat.id, status: S.status, online: data.online !== false });
  if (data.online === false) {
    $('offline-chat').hidden = false;
    bridge.emit('offline', { source: 'start', chat: chat.id });
  }
}

// Keep {chat, token} for a resume after a page change. Where the browser
// does not let this (third-party) frame store anything, the loader keeps it
// in the host page's sessionStorage instead: the "session" event goes to the
// embedding page only then, and from a popup always (its sessionStorage
// ends with the window; the loader hands the chat to the next popup).
// Native hosts always get it, to resume later with chat_id_param /
// session_id_param.
export function keepSession(chat) {
  const stored = store.saveChat(P.site, chat);
  const popup = P.variant === 'popup' && !bridge.framed;
  bridge.emit('session', { chat: chat.id, token: chat.token, dept: chat.dept }, { toHost: !stored || popup });
}
