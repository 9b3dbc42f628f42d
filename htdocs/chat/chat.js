// Plauder visitor chat app: start window (query form, privacy, consent),
// chat window (messages with delivery state, typing, files, transcript),
// sleep/wake, and the host bridge. One page for the three variants:
//   inpage  – in the loader's iframe on the host page (default when framed)
//   popup   – in its own window opened by the loader (default with an opener)
//   mobile  – full screen with a top toolbar (default at top level; WebViews)
// URL parameters: site (required), lang, dept, from, direct, variant, host
// (the embedding page's origin, set by the loader), and chat_id_param +
// session_id_param (+ department_id_param) to resume a running chat.
//
// Security: every text from the server or the visitor goes into the DOM as a
// text node (see ../shared/dom.js); no innerHTML, no inline script or style.
import { ChatApi, backoffMs, sleepMs } from './api.js';
import { Bridge } from './bridge.js';
import { Outbox } from '../shared/outbox.js';
import { Poller } from './poller.js';
import { el, $, linkify, fileBlock as fileLinks, safeHttpUrl, utf8Length, focusables } from '../shared/dom.js';
import * as store from './store.js';
import { t, setLang, getLang, pickLang, normalizeLang, formatSize, formatTime } from './i18n.js';

const API_BASE = new URL('../cgi-bin/chat/', import.meta.url);
const SITE_RE = /^[1-9][0-9]{0,8}-[1-9][0-9]{0,8}$/;
const DEPT_RE = /^[A-Za-z0-9]$/;
const FIELD_KEY_RE = /^[A-Za-z0-9_]{1,60}$/;
const VARIANTS = ['inpage', 'popup', 'mobile'];
const FIELD_TYPES = ['text', 'email', 'textarea', 'checkbox'];

// ---- parameters ---------------------------------------------------------

function readParams() {
  const q = new URLSearchParams(window.location.search);
  const framed = window.parent !== window;
  const variantParam = q.get('variant');
  let variant = VARIANTS.includes(variantParam) ? variantParam : null;
  if (!variant) variant = framed ? 'inpage' : (window.opener ? 'popup' : 'mobile');
  const dept = [q.get('dept'), q.get('department_id_param')].find((d) => d && DEPT_RE.test(d)) ?? '';
  const chatId = q.get('chat_id_param');
  const token = q.get('session_id_param');
  // Resume only with both the id and the secret token.
  const resume = chatId && token && store.CHAT_ID_RE.test(chatId) && store.TOKEN_RE.test(token)
    ? { id: Number(chatId), token, dept } : null;
  if (token) {
    // Keep the secret out of the history and out of later Referer headers.
    q.delete('session_id_param');
    q.delete('chat_id_param');
    q.delete('department_id_param');
    try {
      window.history.replaceState(null, '', `${window.location.pathname}?${q}`);
    } catch { /* sandboxed: keep the URL */ }
  }
  return {
    site: q.get('site') ?? '',
    lang: pickLang(q.get('lang')),
    dept,
    from: (q.get('from') ?? '').slice(0, 255),
    direct: q.get('direct') === '1',
    variant,
    host: q.get('host') ?? '',
    resume,
    // The loader holds a running chat for us (our own storage was blocked,
    // or this is a new popup: a window's sessionStorage ends with it): wait
    // a moment for its "resume" message before showing the start window.
    waitResume: (framed || (variant === 'popup' && Boolean(window.opener))) && q.get('resume') === '1',
  };
}

const P = readParams();
const api = new ChatApi(API_BASE, P.site);
const bridge = new Bridge(P.host);
const app = $('app');

const S = {
  config: null,
  view: 'loading',
  chat: null, // {id, token, dept}
  status: null,
  operatorName: '',
  ended: false,
  gotFirstAnswer: false,
  startedDirect: false,
  seen: new Map(), // seq → <li>
  byClient: new Map(), // client_id → <li>
  items: new Map(), // client_id → outbox item (for re-rendering the state)
  visitorData: { name: '', email: '', data: {} },
  dataDirty: false,
  context: { page: '', title: '' },
  sentPage: '',
  sleepReasons: new Set(),
  sleepSent: null, // what the server was last told (null: unknown)
  wantFocus: !bridge.framed,
  typingShown: null,
};

// ---- texts, theme, variant --------------------------------------------------

function applyTexts() {
  document.documentElement.lang = getLang();
  document.title = t('app_title');
  for (const n of document.querySelectorAll('[data-t]')) n.textContent = t(n.dataset.t);
  for (const n of document.querySelectorAll('[data-t-label]')) {
    n.setAttribute('aria-label', t(n.dataset.tLabel));
    n.title = t(n.dataset.tLabel);
  }
  const close = $('btn-close');
  const closeKey = P.variant === 'inpage' ? 'minimize' : 'close_window';
  close.setAttribute('aria-label', t(closeKey));
  close.title = t(closeKey);
  $('compose-hint').textContent = t(P.variant === 'mobile' ? 'compose_hint_touch' : 'compose_hint');
  for (const b of document.querySelectorAll('.lang-btn')) {
    b.setAttribute('aria-pressed', String(b.dataset.lang === getLang()));
    b.setAttribute('aria-label', t(`lang_${b.dataset.lang}`));
  }
  for (const who of document.querySelectorAll('.msg-who[data-role="you"]')) who.textContent = t('you');
  for (const item of S.items.values()) renderItemState(item);
  updatePrivacy();
  updateStatus();
  updateTyping(S.typingShown ?? false, true);
}

// Black or white text on the site's colour, whichever reads better.
function contrastColor(hex) {
  let h = hex.slice(1);
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return lum > 0.179 ? '#111111' : '#ffffff';
}

function applyTheme() {
  const color = S.config?.color;
  if (!color) return;
  const root = document.documentElement;
  root.style.setProperty('--accent', color);
  root.style.setProperty('--accent-fg', contrastColor(color));
}

function setView(view) {
  S.view = view;
  app.dataset.view = view;
  for (const v of ['loading', 'error', 'start', 'chat']) $(`view-${v}`).hidden = v !== view;
  $('btn-menu').hidden = view !== 'chat' || !S.chat;
  updatePrivacy();
  if (S.wantFocus) focusMain();
}

// Put the keyboard where the visitor will want it.
function focusMain() {
  let target = null;
  if (S.view === 'start') {
    target = focusables($('start-form'))[0];
  } else if (S.view === 'chat') {
    target = S.ended ? $('btn-new') : $('msg');
  } else if (S.view === 'error') {
    target = $('btn-retry');
  }
  if (target) {
    S.wantFocus = false;
    target.focus();
  } else {
    S.wantFocus = true;
  }
}

function showNotice(text, { autoHideMs = 0 } = {}) {
  const n = $('notice');
  clearTimeout(showNotice.timer);
  if (!text) {
    n.hidden = true;
    n.textContent = '';
    return;
  }
  n.textContent = text;
  n.hidden = false;
  if (autoHideMs) showNotice.timer = setTimeout(() => showNotice(''), autoHideMs);
}

// ---- configuration ----------------------------------------------------------

function normalizeConfig(c) {
  const privacy = c?.privacy ?? {};
  let mode = ['text', 'link'].includes(privacy.mode) ? privacy.mode : 'none';
  const url = safeHttpUrl(privacy.url);
  const text = typeof privacy.text === 'string' ? privacy.text : '';
  if (mode === 'link' && !url) mode = 'none';
  if (mode === 'text' && !text.trim()) mode = 'none';
  const consent = c?.consent ?? {};
  const limits = c?.limits ?? {};
  const posInt = (v, d) => (Number.isInteger(v) && v > 0 ? v : d);
  const wait = Number.isInteger(c?.poll?.wait) ? Math.max(0, Math.min(25, c.poll.wait)) : 25;
  const color = typeof c?.theme?.color === 'string' && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(c.theme.color)
    ? c.theme.color : null;
  return {
    online: c?.online !== false,
    departments: (Array.isArray(c?.departments) ? c.departments : [])
      .filter((d) => d && typeof d.id === 'string' && DEPT_RE.test(d.id)),
    privacy: { mode, text, url, linkInChat: Boolean(privacy.link_in_chat) },
    consent: {
      required: Boolean(consent.required),
      text: typeof consent.text === 'string' ? consent.text : '',
      version: typeof consent.version === 'string' ? consent.version : '',
    },
    fields: (Array.isArray(c?.fields) ? c.fields : [])
      .filter((f) => f && typeof f.key === 'string' && FIELD_KEY_RE.test(f.key))
      .map((f) => ({
        key: f.key,
        label: typeof f.label === 'string' && f.label ? f.label : f.key,
        type: FIELD_TYPES.includes(f.type) ? f.type : 'text',
        required: Boolean(f.required),
      })),
    color,
    limits: {
      message: posInt(limits.message, 4000),
      upload: posInt(limits.upload, 5242880),
      uploadTypes: (Array.isArray(limits.upload_types) ? limits.upload_types : []).filter((x) => typeof x === 'string'),
    },
    wait,
  };
}

let retryWait = new AbortController();

function showError(text, { retry = null } = {}) {
  $('error-text').textContent = text;
  const b = $('btn-retry');
  b.hidden = !retry;
  b.onclick = retry;
  setView('error');
}

// Loads chat/config; on transient errors tries again with back-off (the
// visitor may also press "Try again"). Returns false when it cannot work.
async function loadConfig() {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const { data } = await api.config({ lang: getLang(), dept: P.dept });
      S.config = normalizeConfig(data);
      applyTheme();
      return true;
    } catch (e) {
      if (e.code === 'unknown_site' || (e.code === 'invalid_parameter' && e.field === 'site')) {
        showError(t('unknown_site'));
        return false;
      }
      if (e.code === 'unknown_department' || (e.code === 'invalid_parameter' && e.field === 'dept')) {
        console.warn(`Plauder: department ${P.dept} unknown, routing without it`);
        P.dept = '';
        continue;
      }
      if (!e.transient) {
        console.error('Plauder: chat/config failed', e.code, e.requestId);
        showError(`${t('config_error')} (${e.code})`, { retry: () => boot() });
        return false;
      }
      const delay = backoffMs(attempt, e);
      showError(t('retry_in', { s: Math.ceil(delay / 1000) }), { retry: () => retryWait.abort() });
      await sleepMs(delay, retryWait.signal);
      retryWait = new AbortController();
    }
  }
}

// ---- start window -------------------------------------------------------------

const fieldInputs = new Map(); // key → input element

function currentFieldValues() {
  const values = {};
  for (const [key, input] of fieldInputs) {
    values[key] = input.type === 'checkbox' ? input.checked : input.value;
  }
  return values;
}

function renderStartForm() {
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
    const id = `f_${f.key}`;
    const errId = `${id}-error`;
    const attrs = {
      id,
      name: f.key,
      required: f.required,
      'aria-required': f.required ? 'true' : null,
      'aria-describedby': errId,
    };
    let input;
    if (f.type === 'textarea') {
      input = el('textarea', { ...attrs, rows: 3 });
    } else if (f.type === 'checkbox') {
      input = el('input', { ...attrs, type: 'checkbox', value: '1' });
    } else {
      input = el('input', {
        ...attrs,
        type: f.type,
        autocomplete: f.key === 'name' ? 'name' : (f.type === 'email' ? 'email' : null),
      });
    }
    if (f.type === 'text' || f.type === 'email') input.maxLength = 4000;
    const label = el('label', { for: id }, f.label, f.required ? el('span', { class: 'req', 'aria-hidden': 'true' }, ` ${t('required_mark')}`) : null);
    const error = el('p', { id: errId, class: 'error', hidden: true });
    const row = f.type === 'checkbox'
      ? el('div', { class: 'field field-check' }, input, label, error)
      : el('div', { class: 'field' }, label, input, error);
    box.append(row);
    fieldInputs.set(f.key, input);
    // Restore what was typed before a language switch, or prefill from
    // Plauder('set', {name, email}).
    if (f.key in keep) {
      if (input.type === 'checkbox') input.checked = Boolean(keep[f.key]);
      else input.value = keep[f.key];
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

  $('offline-start').hidden = c.online;
}

function updateStartButton() {
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

function clearFieldError(input) {
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

function showStart({ notice = '' } = {}) {
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
}

let startBusy = false;

async function startChat() {
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
  const body = {
    lang: getLang(),
    dept: dept || undefined,
    from: P.from || undefined,
    direct: P.direct ? 1 : undefined,
    consent: c.consent.required ? 1 : undefined,
    consent_version: c.consent.required ? c.consent.version : undefined,
    page: S.context.page ? S.context.page.slice(0, 2048) : undefined,
    title: S.context.title ? S.context.title.slice(0, 255) : undefined,
    visitor_token: store.loadVisitorToken(P.site) ?? undefined,
    fields: Object.keys(fields).length ? fields : undefined,
  };
  startBusy = true;
  updateStartButton();
  const btn = $('btn-start');
  btn.textContent = t('starting');
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const { data } = await api.start(body);
        onStarted(data, dept);
        return;
      } catch (e) {
        // 503 (database unreachable) and 429 created nothing: try again.
        // After a network error the chat may exist: the visitor decides.
        if ((e.status === 503 || e.status === 429) && attempt < 5) {
          const delay = backoffMs(attempt, e);
          showStartError(t('err_busy', { s: Math.ceil(delay / 1000) }));
          await sleepMs(delay);
          continue;
        }
        handleStartError(e);
        return;
      }
    }
  } finally {
    startBusy = false;
    btn.textContent = t('start');
    updateStartButton();
  }
}

function handleStartError(e) {
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
function keepSession(chat) {
  const stored = store.saveChat(P.site, chat);
  const popup = P.variant === 'popup' && !bridge.framed;
  bridge.emit('session', { chat: chat.id, token: chat.token, dept: chat.dept }, { toHost: !stored || popup });
}

// ---- the chat window ------------------------------------------------------------

function resetChatView() {
  $('log').replaceChildren();
  S.seen.clear();
  S.byClient.clear();
  S.items.clear();
  S.gotFirstAnswer = false;
  S.operatorName = '';
  S.status = null;
  S.ended = false;
  S.sleepSent = null;
  $('offline-chat').hidden = true;
  $('ended').hidden = true;
  $('compose').hidden = false;
  $('typing').textContent = '';
  S.typingShown = false;
  closeFlyout(false);
}

function beginChat(chat, { status = null, resumed = false } = {}) {
  resetChatView();
  S.resumed = resumed;
  S.chat = chat;
  api.chat = chat;
  poller.after = 0;
  poller.version = 0;
  outbox.resume();
  $('dl-text').href = api.chatUrl('transcript', { format: 'text' });
  $('dl-html').href = api.chatUrl('transcript', { format: 'html' });
  updateStatus(status);
  setView('chat');
  flushData();
  if (isSleeping()) syncSleep();
  else poller.start();
}

function updateStatus(status, operator) {
  if (status) S.status = status;
  if (operator && typeof operator.name === 'string' && operator.name) S.operatorName = operator.name;
  let text = '';
  if (S.view === 'chat' || S.chat) {
    if (S.status === 'waiting') text = t('status_waiting');
    else if (S.status === 'active') text = S.operatorName ? t('status_active', { name: S.operatorName }) : t('status_active_anon');
    else if (S.status === 'closed') text = t('status_closed');
  }
  const n = $('status');
  if (n.textContent !== text) n.textContent = text;
  if (S.status === 'active') $('offline-chat').hidden = true;
}

function updateTyping(on, force = false) {
  if (!force && on === S.typingShown) return;
  S.typingShown = on;
  $('typing').textContent = on ? t('typing', { name: S.operatorName || t('operator') }) : '';
}

function whoOf(m) {
  if (m.from === 'visitor') return { role: 'you', name: t('you') };
  if (m.from === 'operator') return { role: 'operator', name: (typeof m.name === 'string' && m.name) || S.operatorName || t('operator') };
  return { role: 'system', name: '' };
}

function fileBlock(file) {
  const name = typeof file.name === 'string' && file.name ? file.name : 'file';
  if (!Number.isInteger(file.id) && !/^[0-9]+$/.test(String(file.id))) {
    return el('p', { class: 'file' }, t('file_label', { name, size: formatSize(file.size) }));
  }
  return fileLinks({
    url: api.chatUrl('file', { file: file.id }),
    name,
    type: file.type,
    label: t('file_label', { name, size: formatSize(file.size) }),
    alt: t('image_alt', { name }),
    onLoad: () => keepScrolledToBottom(),
  });
}

function fillMessage(li, m) {
  const who = whoOf(m);
  li.className = `msg msg-${who.role === 'you' ? 'visitor' : who.role}`;
  const time = formatTime(m.time);
  const meta = who.role === 'system' ? null : el('p', { class: 'msg-meta' },
    el('span', { class: 'msg-who', 'data-role': who.role }, who.name),
    time ? el('time', { datetime: m.time }, ` ${time}`) : null);
  const body = el('div', { class: 'msg-body' });
  if (typeof m.text === 'string' && m.text !== '') body.append(el('p', { class: 'msg-text' }, ...linkify(m.text)));
  if (m.file && typeof m.file === 'object') body.append(fileBlock(m.file));
  const state = li.querySelector('.msg-state');
  li.replaceChildren(...[meta, body, state].filter(Boolean));
}

function isNearBottom() {
  const log = $('log');
  return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
}

function keepScrolledToBottom(force = false) {
  const log = $('log');
  if (force || isNearBottom() || S.stickToBottom) log.scrollTop = log.scrollHeight;
}

function insertBySeq(li, seq) {
  const log = $('log');
  let before = null;
  for (const child of log.children) {
    if (child === li) continue;
    const s = child.dataset.seq;
    if (!s || Number(s) > seq) {
      before = child;
      break;
    }
  }
  if (li.parentNode !== log || li.nextElementSibling !== before) log.insertBefore(li, before);
}

function publicMessage(m) {
  const out = { seq: m.seq, from: m.from, text: typeof m.text === 'string' ? m.text : '', time: m.time ?? null };
  if (m.from === 'operator' && typeof m.name === 'string') out.name = m.name;
  if (m.file && typeof m.file === 'object') {
    out.file = { name: String(m.file.name ?? ''), type: String(m.file.type ?? ''), size: Number(m.file.size) || 0 };
  }
  return out;
}

// A message the server has (poll or an acknowledgement): shown once per seq.
// replay: part of a resumed conversation, not news (no unread count).
function placeMessage(m, { replay = false } = {}) {
  if (!m || !Number.isInteger(m.seq) || S.seen.has(m.seq)) return;
  const near = isNearBottom();
  let li = typeof m.client_id === 'string' ? S.byClient.get(m.client_id) : null;
  if (!li) li = el('li', {});
  fillMessage(li, m);
  li.dataset.seq = String(m.seq);
  S.seen.set(m.seq, li);
  if (typeof m.client_id === 'string') S.byClient.set(m.client_id, li);
  insertBySeq(li, m.seq);
  if (near || m.from === 'visitor') keepScrolledToBottom(true);
  bridge.emit('message', replay ? { ...publicMessage(m), replay: true } : publicMessage(m));
}

// ---- sending ---------------------------------------------------------------------

function failReason(e, kind) {
  if (!e) return '';
  if (e.code === 'chat_closed') return t('chat_closed_send');
  if (kind === 'file' && (e.code === 'unsupported_file_type' || e.status === 415)) return t('reason_file_type');
  if (kind === 'file' && (e.code === 'body_too_large' || e.status === 413)) return t('reason_too_big');
  return t('err_rejected', { code: e.code });
}

function renderItemState(item) {
  const li = S.byClient.get(item.clientId);
  if (!li) return;
  let n = li.querySelector('.msg-state');
  if (!n) {
    n = el('p', { class: 'msg-state' });
    li.append(n);
  }
  if (!(item.state === 'sent' && li.dataset.state === 'done')) li.dataset.state = item.state;
  let text;
  if (item.state === 'sent') text = t('msg_sent');
  else if (item.state === 'failed') text = t('msg_failed', { reason: failReason(item.error, item.kind) });
  else if (item.state === 'retry') {
    const s = Math.ceil((item.retryAt - Date.now()) / 1000);
    text = s > 1 ? t('msg_retry_in', { s }) : t('msg_retry');
  } else text = t('msg_sending');
  n.textContent = text;
}

// A visitor message not acknowledged yet: shown at the end of the log.
function showPending(item) {
  const li = el('li', { class: 'msg msg-visitor msg-pending' });
  const time = formatTime(new Date().toISOString());
  const body = el('div', { class: 'msg-body' });
  if (item.kind === 'text') body.append(el('p', { class: 'msg-text' }, ...linkify(item.text)));
  else body.append(el('p', { class: 'file' }, t('file_label', { name: item.file.name, size: formatSize(item.file.size) })));
  li.append(
    el('p', { class: 'msg-meta' }, el('span', { class: 'msg-who', 'data-role': 'you' }, t('you')), el('time', {}, ` ${time}`)),
    body);
  S.byClient.set(item.clientId, li);
  $('log').append(li);
  keepScrolledToBottom(true);
}

// Visitor client ids ("v-…"); while the head waits to be resent, the
// messages behind it show "not sent yet" too.
const outbox = new Outbox({
  prefix: 'v',
  wholeQueue: true,
  send: async (item) => {
    const { data } = item.kind === 'text'
      ? await api.send(item.clientId, item.text)
      : await api.upload(item.clientId, item.file);
    return data;
  },
  onChange: (item) => {
    S.items.set(item.clientId, item);
    if (!S.byClient.has(item.clientId)) showPending(item);
    renderItemState(item);
  },
  onAck: (item, message) => {
    S.items.set(item.clientId, item);
    if (message) placeMessage({ ...message, client_id: item.clientId });
    renderItemState(item);
    // The "Sent" mark is only needed for a moment; the message stays.
    setTimeout(() => {
      const li = S.byClient.get(item.clientId);
      if (li && item.state === 'sent') li.dataset.state = 'done';
      S.items.delete(item.clientId); // and let go of an uploaded file's bytes
    }, 4000);
  },
  onFatal: (e) => {
    if (e.status === 404) chatGone();
    else chatEnded();
  },
});

// Retry countdowns.
setInterval(() => {
  for (const item of S.items.values()) if (item.state === 'retry') renderItemState(item);
}, 1000);

function showComposeError(text) {
  const n = $('compose-error');
  n.textContent = text ?? '';
  n.hidden = !text;
}

function sendText() {
  if (!S.chat || S.ended) return;
  const input = $('msg');
  const text = input.value.replace(/\s+$/u, '');
  if (!text.trim()) return;
  const max = S.config.limits.message;
  if (utf8Length(text) > max) {
    showComposeError(t('too_long', { max }));
    return;
  }
  showComposeError('');
  input.value = '';
  typingStop();
  outbox.add('text', { text });
}

function uploadTypeNames() {
  const names = S.config.limits.uploadTypes.map((ty) => ({
    'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/gif': 'GIF', 'image/webp': 'WebP',
    'application/pdf': 'PDF', 'text/plain': 'TXT',
  }[ty] ?? ty));
  return names.join(', ');
}

function sendFiles(files) {
  if (!S.chat || S.ended) return;
  const { upload, uploadTypes } = S.config.limits;
  showComposeError('');
  for (const file of files) {
    if (file.size > upload) {
      showComposeError(t('file_too_big', { name: file.name, max: formatSize(upload) }));
      continue;
    }
    // The server decides by content; this only spares a useless upload.
    if (file.type && uploadTypes.length && !uploadTypes.includes(file.type)) {
      showComposeError(t('file_type', { name: file.name, types: uploadTypeNames() }));
      continue;
    }
    outbox.add('file', { file });
  }
}

// Typing: tell the server when the visitor types (renewed every 5 s while
// typing; the operator sees it for 10 s), and when they stop.
let typingOn = false;
let typingSentAt = 0;
let typingTimer = 0;

function typingInput() {
  if (!S.chat || S.ended) return;
  if ($('msg').value.trim() === '') {
    typingStop();
    return;
  }
  const now = Date.now();
  if (!typingOn || now - typingSentAt > 5000) {
    typingOn = true;
    typingSentAt = now;
    api.typing(true).catch(() => {});
  }
  clearTimeout(typingTimer);
  typingTimer = setTimeout(typingStop, 4000);
}

function typingStop() {
  clearTimeout(typingTimer);
  if (!typingOn) return;
  typingOn = false;
  if (S.chat && !S.ended) api.typing(false).catch(() => {});
}

// ---- receiving ---------------------------------------------------------------------

const poller = new Poller({
  poll: (opts) => api.poll(opts).then((r) => r.data),
  getWait: () => S.config?.wait ?? 25,
  onAnswer: (data) => {
    const log = $('log');
    const first = !S.gotFirstAnswer;
    S.gotFirstAnswer = true;
    // The first answer can bring a whole conversation (resume): one update
    // for screen readers instead of one announcement per message.
    if (first) log.setAttribute('aria-busy', 'true');
    const msgs = (Array.isArray(data.messages) ? data.messages : [])
      .filter((m) => m && Number.isInteger(m.seq))
      .sort((a, b) => a.seq - b.seq);
    if (data.operator && typeof data.operator.name === 'string') S.operatorName = data.operator.name || S.operatorName;
    for (const m of msgs) {
      if (m.from === 'visitor' && typeof m.client_id === 'string' && outbox.ackedElsewhere(m.client_id, m)) continue;
      placeMessage(m, { replay: first && S.resumed });
    }
    if (first) {
      log.removeAttribute('aria-busy');
      keepScrolledToBottom(true);
      if (typeof data.visitor_sleeping === 'boolean') S.sleepSent = data.visitor_sleeping;
      syncSleep();
    }
    updateStatus(typeof data.status === 'string' ? data.status : null, data.operator);
    updateTyping(Boolean(data.operator_typing));
    if (data.status === 'closed') {
      chatEnded();
      return { stop: true };
    }
    return { stop: false };
  },
  onError: (e, attempt) => {
    if (attempt >= 2) showNotice(t('connection_lost'));
  },
  onRecovered: () => {
    if (!$('notice').hidden) showNotice(t('connection_back'), { autoHideMs: 3000 });
  },
  onGone: () => chatGone(),
});

function chatEnded() {
  if (!S.chat || S.ended) return;
  S.ended = true;
  S.status = 'closed';
  store.forgetChat(P.site);
  poller.stop();
  typingStop();
  outbox.failAll({ code: 'chat_closed' });
  updateStatus('closed');
  updateTyping(false);
  $('compose').hidden = true;
  $('ended').hidden = false;
  $('btn-end').hidden = true;
  $('end-confirm').hidden = true;
  bridge.emit('chat_ended', { chat: S.chat.id });
}

// 404 on a running chat: the id/token pair is not (or no longer) valid.
function chatGone() {
  const id = S.chat?.id ?? null;
  store.forgetChat(P.site);
  poller.stop();
  outbox.failAll({ code: 'not_found', status: 404 });
  S.chat = null;
  api.chat = null;
  S.ended = false;
  showNotice('');
  if (id !== null) bridge.emit('chat_ended', { chat: id, gone: true });
  S.wantFocus = true;
  showStart({ notice: t('chat_gone') });
}

function newChat() {
  S.chat = null;
  api.chat = null;
  S.ended = false;
  resetChatView();
  $('btn-end').hidden = false;
  S.wantFocus = true;
  showStart();
}

// ---- visitor data from the host (Plauder('set', …)) --------------------------------

function setVisitorData(v) {
  if (!v || typeof v !== 'object') return;
  const d = S.visitorData;
  if (typeof v.name === 'string') d.name = v.name.slice(0, 128);
  if (typeof v.email === 'string') d.email = v.email.slice(0, 254);
  if (v.data && typeof v.data === 'object' && !Array.isArray(v.data)) {
    for (const [k, val] of Object.entries(v.data)) {
      if (k.length === 0 || k.length > 64) continue;
      if (val === null) {
        delete d.data[k];
      } else if (typeof val === 'string') {
        d.data[k] = val.slice(0, 1024);
      } else if (typeof val === 'number' && Number.isFinite(val)) {
        d.data[k] = val;
      }
    }
    const keys = Object.keys(d.data);
    if (keys.length > 32) {
      console.warn('Plauder: at most 32 data members are kept');
      for (const k of keys.slice(32)) delete d.data[k];
    }
  }
  // Prefill empty query-form fields.
  for (const key of ['name', 'email']) {
    const input = fieldInputs.get(key);
    if (input && !input.value && d[key]) input.value = d[key];
  }
  S.dataDirty = true;
  flushData();
}

let dataBusy = false;
let dataAttempt = 0;

// Tells the operator what the page said (POST chat/data), once a chat exists.
async function flushData() {
  if (!S.chat || S.ended || dataBusy) return;
  const payload = {};
  if (S.dataDirty) {
    const d = S.visitorData;
    if (d.name) payload.name = d.name;
    if (d.email) payload.email = d.email;
    if (Object.keys(d.data).length) payload.data = { ...d.data };
  }
  if (S.context.page && S.context.page !== S.sentPage) {
    payload.page = S.context.page.slice(0, 2048);
    if (S.context.title) payload.title = S.context.title.slice(0, 255);
  }
  if (!Object.keys(payload).length) {
    S.dataDirty = false;
    return;
  }
  dataBusy = true;
  const wasDirty = S.dataDirty;
  S.dataDirty = false;
  let again = false;
  try {
    await api.data(payload);
    if (payload.page) S.sentPage = payload.page;
    dataAttempt = 0;
    again = S.dataDirty;
  } catch (e) {
    if (wasDirty) S.dataDirty = true;
    if (e.transient) {
      setTimeout(flushData, backoffMs(dataAttempt, e));
      dataAttempt += 1;
    } else {
      console.warn('Plauder: chat/data refused', e.code, e.field ?? '', e.message);
    }
  } finally {
    dataBusy = false;
  }
  if (again) flushData();
}

// ---- sleep and wake ------------------------------------------------------------

function isSleeping() {
  return S.sleepReasons.size > 0;
}

// reason: 'hidden' (page hidden) or 'host' (Plauder('sleep') / the app went
// to the background). The chat sleeps while any reason holds.
function setSleep(reason, on) {
  const was = isSleeping();
  if (on) S.sleepReasons.add(reason);
  else S.sleepReasons.delete(reason);
  const now = isSleeping();
  if (was === now || !S.chat || S.ended) return;
  if (now) {
    poller.stop();
  } else {
    // Back: fetch what arrived meanwhile at once, resend what waits.
    poller.start();
    outbox.retryNow();
  }
  syncSleep();
}

let sleepBusy = false;
let sleepAttempt = 0;

async function syncSleep() {
  if (!S.chat || S.ended || sleepBusy) return;
  const want = isSleeping();
  if (S.sleepSent === want) return;
  sleepBusy = true;
  let ok = false;
  try {
    await api.sleep(want);
    S.sleepSent = want;
    sleepAttempt = 0;
    ok = true;
  } catch (e) {
    if (e.transient) {
      setTimeout(syncSleep, backoffMs(sleepAttempt, e));
      sleepAttempt += 1;
    } else if (e.status === 404) {
      chatGone();
    }
  } finally {
    sleepBusy = false;
  }
  if (ok && S.sleepSent !== isSleeping()) syncSleep();
}

document.addEventListener('visibilitychange', () => {
  setSleep('hidden', document.visibilityState === 'hidden');
});

window.addEventListener('pagehide', () => {
  if (S.chat && !S.ended && S.sleepSent !== true) {
    api.sleepBeacon();
    S.sleepSent = true;
  }
});

window.addEventListener('pageshow', (ev) => {
  if (!ev.persisted) return;
  setSleep('hidden', document.visibilityState === 'hidden');
  if (S.chat && !S.ended && !isSleeping()) {
    poller.start();
    syncSleep();
  }
});

window.addEventListener('online', () => {
  poller.now();
  outbox.retryNow();
});

// ---- flyouts: privacy, menu -------------------------------------------------------

let openFlyout = null; // {panel, opener}

function showFlyout(panel, opener) {
  closeFlyout(false);
  panel.hidden = false;
  opener?.setAttribute('aria-expanded', 'true');
  openFlyout = { panel, opener };
  const first = panel.querySelector('[tabindex="-1"]') ?? focusables(panel)[0];
  first?.focus();
}

function closeFlyout(restoreFocus = true) {
  if (!openFlyout) return;
  const { panel, opener } = openFlyout;
  openFlyout = null;
  panel.hidden = true;
  opener?.setAttribute('aria-expanded', 'false');
  if (panel.id === 'menu') {
    $('mail-form').hidden = true;
    $('btn-mail').setAttribute('aria-expanded', 'false');
    $('end-confirm').hidden = true;
    $('mail-result').textContent = '';
  }
  if (restoreFocus) opener?.focus();
}

function updatePrivacy() {
  const pr = S.config?.privacy;
  const foot = $('foot');
  const link = $('privacy-link');
  const btn = $('privacy-btn');
  if (!pr || pr.mode === 'none') {
    foot.hidden = true;
    return;
  }
  const visible = S.view === 'start' || (S.view === 'chat' && (pr.linkInChat || S.startedDirect));
  foot.hidden = !visible;
  const icon = P.variant === 'popup'; // the popup shows a § icon instead of a text link
  link.hidden = pr.mode !== 'link';
  btn.hidden = pr.mode !== 'text';
  if (pr.mode === 'link') {
    link.href = pr.url;
    link.textContent = icon ? '§' : t('privacy');
    link.setAttribute('aria-label', t('privacy_link_new_tab'));
    link.title = t('privacy_link_new_tab');
    link.classList.toggle('icon', icon);
  } else {
    btn.textContent = icon ? '§' : t('privacy');
    btn.setAttribute('aria-label', t('privacy_info'));
    btn.title = t('privacy_info');
    btn.classList.toggle('icon', icon);
    $('privacy-text').textContent = pr.text;
  }
}

// ---- the host's commands ------------------------------------------------------------

function requestClose() {
  closeFlyout(false);
  typingStop();
  bridge.emit('closed', { chat: S.chat?.id ?? null, ended: S.ended });
  if (!bridge.framed && window.opener) window.close(); // popup (a window we were opened into)
}

const readyHandlers = [];

function command(cmd, args) {
  switch (cmd) {
    case 'open':
      S.wantFocus = true;
      focusMain();
      break;
    case 'close':
      requestClose();
      break;
    case 'set':
      setVisitorData(args[0]);
      break;
    case 'sleep':
      setSleep('host', true);
      break;
    case 'wake':
      setSleep('host', false);
      break;
    case 'on':
      if (typeof args[1] !== 'function') break;
      bridge.on(args[0], args[1]);
      if (args[0] === 'ready' && S.ready) args[1](S.readyDetail);
      break;
    case 'off':
      bridge.off(args[0], args[1]);
      break;
    default:
      console.warn(`Plauder: unknown command ${String(cmd)}`);
  }
}

bridge.listen((cmd, d) => {
  switch (cmd) {
    case 'set':
      setVisitorData({ name: d.name, email: d.email, data: d.data });
      break;
    case 'context':
      // From the loader: the page the visitor is on (shown to the operator).
      if (typeof d.page === 'string' && safeHttpUrl(d.page)) {
        S.context.page = d.page.slice(0, 2048);
        S.context.title = typeof d.title === 'string' ? d.title.slice(0, 255) : '';
        flushData();
      }
      break;
    case 'open': case 'close': case 'sleep': case 'wake':
      command(cmd, []);
      break;
    case 'resume': {
      // From the loader, which kept the chat for us (see keepSession).
      const ref = store.chatRef(d);
      if (!ref) break;
      if (S.resumeWaiter) S.resumeWaiter(ref);
      else if (!S.config) S.hostResume = ref; // boot() picks it up
      else if (!S.chat && S.view === 'start' && !startBusy) beginChat(ref, { resumed: true });
      break;
    }
    default:
      break;
  }
});

// The one global of the app page, for native hosts (evaluateJavaScript) and
// scripts injected into a WebView: the same commands as on a host page.
// Calls queued in window.Plauder.q before the app loaded are run.
function installGlobal() {
  const queued = Array.isArray(window.Plauder?.q) ? window.Plauder.q : [];
  const Plauder = function Plauder(cmd, ...args) {
    command(cmd, args);
  };
  window.Plauder = Plauder;
  for (const a of queued) command(a[0], Array.prototype.slice.call(a, 1));
}

// ---- wiring -------------------------------------------------------------------------------

function wire() {
  $('btn-close').addEventListener('click', requestClose);
  for (const b of document.querySelectorAll('.lang-btn')) {
    b.addEventListener('click', () => switchLang(b.dataset.lang));
  }
  $('start-form').addEventListener('submit', (e) => {
    e.preventDefault();
    startChat();
  });
  $('f-consent').addEventListener('change', () => {
    clearFieldError($('f-consent'));
    $('consent-error').hidden = true;
    updateStartButton();
  });
  $('compose').addEventListener('submit', (e) => {
    e.preventDefault();
    sendText();
  });
  const msg = $('msg');
  msg.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && P.variant !== 'mobile') {
      e.preventDefault();
      sendText();
    }
  });
  msg.addEventListener('input', () => {
    showComposeError('');
    typingInput();
  });
  msg.addEventListener('blur', () => {
    if (!msg.value.trim()) typingStop();
  });
  msg.addEventListener('paste', (e) => {
    const files = [...(e.clipboardData?.files ?? [])];
    if (files.length) {
      e.preventDefault();
      sendFiles(files);
    }
  });
  const log = $('log');
  log.addEventListener('dragover', (e) => {
    if (S.chat && !S.ended && e.dataTransfer?.types?.includes('Files')) e.preventDefault();
  });
  log.addEventListener('drop', (e) => {
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length) {
      e.preventDefault();
      sendFiles(files);
    }
  });
  log.addEventListener('scroll', () => {
    S.stickToBottom = isNearBottom();
  }, { passive: true });
  $('btn-attach').addEventListener('click', () => $('file').click());
  $('file').addEventListener('change', (e) => {
    sendFiles([...e.target.files]);
    e.target.value = '';
  });
  $('btn-new').addEventListener('click', newChat);

  // Privacy flyout (mode "text").
  $('privacy-btn').addEventListener('click', (e) => {
    if (openFlyout?.panel.id === 'privacy-flyout') closeFlyout();
    else showFlyout($('privacy-flyout'), e.currentTarget);
  });
  $('privacy-flyout').querySelector('.flyout-close').addEventListener('click', () => closeFlyout());

  // Menu: transcript, e-mail, end.
  $('btn-menu').addEventListener('click', (e) => {
    if (openFlyout?.panel.id === 'menu') closeFlyout();
    else showFlyout($('menu'), e.currentTarget);
  });
  for (const id of ['dl-text', 'dl-html']) $(id).addEventListener('click', () => closeFlyout(false));
  $('btn-mail').addEventListener('click', () => {
    const form = $('mail-form');
    form.hidden = !form.hidden;
    $('btn-mail').setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) {
      const to = $('mail-to');
      if (!to.value) to.value = S.visitorData.email || fieldInputs.get('email')?.value || '';
      to.focus();
    }
  });
  $('mail-form').addEventListener('submit', (e) => {
    e.preventDefault();
    mailTranscript();
  });
  $('btn-end').addEventListener('click', () => {
    $('end-confirm').hidden = false;
    $('btn-end-no').focus();
  });
  $('btn-end-no').addEventListener('click', () => {
    $('end-confirm').hidden = true;
    $('btn-end').focus();
  });
  $('btn-end-yes').addEventListener('click', endChat);

  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.isComposing) return;
    if (openFlyout) {
      e.preventDefault();
      closeFlyout();
    } else if (bridge.framed && P.variant === 'inpage') {
      e.preventDefault();
      requestClose();
    }
  });
  document.addEventListener('click', (e) => {
    if (!openFlyout) return;
    const { panel, opener } = openFlyout;
    if (!panel.contains(e.target) && !opener?.contains(e.target)) closeFlyout(false);
  });
}

async function mailTranscript() {
  const to = $('mail-to');
  const result = $('mail-result');
  const email = to.value.trim();
  if (!email || !to.checkValidity()) {
    to.setAttribute('aria-invalid', 'true');
    result.textContent = t('mail_invalid');
    to.focus();
    return;
  }
  to.removeAttribute('aria-invalid');
  const btn = $('btn-mail-send');
  btn.disabled = true;
  result.textContent = t('mail_sending');
  try {
    await api.transcriptMail(email);
    result.textContent = t('mail_sent', { email });
  } catch (e) {
    if (e.code === 'mail_unconfigured') result.textContent = t('mail_unconfigured');
    else if (e.field === 'email') result.textContent = t('mail_invalid');
    else result.textContent = t('mail_failed');
  } finally {
    btn.disabled = false;
  }
}

async function endChat() {
  const yes = $('btn-end-yes');
  yes.disabled = true;
  try {
    for (let attempt = 0; attempt < 4; attempt += 1) {
      try {
        await api.close();
        break;
      } catch (e) {
        if (e.code === 'chat_closed') break;
        if (e.status === 404) {
          chatGone();
          return;
        }
        if (!e.transient || attempt === 3) {
          showNotice(t('err_generic', { code: e.code }), { autoHideMs: 6000 });
          return;
        }
        await sleepMs(backoffMs(attempt, e));
      }
    }
    closeFlyout(false);
    chatEnded();
    $('btn-new').focus();
  } finally {
    yes.disabled = false;
  }
}

async function switchLang(lang) {
  const l = normalizeLang(lang);
  if (!l || l === getLang()) return;
  setLang(l);
  applyTexts();
  // Field labels, privacy and consent texts come per language.
  try {
    const { data } = await api.config({ lang: l, dept: P.dept });
    S.config = normalizeConfig(data);
    applyTheme();
  } catch (e) {
    console.warn('Plauder: config for the new language failed', e.code);
  }
  if (S.view === 'start') renderStartForm();
  applyTexts();
}

// ---- start-up ---------------------------------------------------------------------------------

async function boot() {
  setView('loading');
  if (!SITE_RE.test(P.site)) {
    showError(t('unknown_site'));
    return;
  }
  if (!(await loadConfig())) return;
  applyTexts();
  let resume = P.resume ?? store.loadChat(P.site) ?? S.hostResume ?? null;
  if (!resume && P.waitResume) {
    resume = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), 3000);
      S.resumeWaiter = (ref) => {
        clearTimeout(timer);
        resolve(ref);
      };
    });
    S.resumeWaiter = null;
  }
  if (resume) {
    if (P.resume) keepSession(resume); // a running chat: allowed to keep
    beginChat(resume, { resumed: true });
    return;
  }
  showStart();
}

app.dataset.variant = P.variant;
setLang(P.lang);
$('langs').hidden = P.variant !== 'mobile';
wire();
applyTexts();
installGlobal();
S.ready = true;
S.readyDetail = { variant: P.variant, lang: getLang() };
bridge.emit('ready', S.readyDetail);
if (document.visibilityState === 'hidden') S.sleepReasons.add('hidden');
boot();
