// The statistics page (admin/stats.html): a period (default: the last 30
// days, UTC), the figures of GET /admin/stats (docs/API.md, "/admin:
// statistics") as a summary, two SVG bar charts (stats-chart.js) each with
// the same figures as a table, the top pages, referrer origins and the
// chats per department and operator, and CSV links (GET /admin/stats.csv)
// for every table. The period is kept in the address (?from=&to=), so a
// reload or a shared link shows the same. Everything is text: no
// innerHTML, no inline script or style.
import { $, el } from '../shared/dom.js';
import { startPage, api, getLang, announce, showError, clearFieldErrors, setFieldError } from './page.js';
import { t, setLang } from './stats-texts.js';
import { barChart, legend } from './stats-chart.js';

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const state = { data: null, depts: [] };

function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

// The period of the address, else the 30 days up to today (UTC).
function initialRange() {
  const q = new URLSearchParams(location.search);
  const today = new Date();
  const from = new Date(today.getTime() - 29 * 86400000);
  return {
    from: DAY_RE.test(q.get('from') ?? '') ? q.get('from') : isoDay(from),
    to: DAY_RE.test(q.get('to') ?? '') ? q.get('to') : isoDay(today),
  };
}

function num(n) {
  return Number(n ?? 0).toLocaleString(getLang() === 'de' ? 'de-DE' : 'en-GB');
}

function duration(m) {
  if (!m || m.median_s === null || m.median_s === undefined) return t('no_time');
  const s = Math.round(Number(m.median_s) * 10) / 10;
  if (s < 60) return t('seconds', { n: num(s) });
  return t('minutes', { m: Math.floor(s / 60), s: Math.round(s % 60) });
}

function deptName(code) {
  if (!code) return t('no_dept');
  const d = state.depts.find((x) => x.dept === code);
  const names = d?.names ?? {};
  const name = names[getLang()] ?? names.en ?? Object.values(names)[0];
  return name ? `${name} (${code})` : code;
}

function csvHref(table) {
  const d = state.data;
  return api.url('admin/stats.csv', { from: d.from, to: d.to, table }).href;
}

// A table: columns [{key, label, num}], rows of objects; caption for screen readers.
function table(id, caption, columns, rows) {
  if (!rows.length) return el('p', { class: 'hint', id: `${id}-none` }, t('none_yet'));
  const head = el('tr', {}, columns.map((c) => el('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)));
  const body = rows.map((r) => el('tr', {}, columns.map((c, i) => {
    const v = typeof c.value === 'function' ? c.value(r) : r[c.key];
    const cell = i === 0 ? 'th' : 'td';
    return el(cell, { scope: i === 0 ? 'row' : null, class: [c.num ? 'num' : '', c.url ? 'url' : ''].join(' ').trim() || null,
      'data-col': c.key }, c.num ? num(v) : String(v ?? ''));
  })));
  return el('table', { class: 'list', id }, el('caption', { class: 'visually-hidden' }, caption),
    el('thead', {}, head), el('tbody', {}, body));
}

function renderSummary(d) {
  const tt = d.totals;
  const items = [
    ['visitors', num(tt.visitors)], ['views', num(tt.views)], ['started', num(tt.chats_started)],
    ['answered', num(tt.chats_answered)], ['missed', num(tt.chats_missed)], ['contacts', num(tt.contacts)],
    ['wait', duration(d.wait)], ['response', duration(d.first_response)],
  ];
  $('summary').replaceChildren(...items.map(([k, v]) => el('div', { 'data-key': k },
    el('dt', {}, t(k)), el('dd', {}, v))));
}

function peak(days) {
  return days.reduce((best, x) => (x.views > (best?.views ?? -1) ? x : best), null);
}

function renderVisits(d) {
  const days = d.days.map((x) => x.day);
  const series = [
    { key: 'visitors', label: t('visitors'), values: d.days.map((x) => x.visitors) },
    { key: 'views', label: t('views'), values: d.days.map((x) => x.views) },
  ];
  const p = peak(d.days);
  const label = d.totals.views || d.totals.visitors
    ? t('chart_visits', { from: d.from, to: d.to, visitors: num(d.totals.visitors), views: num(d.totals.views),
      peak: p?.day ?? '', max: num(p?.views) })
    : t('chart_empty', { from: d.from, to: d.to });
  $('chart-visits').replaceChildren(barChart({ id: 'svg-visits', label, days, series, fmt: num,
    barTitle: (day, what, n) => t('bar_title', { day, label: what, n: num(n) }) }), legend(series),
  el('p', { class: 'hint' }, t('visitors_note')));
  $('table-days').replaceChildren(table('days-table', t('visits_h'), [
    { key: 'day', label: t('day') },
    { key: 'visitors', label: t('visitors'), num: true },
    { key: 'views', label: t('views'), num: true },
  ], d.days));
}

function renderChats(d) {
  const days = d.days.map((x) => x.day);
  const open = (x) => Math.max(0, x.chats_started - x.chats_answered - x.chats_missed);
  const series = [
    { key: 'answered', label: t('answered'), values: d.days.map((x) => x.chats_answered) },
    { key: 'missed', label: t('missed'), values: d.days.map((x) => x.chats_missed) },
    { key: 'open', label: t('open'), values: d.days.map(open) },
  ];
  const tt = d.totals;
  const label = tt.chats_started
    ? t('chart_chats', { from: d.from, to: d.to, started: num(tt.chats_started),
      answered: num(tt.chats_answered), missed: num(tt.chats_missed) })
    : t('chart_empty', { from: d.from, to: d.to });
  $('chart-chats').replaceChildren(barChart({ id: 'svg-chats', label, days, series, stacked: true, fmt: num,
    barTitle: (day, what, n) => t('bar_title', { day, label: what, n: num(n) }) }), legend(series));
  $('table-chats').replaceChildren(table('chats-table', t('chats_h'), [
    { key: 'day', label: t('day') },
    { key: 'chats_started', label: t('started'), num: true },
    { key: 'chats_answered', label: t('answered'), num: true },
    { key: 'chats_missed', label: t('missed'), num: true },
    { key: 'contacts', label: t('contacts'), num: true },
  ], d.days));
}

function renderLists(d) {
  $('table-pages').replaceChildren(table('pages-table', t('pages_h'), [
    { key: 'page', label: t('page'), url: true }, { key: 'views', label: t('views'), num: true },
  ], d.pages));
  $('table-referrers').replaceChildren(table('referrers-table', t('referrers_h'), [
    { key: 'origin', label: t('origin'), url: true }, { key: 'views', label: t('views'), num: true },
  ], d.referrers));
  $('table-depts').replaceChildren(table('depts-table', t('depts_h'), [
    { key: 'dept', label: t('dept'), value: (r) => deptName(r.dept) },
    { key: 'chats_started', label: t('started'), num: true },
    { key: 'chats_answered', label: t('answered'), num: true },
    { key: 'chats_missed', label: t('missed'), num: true },
    { key: 'contacts', label: t('contacts'), num: true },
  ], d.depts));
  $('table-operators').replaceChildren(table('operators-table', t('operators_h'), [
    { key: 'login', label: t('operator'), value: (r) => (r.name ? `${r.name} (${r.login})` : r.login) },
    { key: 'chats_answered', label: t('answered'), num: true },
  ], d.operators));
}

function renderLinks() {
  for (const [id, table] of [['csv-days', 'days'], ['csv-summary', 'summary'], ['csv-pages', 'pages'],
    ['csv-referrers', 'referrers'], ['csv-depts', 'depts'], ['csv-operators', 'operators']]) {
    const a = $(id);
    a.href = csvHref(table);
    if (id !== 'csv-days' && id !== 'csv-summary') {
      const what = a.closest('section')?.querySelector('h2')?.textContent ?? table;
      a.setAttribute('aria-label', t('csv_named', { what }));
    }
  }
}

function render() {
  setLang(getLang());
  for (const n of document.querySelectorAll('[data-s]')) n.textContent = t(n.dataset.s);
  const d = state.data;
  if (!d) return;
  renderSummary(d);
  renderVisits(d);
  renderChats(d);
  renderLists(d);
  renderLinks();
}

async function load(from, to) {
  const form = $('range-form');
  clearFieldErrors(form);
  $('btn-show').disabled = true;
  try {
    state.data = await api.get('stats', { from, to });
    $('f-from').value = state.data.from;
    $('f-to').value = state.data.to;
    const u = new URL(location.href);
    u.searchParams.set('from', state.data.from);
    u.searchParams.set('to', state.data.to);
    history.replaceState(null, '', u.href);
    render();
    announce(t('loaded', { from: state.data.from, to: state.data.to }));
  } catch (err) {
    if (err.code === 'invalid_parameter' && (err.field === 'from' || err.field === 'to')) {
      const input = $(err.field === 'from' ? 'f-from' : 'f-to');
      setFieldError(input, t(err.field === 'from' ? 'err_from' : 'err_to'));
      input.focus();
    } else {
      showError(err, null);
    }
  } finally {
    $('btn-show').disabled = false;
  }
}

startPage('stats', {
  onLang: render,
  init: async ({ data }) => {
    state.depts = Array.isArray(data?.depts) ? data.depts : [];
    const r = initialRange();
    $('f-from').value = r.from;
    $('f-to').value = r.to;
    render();
    $('range-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      load($('f-from').value, $('f-to').value);
    });
    await load(r.from, r.to);
  },
});
