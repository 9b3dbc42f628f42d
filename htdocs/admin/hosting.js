// The hosting page (admin/hosting.html, SPEC "Admin side": a hosting level
// above the sites): a hosting admin logs in (POST admin/hosting-login, its
// own cookie), lists every site with its state, creates a site with its
// first admin, suspends and resumes sites and resets a site's admin.
// Every POST carries the session's CSRF token; the server's 400 answers
// name the field, and the error is shown under that field. Everything it
// shows is text (textContent): no innerHTML, no inline script or style.
import { el, $, setFieldError, clearFieldError } from '../shared/dom.js';
import { fetchJson, ApiError } from '../shared/http.js';
import { t, pickLang, setLang, getLang, locale } from './hosting-texts.js';

const STORE = 'plauder.admin.lang';
const API = new URL('../cgi-bin/admin/', document.baseURI);
const params = new URLSearchParams(location.search);

const state = {
  csrf: '',
  login: '',
  sites: [], // as GET sites answers them
};

function stored() {
  try { return localStorage.getItem(STORE); } catch { return null; }
}

function store(lang) {
  try { localStorage.setItem(STORE, lang); } catch { /* storage off */ }
}

// ---- the API ------------------------------------------------------------------

function get(path) {
  return fetchJson(new URL(path, API), { credentials: 'same-origin', cache: 'no-store' }, { ErrorClass: ApiError });
}

function post(path, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (state.csrf) headers['X-CSRF-Token'] = state.csrf;
  return fetchJson(new URL(path, API), {
    method: 'POST', credentials: 'same-origin', headers, body: JSON.stringify(body),
  }, { ErrorClass: ApiError });
}

// ---- texts ------------------------------------------------------------------------

function applyTexts() {
  for (const n of document.querySelectorAll('[data-t]')) n.textContent = t(n.dataset.t);
  for (const n of document.querySelectorAll('[data-t-label]')) n.setAttribute('aria-label', t(n.dataset.tLabel));
  for (const b of document.querySelectorAll('.lang-btn')) b.setAttribute('aria-pressed', b.dataset.lang === getLang() ? 'true' : 'false');
  document.documentElement.lang = getLang();
  document.title = t('page_title');
  if (state.login) $('who').textContent = t('logged_in_as', { login: state.login });
}

function switchLang(lang) {
  setLang(lang);
  store(getLang());
  applyTexts();
  renderSites();
}

function say(text) {
  $('status').textContent = text;
}

// ---- per-field errors ------------------------------------------------------------------

// The inputs of a form by the server's field names.
const FIELDS = {
  'login-form': { login: 'l-login', password: 'l-password' },
  'create-form': { site: 'c-site', name: 'c-name', admin_login: 'c-admin-login', admin_password: 'c-admin-password' },
  'reset-form': { site: 'r-site', login: 'r-login', password: 'r-password' },
};
const GENERAL = { 'login-form': 'login-error', 'create-form': 'create-error', 'reset-form': 'reset-error' };

function clearErrors(form) {
  for (const id of Object.values(FIELDS[form])) clearFieldError($(id));
  $(GENERAL[form]).hidden = true;
}

function fieldError(form, field, text) {
  const id = FIELDS[form][field];
  if (!id) return false;
  setFieldError($(id), text);
  return true;
}

function generalError(form, text) {
  $(GENERAL[form]).textContent = text;
  $(GENERAL[form]).hidden = false;
}

// The words for a field's 400 (or 404/409 naming it).
function fieldText(field, e) {
  if (e.code === 'site_exists') return t('err_site_exists');
  if (e.code === 'unknown_site') return t('err_unknown_site');
  if (/missing/.test(e.message)) return t('err_required');
  if (/go together/.test(e.message)) return t('err_pair');
  switch (field) {
    case 'site': return t('err_site');
    case 'name': return t('err_name');
    case 'login': case 'admin_login': return t('err_login');
    case 'password': case 'admin_password': return t('err_password');
    default: return t('err_invalid');
  }
}

// Show what went wrong; the first field at fault gets the focus.
function showError(form, e) {
  if (e.status === 401 && form !== 'login-form') {
    loggedOut(t('err_session'));
    return;
  }
  if (e.field && FIELDS[form][e.field] && e.status >= 400 && e.status < 500) {
    fieldError(form, e.field, fieldText(e.field, e));
    $(FIELDS[form][e.field]).focus();
    return;
  }
  if (e.status === 403 && e.code === 'forbidden') generalError(form, t('err_forbidden'));
  else generalError(form, t('err_general', { code: e.code }));
}

// ---- the views --------------------------------------------------------------------

function loggedIn(session) {
  state.csrf = session.csrf;
  state.login = session.hosting.login;
  $('login-view').hidden = true;
  $('work-view').hidden = false;
  $('who').hidden = false;
  $('btn-logout').hidden = false;
  applyTexts();
}

function loggedOut(message = '') {
  state.csrf = '';
  state.login = '';
  state.sites = [];
  $('work-view').hidden = true;
  $('who').hidden = true;
  $('btn-logout').hidden = true;
  $('login-view').hidden = false;
  clearErrors('login-form');
  if (message) generalError('login-form', message);
  $('l-login').focus();
}

// ---- the list of sites ----------------------------------------------------------------

function formatWhen(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
}

function siteRow(s) {
  const verb = s.suspended ? 'resume' : 'suspend';
  const btn = el('button', {
    type: 'button',
    class: s.suspended ? 'secondary' : 'primary danger',
    'data-site': s.site,
    'data-action': verb,
    'aria-label': t(`${verb}_label`, { site: s.site }),
  }, t(verb));
  return el('tr', { 'data-site': s.site, class: s.suspended ? 'is-suspended' : null },
    el('th', { scope: 'row' }, el('code', {}, s.site)),
    el('td', {}, s.name),
    el('td', { class: 'state' }, s.suspended ? t('state_suspended', { when: formatWhen(s.suspended_at) }) : t('state_active')),
    el('td', {}, s.admins.length ? s.admins.join(', ') : el('span', { class: 'hint' }, t('no_admins'))),
    el('td', {}, btn));
}

function renderSites() {
  const body = $('sites-body');
  body.replaceChildren(...state.sites.map(siteRow));
  $('no-sites').hidden = state.sites.length > 0;
}

async function loadSites() {
  $('list-error').hidden = true;
  try {
    const { data } = await get('sites');
    state.sites = Array.isArray(data.sites) ? data.sites : [];
    renderSites();
  } catch (e) {
    if (e.status === 401) { loggedOut(t('err_session')); return; }
    $('list-error').textContent = t('err_general', { code: e.code });
    $('list-error').hidden = false;
  }
}

// Suspend or resume; the focus stays on the row's button.
async function toggle(btn) {
  const site = btn.dataset.site;
  const verb = btn.dataset.action;
  btn.disabled = true;
  try {
    await post(`site-${verb}`, { site });
    say(t(verb === 'suspend' ? 'suspended' : 'resumed', { site }));
    await loadSites();
  } catch (e) {
    if (e.status === 401) { loggedOut(t('err_session')); return; }
    $('list-error').textContent = t('err_general', { code: e.code });
    $('list-error').hidden = false;
  } finally {
    btn.disabled = false;
  }
  const again = [...$('sites-body').querySelectorAll('button[data-site]')].find((b) => b.dataset.site === site);
  again?.focus();
}

// ---- the forms -----------------------------------------------------------------------

// A form's non-empty values, trimmed (passwords as typed).
function values(form) {
  const out = {};
  for (const [field, id] of Object.entries(FIELDS[form])) {
    const input = $(id);
    const v = input.type === 'password' ? input.value : input.value.trim();
    if (v !== '') out[field] = v;
  }
  return out;
}

async function submit(form, button, work) {
  clearErrors(form);
  $(button).disabled = true;
  try {
    await work(values(form));
  } catch (e) {
    showError(form, e);
  } finally {
    $(button).disabled = false;
  }
}

async function onLogin(ev) {
  ev.preventDefault();
  await submit('login-form', 'btn-login', async (v) => {
    try {
      const { data } = await post('hosting-login', v);
      $('l-password').value = '';
      loggedIn(data);
      say(t('logged_in_as', { login: data.hosting.login }));
      await loadSites();
      $('sites-h').setAttribute('tabindex', '-1');
      $('sites-h').focus();
    } catch (e) {
      if (e.code === 'invalid_credentials') generalError('login-form', t('err_credentials'));
      else if (e.code === 'too_many_attempts') generalError('login-form', t('err_throttled'));
      else throw e;
    }
  });
}

async function onCreate(ev) {
  ev.preventDefault();
  await submit('create-form', 'btn-create', async (v) => {
    const { data } = await post('site-create', v);
    say(data.admin ? t('created_admin', { site: data.site, login: data.admin }) : t('created', { site: data.site }));
    $('create-form').reset();
    $('r-site').value = data.site;
    await loadSites();
    $('c-site').focus();
  });
}

async function onReset(ev) {
  ev.preventDefault();
  await submit('reset-form', 'btn-reset', async (v) => {
    const { data } = await post('site-admin-reset', v);
    say(t(data.created ? 'reset_created' : 'reset_done', { site: v.site, login: v.login }));
    $('r-password').value = '';
    await loadSites();
  });
}

async function onLogout() {
  try {
    await post('hosting-logout', {});
  } catch { /* the session may be gone already */ }
  say('');
  loggedOut();
}

// ---- start -----------------------------------------------------------------------

async function start() {
  setLang(pickLang(params.get('lang') || stored()));
  applyTexts();
  for (const b of document.querySelectorAll('.lang-btn')) b.addEventListener('click', () => switchLang(b.dataset.lang));
  $('login-form').addEventListener('submit', onLogin);
  $('create-form').addEventListener('submit', onCreate);
  $('reset-form').addEventListener('submit', onReset);
  $('btn-logout').addEventListener('click', onLogout);
  $('btn-reload').addEventListener('click', loadSites);
  $('sites-body').addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-action]');
    if (b) toggle(b);
  });
  try {
    const { data } = await get('hosting-session');
    loggedIn(data);
    await loadSites();
  } catch {
    loggedOut();
  }
}

start();
