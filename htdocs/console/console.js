// Plauder operator console: login, presence, the queue of waiting chats,
// several chats at once as tabs, alerts, shortcuts. The HTTP contract is
// docs/API.md, section "/operator"; keyboard shortcuts and installing the
// console as an app are described in docs/JS-API.md ("Operator console").
//
// Modules: api.js (HTTP client, CSRF token in memory), poller.js (the one
// long-poll, also the heartbeat), chatview.js (one chat tab), alerts.js
// (sound, notifications, title and favicon), keys.js (shortcuts), i18n.js
// (de, en), dom.js (text-only DOM); shared with the chat app in ../shared/:
// http.js (fetch, errors, back-off), outbox.js (resend with the same
// client_id), dom.js, i18n.js, base.css.
import { OperatorApi, fetchDepartments } from './api.js';
import { Poller } from './poller.js';
import { ChatView, visitorName } from './chatview.js';
import { Sound, notificationState, askNotificationPermission, notify, closeNotification, showCount } from './alerts.js';
import { SHORTCUTS, OTHER_KEYS, matchShortcut } from './keys.js';
import { el, $, externalLink, isTextEntry, plainText, utf8Length } from './dom.js';
import { t, setLang, getLang, pickLang, formatWait, langName } from './i18n.js';

const STORE = 'plauder.console.';
const api = new OperatorApi(new URL('../cgi-bin/operator/', document.baseURI), {
  onUnauthenticated: () => sessionLost(),
});

const S = {
  me: null, // {id, login, name, role, sound_repeat, departments}
  site: null, // "N-M" as typed at login in this browser (for department names)
  deptNames: new Map(), // id → name
  siteDepts: [], // all departments of the site (transfer targets)
  presence: new Map(), // dept → status
  queue: [], // poll's queue entries, each with .seenAt
  queueIds: new Set(),
  firstPoll: true,
  views: new Map(), // chat id → ChatView
  order: [], // chat ids in tab order
  selected: null,
  canned: [],
  running: false,
  lost: false,
  accepting: new Set(),
  announced: new Map(), // chat id → last known status (for announcements)
  soundThrottle: 0,
  installPrompt: null,
  conn: null, // {retryAt}
};

function store(key, value) {
  try {
    if (value === undefined) return localStorage.getItem(STORE + key);
    if (value === null) localStorage.removeItem(STORE + key);
    else localStorage.setItem(STORE + key, value);
  } catch { /* storage off: nothing kept */ }
  return null;
}

const sound = new Sound({
  onBlocked: () => renderChecks(),
  onUnblocked: () => renderChecks(),
});
sound.enabled = store('sound') !== '0';

// ---- texts ---------------------------------------------------------------------------

function applyTexts(root = document) {
  for (const n of root.querySelectorAll('[data-t]')) n.textContent = t(n.dataset.t);
  for (const n of root.querySelectorAll('[data-t-label]')) n.setAttribute('aria-label', t(n.dataset.tLabel));
  for (const b of document.querySelectorAll('.lang-btn')) b.setAttribute('aria-pressed', b.dataset.lang === getLang() ? 'true' : 'false');
  document.documentElement.lang = getLang();
}

async function switchLang(lang) {
  setLang(lang);
  store('lang', getLang());
  applyTexts();
  renderHelpKeys();
  if (S.me) {
    await loadDeptNames();
    renderMe();
    renderPresence();
    renderQueue(true);
    for (const v of S.views.values()) {
      applyTexts(v.panel);
      applyTexts(v.tab);
      v.relabel();
    }
    renderChecks();
    updateCount();
  }
}

// ---- views: loading, login, console ------------------------------------------------------

function setView(name) {
  for (const v of ['loading', 'login', 'app']) $(`view-${v}`).hidden = v !== name;
}

function showLogin({ notice = '', error = '' } = {}) {
  setView('login');
  const n = $('login-notice');
  n.textContent = notice;
  n.hidden = !notice;
  showLoginError(error);
  $('f-site').value ||= store('site') || new URLSearchParams(location.search).get('site') || '';
  $('f-login').value ||= store('login') || '';
  $('f-password').value = '';
  const first = [$('f-site'), $('f-login'), $('f-password')].find((i) => !i.value) ?? $('f-password');
  first.focus();
}

function showLoginError(text) {
  const e = $('login-error');
  e.textContent = text;
  e.hidden = !text;
}

function loginErrorText(e) {
  if (e.code === 'invalid_credentials') return t('err_credentials');
  if (e.code === 'too_many_attempts' || e.status === 429) {
    const min = e.retryAfterMs ? Math.max(1, Math.ceil(e.retryAfterMs / 60000)) : 15;
    return t('err_too_many', { min });
  }
  if (e.code === 'invalid_parameter' && e.field === 'site') return t('err_site');
  if (e.code === 'unknown_site') return t('err_credentials');
  if (e.status === 0) return t('err_network');
  if (e.status === 503) return t('err_busy_login');
  return t('err_generic', { code: e.code });
}

async function onLoginSubmit(ev) {
  ev.preventDefault();
  const site = $('f-site').value.trim();
  const login = $('f-login').value.trim();
  const password = $('f-password').value;
  for (const i of [$('f-site'), $('f-login'), $('f-password')]) i.removeAttribute('aria-invalid');
  if (!/^[1-9][0-9]{0,8}-[1-9][0-9]{0,8}$/.test(site)) {
    $('f-site').setAttribute('aria-invalid', 'true');
    showLoginError(t('err_site'));
    $('f-site').focus();
    return;
  }
  if (!login || !password) {
    const missing = !login ? $('f-login') : $('f-password');
    missing.setAttribute('aria-invalid', 'true');
    showLoginError(t('err_required'));
    missing.focus();
    return;
  }
  const btn = $('btn-login');
  btn.disabled = true;
  showLoginError('');
  $('login-notice').hidden = true;
  try {
    const data = await api.login(site, login, password);
    $('f-password').value = '';
    // Someone else's console before (another site): nothing of it stays.
    if (S.me && S.site && S.site !== site) resetConsole();
    store('site', site);
    store('login', login);
    S.site = site;
    await startConsole(data, { fromClick: true });
  } catch (e) {
    showLoginError(loginErrorText(e));
    $('f-password').value = '';
    $(e.code === 'invalid_parameter' && e.field === 'site' ? 'f-site' : 'f-password').focus();
  } finally {
    btn.disabled = false;
  }
}

// The session is gone (logout elsewhere, password change, 12 h idle): back
// to the login. What the operator had open stays, and is picked up again
// when the same operator logs in.
function sessionLost() {
  if (!S.running || S.lost) return;
  S.lost = true;
  poller.stop();
  sound.stopAlarm();
  for (const v of S.views.values()) v.outbox.pause();
  showLogin({ notice: t('session_ended') });
}

async function startConsole(data, { fromClick = false } = {}) {
  const me = data.operator;
  if (S.me && S.me.id !== me.id) resetConsole();
  S.me = me;
  S.site ||= store('site');
  S.lost = false;
  S.running = true;
  setView('app');
  renderMe();
  renderPresence();
  await loadDeptNames();
  renderPresence();
  loadCanned();
  for (const v of S.views.values()) v.outbox.resume();
  poller.start();
  $('chats-pane').focus();
  selfTest({ fromClick });
}

// Another operator logged in in this window: nothing of the last one stays.
function resetConsole() {
  poller.stop();
  poller.cursor = null;
  sound.stopAlarm();
  for (const v of S.views.values()) v.destroy();
  S.views.clear();
  S.order = [];
  S.selected = null;
  S.queue = [];
  S.queueIds = new Set();
  S.firstPoll = true;
  S.announced.clear();
  S.presence.clear();
  S.presenceShown = false;
  checksKey = '';
  renderQueue(true);
  renderTabs();
  updateCount();
}

async function logout() {
  poller.stop();
  sound.stopAlarm();
  try {
    await api.presence('offline', undefined, { attempts: 1 });
  } catch { /* the heartbeat stops anyway */ }
  try {
    await api.logout();
  } catch { /* the cookie is cleared when the session is found gone */ }
  resetConsole();
  S.me = null;
  S.running = false;
  showLogin({ notice: t('logged_out') });
}

function renderMe() {
  const me = S.me;
  $('me').textContent = t('logged_in_as', { name: me.name || me.login, login: me.login });
}

// ---- departments and presence ---------------------------------------------------------------

async function loadDeptNames() {
  S.siteDepts = S.site ? await fetchDepartments(S.site, getLang()) : [];
  S.deptNames = new Map(S.siteDepts.map((d) => [d.id, plainText(d.name)]));
}

function deptName(id) {
  const name = S.deptNames.get(id);
  return name ? t('dept_named', { name, id }) : t('dept_n', { id });
}

const STATUSES = ['online', 'away', 'offline'];

function renderPresence() {
  const depts = S.me?.departments ?? [];
  const box = $('pres-depts');
  const focused = document.activeElement?.dataset?.dept;
  box.replaceChildren(...depts.map((d) => {
    const sel = el('select', { id: `pres-${d}`, 'data-dept': d });
    for (const s of STATUSES) sel.append(el('option', { value: s }, t(`presence_${s}`)));
    sel.value = S.presence.get(d) ?? 'offline';
    sel.addEventListener('change', () => setPresence(sel.value, d));
    return el('div', { class: `field presence-dept status-${sel.value}` },
      el('label', { for: `pres-${d}` }, deptName(d)), sel);
  }));
  if (focused) $(`pres-${focused}`)?.focus();
  const values = new Set(depts.map((d) => S.presence.get(d) ?? 'offline'));
  const all = $('pres-all');
  all.value = values.size === 1 ? [...values][0] : values.size === 0 ? 'offline' : 'mixed';
  all.parentElement.className = `field presence-all status-${all.value}`;
  // Departments of one's own only when there is more than one.
  box.hidden = depts.length < 2;
}

async function setPresence(status, dept) {
  const err = $('presence-error');
  err.hidden = true;
  try {
    const data = await api.presence(status, dept);
    applyPresence(data.presence);
    announce(dept ? t('presence_now_dept', { dept: deptName(dept), status: t(`presence_${status}`) })
      : t('presence_now', { status: t(`presence_${status}`) }));
  } catch (e) {
    if (e.unauthenticated) return;
    err.textContent = t('err_presence', { code: e.code });
    err.hidden = false;
    renderPresence();
  }
}

function applyPresence(list) {
  if (!Array.isArray(list)) return;
  const next = new Map(list.filter((p) => p && typeof p.dept === 'string').map((p) => [p.dept, p.status]));
  const same = next.size === S.presence.size && [...next].every(([d, st]) => S.presence.get(d) === st);
  S.presence = next;
  if (same && S.presenceShown) return;
  S.presenceShown = true;
  renderPresence();
  renderChecks();
  updateAlarm();
}

function onlineFor(dept) {
  if (dept) return S.presence.get(dept) === 'online';
  return [...S.presence.values()].includes('online');
}

// ---- the poll --------------------------------------------------------------------------------

const poller = new Poller({
  poll: (o) => api.poll({ ...o, seqs: pollSeqs() }),
  onAnswer: (data) => onPoll(data),
  onError: (e, failures, delay, retryAt) => {
    if (failures >= 1) {
      S.conn = { retryAt, code: e.code };
      renderConn();
    }
  },
  onRecovered: () => {
    S.conn = null;
    renderConn();
    toast(t('connection_back'));
  },
  onAuth: () => sessionLost(),
});

// The poll's seqs parameter: "chat:seq" of each open tab of mine whose
// messages are loaded (the selected one first), so the answer brings their
// new messages inline; tabs that do not fit in 4096 bytes are left out (they
// fetch GET /messages as before).
const SEQS_MAX_BYTES = 4096;

function pollSeqs() {
  const views = [...S.views.values()].filter((v) => !v.readOnly && v.mine && v.loadedOnce);
  views.sort((a, b) => (b === S.selected) - (a === S.selected));
  let out = '';
  for (const v of views) {
    const part = `${v.id}:${v.haveSeq}`;
    const next = out ? `${out},${part}` : part;
    if (next.length > SEQS_MAX_BYTES) continue;
    out = next;
  }
  return out || undefined;
}

function renderConn() {
  const p = $('conn');
  if (!S.conn) {
    p.hidden = true;
    return;
  }
  const s = Math.max(0, Math.ceil((S.conn.retryAt - Date.now()) / 1000));
  $('conn-text').textContent = S.conn.code === 'unavailable' || S.conn.code === 'http_503'
    ? t('server_busy', { s }) : t('connection_lost', { s });
  p.hidden = false;
}

function onPoll(data) {
  applyPresence(data.presence);
  const first = S.firstPoll;
  S.firstPoll = false;

  // Waiting chats.
  const now = Date.now();
  const queue = (Array.isArray(data.queue) ? data.queue : []).filter((q) => Number.isInteger(q?.chat));
  const newOnes = queue.filter((q) => !S.queueIds.has(q.chat) && !S.views.get(q.chat)?.canWrite);
  for (const q of queue) q.seenAt = now;
  for (const id of S.queueIds) if (!queue.some((q) => q.chat === id)) closeNotification(`queue-${id}`);
  S.queue = queue.filter((q) => !S.accepting.has(q.chat));
  S.queueIds = new Set(queue.map((q) => q.chat));
  renderQueue();
  if (newOnes.length) newChatAlert(newOnes, { first });
  updateAlarm();

  // My chats: open a tab for each (resumed after a reload, or transferred
  // to me), hand each view its entry; views of chats no longer mine learn it.
  const mine = (Array.isArray(data.chats) ? data.chats : []).filter((c) => Number.isInteger(c?.chat));
  const ids = new Set();
  for (const c of mine) {
    ids.add(c.chat);
    let v = S.views.get(c.chat);
    if (!v || v.readOnly) {
      if (v) removeView(v);
      v = openView(c.chat, c);
      if (!first && !S.accepting.has(c.chat)) transferredAlert(v);
    }
    v.updateFromPoll(c);
  }
  for (const v of S.views.values()) {
    if (!v.readOnly && v.mine && !ids.has(v.id) && !S.accepting.has(v.id)) v.leftMyList();
  }
  if (!S.selected && S.order.length) selectView(S.views.get(S.order[0]), { focus: false });
  renderTabs();
  updateCount();
}

// ---- the queue -----------------------------------------------------------------------------

let queueKey = '';

function queueEntryKey(q) {
  return JSON.stringify([q.chat, q.name, q.from, q.lang, q.dept, q.fields, q.data, q.page, q.title, q.visitor_sleeping, q.note]);
}

function renderQueue(force = false) {
  const key = S.queue.map(queueEntryKey).join('|') + getLang();
  $('queue-count').textContent = S.queue.length ? `(${S.queue.length})` : '';
  $('queue-empty').hidden = S.queue.length > 0;
  if (!force && key === queueKey) return;
  queueKey = key;
  const list = $('queue');
  const focusChat = document.activeElement?.closest?.('.q-item')?.dataset.chat;
  list.replaceChildren(...S.queue.map(queueItem));
  if (focusChat) {
    const n = list.querySelector(`.q-item[data-chat="${CSS.escape(focusChat)}"] .q-accept`) ?? list.querySelector('.q-accept');
    (n ?? $('queue-pane')).focus();
  }
  tickQueue();
}

function queueItem(q) {
  const name = visitorName(q, q.chat);
  const fields = q.fields && typeof q.fields === 'object' ? Object.entries(q.fields).filter(([k, v]) => k !== 'name' && plainText(v)) : [];
  const data = q.data && typeof q.data === 'object' ? Object.entries(q.data) : [];
  const meta = [];
  if (plainText(q.from)) meta.push(t('from_x', { from: plainText(q.from) }));
  if (q.dept) meta.push(deptName(q.dept));
  if (q.lang) meta.push(langName(q.lang));
  const page = plainText(q.page);
  const title = plainText(q.title);
  // A chat a colleague transferred back to the queue: their note (text only).
  const note = plainText(q.note).trim();
  const accept = el('button', { type: 'button', class: 'primary q-accept', 'aria-keyshortcuts': 'Alt+A' }, t('accept'));
  accept.setAttribute('aria-label', t('accept_label', { name }));
  accept.addEventListener('click', () => acceptChat(q.chat));
  const headId = `q-h-${q.chat}`;
  return el('li', { class: `q-item${q.visitor_sleeping ? ' sleeping' : ''}`, 'data-chat': String(q.chat), 'aria-labelledby': headId },
    el('div', { class: 'q-head' },
      el('h3', { class: 'q-name', id: headId }, name),
      el('span', { class: 'q-wait', 'data-chat': String(q.chat) })),
    meta.length ? el('p', { class: 'q-meta' }, meta.join(' · ')) : null,
    note ? el('p', { class: 'q-note transfer-note' },
      el('strong', { class: 'transfer-note-label' }, t('transfer_note_from')), ' ',
      el('span', { class: 'transfer-note-text' }, note)) : null,
    fields.length ? el('dl', { class: 'kv q-fields' }, ...fields.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, plainText(v))])) : null,
    page || title ? el('p', { class: 'q-page' },
      el('span', { class: 'visually-hidden' }, `${t('current_page')}: `),
      title ? el('span', { class: 'page-title' }, title) : null,
      title && page ? ' ' : null,
      page ? (externalLink(page, page, { class: 'page-url', tabindex: '-1' }) ?? el('span', { class: 'page-url' }, page)) : null) : null,
    data.length ? el('dl', { class: 'kv q-data' }, ...data.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, plainText(v))])) : null,
    q.visitor_sleeping ? el('p', { class: 'q-sleep' }, t('sleeping_short')) : null,
    accept);
}

// Waiting times count up every second (not in a live region: a screen
// reader hears the queue's news, not a ticking clock).
function tickQueue() {
  const now = Date.now();
  for (const n of $('queue').querySelectorAll('.q-wait')) {
    const q = S.queue.find((x) => String(x.chat) === n.dataset.chat);
    if (!q) continue;
    const s = (Number(q.waiting_s) || 0) + Math.floor((now - q.seenAt) / 1000);
    const text = t('waiting_for', { time: formatWait(s) });
    if (n.textContent !== text) n.textContent = text;
    n.classList.toggle('long', s >= 60);
  }
}

async function acceptChat(id) {
  if (S.accepting.has(id)) return;
  const q = S.queue.find((x) => x.chat === id);
  S.accepting.add(id);
  S.queue = S.queue.filter((x) => x.chat !== id);
  renderQueue();
  updateAlarm();
  try {
    await api.accept(id);
    closeNotification(`queue-${id}`);
    const v = S.views.get(id) && !S.views.get(id).readOnly ? S.views.get(id) : openView(id, q ?? {});
    v.updateFromPoll({ ...(q ?? {}), visitor_typing: false });
    selectView(v, { focus: true });
    announce(t('accepted', { name: v.name }));
  } catch (e) {
    if (e.unauthenticated) return;
    // A retry after a lost answer: the first try may have taken it; the
    // poll (asked at once below) opens the tab if the chat is mine.
    if (e.code === 'already_taken' && e.answerLost) return;
    if (e.code === 'already_taken') toast(t('already_taken'));
    else if (e.status === 404) toast(t('chat_gone'));
    else {
      toast(t('err_accept', { code: e.code }));
      if (q && !S.queue.some((x) => x.chat === id)) S.queue.push(q);
    }
  } finally {
    S.accepting.delete(id);
    renderQueue();
    updateCount();
    poller.now();
  }
}

function acceptFocusedOrOldest() {
  const inQueue = document.activeElement?.closest?.('.q-item')?.dataset.chat;
  const id = inQueue ? Number(inQueue) : S.queue[0]?.chat;
  if (id) acceptChat(id);
  else toast(t('queue_empty'));
}

// ---- tabs -------------------------------------------------------------------------------------

const viewCtx = {
  api,
  me: () => S.me ?? {},
  canned: () => S.canned,
  deptName,
  isAttending,
  onUnread: () => updateCount(),
  onSelectRequest: (v) => selectView(v, { focus: false }),
  onVisitorMessage: (v, m) => visitorMessageAlert(v, m),
  onStateChange: (v) => stateChanged(v),
  openHistory: (id) => openHistory(id),
  openCanned: (v) => openCanned(v),
  openTransfer: (v) => openTransfer(v),
  closeChat: (v) => confirmClose(v),
  closeTab: (v) => removeView(v),
  announce: (text) => announce(text),
  toast: (text) => toast(text),
  onAuth: () => sessionLost(),
};

function openView(id, info, opts = {}) {
  const v = new ChatView(viewCtx, id, info, opts);
  applyTexts(v.panel);
  applyTexts(v.tab);
  v.relabel();
  S.views.set(id, v);
  S.order.push(id);
  $('tabs').append(v.tab);
  $('panels').append(v.panel);
  v.loadDetail();
  if (opts.readOnly) v.fetchMessages();
  renderTabs();
  return v;
}

function removeView(v) {
  const i = S.order.indexOf(v.id);
  v.destroy();
  S.views.delete(v.id);
  S.order = S.order.filter((x) => x !== v.id);
  S.announced.delete(v.id);
  if (S.selected === v.id) {
    S.selected = null;
    const next = S.views.get(S.order[Math.min(i, S.order.length - 1)]);
    if (next) selectView(next, { focus: true });
    else $('chats-pane').focus();
  }
  renderTabs();
  updateCount();
}

function selectView(v, { focus = true } = {}) {
  if (!v) return;
  for (const o of S.views.values()) if (o !== v && o.selected) o.select(false);
  S.selected = v.id;
  v.select(true);
  renderTabs();
  updateCount();
  if (focus) v.focusComposer();
}

function renderTabs() {
  $('no-chat').hidden = S.views.size > 0;
  $('tabs').hidden = S.views.size === 0;
}

function currentView() {
  return S.selected != null ? S.views.get(S.selected) : null;
}

// Next (or previous) tab; "next" prefers a chat with unread messages.
function cycle(dir) {
  if (!S.order.length) return;
  const cur = Math.max(0, S.order.indexOf(S.selected));
  const n = S.order.length;
  if (dir > 0) {
    for (let k = 1; k <= n; k++) {
      const v = S.views.get(S.order[(cur + k) % n]);
      if (v.unread > 0 && v.id !== S.selected) {
        selectView(v);
        return;
      }
    }
  }
  selectView(S.views.get(S.order[(cur + dir + n) % n]));
}

function onTabsKey(ev) {
  const tab = ev.target.closest('[role="tab"]');
  if (!tab) return;
  const i = S.order.indexOf(Number(tab.dataset.chat));
  let j = null;
  if (ev.key === 'ArrowRight' || ev.key === 'ArrowDown') j = (i + 1) % S.order.length;
  else if (ev.key === 'ArrowLeft' || ev.key === 'ArrowUp') j = (i - 1 + S.order.length) % S.order.length;
  else if (ev.key === 'Home') j = 0;
  else if (ev.key === 'End') j = S.order.length - 1;
  if (j === null) return;
  ev.preventDefault();
  const v = S.views.get(S.order[j]);
  selectView(v, { focus: false });
  v.tab.focus();
}

async function openHistory(id) {
  const existing = S.views.get(id);
  if (existing) {
    selectView(existing);
    return;
  }
  const v = openView(id, {}, { readOnly: true });
  selectView(v, { focus: false });
  v.log.focus();
}

// ---- chat actions: close, transfer, canned ----------------------------------------------------------

function confirmClose(v) {
  if (!v) return;
  if (!v.canWrite) {
    removeView(v);
    return;
  }
  const dlg = $('dlg-confirm');
  $('confirm-text').textContent = t('close_confirm', { name: v.name });
  $('confirm-error').hidden = true;
  dlg.returnValue = '';
  dlg.onclose = async () => {
    dlg.onclose = null;
    if (dlg.returnValue !== 'ok') {
      v.focusComposer();
      return;
    }
    v.closedByMe = true;
    try {
      await api.close(v.id);
      v.leftMyList({ byMe: true });
      announce(t('closed_by_me', { name: v.name }));
      v.btnCloseTab.focus();
    } catch (e) {
      if (e.unauthenticated) return;
      if (e.code === 'not_your_chat' || e.status === 404) v.leftMyList();
      else {
        v.closedByMe = false;
        toast(t('err_close', { code: e.code }));
      }
    }
    poller.now();
  };
  dlg.showModal();
  $('confirm-ok').focus();
}

let transferView = null;
const NOTE_MAX = 500; // bytes (the server's limit)

// The note is one line of text for the server: line breaks (and other
// control characters it refuses) become spaces.
function transferNote(value) {
  return String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]+/g, ' ').trim();
}

function openTransfer(v) {
  if (!v?.canWrite) return;
  transferView = v;
  const dlg = $('dlg-transfer');
  $('transfer-who').textContent = t('transfer_who', { name: v.name });
  const sel = $('tr-dept');
  const depts = S.siteDepts.length ? S.siteDepts.map((d) => d.id) : (S.me.departments ?? []);
  sel.replaceChildren(...depts.map((d) => el('option', { value: d }, deptName(d))));
  if (v.info.dept && depts.includes(v.info.dept)) sel.value = v.info.dept;
  $('tr-kind-dept').disabled = depts.length === 0;
  if (!depts.length) $('tr-kind-op').checked = true;
  $('tr-op').value = '';
  $('tr-note').value = '';
  $('transfer-error').hidden = true;
  syncTransferKind();
  dlg.showModal();
  ($('tr-kind-op').checked ? $('tr-op') : sel).focus();
}

function syncTransferKind() {
  const op = $('tr-kind-op').checked;
  $('tr-op').disabled = !op;
  $('tr-dept').disabled = op;
}

async function submitTransfer(ev) {
  ev.preventDefault();
  const v = transferView;
  if (!v) return;
  const err = $('transfer-error');
  const op = $('tr-kind-op').checked;
  const login = $('tr-op').value.trim();
  const note = transferNote($('tr-note').value);
  if (op && !login) {
    err.textContent = t('err_transfer_login');
    err.hidden = false;
    $('tr-op').focus();
    return;
  }
  if (utf8Length(note) > NOTE_MAX) {
    err.textContent = t('err_note_too_long', { max: NOTE_MAX });
    err.hidden = false;
    $('tr-note').focus();
    return;
  }
  if (op && login === S.me.login) {
    err.textContent = t('err_transfer_self');
    err.hidden = false;
    $('tr-op').focus();
    return;
  }
  const btn = $('transfer-ok');
  btn.disabled = true;
  try {
    await api.transfer(v.id, op ? { toOperator: login, note } : { toDept: $('tr-dept').value, note });
    $('dlg-transfer').close();
    v.leftMyList();
    announce(t('transferred', { name: v.name }));
    v.btnCloseTab.focus();
    poller.now();
  } catch (e) {
    if (e.unauthenticated) return;
    if (e.answerLost && (e.code === 'not_your_chat' || e.status === 404)) {
      // A retry after a lost answer: the first try transferred it.
      $('dlg-transfer').close();
      v.leftMyList();
      poller.now();
      return;
    }
    if (e.field === 'to_operator') err.textContent = t('err_no_operator');
    else if (e.field === 'to_dept') err.textContent = t('err_no_dept');
    else if (e.code === 'not_your_chat' || e.status === 404) err.textContent = t('reason_not_yours');
    else err.textContent = t('err_generic', { code: e.code });
    err.hidden = false;
  } finally {
    btn.disabled = false;
  }
}

async function loadCanned() {
  try {
    const data = await api.canned();
    S.canned = (Array.isArray(data.canned) ? data.canned : [])
      .filter((c) => typeof c?.shortcut === 'string' && typeof c.text === 'string');
  } catch {
    S.canned = [];
  }
}

let cannedView = null;

function openCanned(v) {
  if (!v?.canWrite) return;
  cannedView = v;
  $('canned-filter').value = '';
  renderCanned();
  $('dlg-canned').showModal();
  $('canned-filter').focus();
  loadCanned().then(renderCanned);
}

function renderCanned() {
  const f = $('canned-filter').value.trim().toLowerCase().replace(/^\//, '');
  const items = S.canned.filter((c) => !f || c.shortcut.toLowerCase().includes(f) || c.text.toLowerCase().includes(f));
  const empty = $('canned-empty');
  empty.textContent = S.canned.length ? t('canned_none_match') : t('canned_none');
  empty.hidden = items.length > 0;
  $('canned-list').replaceChildren(...items.map((c) => {
    const b = el('button', { type: 'button', class: 'canned-item' },
      el('span', { class: 'sg-key' }, `/${c.shortcut}`), el('span', { class: 'sg-text' }, c.text));
    b.addEventListener('click', () => {
      $('dlg-canned').close();
      cannedView?.insertText(c.text);
    });
    return el('li', {}, b);
  }));
}

// ---- alerts --------------------------------------------------------------------------------------

function isAttending() {
  return document.visibilityState === 'visible' && document.hasFocus();
}

function newChatAlert(list, { first }) {
  // Right after login: one summary instead of one alert per waiting chat.
  if (first) {
    announce(t('queue_waiting_n', { n: list.length }));
    if (list.some((q) => onlineFor(q.dept))) sound.alarm({ repeat: Boolean(S.me?.sound_repeat), everyMs: 8000 });
    return;
  }
  for (const q of list) {
    const name = visitorName(q, q.chat);
    const from = plainText(q.from);
    announce(from ? t('new_chat_from', { name, from }) : t('new_chat', { name }));
    const question = plainText(q.fields?.question) || Object.values(q.fields ?? {}).map(plainText).find(Boolean) || '';
    // While the operator looks at the console, the queue itself shows it.
    if (isAttending()) continue;
    notify({
      title: t('notif_new_chat', { name }),
      body: [from ? t('from_x', { from }) : '', question].filter(Boolean).join('\n'),
      tag: `queue-${q.chat}`,
      sticky: true,
      data: { chat: q.chat, kind: 'queue' },
      onClick: () => focusQueueItem(q.chat),
    });
  }
  if (list.some((q) => onlineFor(q.dept))) sound.alarm({ repeat: Boolean(S.me?.sound_repeat), everyMs: 8000 });
  else sound.play({ volume: 0.5 });
}

// The repeating sound stops once no chat waits that I could take.
function updateAlarm() {
  if (!sound.alarmOn) return;
  if (!S.queue.some((q) => onlineFor(q.dept)) || !S.me?.sound_repeat) sound.stopAlarm();
}

function focusQueueItem(id) {
  const b = $('queue').querySelector(`.q-item[data-chat="${CSS.escape(String(id))}"] .q-accept`);
  (b ?? $('queue-pane')).focus();
}

function transferredAlert(v) {
  announce(t('transferred_to_me', { name: v.name }));
  sound.play();
  if (!isAttending()) {
    notify({ title: t('transferred_to_me', { name: v.name }), tag: `chat-${v.id}`, data: { chat: v.id, kind: 'chat' }, onClick: () => selectView(v) });
  }
}

function visitorMessageAlert(v, m) {
  const attending = isAttending();
  if (attending && v.selected) return;
  const text = m.file ? t('file_label_short', { name: plainText(m.file.name) }) : plainText(m.text);
  // The selected chat's log is a live region itself.
  if (!v.selected) announce(t('new_message', { name: v.name }));
  const now = Date.now();
  if (now - S.soundThrottle > 3000) {
    S.soundThrottle = now;
    sound.play({ volume: 0.5 });
  }
  if (!attending) {
    notify({ title: v.name, body: text, tag: `chat-${v.id}`, data: { chat: v.id, kind: 'chat' }, onClick: () => selectView(v) });
  }
}

function stateChanged(v) {
  const before = S.announced.get(v.id);
  const now = v.gone ? 'gone' : v.status === 'closed' ? 'closed' : (v.mine || v.leaving) ? 'mine' : 'elsewhere';
  S.announced.set(v.id, now);
  if (before === 'mine' && now === 'closed' && !v.readOnly && !v.closedByMe) {
    announce(t('chat_ended_by', { name: v.name }));
    if (!isAttending()) notify({ title: t('chat_ended_by', { name: v.name }), tag: `chat-${v.id}`, onClick: () => selectView(v) });
  }
  updateCount();
}

// Title, favicon and app badge: unread messages plus waiting chats.
function updateCount() {
  let unread = 0;
  for (const v of S.views.values()) unread += v.unread;
  const n = unread + (S.me ? S.queue.length : 0);
  showCount(n, t('page_title'));
}

let liveTimer = 0;
function announce(text) {
  const live = $('live');
  live.append(el('p', {}, text));
  clearTimeout(liveTimer);
  liveTimer = setTimeout(() => live.replaceChildren(), 10000);
}

let toastTimer = 0;
function toast(text) {
  const n = $('toast');
  n.textContent = text;
  n.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { n.hidden = true; }, 6000);
}

// ---- self-test: will the operator hear and see new chats? -----------------------------------------

const dismissed = new Set();
let checksKey = '';

async function selfTest({ fromClick }) {
  await sound.check();
  // Right after the login click the browser normally allows sound; after a
  // reload (session resumed) it waits for the first click or key.
  if (fromClick && sound.blocked) await sound.check();
  renderChecks();
}

function renderChecks() {
  const box = $('checks');
  if (!S.me) {
    box.replaceChildren();
    return;
  }
  const items = [];
  const add = (id, kind, text, button, onClick) => {
    if (dismissed.has(id)) return;
    const close = el('button', { type: 'button', class: 'icon-btn check-close', 'aria-label': t('dismiss') }, '×');
    close.addEventListener('click', () => {
      dismissed.add(id);
      renderChecks();
    });
    let b = null;
    if (button) {
      b = el('button', { type: 'button', class: 'primary' }, button);
      b.addEventListener('click', onClick);
    }
    items.push(el('div', { class: `check check-${kind}`, 'data-check': id }, el('p', {}, text), b, close));
  };
  if (sound.enabled && sound.blocked) {
    add('sound', 'warn', t('check_sound_blocked'), t('check_sound_enable'), async () => {
      const ok = await sound.unlock();
      toast(ok ? t('sound_ok') : t('sound_still_blocked'));
      renderChecks();
    });
  }
  const ns = notificationState();
  if (ns === 'default') {
    add('notif', 'info', t('check_notif_default'), t('notif_enable'), async () => {
      const r = await askNotificationPermission();
      toast(r === 'granted' ? t('notif_ok') : t('notif_denied_now'));
      renderChecks();
      renderSettings();
    });
  } else if (ns === 'denied') {
    add('notif', 'warn', t('check_notif_denied'));
  } else if (ns === 'unsupported') {
    add('notif', 'info', window.isSecureContext ? t('check_notif_unsupported') : t('check_notif_insecure'));
  }
  if (S.me && S.presenceShown && ![...S.presence.values()].includes('online') && (S.me.departments ?? []).length) {
    add('presence', 'info', t('check_offline'), t('presence_go_online'), () => setPresence('online'));
  }
  const key = items.map((n) => n.dataset.check + n.textContent).join('|');
  if (key === checksKey) return;
  checksKey = key;
  box.replaceChildren(...items);
}

// After the first click or key anywhere, sound is allowed: check again.
function onFirstGesture(ev) {
  if (ev.target?.closest?.('.check')) return; // that button unlocks and says so itself
  if (sound.blocked) sound.check().then(renderChecks);
}

// ---- settings, help ---------------------------------------------------------------------------------

function renderSettings() {
  $('set-sound').checked = sound.enabled;
  $('set-repeat').checked = Boolean(S.me?.sound_repeat);
  $('set-sound-state').textContent = !sound.enabled ? t('sound_off') : sound.blocked ? t('check_sound_blocked') : t('sound_ok');
  const ns = notificationState();
  $('set-notif-state').textContent = {
    granted: t('notif_ok'),
    denied: t('check_notif_denied'),
    default: t('check_notif_default'),
    unsupported: window.isSecureContext ? t('check_notif_unsupported') : t('check_notif_insecure'),
  }[ns];
  $('btn-notif-ask').hidden = ns !== 'default';
  $('btn-notif-test').hidden = ns !== 'granted';
  let inst;
  if (window.matchMedia('(display-mode: standalone)').matches) inst = t('install_running');
  else if (S.installPrompt) inst = t('install_ready');
  else if (!('serviceWorker' in navigator)) inst = t('install_insecure');
  else inst = t('install_menu');
  $('set-install-state').textContent = inst;
}

async function saveRepeat() {
  const on = $('set-repeat').checked;
  const note = $('set-repeat-note');
  try {
    await api.settings(on);
    S.me.sound_repeat = on;
    note.textContent = t('saved');
    updateAlarm();
  } catch (e) {
    $('set-repeat').checked = !on;
    note.textContent = t('err_generic', { code: e.code });
  }
}

function renderHelpKeys() {
  const rows = [...SHORTCUTS, ...OTHER_KEYS].map((s) => el('tr', {},
    el('td', {}, el('kbd', {}, s.keys)), el('td', {}, t(s.help))));
  $('help-keys').replaceChildren(...rows);
  const nk = document.querySelector('[data-t="no_chat_keys"]');
  if (nk) nk.textContent = t('no_chat_keys');
}

function openDialog(id) {
  const d = $(id);
  if (d.open) return;
  if (id === 'dlg-settings') renderSettings();
  d.showModal();
}

// ---- keyboard --------------------------------------------------------------------------------------

function onKey(ev) {
  if (!S.me || S.lost || $('view-app').hidden) return;
  const openDlg = document.querySelector('dialog[open]');
  let action = matchShortcut(ev);
  if (!action && ev.key === '?' && !isTextEntry(ev.target) && !openDlg) action = 'help';
  if (!action) return;
  if (openDlg && action !== 'help') return;
  ev.preventDefault();
  const v = currentView();
  switch (action) {
    case 'next': cycle(1); break;
    case 'prev': cycle(-1); break;
    case 'accept': acceptFocusedOrOldest(); break;
    case 'close': if (v) confirmClose(v); break;
    case 'transfer': if (v?.canWrite) openTransfer(v); break;
    case 'canned': if (v?.canWrite) openCanned(v); break;
    case 'compose': if (v) v.focusComposer(); else $('chats-pane').focus(); break;
    case 'queue': focusQueueItem(S.queue[0]?.chat); break;
    case 'help': if (openDlg?.id === 'dlg-help') openDlg.close(); else openDialog('dlg-help'); break;
    default: break;
  }
}

// ---- service worker and installing -------------------------------------------------------------------

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: './' }).catch(() => {});
  navigator.serviceWorker.addEventListener('message', (ev) => {
    const d = ev.data;
    if (!d || d.type !== 'notification-click') return;
    const id = Number(d.chat);
    if (d.kind === 'queue') focusQueueItem(id);
    else if (S.views.has(id)) selectView(S.views.get(id));
  });
}

window.addEventListener('beforeinstallprompt', (ev) => {
  ev.preventDefault();
  S.installPrompt = ev;
  $('btn-install').hidden = false;
});
window.addEventListener('appinstalled', () => {
  S.installPrompt = null;
  $('btn-install').hidden = true;
  toast(t('installed'));
});

// ---- wiring and start ---------------------------------------------------------------------------------

function wire() {
  $('login-form').addEventListener('submit', onLoginSubmit);
  for (const b of document.querySelectorAll('.lang-btn')) b.addEventListener('click', () => switchLang(b.dataset.lang));
  $('btn-logout').addEventListener('click', logout);
  $('btn-reconnect').addEventListener('click', () => poller.now());
  $('pres-all').addEventListener('change', () => {
    if ($('pres-all').value !== 'mixed') setPresence($('pres-all').value);
  });
  $('tabs').addEventListener('keydown', onTabsKey);
  $('btn-help').addEventListener('click', () => openDialog('dlg-help'));
  $('btn-settings').addEventListener('click', () => openDialog('dlg-settings'));
  $('btn-install').addEventListener('click', async () => {
    const p = S.installPrompt;
    if (!p) return;
    S.installPrompt = null;
    $('btn-install').hidden = true;
    p.prompt();
    try { await p.userChoice; } catch { /* ignore */ }
  });
  for (const b of document.querySelectorAll('.dlg-cancel')) b.addEventListener('click', () => b.closest('dialog').close());
  $('transfer-form').addEventListener('submit', submitTransfer);
  for (const r of document.querySelectorAll('input[name="transfer-kind"]')) r.addEventListener('change', syncTransferKind);
  $('canned-filter').addEventListener('input', renderCanned);
  $('canned-filter').addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      $('canned-list').querySelector('button')?.focus();
    }
  });
  $('canned-list').addEventListener('keydown', (ev) => {
    const items = [...$('canned-list').querySelectorAll('button')];
    const i = items.indexOf(document.activeElement);
    if (i < 0) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      const j = ev.key === 'ArrowDown' ? Math.min(i + 1, items.length - 1) : i - 1;
      (j < 0 ? $('canned-filter') : items[j]).focus();
    }
  });
  $('set-sound').addEventListener('change', () => {
    sound.enabled = $('set-sound').checked;
    store('sound', sound.enabled ? '1' : '0');
    if (!sound.enabled) sound.stopAlarm();
    renderSettings();
    renderChecks();
  });
  $('set-repeat').addEventListener('change', saveRepeat);
  $('btn-test-sound').addEventListener('click', async () => {
    await sound.unlock();
    renderSettings();
    renderChecks();
  });
  $('btn-notif-ask').addEventListener('click', async () => {
    await askNotificationPermission();
    renderSettings();
    renderChecks();
  });
  $('btn-notif-test').addEventListener('click', () => {
    notify({ title: t('notif_test_title'), body: t('notif_test_body'), tag: 'test' });
  });
  document.addEventListener('keydown', onKey);
  document.addEventListener('pointerdown', onFirstGesture, { capture: true });
  document.addEventListener('keydown', onFirstGesture, { capture: true });
  // Coming back to the window: the selected chat is read.
  const attend = () => {
    if (isAttending()) currentView()?.markRead();
    updateCount();
  };
  window.addEventListener('focus', attend);
  document.addEventListener('visibilitychange', attend);
  window.addEventListener('online', () => {
    poller.now();
    for (const v of S.views.values()) v.outbox.retryNow();
  });
  setInterval(() => {
    tickQueue();
    for (const v of S.views.values()) v.tick();
    if (S.conn) renderConn();
  }, 1000);
}

async function boot() {
  setLang(store('lang') || pickLang());
  applyTexts();
  renderHelpKeys();
  wire();
  registerServiceWorker();
  updateCount();
  try {
    const data = await api.session();
    await startConsole(data, { fromClick: false });
  } catch (e) {
    if (e.unauthenticated || e.status === 401) showLogin();
    else showLogin({ error: loginErrorText(e) });
  }
}

boot();
