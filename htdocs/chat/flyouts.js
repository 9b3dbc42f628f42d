// Flyouts (the privacy text, the menu) and the privacy link in the footer.
import { $, focusables } from '../shared/dom.js';
import { t } from './i18n.js';
import { P, S } from './state.js';

export let openFlyout = null; // {panel, opener}

export function showFlyout(panel, opener) {
  closeFlyout(false);
  panel.hidden = false;
  opener?.setAttribute('aria-expanded', 'true');
  openFlyout = { panel, opener };
  const first = panel.querySelector('[tabindex="-1"]') ?? focusables(panel)[0];
  first?.focus();
}

export function closeFlyout(restoreFocus = true) {
  if (!openFlyout) return;
  const { panel, opener } = openFlyout;
  openFlyout = null;
  panel.hidden = true;
  opener?.setAttribute('aria-expanded', 'false');
  if (panel.id === 'menu') {
    $('mail-form').hidden = true;
    $('btn-mail').setAttribute('aria-expanded', 'false');
    $('end-confirm').hidden = true;
    $('mail-result').textContent = '';
  }
  if (restoreFocus) opener?.focus();
}

export function updatePrivacy() {
  // The contact form brings its own (the same settings, in its language).
  const pr = S.view === 'contact' && S.contact?.form ? S.contact.form.privacy : S.config?.privacy;
  const foot = $('foot');
  const link = $('privacy-link');
  const btn = $('privacy-btn');
  if (!pr || pr.mode === 'none') {
    foot.hidden = true;
    return;
  }
  const visible = S.view === 'start' || S.view === 'contact' || (S.view === 'chat' && (pr.linkInChat || S.startedDirect));
  foot.hidden = !visible;
  const icon = P.variant === 'popup'; // the popup shows a § icon instead of a text link
  link.hidden = pr.mode !== 'link';
  btn.hidden = pr.mode !== 'text';
  if (pr.mode === 'link') {
    link.href = pr.url;
    link.textContent = icon ? '§' : t('privacy');
    if (icon) link.setAttribute('aria-label', t('privacy_link_new_tab'));
    else link.removeAttribute('aria-label'); // the visible text is the name; the title says more
    link.title = t('privacy_link_new_tab');
    link.classList.toggle('icon', icon);
  } else {
    btn.textContent = icon ? '§' : t('privacy');
    if (icon) btn.setAttribute('aria-label', t('privacy_info'));
    else btn.removeAttribute('aria-label');
    btn.title = t('privacy_info');
    btn.classList.toggle('icon', icon);
    $('privacy-text').textContent = pr.text;
  }
}
