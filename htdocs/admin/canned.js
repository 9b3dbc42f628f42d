// The admin page of the site's shared canned answers (canned.html): list,
// add, edit and delete them through the admin API (docs/API.md, "/admin",
// GET /canned, POST /canned-set, /canned-delete). The session is the
// console's: its CSRF token comes from GET /operator/session and stays in
// memory. A 400 shows at its field. Everything shown is text (textContent):
// no innerHTML, no inline script or style.
import { el, $, utf8Length, setFieldError, clearFieldError } from '../shared/dom.js';
import { fetchJson } from '../shared/http.js';
import { t, pickLang, setLang, getLang } from './canned-texts.js';
import { renderNav } from './nav.js';

const STORE = 'plauder.admin.lang';
const ADMIN = new URL('../cgi-bin/admin/', document.baseURI);
const OPERATOR = new URL('../cgi-bin/operator/', document.baseURI);
const SHORTCUT_RE = /^[A-Za-z0-9_-]{1,32}$/;
const TEXT_MAX = 4000;

const state = {
  csrf: null,
  canned: [], // [{shortcut, text}]
  editing: null, // the shortcut in the form, or null: a new answer
  armed: null, // the shortcut whose delete button asks once more
};

function stored() {
  try { return localStorage.getItem(STORE); } catch { return null; }
}

function store(lang) {
  try { localStorage.setItem(STORE, lang); } catch { /* storage off */ }
}

// ---- HTTP ------------------------------------------------------------------------

function get(base, action) {
  return fetchJson(new URL(action, base), {
    method: 'GET', credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' },
  }).then((r) => r.data);
}

function post(action, body) {
  return fetchJson(new URL(action, ADMIN), {
    method: 'POST',
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': state.csrf ?? '' },
    body: JSON.stringify(body),
  }).then((r) => r.data);
}

// ---- texts -----------------------------------------------------------------------

function applyTexts() {
  renderNav('canned', getLang());
  for (const n of document.querySelectorAll('[data-t]')) n.textContent = t(n.dataset.t);
  for (const n of document.querySelectorAll('[data-t-label]')) n.setAttribute('aria-label', t(n.dataset.tLabel));
  for (const b of document.querySelectorAll('.lang-btn')) b.setAttribute('aria-pressed', b.dataset.lang === getLang() ? 'true' : 'false');
  document.documentElement.lang = getLang();
  document.title = t('page_title');
  $('form-h').textContent = state.editing ? t('editing', { shortcut: state.editing }) : t('new_answer');
}

function switchLang(lang) {
  setLang(lang);
  store(getLang());
  applyTexts();
  render();
}

function say(text) {
  $('status').textContent = text;
}

// ---- the list --------------------------------------------------------------------

function itemOf(c) {
  const armed = state.armed === c.shortcut;
  const edit = el('button', { type: 'button', class: 'secondary', 'aria-label': t('edit_named', { shortcut: c.shortcut }) }, t('edit'));
  edit.addEventListener('click', () => startEdit(c));
  const del = el('button', { type: 'button', class: 'secondary danger', 'data-delete': c.shortcut,
    'aria-label': t(armed ? 'delete_confirm_named' : 'delete_named', { shortcut: c.shortcut }) }, t(armed ? 'delete_confirm' : 'delete'));
  del.addEventListener('click', () => remove(c));
  return el('li', { class: 'canned-admin-item', 'data-shortcut': c.shortcut },
    el('p', { class: 'canned-key' }, `/${c.shortcut}`),
    el('p', { class: 'canned-text' }, c.text),
    el('div', { class: 'row' }, edit, del));
}

function render() {
  const focusedDelete = document.activeElement?.dataset?.delete;
  $('canned-list').replaceChildren(...state.canned.map(itemOf));
  $('list-empty').hidden = state.canned.length > 0;
  $('list-count').textContent = t('list_count', { n: state.canned.length });
  if (focusedDelete) {
    const again = [...$('canned-list').querySelectorAll('[data-delete]')].find((b) => b.dataset.delete === focusedDelete);
    (again ?? $('f-shortcut')).focus();
  }
}

function keep(data) {
  state.canned = (Array.isArray(data?.canned) ? data.canned : [])
    .filter((c) => typeof c?.shortcut === 'string' && typeof c.text === 'string')
    .map((c) => ({ shortcut: c.shortcut, text: c.text }));
}

async function reload() {
  keep(await get(ADMIN, 'canned'));
  render();
}

// ---- the form ----------------------------------------------------------------------

function fieldError(id, text) {
  if (text) setFieldError($(id), text);
  else clearFieldError($(id));
}

function clearErrors() {
  fieldError('f-shortcut', null);
  fieldError('f-text', null);
  $('form-error').hidden = true;
}

function formError(text) {
  $('form-error').textContent = text;
  $('form-error').hidden = false;
}

function resetForm() {
  state.editing = null;
  $('f-shortcut').value = '';
  $('f-text').value = '';
  $('btn-cancel').hidden = true;
  clearErrors();
  applyTexts();
}

function startEdit(c) {
  state.editing = c.shortcut;
  state.armed = null;
  $('f-shortcut').value = c.shortcut;
  $('f-text').value = c.text;
  $('btn-cancel').hidden = false;
  clearErrors();
  applyTexts();
  render();
  $('f-text').focus();
}

// A refused change: at its field (400), or above the buttons.
function showError(e) {
  if (e.field === 'shortcut' && e.status === 400) {
    fieldError('f-shortcut', t('err_shortcut'));
    $('f-shortcut').focus();
  } else if (e.field === 'text' && e.status === 400) {
    fieldError('f-text', t('err_text', { max: TEXT_MAX }));
    $('f-text').focus();
  } else if (e.status === 401) formError(t('err_login'));
  else if (e.status === 403 && e.code === 'forbidden') formError(t('err_forbidden'));
  else if (e.code === 'too_many_canned') formError(t('err_full'));
  else if (e.status === 404) formError(t('err_gone'));
  else formError(t('err_generic', { code: e.code }));
}

async function submit(ev) {
  ev.preventDefault();
  clearErrors();
  const shortcut = $('f-shortcut').value.trim().replace(/^\//, '');
  const text = $('f-text').value.replace(/\s+$/u, '');
  let first = null;
  if (!text.trim() || utf8Length(text) > TEXT_MAX) {
    fieldError('f-text', t('err_text', { max: TEXT_MAX }));
    first = 'f-text';
  }
  if (!SHORTCUT_RE.test(shortcut)) {
    fieldError('f-shortcut', t('err_shortcut'));
    first = 'f-shortcut';
  }
  if (first) {
    $(first).focus();
    return;
  }
  $('btn-save').disabled = true;
  try {
    await post('canned-set', { shortcut, text });
    // Renamed: the old shortcut goes.
    const was = state.editing;
    if (was && was.toLowerCase() !== shortcut.toLowerCase()) await post('canned-delete', { shortcut: was }).catch(() => {});
    resetForm();
    await reload();
    say(t('saved', { shortcut }));
    $('f-shortcut').focus();
  } catch (e) {
    showError(e);
  } finally {
    $('btn-save').disabled = false;
  }
}

// Delete asks once more on the same button; the second press deletes.
async function remove(c) {
  if (state.armed !== c.shortcut) {
    state.armed = c.shortcut;
    render();
    return;
  }
  state.armed = null;
  try {
    await post('canned-delete', { shortcut: c.shortcut });
    if (state.editing === c.shortcut) resetForm();
    say(t('deleted', { shortcut: c.shortcut }));
  } catch (e) {
    if (e.status !== 404) showError(e);
  }
  await reload().catch(showError);
  if (!$('canned-list').contains(document.activeElement)) $('f-shortcut').focus();
}

// ---- start -------------------------------------------------------------------------

function pageError(text) {
  $('page-error').textContent = text;
  $('page-error').hidden = false;
}

async function start() {
  setLang(new URLSearchParams(location.search).get('lang') || stored() || pickLang());
  applyTexts();
  for (const b of document.querySelectorAll('.lang-btn')) b.addEventListener('click', () => switchLang(b.dataset.lang));
  $('canned-form').addEventListener('submit', submit);
  $('btn-cancel').addEventListener('click', () => {
    resetForm();
    $('f-shortcut').focus();
  });
  say(t('loading'));
  try {
    const session = await get(OPERATOR, 'session');
    state.csrf = typeof session?.csrf === 'string' ? session.csrf : null;
    await reload();
    $('editor').hidden = false;
    say('');
  } catch (e) {
    say('');
    pageError(e.status === 401 ? t('err_login') : e.status === 403 ? t('err_forbidden') : t('err_generic', { code: e.code }));
  }
}

start();
