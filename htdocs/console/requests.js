// The contact requests view (issue 11): the site's requests sent through
// the contact form (or from a chat nobody took), shown in place of the
// chats (the queue beside stays), the list with its filter and its older
// pages (GET /operator/contacts, `before`), and the header button's badge
// with the number of new ones. One request opened is ./request-detail.js.
//
// The badge follows the console's long-poll: after a poll answer, at most
// once a minute, one small GET /contacts?status=new&limit=1 (its `new`); a
// rise is announced to the screen reader.
import { el, $, plainText } from './dom.js';
import { t, langName } from './i18n.js';
import { api, store } from './state.js';
import { deptName } from './presence.js';
import { announce } from './alerting.js';
import { showRequest, clearRequest, relabelRequest, whenText } from './request-detail.js';

const FILTERS = ['all', 'new', 'read', 'answered'];
const STATUSES = ['new', 'read', 'answered'];
const PAGE = 50;
export const BADGE_EVERY_MS = 60000;

const R = {
  shown: false,
  filter: FILTERS.includes(store('req_filter')) ? store('req_filter') : 'all',
  items: [], // the list's entries, newest first
  more: false,
  loaded: false,
  newCount: null, // the badge (null: not known yet)
  badgeAt: 0, // when the badge was last asked for
  openId: null,
  seq: 0, // the latest list request (older answers are dropped)
};

// ---- the view ---------------------------------------------------------------

export function requestsShown() {
  return R.shown;
}

export function showRequests({ focus = true } = {}) {
  R.shown = true;
  $('chats-pane').hidden = true;
  $('requests-pane').hidden = false;
  $('btn-requests').setAttribute('aria-pressed', 'true');
  if (focus) $('req-h').focus();
  loadList();
}

// Back to the chats (also when a chat is selected or accepted).
export function showChats({ focus = false } = {}) {
  if (!R.shown) return;
  R.shown = false;
  $('requests-pane').hidden = true;
  $('chats-pane').hidden = false;
  $('btn-requests').setAttribute('aria-pressed', 'false');
  if (focus) $('btn-requests').focus();
}

export function wireRequests() {
  $('req-h').tabIndex = -1;
  // The skip link leads to the chats: they come back first.
  document.querySelector('.skip-link')?.addEventListener('click', () => showChats());
  $('req-filter').value = R.filter;
  $('btn-requests').addEventListener('click', () => (R.shown ? showChats({ focus: true }) : showRequests()));
  $('btn-req-back').addEventListener('click', () => showChats({ focus: true }));
  $('btn-req-reload').addEventListener('click', () => loadList());
  $('btn-req-more').addEventListener('click', () => loadList({ older: true }));
  $('req-filter').addEventListener('change', () => {
    R.filter = FILTERS.includes($('req-filter').value) ? $('req-filter').value : 'all';
    store('req_filter', R.filter);
    loadList();
  });
  $('req-list').addEventListener('click', (ev) => {
    const b = ev.target.closest('button.req-item');
    if (b) openRequest(Number(b.dataset.id));
  });
  // Up and down move between the requests of the list.
  $('req-list').addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    const all = [...$('req-list').querySelectorAll('button.req-item')];
    const i = all.indexOf(document.activeElement);
    if (i < 0) return;
    ev.preventDefault();
    all[Math.max(0, Math.min(all.length - 1, i + (ev.key === 'ArrowDown' ? 1 : -1)))].focus();
  });
}

// ---- the list ------------------------------------------------------------------

function statusOf(r) {
  return STATUSES.includes(r?.status) ? r.status : 'read';
}

// A visitor's name, else the address, else "No name given".
export function requestName(r) {
  return plainText(r?.name).trim() || plainText(r?.email).trim() || t('req_no_name');
}

export async function loadList({ older = false } = {}) {
  const seq = ++R.seq;
  const before = older && R.items.length ? R.items[R.items.length - 1].id : undefined;
  const err = $('req-error');
  err.hidden = true;
  if (!older) $('req-status').textContent = t('req_loading');
  $('btn-req-more').disabled = true;
  try {
    const data = await api.contacts({ status: R.filter, before, limit: PAGE });
    if (seq !== R.seq) return;
    const list = (Array.isArray(data?.requests) ? data.requests : []).filter((r) => Number.isInteger(r?.id));
    const focusNext = older ? list[0]?.id : null;
    R.items = older ? [...R.items, ...list.filter((r) => !R.items.some((x) => x.id === r.id))] : list;
    R.more = Boolean(data?.more);
    R.loaded = true;
    if (Number.isInteger(data?.new)) setNewCount(data.new);
    renderList();
    $('req-status').textContent = older ? t('req_more_loaded', { n: list.length })
      : R.items.length ? t('req_shown_n', { n: R.items.length }) : t('req_none');
    if (focusNext != null) $('req-list').querySelector(`button.req-item[data-id="${focusNext}"]`)?.focus();
  } catch (e) {
    if (seq !== R.seq || e.unauthenticated) return;
    $('req-status').textContent = '';
    err.textContent = t('req_err_list', { code: e.code });
    err.hidden = false;
  } finally {
    if (seq === R.seq) $('btn-req-more').disabled = false;
  }
}

function renderList() {
  const list = $('req-list');
  const focused = document.activeElement?.closest?.('button.req-item')?.dataset.id;
  list.replaceChildren(...R.items.map(listItem));
  $('btn-req-more').hidden = !R.more;
  if (focused) list.querySelector(`button.req-item[data-id="${CSS.escape(focused)}"]`)?.focus();
}

function listItem(r) {
  const status = statusOf(r);
  const meta = [whenText(r.created), t(`req_status_${status}`)];
  if (plainText(r.dept)) meta.push(deptName(plainText(r.dept)));
  if (plainText(r.lang)) meta.push(langName(plainText(r.lang)));
  if (Number.isInteger(r.chat)) meta.push(t('req_from_chat', { chat: r.chat }));
  const mail = r.mail === 'failed' ? t('req_mail_failed_short') : r.mail === 'queued' ? t('req_mail_queued_short') : '';
  const email = plainText(r.email).trim();
  const name = requestName(r);
  const summary = plainText(r.summary).trim();
  return el('li', { class: `req-li status-${status}` },
    el('button', {
      type: 'button', class: 'req-item', 'data-id': String(r.id), 'aria-current': r.id === R.openId ? 'true' : null,
    },
    el('span', { class: 'req-item-head' },
      el('span', { class: 'req-item-name' }, name),
      email && email !== name ? el('span', { class: 'req-item-email' }, email) : null),
    el('span', { class: 'req-item-meta' }, meta.join(' · ')),
    mail ? el('span', { class: `req-item-mail mail-${r.mail}` }, mail) : null,
    summary ? el('span', { class: 'req-item-summary' }, summary) : null));
}

// What the detail learnt (opened → read, marked, replied): the list entry
// and the badge follow.
function onChange(id, patch) {
  const r = R.items.find((x) => x.id === id);
  const was = r ? statusOf(r) : patch.was;
  if (r) Object.assign(r, patch);
  if (patch.status && was !== patch.status && R.newCount != null) {
    if (was === 'new') setNewCount(Math.max(0, R.newCount - 1));
    else if (patch.status === 'new') setNewCount(R.newCount + 1);
  }
  renderList();
}

export function openRequest(id) {
  if (!Number.isInteger(id)) return;
  R.openId = id;
  renderList();
  const entry = R.items.find((x) => x.id === id);
  showRequest(id, { entry, onChange: (patch) => onChange(id, patch), onGone: () => gone(id) });
}

function gone(id) {
  R.items = R.items.filter((x) => x.id !== id);
  if (R.openId === id) R.openId = null;
  renderList();
}

// ---- the badge ---------------------------------------------------------------------

function setNewCount(n, { fromPoll = false } = {}) {
  const before = R.newCount;
  R.newCount = n;
  const badge = $('req-badge');
  badge.hidden = !(n > 0);
  badge.textContent = n > 0 ? t('req_btn_new', { n }) : '';
  if (fromPoll && before != null && n > before) {
    const k = n - before;
    announce(k === 1 ? t('req_new_one') : t('req_new_many', { n: k }));
    // A list on show of the new ones (or all) gets them at once.
    if (R.shown && (R.filter === 'all' || R.filter === 'new')) loadList();
  }
}

export async function refreshBadge() {
  R.badgeAt = Date.now();
  try {
    const data = await api.contacts({ status: 'new', limit: 1 });
    if (Number.isInteger(data?.new)) setNewCount(data.new, { fromPoll: true });
  } catch { /* the next poll tries again */ }
}

// After every answer of the console's long-poll.
export function pollTick() {
  if (Date.now() - R.badgeAt >= BADGE_EVERY_MS) refreshBadge();
}

// ---- start, language, another operator ------------------------------------------------

export function startRequests() {
  R.badgeAt = 0;
  refreshBadge();
  if (R.shown) {
    $('req-h').focus();
    loadList();
  }
}

export function relabelRequests() {
  if (R.newCount != null) setNewCount(R.newCount);
  renderList();
  if (R.loaded) {
    $('req-status').textContent = R.items.length ? t('req_shown_n', { n: R.items.length }) : t('req_none');
  }
  relabelRequest();
}

export function resetRequests() {
  R.seq += 1;
  R.items = [];
  R.more = false;
  R.loaded = false;
  R.newCount = null;
  R.badgeAt = 0;
  R.openId = null;
  setNewCount(0);
  R.newCount = null;
  renderList();
  $('req-status').textContent = '';
  clearRequest();
  showChats();
}
