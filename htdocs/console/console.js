// Plauder operator console: login, presence, the queue of waiting chats,
// several chats at once as tabs, alerts, shortcuts. The HTTP contract is
// docs/API.md, section "/operator"; keyboard shortcuts and installing the
// console as an app are described in docs/JS-API.md ("Operator console").
//
// Modules, one concern each (the order of the sections this file once had):
// state.js (the client, shared state, settings, the sound), texts.js,
// login.js (views and the session), presence.js, poll.js (the one
// long-poll, also the heartbeat), queue.js, tabs.js, actions.js (close,
// transfer to a department or a colleague of the team list), canned.js (the
// canned answers dialog, with editing), alerting.js (when to call the operator), selftest.js,
// settings.js (settings, help), keyboard.js, install.js (service worker),
// requests.js (the contact requests view, with request-detail.js and its
// texts in i18n-requests.js);
// this file wires the page and starts. Beside them: api.js (HTTP client,
// CSRF token in memory), chatview.js (one chat tab, with chatview-*.js),
// alerts.js (sound, notifications, title and favicon), keys.js (the
// shortcut table), i18n.js (de, en), dom.js (text-only DOM); shared with
// the chat app in ../shared/: http.js (fetch, errors, back-off), outbox.js
// (resend with the same client_id), poller.js (the long-poll loop),
// msgstate.js (a message's delivery state), dom.js, i18n.js, base.css.
import { askNotificationPermission, notify } from './alerts.js';
import { $ } from './dom.js';
import { t, setLang, pickLang } from './i18n.js';
import { api, hooks, S, sound, store } from './state.js';
import { applyTexts, switchLang } from './texts.js';
import { loginErrorText, logout, onLoginSubmit, sessionLost, showLogin, startConsole } from './login.js';
import { setPresence } from './presence.js';
import { poller, renderConn } from './poll.js';
import { tickQueue } from './queue.js';
import { currentView, onTabsKey } from './tabs.js';
import { submitTransfer, syncTransferKind } from './actions.js';
import { wireCanned } from './canned.js';
import { isAttending, updateCount } from './alerting.js';
import { onFirstGesture, renderChecks } from './selftest.js';
import { openDialog, renderHelpKeys, renderSettings, saveRepeat } from './settings.js';
import { onKey } from './keyboard.js';
import { registerServiceWorker } from './install.js';
import { wireRequests } from './requests.js';

function wire() {
  $('login-form').addEventListener('submit', onLoginSubmit);
  for (const b of document.querySelectorAll('.lang-btn')) b.addEventListener('click', () => switchLang(b.dataset.lang));
  $('btn-logout').addEventListener('click', logout);
  $('btn-reconnect').addEventListener('click', () => poller.now());
  $('pres-all').addEventListener('change', () => {
    if ($('pres-all').value !== 'mixed') setPresence($('pres-all').value);
  });
  $('tabs').addEventListener('keydown', onTabsKey);
  $('btn-help').addEventListener('click', () => openDialog('dlg-help'));
  $('btn-settings').addEventListener('click', () => openDialog('dlg-settings'));
  $('btn-install').addEventListener('click', async () => {
    const p = S.installPrompt;
    if (!p) return;
    S.installPrompt = null;
    $('btn-install').hidden = true;
    p.prompt();
    try { await p.userChoice; } catch { /* ignore */ }
  });
  for (const b of document.querySelectorAll('.dlg-cancel')) b.addEventListener('click', () => b.closest('dialog').close());
  $('transfer-form').addEventListener('submit', submitTransfer);
  for (const r of document.querySelectorAll('input[name="transfer-kind"]')) r.addEventListener('change', syncTransferKind);
  wireCanned();
  wireRequests();
  $('set-sound').addEventListener('change', () => {
    sound.enabled = $('set-sound').checked;
    store('sound', sound.enabled ? '1' : '0');
    if (!sound.enabled) sound.stopAlarm();
    renderSettings();
    renderChecks();
  });
  $('set-repeat').addEventListener('change', saveRepeat);
  $('btn-test-sound').addEventListener('click', async () => {
    await sound.unlock();
    renderSettings();
    renderChecks();
  });
  $('btn-notif-ask').addEventListener('click', async () => {
    await askNotificationPermission();
    renderSettings();
    renderChecks();
  });
  $('btn-notif-test').addEventListener('click', () => {
    notify({ title: t('notif_test_title'), body: t('notif_test_body'), tag: 'test' });
  });
  document.addEventListener('keydown', onKey);
  document.addEventListener('pointerdown', onFirstGesture, { capture: true });
  document.addEventListener('keydown', onFirstGesture, { capture: true });
  // Coming back to the window: the selected chat is read.
  const attend = () => {
    if (isAttending()) currentView()?.markRead();
    updateCount();
  };
  window.addEventListener('focus', attend);
  document.addEventListener('visibilitychange', attend);
  window.addEventListener('online', () => {
    poller.now();
    for (const v of S.views.values()) v.outbox.retryNow();
  });
  setInterval(() => {
    tickQueue();
    for (const v of S.views.values()) v.tick();
    if (S.conn) renderConn();
  }, 1000);
}

async function boot() {
  hooks.unauthenticated = sessionLost;
  hooks.soundChanged = renderChecks;
  setLang(store('lang') || pickLang());
  applyTexts();
  renderHelpKeys();
  wire();
  registerServiceWorker();
  updateCount();
  try {
    const data = await api.session();
    await startConsole(data, { fromClick: false });
  } catch (e) {
    if (e.unauthenticated || e.status === 401) showLogin();
    else showLogin({ error: loginErrorText(e) });
  }
}

boot();
