// Chat actions in dialogs: close, and transfer (with a note) to a department
// or to a colleague picked from the team list (GET /team). Canned answers
// have their dialog in canned.js.
import { el, $, utf8Length } from './dom.js';
import { t } from './i18n.js';
import { api, S } from './state.js';
import { deptName } from './presence.js';
import { poller } from './poll.js';
import { removeView } from './tabs.js';
import { announce, toast } from './alerting.js';

export function confirmClose(v) {
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

export function openTransfer(v) {
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
  $('tr-note').value = '';
  $('transfer-error').hidden = true;
  renderTeam();
  syncTransferKind();
  dlg.showModal();
  ($('tr-kind-op').checked ? $('tr-op') : sel).focus();
  loadTeam();
}

// ---- the team: colleagues to transfer to ------------------------------------

const STATUS_ORDER = { online: 0, away: 1, offline: 2 };

function full(m) {
  return m.max_chats > 0 && m.chats >= m.max_chats;
}

// "Petra Second (petra) · online · Support, Sales · 1 of 3 chats"
function memberLabel(m) {
  const depts = m.departments.map(deptName).join(', ') || t('team_no_dept');
  const load = m.max_chats > 0 ? t('team_load_max', { n: m.chats, max: m.max_chats }) : t('team_load', { n: m.chats });
  return [m.name ? `${m.name} (${m.login})` : m.login, t(`team_${m.status}`), depts, load,
    full(m) ? t('team_full') : null].filter(Boolean).join(' · ');
}

function renderTeam(status = '') {
  const sel = $('tr-op');
  const chosen = sel.value;
  const others = S.team.filter((m) => !m.self && m.login !== S.me?.login)
    .sort((a, b) => (STATUS_ORDER[a.status] ?? 3) - (STATUS_ORDER[b.status] ?? 3) || a.name.localeCompare(b.name));
  sel.replaceChildren(el('option', { value: '' }, t(others.length ? 'team_choose' : 'team_none')),
    ...others.map((m) => el('option', { value: m.login, disabled: full(m) }, memberLabel(m))));
  if (others.some((m) => m.login === chosen && !full(m))) sel.value = chosen;
  const p = $('tr-op-status');
  p.textContent = status;
  p.hidden = !status;
}

export async function loadTeam() {
  renderTeam(S.team.length ? '' : t('team_loading'));
  try {
    const data = await api.team();
    S.team = (Array.isArray(data?.team) ? data.team : []).filter((m) => typeof m?.login === 'string')
      .map((m) => ({
        login: m.login, name: typeof m.name === 'string' ? m.name : '', status: String(m.status),
        departments: Array.isArray(m.departments) ? m.departments.map(String) : [],
        chats: Number(m.chats) || 0, max_chats: Number(m.max_chats) || 0, self: m.self === true,
      }));
    renderTeam();
  } catch (e) {
    if (!e.unauthenticated) renderTeam(t('team_error', { code: e.code }));
  }
}

export function syncTransferKind() {
  const op = $('tr-kind-op').checked;
  $('tr-op').disabled = !op;
  $('tr-dept').disabled = op;
}

export async function submitTransfer(ev) {
  ev.preventDefault();
  const v = transferView;
  if (!v) return;
  const err = $('transfer-error');
  const op = $('tr-kind-op').checked;
  const login = $('tr-op').value;
  const note = transferNote($('tr-note').value);
  if (op && !login) {
    err.textContent = t('err_transfer_choose');
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
    if (e.code === 'too_many_chats') {
      err.textContent = t('err_colleague_full');
      loadTeam();
    } else if (e.field === 'to_operator') err.textContent = t('err_no_operator');
    else if (e.field === 'to_dept') err.textContent = t('err_no_dept');
    else if (e.code === 'not_your_chat' || e.status === 404) err.textContent = t('reason_not_yours');
    else err.textContent = t('err_generic', { code: e.code });
    err.hidden = false;
  } finally {
    btn.disabled = false;
  }
}
