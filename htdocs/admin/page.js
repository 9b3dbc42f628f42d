// What every settings page of the admin area shares: the page language
// (buttons, ?lang=, the browser; kept like the code generator's), the
// navigation, the gate (the console's session, admins only, else a clear
// message with the way to the login), the status line (role=status) and
// alert, per-field errors from the server's 400 answers next to their
// field (aria-invalid, aria-describedby), and a confirmation dialog.
// Every text is inserted as text: no innerHTML, no inline script or style.
import { $, el, setFieldError, clearFieldErrors } from '../shared/dom.js';
import { t, has, pickLang, setLang, getLang } from './settings-texts.js';
import { renderNav, knownSite } from './nav.js';
import { AdminApi } from './adminapi.js';

const STORE = 'plauder.admin.lang';
export const api = new AdminApi();

const frame = { page: '', gate: null, onLang: null };

function stored() {
  try { return localStorage.getItem(STORE); } catch { return null; }
}

function store(lang) {
  try { localStorage.setItem(STORE, lang); } catch { /* storage off */ }
}

// ---- texts ------------------------------------------------------------------

// data-t: text; data-t-label: aria-label; data-t-placeholder: placeholder.
export function applyTexts(root = document) {
  for (const n of root.querySelectorAll('[data-t]')) n.textContent = t(n.dataset.t);
  for (const n of root.querySelectorAll('[data-t-label]')) n.setAttribute('aria-label', t(n.dataset.tLabel));
  for (const n of root.querySelectorAll('[data-t-placeholder]')) n.setAttribute('placeholder', t(n.dataset.tPlaceholder));
}

function applyPage() {
  applyTexts();
  for (const b of document.querySelectorAll('.lang-btn')) b.setAttribute('aria-pressed', b.dataset.lang === getLang() ? 'true' : 'false');
  document.documentElement.lang = getLang();
  document.title = t('page_title', { page: t(`nav_${frame.page}`) });
  renderNav(frame.page, getLang());
  renderGate();
}

// The name of a language in the page's language: "fr" → "French".
export function langName(code) {
  try {
    const name = new Intl.DisplayNames([getLang()], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

// An ISO or SQL time in the page's language: "12 May 2024, 14:05".
export function formatWhen(s) {
  const d = new Date(String(s).replace(' ', 'T'));
  if (Number.isNaN(d.getTime())) return String(s ?? '');
  return d.toLocaleString(getLang() === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

// ---- status and errors --------------------------------------------------------

export function announce(text) {
  const s = $('status');
  s.textContent = '';
  // A fresh text node, so that the same words are announced again.
  setTimeout(() => { s.textContent = text; }, 30);
}

export function showAlert(text) {
  const a = $('alert');
  a.textContent = text;
  a.hidden = !text;
}

// An ApiError in words for the admin.
export function errorText(err) {
  if (err.status === 0) return t('err_network');
  if (err.status === 401) return t('err_session');
  if (err.code === 'forbidden') return t('gate_forbidden');
  if (err.code === 'last_admin') return t('err_last_admin');
  if (err.code === 'too_many_fields') return t('err_too_many_fields');
  if (err.status === 404) return t('err_not_found');
  if (err.status === 503) return t('err_busy');
  if (err.code === 'invalid_parameter') return t('err_invalid_named', { field: err.field ?? '?' });
  return t('err_generic', { code: err.code });
}

// The words for a refused value of the server's `field`.
export function fieldText(field) {
  return has(`err_f_${field}`) ? t(`err_f_${field}`) : t('err_invalid');
}

// Per-field errors next to their field: the shared ones (../shared/dom.js).
export { setFieldError, clearFieldErrors };

// A failed change: the server's `field` names an input of the form
// ([data-field=NAME], the first one when several) → the error next to it
// and the focus on it; anything else → the alert.
export function showError(err, form) {
  const input = err.field && form ? form.querySelector(`[data-field="${CSS.escape(err.field)}"]`) : null;
  if (err.code === 'invalid_parameter' && input) {
    setFieldError(input, fieldText(err.field));
    input.focus();
    announce(t('status_not_saved'));
    return;
  }
  showAlert(errorText(err));
  if (err.status === 401) showGate('login');
}

// Runs the change fn with the button disabled; the status says "Saved."
// (or what fn returns), an error goes to the field or the alert. Returns
// whether it worked.
export async function save(form, button, fn) {
  clearFieldErrors(form);
  showAlert('');
  if (button) button.disabled = true;
  try {
    const said = await fn();
    announce(typeof said === 'string' ? said : t('status_saved'));
    return true;
  } catch (err) {
    showError(err, form);
    return false;
  } finally {
    if (button) button.disabled = false;
  }
}

// ---- texts of a language ----------------------------------------------------------

// POST /admin/texts for lang with changes (the texts of the language not
// given keep their values on the server); data.texts[lang] is updated
// (with the new consent version).
export async function saveTexts(data, lang, changes) {
  data.texts ??= {};
  const answer = await api.post('texts', { lang, ...changes });
  data.texts[lang] = { ...(data.texts[lang] ?? {}), ...changes };
  if (typeof answer?.consent_version === 'string') data.texts[lang].consent_version = answer.consent_version;
  return answer;
}

// ---- the gate -------------------------------------------------------------------

function consoleUrl() {
  const u = new URL('../console/', document.baseURI);
  const site = knownSite();
  if (site) u.searchParams.set('site', site);
  return u.href;
}

function renderGate() {
  const g = $('gate');
  if (!g) return;
  const kind = frame.gate;
  g.hidden = !kind;
  if (!kind) {
    g.replaceChildren();
    return;
  }
  const parts = [el('h2', { id: 'gate-h' }, t(`gate_${kind}_h`)), el('p', {}, t(`gate_${kind}`))];
  if (kind === 'error') parts.push(el('p', {}, el('button', { type: 'button', class: 'secondary', id: 'gate-retry' }, t('retry'))));
  parts.push(el('p', {}, el('a', { href: consoleUrl(), class: 'primary btn-link', id: 'gate-console' },
    t(kind === 'login' ? 'gate_to_login' : 'nav_console'))));
  g.replaceChildren(...parts);
  $('gate-retry')?.addEventListener('click', () => location.reload());
}

export function showGate(kind) {
  frame.gate = kind;
  $('content').hidden = Boolean(kind);
  renderGate();
  if (kind) $('gate-console')?.focus();
}

// ---- confirmation ---------------------------------------------------------------

// A modal <dialog> asking yes or no; resolves true for yes. Escape is no.
export function confirmDialog(question, yesLabel) {
  return new Promise((resolve) => {
    const yes = el('button', { type: 'button', class: 'primary danger' }, yesLabel);
    const no = el('button', { type: 'button', class: 'secondary' }, t('cancel'));
    const d = el('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-q' },
      el('p', { id: 'confirm-q' }, question), el('div', { class: 'row' }, yes, no));
    const back = document.activeElement;
    const done = (v) => {
      d.close();
      d.remove();
      if (back && back.isConnected) back.focus();
      resolve(v);
    };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    d.addEventListener('cancel', (ev) => { ev.preventDefault(); done(false); });
    document.body.append(d);
    d.showModal();
    no.focus();
  });
}

// ---- start -----------------------------------------------------------------------

// page: the nav id of this page; init({me, data}) runs once the admin's
// session is there (data: GET /admin/settings); onLang() after a switch
// of the page language (to redraw what the page built itself).
export async function startPage(page, { init, onLang } = {}) {
  frame.page = page;
  frame.onLang = onLang ?? null;
  const params = new URLSearchParams(location.search);
  setLang(pickLang(params.get('lang') || stored()));
  applyPage();
  for (const b of document.querySelectorAll('.lang-btn')) {
    b.addEventListener('click', () => {
      setLang(b.dataset.lang);
      store(getLang());
      applyPage();
      frame.onLang?.();
    });
  }
  $('content').hidden = true;
  let me;
  let data;
  try {
    me = (await api.session()).operator;
    if (me?.role !== 'admin') {
      showGate('forbidden');
      return;
    }
    data = await api.get('settings');
  } catch (err) {
    showGate(err.status === 401 ? 'login' : err.code === 'forbidden' ? 'forbidden' : 'error');
    return;
  }
  showGate(null);
  $('me').textContent = t('logged_in_as', { name: me.name || me.login, login: me.login });
  await init?.({ me, data });
  // The page is filled in and answers to input (tests wait for this).
  document.body.dataset.ready = '1';
}

export { t, has, getLang };
