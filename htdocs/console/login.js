// The views (loading, login, console) and the session: logging in, the
// session found gone, logging out, another operator in the same window.
import { $ } from './dom.js';
import { t, getLang } from './i18n.js';
import { api, S, sound, store } from './state.js';
import { loadDeptNames, renderPresence } from './presence.js';
import { poller, resetCursor } from './poll.js';
import { renderQueue } from './queue.js';
import { renderTabs } from './tabs.js';
import { loadCanned } from './canned.js';
import { updateCount } from './alerting.js';
import { resetChecks, selfTest } from './selftest.js';
import { resetRequests, startRequests } from './requests.js';

function setView(name) {
  for (const v of ['loading', 'login', 'app']) $(`view-${v}`).hidden = v !== name;
}

export function showLogin({ notice = '', error = '' } = {}) {
  setView('login');
  const n = $('login-notice');
  n.textContent = notice;
  n.hidden = !notice;
  showLoginError(error);
  $('f-site').value ||= store('site') || new URLSearchParams(location.search).get('site') || '';
  $('f-login').value ||= store('login') || '';
  $('f-password').value = '';
  const first = [$('f-site'), $('f-login'), $('f-password')].find((i) => !i.value) ?? $('f-password');
  first.focus();
}

function showLoginError(text) {
  const e = $('login-error');
  e.textContent = text;
  e.hidden = !text;
}

export function loginErrorText(e) {
  if (e.code === 'invalid_credentials') return t('err_credentials');
  if (e.code === 'too_many_attempts' || e.status === 429) {
    const min = e.retryAfterMs ? Math.max(1, Math.ceil(e.retryAfterMs / 60000)) : 15;
    return t('err_too_many', { min });
  }
  if (e.code === 'invalid_parameter' && e.field === 'site') return t('err_site');
  if (e.code === 'unknown_site') return t('err_credentials');
  if (e.code === 'site_suspended') return t('err_suspended');
  if (e.status === 0) return t('err_network');
  if (e.status === 503) return t('err_busy_login');
  return t('err_generic', { code: e.code });
}

export async function onLoginSubmit(ev) {
  ev.preventDefault();
  const site = $('f-site').value.trim();
  const login = $('f-login').value.trim();
  const password = $('f-password').value;
  for (const i of [$('f-site'), $('f-login'), $('f-password')]) i.removeAttribute('aria-invalid');
  if (!/^[1-9][0-9]{0,8}-[1-9][0-9]{0,8}$/.test(site)) {
    $('f-site').setAttribute('aria-invalid', 'true');
    showLoginError(t('err_site'));
    $('f-site').focus();
    return;
  }
  if (!login || !password) {
    const missing = !login ? $('f-login') : $('f-password');
    missing.setAttribute('aria-invalid', 'true');
    showLoginError(t('err_required'));
    missing.focus();
    return;
  }
  const btn = $('btn-login');
  btn.disabled = true;
  showLoginError('');
  $('login-notice').hidden = true;
  try {
    const data = await api.login(site, login, password);
    $('f-password').value = '';
    // Someone else's console before (another site): nothing of it stays.
    if (S.me && S.site && S.site !== site) resetConsole();
    store('site', site);
    store('login', login);
    S.site = site;
    await startConsole(data, { fromClick: true });
  } catch (e) {
    showLoginError(loginErrorText(e));
    $('f-password').value = '';
    $(e.code === 'invalid_parameter' && e.field === 'site' ? 'f-site' : 'f-password').focus();
  } finally {
    btn.disabled = false;
  }
}

// The session is gone (logout elsewhere, password change, 12 h idle): back
// to the login. What the operator had open stays, and is picked up again
// when the same operator logs in.
export function sessionLost() {
  if (!S.running || S.lost) return;
  S.lost = true;
  poller.stop();
  sound.stopAlarm();
  for (const v of S.views.values()) v.outbox.pause();
  showLogin({ notice: t('session_ended') });
}

export async function startConsole(data, { fromClick = false } = {}) {
  const me = data.operator;
  if (S.me && S.me.id !== me.id) resetConsole();
  S.me = me;
  S.site ||= store('site');
  S.lost = false;
  S.running = true;
  setView('app');
  renderMe();
  renderPresence();
  await loadDeptNames();
  renderPresence();
  loadCanned();
  for (const v of S.views.values()) v.outbox.resume();
  poller.start();
  $('chats-pane').focus();
  startRequests();
  selfTest({ fromClick });
}

// Another operator logged in in this window: nothing of the last one stays.
function resetConsole() {
  poller.stop();
  resetCursor();
  sound.stopAlarm();
  for (const v of S.views.values()) v.destroy();
  S.views.clear();
  S.order = [];
  S.selected = null;
  S.queue = [];
  S.queueIds = new Set();
  S.firstPoll = true;
  S.announced.clear();
  S.presence.clear();
  S.presenceShown = false;
  resetChecks();
  resetRequests();
  renderQueue(true);
  renderTabs();
  updateCount();
}

export async function logout() {
  poller.stop();
  sound.stopAlarm();
  try {
    await api.presence('offline', undefined, { attempts: 1 });
  } catch { /* the heartbeat stops anyway */ }
  try {
    await api.logout();
  } catch { /* the cookie is cleared when the session is found gone */ }
  resetConsole();
  S.me = null;
  S.running = false;
  showLogin({ notice: t('logged_out') });
}

export function renderMe() {
  const me = S.me;
  $('me').textContent = t('logged_in_as', { name: me.name || me.login, login: me.login });
  // Admins get the admin area (its home), for their site.
  const link = $('admin-code');
  link.hidden = me.role !== 'admin';
  const u = new URL('../admin/index.html', document.baseURI);
  if (S.site) u.searchParams.set('site', S.site);
  u.searchParams.set('lang', getLang());
  link.setAttribute('href', u.href);
}
