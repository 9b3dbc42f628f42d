// The audit log (admin/audit.html): who changed which setting when, newest
// first (GET /admin/audit, 100 at a time; "older entries" asks with
// before = the oldest id shown). The details are the new values as the
// server logged them, shown as text.
import { $, el } from '../shared/dom.js';
import { startPage, api, t, has, formatWhen, showError, announce } from './page.js';

const PAGE = 100;
const state = { entries: [], loading: false };

function actionText(a) {
  return has(`action_${a}`) ? t(`action_${a}`) : String(a);
}

function value(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function details(d) {
  if (!d || typeof d !== 'object') return value(d);
  const items = Object.entries(d).map(([k, v]) => el('li', {}, el('span', { class: 'mono' }, k), ': ', value(v)));
  return items.length ? el('ul', { class: 'detail' }, items) : '';
}

function render() {
  $('audit-none').hidden = state.entries.length > 0;
  if (!state.entries.length) {
    $('audit').replaceChildren();
    return;
  }
  const head = el('tr', {}, ['audit_when', 'audit_who', 'audit_what', 'audit_detail'].map((k) => el('th', { scope: 'col' }, t(k))));
  const rows = state.entries.map((e) => el('tr', { 'data-id': String(e.id) },
    el('td', {}, el('time', { datetime: String(e.time ?? '') }, formatWhen(e.time))),
    el('td', {}, String(e.login ?? '')),
    el('td', {}, actionText(e.action)),
    el('td', {}, details(e.detail))));
  $('audit').replaceChildren(el('table', { class: 'list', id: 'audit-table' },
    el('caption', { class: 'visually-hidden' }, t('audit_list_h')), el('thead', {}, head), el('tbody', {}, rows)));
}

async function load({ more = false } = {}) {
  if (state.loading) return;
  state.loading = true;
  $('btn-more').disabled = true;
  const before = more && state.entries.length ? state.entries[state.entries.length - 1].id : undefined;
  try {
    const j = await api.get('audit', { before });
    const got = Array.isArray(j.entries) ? j.entries : [];
    state.entries = more ? [...state.entries, ...got] : got;
    render();
    $('btn-more').hidden = got.length < PAGE;
    $('audit-end').hidden = !(more && got.length < PAGE);
    if (more) {
      announce(t('audit_loaded', { n: got.length }));
      // The first new row's cell, so that reading goes on where it was.
      const first = got[0] && document.querySelector(`#audit-table tr[data-id="${CSS.escape(String(got[0].id))}"] td`);
      if (first) {
        first.tabIndex = -1;
        first.focus();
      } else {
        $('audit-end').tabIndex = -1;
        $('audit-end').focus();
      }
    }
  } catch (err) {
    showError(err, null);
  } finally {
    state.loading = false;
    $('btn-more').disabled = false;
  }
}

startPage('audit', {
  onLang: render,
  init: async () => {
    $('btn-more').addEventListener('click', () => load({ more: true }));
    await load();
  },
});
