// The canned answers dialog: pick an answer to insert it into the chat's
// message box, and add, edit or delete the operator's personal answers
// (and, for admins, the site's shared ones) right there. "/shortcut" in the
// message box (chatview-canned.js) uses S.canned: one answer a shortcut,
// the personal one where both exist. The API: docs/API.md, "/operator",
// GET /canned.
import { el, $, utf8Length, setFieldError, clearFieldError } from './dom.js';
import { t, getLang } from './i18n.js';
import { api, S } from './state.js';
import { announce } from './alerting.js';

const SHORTCUT_RE = /^[A-Za-z0-9_-]{1,32}$/;
const TEXT_MAX = 4000; // bytes (the server's limit, as for a message)

let cannedView = null;
let editing = null; // {shortcut, scope} of the answer in the form, or null: a new one
let armedDelete = null; // "scope:shortcut" whose delete button asks once more

function keyOf(c) {
  return `${c.scope}:${c.shortcut.toLowerCase()}`;
}

// The server's list → S.cannedAll (all) and S.canned (personal wins).
function keep(data) {
  const all = (Array.isArray(data?.canned) ? data.canned : [])
    .filter((c) => typeof c?.shortcut === 'string' && typeof c.text === 'string')
    .map((c) => ({ shortcut: c.shortcut, text: c.text, scope: c.scope === 'shared' ? 'shared' : 'personal' }));
  S.cannedAll = all;
  S.canEditShared = data?.can_edit_shared === true;
  const seen = new Map();
  for (const c of all) {
    const k = c.shortcut.toLowerCase();
    if (!seen.has(k) || c.scope === 'personal') seen.set(k, c);
  }
  S.canned = [...seen.values()].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
}

export async function loadCanned() {
  try {
    keep(await api.canned());
  } catch {
    S.cannedAll = [];
    S.canned = [];
  }
}

export function openCanned(v) {
  if (!v?.canWrite) return;
  cannedView = v;
  $('canned-filter').value = '';
  resetForm();
  renderCanned();
  $('dlg-canned').showModal();
  $('canned-filter').focus();
  loadCanned().then(renderCanned);
}

function canEdit(c) {
  return c.scope === 'personal' || S.canEditShared;
}

function scopeLabel(c) {
  return c.scope === 'shared' ? t('canned_shared') : t('canned_personal');
}

function itemOf(c) {
  const hidden = c.scope === 'shared' && S.cannedAll.some((x) => x.scope === 'personal' &&
    x.shortcut.toLowerCase() === c.shortcut.toLowerCase());
  const pick = el('button', { type: 'button', class: 'canned-item' },
    el('span', { class: 'sg-key' }, `/${c.shortcut}`), ' ',
    el('span', { class: `canned-scope scope-${c.scope}` }, scopeLabel(c)),
    hidden ? el('span', { class: 'canned-hidden' }, ` ${t('canned_overridden')}`) : null,
    el('span', { class: 'sg-text' }, c.text));
  pick.addEventListener('click', () => {
    $('dlg-canned').close();
    cannedView?.insertText(c.text);
  });
  if (!canEdit(c)) return el('li', { class: 'canned-row' }, pick);
  const edit = el('button', { type: 'button', class: 'secondary canned-edit', 'aria-label': t('canned_edit_named', { shortcut: c.shortcut, scope: scopeLabel(c) }) }, t('canned_edit'));
  edit.addEventListener('click', () => startEdit(c));
  const armed = armedDelete === keyOf(c);
  const del = el('button', { type: 'button', class: 'secondary danger canned-delete', 'aria-label': t(armed ? 'canned_delete_confirm_named' : 'canned_delete_named', { shortcut: c.shortcut, scope: scopeLabel(c) }) },
    t(armed ? 'canned_delete_confirm' : 'canned_delete'));
  del.addEventListener('click', () => removeAnswer(c));
  return el('li', { class: 'canned-row' }, pick, el('div', { class: 'canned-tools' }, edit, del));
}

export function renderCanned() {
  const f = $('canned-filter').value.trim().toLowerCase().replace(/^\//, '');
  const items = S.cannedAll.filter((c) => !f || c.shortcut.toLowerCase().includes(f) || c.text.toLowerCase().includes(f));
  const empty = $('canned-empty');
  empty.textContent = S.cannedAll.length ? t('canned_none_match') : t('canned_none');
  empty.hidden = items.length > 0;
  const focused = document.activeElement?.closest?.('#canned-list li');
  const focusIndex = focused ? [...$('canned-list').children].indexOf(focused) : -1;
  const focusClass = document.activeElement?.className;
  $('canned-list').replaceChildren(...items.map(itemOf));
  // A re-render keeps the keyboard where it was (e.g. on a delete button).
  if (focusIndex >= 0) {
    const li = $('canned-list').children[Math.min(focusIndex, items.length - 1)];
    const again = li && [...li.querySelectorAll('button')].find((b) => b.className === focusClass);
    (again ?? li?.querySelector('button') ?? $('canned-filter')).focus();
  }
  $('cf-scope-field').hidden = !S.canEditShared;
  $('canned-admin-link').hidden = !S.canEditShared;
  // Absolute, as every link of the console (the admin page in this language).
  const u = new URL('../admin/canned.html', document.baseURI);
  u.searchParams.set('lang', getLang());
  $('canned-admin-a').setAttribute('href', u.href);
}

// ---- the form: a new answer, or the one being edited ---------------------------

function fieldError(id, text) {
  if (text) setFieldError($(id), text);
  else clearFieldError($(id));
}

function clearErrors() {
  fieldError('cf-shortcut', null);
  fieldError('cf-text', null);
  $('cf-error').hidden = true;
}

function resetForm() {
  editing = null;
  armedDelete = null;
  $('cf-shortcut').value = '';
  $('cf-text').value = '';
  $('cf-scope').value = 'personal';
  $('canned-form-h').textContent = t('canned_new');
  $('cf-cancel').hidden = true;
  clearErrors();
}

function startEdit(c) {
  editing = { shortcut: c.shortcut, scope: c.scope };
  armedDelete = null;
  $('cf-shortcut').value = c.shortcut;
  $('cf-text').value = c.text;
  $('cf-scope').value = c.scope;
  $('canned-form-h').textContent = t('canned_editing', { shortcut: c.shortcut });
  $('cf-cancel').hidden = false;
  clearErrors();
  $('cf-text').focus();
}

export function cancelEdit() {
  resetForm();
  $('cf-shortcut').focus();
}

function showError(e) {
  if (e.field === 'shortcut') {
    fieldError('cf-shortcut', t('canned_err_shortcut'));
    $('cf-shortcut').focus();
  } else if (e.field === 'text') {
    fieldError('cf-text', t('canned_err_text', { max: TEXT_MAX }));
    $('cf-text').focus();
  } else {
    const p = $('cf-error');
    p.textContent = e.code === 'too_many_canned' ? t('canned_err_full') :
      e.code === 'forbidden' ? t('canned_err_forbidden') : e.status === 404 ? t('canned_err_gone') :
        t('err_generic', { code: e.code });
    p.hidden = false;
  }
}

export async function submitCanned(ev) {
  ev.preventDefault();
  clearErrors();
  const shortcut = $('cf-shortcut').value.trim().replace(/^\//, '');
  const text = $('cf-text').value.replace(/\s+$/u, '');
  const scope = S.canEditShared ? $('cf-scope').value : 'personal';
  let bad = false;
  if (!text.trim() || utf8Length(text) > TEXT_MAX) {
    fieldError('cf-text', t('canned_err_text', { max: TEXT_MAX }));
    $('cf-text').focus();
    bad = true;
  }
  if (!SHORTCUT_RE.test(shortcut)) {
    fieldError('cf-shortcut', t('canned_err_shortcut'));
    $('cf-shortcut').focus();
    bad = true;
  }
  if (bad) return;
  const btn = $('cf-save');
  btn.disabled = true;
  try {
    let data = await api.cannedSet({ shortcut, text, scope });
    // Renamed or moved to the other scope: the old one goes.
    const was = editing;
    if (was && (was.scope !== scope || was.shortcut.toLowerCase() !== shortcut.toLowerCase())) {
      data = await api.cannedDelete(was).catch(() => data);
    }
    keep(data);
    resetForm();
    renderCanned();
    announce(t('canned_saved', { shortcut }));
    $('cf-shortcut').focus();
  } catch (e) {
    if (!e.unauthenticated) showError(e);
  } finally {
    btn.disabled = false;
  }
}

// Delete asks once more on the same button (keyboard and screen readers
// alike); the second press deletes.
async function removeAnswer(c) {
  if (armedDelete !== keyOf(c)) {
    armedDelete = keyOf(c);
    renderCanned();
    return;
  }
  armedDelete = null;
  try {
    keep(await api.cannedDelete({ shortcut: c.shortcut, scope: c.scope }));
    if (editing && keyOf(editing) === keyOf(c)) resetForm();
    announce(t('canned_deleted', { shortcut: c.shortcut }));
  } catch (e) {
    if (e.unauthenticated) return;
    if (e.status === 404) await loadCanned();
    else showError(e);
  }
  renderCanned();
  if (!$('canned-list').contains(document.activeElement)) $('canned-filter').focus();
}

// The dialog's own controls (console.js calls this once).
export function wireCanned() {
  $('canned-filter').addEventListener('input', () => {
    armedDelete = null;
    renderCanned();
  });
  $('canned-filter').addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      $('canned-list').querySelector('button')?.focus();
    }
  });
  $('canned-list').addEventListener('keydown', (ev) => {
    const items = [...$('canned-list').querySelectorAll('.canned-item')];
    const i = items.indexOf(document.activeElement);
    if (i < 0) return;
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      const j = ev.key === 'ArrowDown' ? Math.min(i + 1, items.length - 1) : i - 1;
      (j < 0 ? $('canned-filter') : items[j]).focus();
    }
  });
  $('canned-form').addEventListener('submit', submitCanned);
  $('cf-cancel').addEventListener('click', cancelEdit);
}
