// The navigation of the admin area, the same on every admin page (the
// settings pages and the HTML code generator): a list of links in
// <nav id="admin-nav">, the current page marked with aria-current. The
// links carry the site (for the code generator) and the page language
// along, so a switch of language holds from page to page.
import { el } from '../shared/dom.js';
import { t, setLang } from './settings-texts.js';

const SITE_RE = /^[1-9][0-9]{0,8}-[1-9][0-9]{0,8}$/;

// [id, address, text key]; canned.html is the canned answers' page.
export const PAGES = Object.freeze([
  ['home', 'index.html', 'nav_home'],
  ['privacy', 'privacy.html', 'nav_privacy'],
  ['look', 'look.html', 'nav_look'],
  ['query', 'start-form.html', 'nav_query'],
  ['contact', 'contact-form.html', 'nav_contact'],
  ['depts', 'depts.html', 'nav_depts'],
  ['operators', 'operators.html', 'nav_operators'],
  ['canned', 'canned.html', 'nav_canned'],
  ['retention', 'retention.html', 'nav_retention'],
  ['audit', 'audit.html', 'nav_audit'],
  ['stats', 'stats.html', 'nav_stats'],
  ['code', 'code.html', 'nav_code'],
  ['console', '../console/', 'nav_console'],
]);

// The site of this admin: from the address (the console's link gives it),
// else the one the console last logged in to in this browser.
export function knownSite() {
  const fromUrl = new URLSearchParams(location.search).get('site');
  if (SITE_RE.test(fromUrl ?? '')) return fromUrl;
  let stored = null;
  try { stored = localStorage.getItem('plauder.console.site'); } catch { /* storage off */ }
  return SITE_RE.test(stored ?? '') ? stored : '';
}

// Renders the links into #admin-nav in lang; current is the page's id.
export function renderNav(current, lang) {
  const nav = document.getElementById('admin-nav');
  if (!nav) return;
  setLang(lang);
  nav.setAttribute('aria-label', t('nav_label'));
  const site = knownSite();
  const items = PAGES.map(([id, href, key]) => {
    const u = new URL(href, document.baseURI);
    if (site) u.searchParams.set('site', site);
    u.searchParams.set('lang', lang);
    return el('li', { class: id === 'console' ? 'nav-away' : null },
      el('a', { href: u.href, 'aria-current': id === current ? 'page' : null, 'data-page': id }, t(key)));
  });
  nav.replaceChildren(el('ul', { class: 'nav-list' }, items));
}
