// Privacy & consent (admin/privacy.html): how visitors get the privacy
// information (none, a text, an http(s) link), whether it stays linked in
// the chat window, whether consent is required (site-wide), and per
// language the privacy text, the link and the consent text; below, every
// consent version the site had (GET /admin/consent-history).
import { $, el } from '../shared/dom.js';
import { startPage, api, save, saveTexts, t, getLang, langName, showError, formatWhen } from './page.js';
import { contentLangs, fillLangSelect, langAdder } from './langs.js';

const state = { data: null, versions: [], adder: null };

function showSite() {
  const s = state.data.settings;
  for (const r of document.querySelectorAll('input[name="privacy_mode"]')) r.checked = r.value === s.privacy_mode;
  $('f-in-chat').checked = Boolean(s.privacy_in_chat);
  $('f-consent-required').checked = Boolean(s.consent_required);
}

function fillLangs(value) {
  fillLangSelect($('f-lang'), contentLangs(state.data), value ?? $('f-lang').value);
}

function showTexts() {
  const lang = $('f-lang').value;
  const tx = state.data.texts?.[lang] ?? {};
  for (const id of ['f-privacy-text', 'f-privacy-url', 'f-consent-text']) $(id).lang = lang;
  $('f-privacy-text').value = tx.privacy_text ?? '';
  $('f-privacy-url').value = tx.privacy_url ?? '';
  $('f-consent-text').value = tx.consent_text ?? '';
  $('f-consent-version').textContent = tx.consent_version && tx.consent_text
    ? t('consent_version', { version: tx.consent_version.slice(0, 12) }) : t('consent_none');
}

function renderHistory() {
  const box = $('history');
  if (!state.versions.length) {
    box.replaceChildren(el('p', {}, t('history_none')));
    return;
  }
  const head = el('tr', {}, ['history_lang', 'history_version', 'history_created', 'history_text']
    .map((k) => el('th', { scope: 'col' }, t(k))));
  const rows = state.versions.map((v) => el('tr', {},
    el('td', {}, langName(v.lang)),
    el('td', { class: 'mono' }, String(v.version ?? '').slice(0, 12)),
    el('td', {}, formatWhen(v.created)),
    el('td', { lang: v.lang, class: 'pre' }, v.text)));
  box.replaceChildren(el('table', { class: 'list', id: 'history-table' },
    el('caption', { class: 'visually-hidden' }, t('history_h')),
    el('thead', {}, head), el('tbody', {}, rows)));
}

async function loadHistory() {
  try {
    const j = await api.get('consent-history');
    state.versions = Array.isArray(j.versions) ? j.versions : [];
  } catch (err) {
    showError(err, null);
  }
  renderHistory();
}

function saveSite(ev) {
  ev.preventDefault();
  const mode = document.querySelector('input[name="privacy_mode"]:checked')?.value ?? 'none';
  const body = {
    privacy_mode: mode,
    privacy_in_chat: $('f-in-chat').checked ? 1 : 0,
    consent_required: $('f-consent-required').checked ? 1 : 0,
  };
  save($('site-form'), $('btn-site'), async () => {
    await api.post('settings', body);
    Object.assign(state.data.settings, { privacy_mode: mode, privacy_in_chat: Boolean(body.privacy_in_chat), consent_required: Boolean(body.consent_required) });
  });
}

function saveLangTexts(ev) {
  ev.preventDefault();
  const lang = $('f-lang').value;
  const changes = {
    privacy_text: $('f-privacy-text').value,
    privacy_url: $('f-privacy-url').value.trim(),
    consent_text: $('f-consent-text').value,
  };
  save($('texts-form'), $('btn-texts'), async () => {
    await saveTexts(state.data, lang, changes);
    showTexts();
    await loadHistory();
    return t('status_saved_lang', { lang: langName(lang) });
  });
}

function onLang() {
  if (!state.data) return;
  fillLangs();
  state.adder?.texts();
  showTexts();
  renderHistory();
}

startPage('privacy', {
  onLang,
  init: async ({ data }) => {
    state.data = data;
    showSite();
    const params = new URLSearchParams(location.search);
    fillLangs(params.get('edit') || getLang());
    state.adder = langAdder($('lang-adder'), 'texts', (tag) => {
      fillLangs(tag);
      showTexts();
      $('f-lang').focus();
    });
    showTexts();
    $('f-lang').addEventListener('change', showTexts);
    $('site-form').addEventListener('submit', saveSite);
    $('texts-form').addEventListener('submit', saveLangTexts);
    await loadHistory();
  },
});
