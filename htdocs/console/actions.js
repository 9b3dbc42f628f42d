// Chat actions in dialogs: close, transfer (with a note), canned answers.
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
  $('tr-op').value = '';
  $('tr-note').value = '';
  $('transfer-error').hidden = true;
  syncTransferKind();
  dlg.showModal();
  ($('tr-kind-op').checked ? $('tr-op') : sel).focus();
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

export async function loadCanned() {
  try {
    const data = await api.canned();
    S.canned = (Array.isArray(data.canned) ? data.canned : [])
      .filter((c) => typeof c?.shortcut === 'string' && typeof c.text === 'string');
  } catch {
    S.canned = [];
  }
}

let cannedView = null;

export function openCanned(v) {
  if (!v?.canWrite) return;
  cannedView = v;
  $('canned-filter').value = '';
  renderCanned();
  $('dlg-canned').showModal();
  $('canned-filter').focus();
  loadCanned().then(renderCanned);
}

export function renderCanned() {
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
