// The console's texts in the operator's language, and switching it.
import { t, setLang, getLang } from './i18n.js';
import { S, store } from './state.js';
import { renderMe } from './login.js';
import { loadDeptNames, renderPresence } from './presence.js';
import { renderQueue } from './queue.js';
import { updateCount } from './alerting.js';
import { renderChecks } from './selftest.js';
import { renderHelpKeys } from './settings.js';
import { relabelRequests } from './requests.js';

export function applyTexts(root = document) {
  for (const n of root.querySelectorAll('[data-t]')) n.textContent = t(n.dataset.t);
  for (const n of root.querySelectorAll('[data-t-label]')) n.setAttribute('aria-label', t(n.dataset.tLabel));
  for (const b of document.querySelectorAll('.lang-btn')) b.setAttribute('aria-pressed', b.dataset.lang === getLang() ? 'true' : 'false');
  document.documentElement.lang = getLang();
}

export async function switchLang(lang) {
  setLang(lang);
  store('lang', getLang());
  applyTexts();
  renderHelpKeys();
  if (S.me) {
    await loadDeptNames();
    renderMe();
    renderPresence();
    renderQueue(true);
    for (const v of S.views.values()) {
      applyTexts(v.panel);
      applyTexts(v.tab);
      v.relabel();
    }
    renderChecks();
    updateCount();
    relabelRequests();
  }
}
