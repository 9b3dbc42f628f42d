// The service worker (./sw.js) and installing the console as an app.
import { $ } from './dom.js';
import { t } from './i18n.js';
import { S } from './state.js';
import { selectView } from './tabs.js';
import { focusQueueItem, toast } from './alerting.js';

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(new URL('sw.js', document.baseURI), { scope: './' }).catch(() => {});
  navigator.serviceWorker.addEventListener('message', (ev) => {
    const d = ev.data;
    if (!d || d.type !== 'notification-click') return;
    const id = Number(d.chat);
    if (d.kind === 'queue') focusQueueItem(id);
    else if (S.views.has(id)) selectView(S.views.get(id));
  });
}

window.addEventListener('beforeinstallprompt', (ev) => {
  ev.preventDefault();
  S.installPrompt = ev;
  $('btn-install').hidden = false;
});
window.addEventListener('appinstalled', () => {
  S.installPrompt = null;
  $('btn-install').hidden = true;
  toast(t('installed'));
});
