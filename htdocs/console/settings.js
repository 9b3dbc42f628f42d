// The settings and help dialogs.
import { notificationState } from './alerts.js';
import { SHORTCUTS, OTHER_KEYS } from './keys.js';
import { el, $ } from './dom.js';
import { t } from './i18n.js';
import { api, S, sound } from './state.js';
import { updateAlarm } from './alerting.js';

export function renderSettings() {
  $('set-sound').checked = sound.enabled;
  $('set-repeat').checked = Boolean(S.me?.sound_repeat);
  $('set-sound-state').textContent = !sound.enabled ? t('sound_off') : sound.blocked ? t('check_sound_blocked') : t('sound_ok');
  const ns = notificationState();
  $('set-notif-state').textContent = {
    granted: t('notif_ok'),
    denied: t('check_notif_denied'),
    default: t('check_notif_default'),
    unsupported: window.isSecureContext ? t('check_notif_unsupported') : t('check_notif_insecure'),
  }[ns];
  $('btn-notif-ask').hidden = ns !== 'default';
  $('btn-notif-test').hidden = ns !== 'granted';
  let inst;
  if (window.matchMedia('(display-mode: standalone)').matches) inst = t('install_running');
  else if (S.installPrompt) inst = t('install_ready');
  else if (!('serviceWorker' in navigator)) inst = t('install_insecure');
  else inst = t('install_menu');
  $('set-install-state').textContent = inst;
}

export async function saveRepeat() {
  const on = $('set-repeat').checked;
  const note = $('set-repeat-note');
  try {
    await api.settings(on);
    S.me.sound_repeat = on;
    note.textContent = t('saved');
    updateAlarm();
  } catch (e) {
    $('set-repeat').checked = !on;
    note.textContent = t('err_generic', { code: e.code });
  }
}

export function renderHelpKeys() {
  const rows = [...SHORTCUTS, ...OTHER_KEYS].map((s) => el('tr', {},
    el('td', {}, el('kbd', {}, s.keys)), el('td', {}, t(s.help))));
  $('help-keys').replaceChildren(...rows);
  const nk = document.querySelector('[data-t="no_chat_keys"]');
  if (nk) nk.textContent = t('no_chat_keys');
}

export function openDialog(id) {
  const d = $(id);
  if (d.open) return;
  if (id === 'dlg-settings') renderSettings();
  d.showModal();
}
