// Texts, theme and variant: the page in the visitor's language and the
// site's colour; which view shows (loading, error, start, chat), where the
// keyboard goes, and the notice line at the top.
import { $, focusables } from '../shared/dom.js';
import { t, getLang } from './i18n.js';
import { app, P, S } from './state.js';
import { updateStatus, updateTyping } from './chatwindow.js';
import { renderItemState } from './send.js';
import { updatePrivacy } from './flyouts.js';

export function applyTexts() {
  document.documentElement.lang = getLang();
  document.title = t('app_title');
  for (const n of document.querySelectorAll('[data-t]')) n.textContent = t(n.dataset.t);
  for (const n of document.querySelectorAll('[data-t-label]')) {
    n.setAttribute('aria-label', t(n.dataset.tLabel));
    n.title = t(n.dataset.tLabel);
  }
  const close = $('btn-close');
  const closeKey = P.variant === 'inpage' ? 'minimize' : 'close_window';
  close.setAttribute('aria-label', t(closeKey));
  close.title = t(closeKey);
  $('compose-hint').textContent = t(P.variant === 'mobile' ? 'compose_hint_touch' : 'compose_hint');
  for (const b of document.querySelectorAll('.lang-btn')) {
    b.setAttribute('aria-pressed', String(b.dataset.lang === getLang()));
    // The name starts with what is visible ("DE: Deutsch").
    b.setAttribute('aria-label', `${b.textContent.trim()}: ${t(`lang_${b.dataset.lang}`)}`);
  }
  for (const who of document.querySelectorAll('.msg-who[data-role="you"]')) who.textContent = t('you');
  for (const item of S.items.values()) renderItemState(item);
  updatePrivacy();
  updateStatus();
  updateTyping(S.typingShown ?? false, true);
}

// Black or white text on the site's colour, whichever reads better.
function contrastColor(hex) {
  let h = hex.slice(1);
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return lum > 0.179 ? '#111111' : '#ffffff';
}

export function applyTheme() {
  const color = S.config?.color;
  if (!color) return;
  const root = document.documentElement;
  root.style.setProperty('--accent', color);
  root.style.setProperty('--accent-fg', contrastColor(color));
}

export function setView(view) {
  S.view = view;
  app.dataset.view = view;
  for (const v of ['loading', 'error', 'start', 'contact', 'chat']) $(`view-${v}`).hidden = v !== view;
  $('btn-menu').hidden = view !== 'chat' || !S.chat;
  updatePrivacy();
  if (S.wantFocus) focusMain();
}

// Put the keyboard where the visitor will want it.
export function focusMain() {
  let target = null;
  if (S.view === 'start') {
    target = focusables($('start-form'))[0];
  } else if (S.view === 'contact') {
    target = $('contact-done').hidden ? $('contact-fields').querySelector('input, textarea, select') : $('contact-done-title');
  } else if (S.view === 'chat') {
    target = S.ended ? $('btn-new') : $('msg');
  } else if (S.view === 'error') {
    target = $('btn-retry');
  }
  if (target) {
    S.wantFocus = false;
    target.focus();
  } else {
    S.wantFocus = true;
  }
}

export function showNotice(text, { autoHideMs = 0 } = {}) {
  const n = $('notice');
  clearTimeout(showNotice.timer);
  if (!text) {
    n.hidden = true;
    n.textContent = '';
    return;
  }
  n.textContent = text;
  n.hidden = false;
  if (autoHideMs) showNotice.timer = setTimeout(() => showNotice(''), autoHideMs);
}
