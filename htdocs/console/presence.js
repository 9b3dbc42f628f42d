// Departments (their names) and the operator's presence in each.
import { fetchDepartments } from './api.js';
import { el, $, plainText } from './dom.js';
import { t, getLang } from './i18n.js';
import { api, S } from './state.js';
import { announce, updateAlarm } from './alerting.js';
import { renderChecks } from './selftest.js';

export async function loadDeptNames() {
  S.siteDepts = S.site ? await fetchDepartments(S.site, getLang()) : [];
  S.deptNames = new Map(S.siteDepts.map((d) => [d.id, plainText(d.name)]));
}

export function deptName(id) {
  const name = S.deptNames.get(id);
  return name ? t('dept_named', { name, id }) : t('dept_n', { id });
}

const STATUSES = ['online', 'away', 'offline'];

export function renderPresence() {
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

export async function setPresence(status, dept) {
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

export function applyPresence(list) {
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

export function onlineFor(dept) {
  if (dept) return S.presence.get(dept) === 'online';
  return [...S.presence.values()].includes('online');
}
