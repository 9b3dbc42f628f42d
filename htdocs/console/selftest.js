// The self-test: will the operator hear and see new chats? Bars on top of
// the console for blocked sound, notifications not allowed, being offline.
import { notificationState, askNotificationPermission } from './alerts.js';
import { el, $ } from './dom.js';
import { t } from './i18n.js';
import { S, sound } from './state.js';
import { setPresence } from './presence.js';
import { toast } from './alerting.js';
import { renderSettings } from './settings.js';

const dismissed = new Set();
let checksKey = '';

// Another operator: the bars are drawn anew.
export function resetChecks() {
  checksKey = '';
}

export async function selfTest({ fromClick }) {
  await sound.check();
  // Right after the login click the browser normally allows sound; after a
  // reload (session resumed) it waits for the first click or key.
  if (fromClick && sound.blocked) await sound.check();
  renderChecks();
}

export function renderChecks() {
  const box = $('checks');
  if (!S.me) {
    box.replaceChildren();
    return;
  }
  const items = [];
  const add = (id, kind, text, button, onClick) => {
    if (dismissed.has(id)) return;
    const close = el('button', { type: 'button', class: 'icon-btn check-close', 'aria-label': t('dismiss') }, '×');
    close.addEventListener('click', () => {
      dismissed.add(id);
      renderChecks();
    });
    let b = null;
    if (button) {
      b = el('button', { type: 'button', class: 'primary' }, button);
      b.addEventListener('click', onClick);
    }
    items.push(el('div', { class: `check check-${kind}`, 'data-check': id }, el('p', {}, text), b, close));
  };
  if (sound.enabled && sound.blocked) {
    add('sound', 'warn', t('check_sound_blocked'), t('check_sound_enable'), async () => {
      const ok = await sound.unlock();
      toast(ok ? t('sound_ok') : t('sound_still_blocked'));
      renderChecks();
    });
  }
  const ns = notificationState();
  if (ns === 'default') {
    add('notif', 'info', t('check_notif_default'), t('notif_enable'), async () => {
      const r = await askNotificationPermission();
      toast(r === 'granted' ? t('notif_ok') : t('notif_denied_now'));
      renderChecks();
      renderSettings();
    });
  } else if (ns === 'denied') {
    add('notif', 'warn', t('check_notif_denied'));
  } else if (ns === 'unsupported') {
    add('notif', 'info', window.isSecureContext ? t('check_notif_unsupported') : t('check_notif_insecure'));
  }
  if (S.me && S.presenceShown && ![...S.presence.values()].includes('online') && (S.me.departments ?? []).length) {
    add('presence', 'info', t('check_offline'), t('presence_go_online'), () => setPresence('online'));
  }
  const key = items.map((n) => n.dataset.check + n.textContent).join('|');
  if (key === checksKey) return;
  checksKey = key;
  box.replaceChildren(...items);
}

// After the first click or key anywhere, sound is allowed: check again.
export function onFirstGesture(ev) {
  if (ev.target?.closest?.('.check')) return; // that button unlocks and says so itself
  if (sound.blocked) sound.check().then(renderChecks);
}
