// The HTML code generator of the admin area (SPEC "Admin side"): choose the
// variant (tab on the page, popup, mobile chat link), department, language,
// with or without tracking (count=no), from and direct; shows the snippet to
// paste, the chat link, markup for consent managers, and a live preview
// with the real loader. Uses only public endpoints (GET chat/config) and
// no admin session. Everything it shows is text (textContent, a
// textarea's value): no innerHTML, no inline script or style.
import { el, $ } from '../shared/dom.js';
import { t, pickLang, setLang, getLang } from './texts.js';
import { renderNav } from './nav.js';
import {
  SITE_RE, DEPT_RE, FROM_MAX, snippet, chatLink, previewUrl, consentMarkups,
} from './snippets.js';

const STORE = 'plauder.admin.lang';
const params = new URLSearchParams(location.search);
// The Plauder base URL: this page lives in BASE/admin/.
const BASE = new URL('../', document.baseURI).href;

const state = {
  variant: 'inpage',
  depts: [], // [{id, name}] of the site, in the UI's language
  deptsFor: '', // "site|lang" the list belongs to
  deptRequest: 0,
};

function stored() {
  try { return localStorage.getItem(STORE); } catch { return null; }
}

function store(lang) {
  try { localStorage.setItem(STORE, lang); } catch { /* storage off */ }
}

// ---- texts ------------------------------------------------------------------

function applyTexts() {
  for (const n of document.querySelectorAll('[data-t]')) n.textContent = t(n.dataset.t);
  for (const n of document.querySelectorAll('[data-t-label]')) n.setAttribute('aria-label', t(n.dataset.tLabel));
  for (const n of document.querySelectorAll('[data-t-title]')) n.setAttribute('title', t(n.dataset.tTitle));
  for (const b of document.querySelectorAll('.lang-btn')) b.setAttribute('aria-pressed', b.dataset.lang === getLang() ? 'true' : 'false');
  document.documentElement.lang = getLang();
  document.title = t('page_title');
  renderNav('code', getLang());
}

function switchLang(lang) {
  setLang(lang);
  store(getLang());
  applyTexts();
  renderDepts();
  loadDepts();
  render();
}

// ---- the options ------------------------------------------------------------

function siteValue() {
  return $('f-site').value.trim();
}

function options() {
  const site = siteValue();
  const dept = $('f-dept').value;
  const lang = $('f-lang').value;
  return {
    base: BASE,
    site,
    variant: state.variant,
    dept: DEPT_RE.test(dept) ? dept : '',
    lang: lang === 'de' || lang === 'en' ? lang : '',
    count: !$('f-count-no').checked,
    from: $('f-from').value.trim().slice(0, FROM_MAX),
    direct: $('f-direct').checked,
  };
}

function checkSite({ show = true } = {}) {
  const ok = SITE_RE.test(siteValue());
  const err = $('f-site-error');
  if (ok || !show) {
    err.hidden = true;
    err.textContent = '';
    if (ok) $('f-site').removeAttribute('aria-invalid');
  } else {
    err.textContent = t('err_site');
    err.hidden = false;
    $('f-site').setAttribute('aria-invalid', 'true');
  }
  return ok;
}

// ---- departments (GET chat/config, public) ------------------------------------

function deptStatus(text) {
  const s = $('f-dept-status');
  s.textContent = text;
  s.hidden = !text;
}

function renderDepts() {
  const sel = $('f-dept');
  const keep = sel.value;
  sel.replaceChildren(el('option', { value: '' }, t('dept_all')));
  for (const d of state.depts) {
    sel.append(el('option', { value: d.id }, d.name ? t('dept_named', { name: d.name, id: d.id }) : d.id));
  }
  sel.value = state.depts.some((d) => d.id === keep) ? keep : '';
}

async function loadDepts() {
  const site = siteValue();
  const key = `${site}|${getLang()}`;
  if (!SITE_RE.test(site)) {
    state.depts = [];
    state.deptsFor = '';
    renderDepts();
    deptStatus('');
    return;
  }
  if (key === state.deptsFor) return;
  const mine = ++state.deptRequest;
  deptStatus(t('dept_loading'));
  let depts = [];
  let problem = '';
  try {
    const u = new URL('cgi-bin/chat/config', BASE);
    u.search = new URLSearchParams({ site, lang: getLang() }).toString();
    const r = await fetch(u, { credentials: 'omit', cache: 'no-store', headers: { Accept: 'application/json' } });
    let j = null;
    try { j = await r.json(); } catch { /* not JSON */ }
    if (r.ok && j && Array.isArray(j.departments)) {
      depts = j.departments
        .filter((d) => d && typeof d.id === 'string' && DEPT_RE.test(d.id))
        .map((d) => ({ id: d.id, name: typeof d.name === 'string' ? d.name : '' }));
    } else if (r.status === 404) {
      problem = t('dept_unknown_site');
    } else {
      problem = t('dept_error', { code: (j && j.error) || r.status });
    }
  } catch {
    problem = t('dept_error', { code: 'network' });
  }
  if (mine !== state.deptRequest) return; // a newer request answers
  state.depts = depts;
  state.deptsFor = problem ? '' : key;
  renderDepts();
  deptStatus(problem);
  render();
}

// ---- output ----------------------------------------------------------------------

const CONSENT = {
  wp: ['consent_wp', 'consent_wp_explain'],
  klaro: ['consent_klaro', 'consent_klaro_explain'],
  borlabs: ['consent_borlabs', 'consent_borlabs_explain'],
};

function renderConsent(opts, valid) {
  const list = $('consent-list');
  const mobile = opts.variant === 'mobile';
  $('consent-intro').hidden = mobile;
  $('consent-mobile').hidden = !mobile;
  list.hidden = mobile;
  if (mobile) return;
  const items = valid ? consentMarkups(opts) : consentMarkups({ ...opts, site: 'N-M' });
  list.replaceChildren(...items.map(({ id, code }) => {
    const [title, explain] = CONSENT[id];
    const area = el('textarea', { id: `code-consent-${id}`, class: 'code', readonly: true, rows: '6', spellcheck: 'false', 'aria-describedby': `consent-${id}-explain` });
    area.value = code;
    return el('section', { class: 'consent-item', id: `consent-${id}`, 'aria-labelledby': `consent-${id}-h` },
      el('h3', { id: `consent-${id}-h` }, t(title)),
      el('p', { id: `consent-${id}-explain` }, t(explain)),
      el('label', { for: `code-consent-${id}`, class: 'visually-hidden' }, t(title)),
      area,
      el('button', { type: 'button', class: 'secondary copy', 'data-copy': `code-consent-${id}`, 'aria-label': t('copy_named', { what: t(title) }) }, t('copy')));
  }));
}

let previewTimer = 0;
let previewShown = '';

function schedulePreview(now = false) {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(showPreview, now ? 0 : 400);
}

function showPreview(force = false) {
  const opts = options();
  const frame = $('preview');
  let src = 'about:blank';
  if (SITE_RE.test(opts.site)) {
    // The mobile link is shown as the chat app itself, in its mobile
    // variant, always with its start form: with direct=1 the app would
    // start a real chat the moment the preview loads.
    src = opts.variant === 'mobile' ? `${chatLink({ ...opts, direct: false })}&variant=mobile` : previewUrl(opts);
  }
  if (!force && src === previewShown) return;
  previewShown = src;
  frame.src = src;
}

function render() {
  const opts = options();
  const valid = SITE_RE.test(opts.site);
  const shown = valid ? opts : { ...opts, site: 'N-M' };
  const mobile = opts.variant === 'mobile';
  $('variant-text').textContent = t(`variant_${opts.variant}`);
  $('out-snippet').hidden = mobile;
  $('out-link').hidden = !mobile;
  $('tracking').hidden = mobile; // the chat app never counts
  $('code-snippet').value = snippet(shown);
  const link = chatLink(shown);
  $('code-link').value = link;
  const open = $('open-link');
  if (valid) open.setAttribute('href', link);
  else open.removeAttribute('href');
  renderConsent(opts, valid);
  schedulePreview();
}

// ---- variant tabs (ARIA tabs: arrows, Home, End) ----------------------------------

function tabs() {
  return [...document.querySelectorAll('#variant-tabs [role="tab"]')];
}

function selectVariant(variant, { focus = false } = {}) {
  state.variant = variant;
  for (const tab of tabs()) {
    const on = tab.dataset.variant === variant;
    tab.setAttribute('aria-selected', on ? 'true' : 'false');
    tab.tabIndex = on ? 0 : -1;
    if (on) {
      $('variant-panel').setAttribute('aria-labelledby', tab.id);
      if (focus) tab.focus();
    }
  }
  render();
}

function onTabKey(ev) {
  const all = tabs();
  const i = all.indexOf(ev.target);
  if (i < 0) return;
  let next = null;
  if (ev.key === 'ArrowRight') next = all[(i + 1) % all.length];
  else if (ev.key === 'ArrowLeft') next = all[(i - 1 + all.length) % all.length];
  else if (ev.key === 'Home') next = all[0];
  else if (ev.key === 'End') next = all[all.length - 1];
  if (!next) return;
  ev.preventDefault();
  selectVariant(next.dataset.variant, { focus: true });
}

// ---- copy ----------------------------------------------------------------------

function announce(text) {
  const s = $('status');
  s.textContent = '';
  // A fresh text node, so that the same words are announced again.
  setTimeout(() => { s.textContent = text; }, 30);
}

async function copy(button) {
  const area = $(button.dataset.copy);
  if (!area) return;
  const text = area.value;
  try {
    if (!navigator.clipboard || !window.isSecureContext) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    announce(t('copied'));
    return;
  } catch { /* fall back to the selection */ }
  area.focus();
  area.select();
  let done = false;
  try { done = document.execCommand('copy'); } catch { done = false; }
  announce(done ? t('copied') : t('copy_manual'));
}

// ---- start -----------------------------------------------------------------------

function start() {
  setLang(pickLang(params.get('lang') || stored()));
  applyTexts();
  const site = params.get('site') || '';
  if (SITE_RE.test(site)) $('f-site').value = site;

  for (const b of document.querySelectorAll('.lang-btn')) b.addEventListener('click', () => switchLang(b.dataset.lang));
  for (const tab of tabs()) tab.addEventListener('click', () => selectVariant(tab.dataset.variant));
  $('variant-tabs').addEventListener('keydown', onTabKey);
  document.addEventListener('click', (ev) => {
    const b = ev.target.closest('button.copy');
    if (b) copy(b);
  });
  $('options').addEventListener('submit', (ev) => ev.preventDefault());
  $('options').addEventListener('change', render);
  $('f-from').addEventListener('input', render);
  let siteTimer = 0;
  $('f-site').addEventListener('input', () => {
    checkSite({ show: false });
    render();
    clearTimeout(siteTimer);
    siteTimer = setTimeout(loadDepts, 300);
  });
  $('f-site').addEventListener('change', () => { checkSite(); loadDepts(); });
  $('btn-preview').addEventListener('click', () => { clearTimeout(previewTimer); showPreview(true); });
  // Back to the console with the same site and language.
  const back = new URL('../console/', document.baseURI);
  if (SITE_RE.test(site)) back.searchParams.set('site', site);
  $('back-console').setAttribute('href', back.href);

  render();
  schedulePreview(true);
  loadDepts();
}

start();
