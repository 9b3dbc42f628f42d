// The look (admin/look.html): the colour of the tab and the chat, the
// corner of the page the tab sits in, and per language the button texts
// (someone online / nobody online) and the welcome text shown in the chat
// window before an operator joins. The loader and the chat app read them
// from GET /chat/config: no redeploy.
import { $ } from '../shared/dom.js';
import { startPage, api, save, saveTexts, t, getLang, langName, setFieldError, clearFieldErrors } from './page.js';
import { contentLangs, fillLangSelect, langAdder } from './langs.js';

const COLOR_RE = /^#[0-9a-fA-F]{6}$/;
const state = { data: null, adder: null };

function showSite() {
  const s = state.data.settings;
  $('f-color').value = s.color ?? '';
  if (COLOR_RE.test(s.color ?? '')) $('f-color-pick').value = s.color.toLowerCase();
  const pos = s.tab_position === 'left' ? 'left' : 'right';
  for (const r of document.querySelectorAll('input[name="tab_position"]')) r.checked = r.value === pos;
}

function fillLangs(value) {
  fillLangSelect($('f-lang'), contentLangs(state.data), value ?? $('f-lang').value);
}

function showTexts() {
  const lang = $('f-lang').value;
  const tx = state.data.texts?.[lang] ?? {};
  for (const id of ['f-button-online', 'f-button-offline', 'f-welcome']) $(id).lang = lang;
  $('f-button-online').value = tx.button_online ?? '';
  $('f-button-offline').value = tx.button_offline ?? '';
  $('f-welcome').value = tx.welcome_text ?? '';
}

function saveSite(ev) {
  ev.preventDefault();
  const form = $('site-form');
  const color = $('f-color').value.trim();
  const pos = document.querySelector('input[name="tab_position"]:checked')?.value ?? 'right';
  if (!COLOR_RE.test(color)) {
    clearFieldErrors(form);
    setFieldError($('f-color'), t('err_f_color'));
    $('f-color').focus();
    return;
  }
  save(form, $('btn-site'), async () => {
    await api.post('settings', { color: color.toLowerCase(), tab_position: pos });
    Object.assign(state.data.settings, { color: color.toLowerCase(), tab_position: pos });
  });
}

function saveLangTexts(ev) {
  ev.preventDefault();
  const lang = $('f-lang').value;
  const changes = {
    button_online: $('f-button-online').value.trim(),
    button_offline: $('f-button-offline').value.trim(),
    welcome_text: $('f-welcome').value.trim(),
  };
  save($('texts-form'), $('btn-texts'), async () => {
    await saveTexts(state.data, lang, changes);
    return t('status_saved_lang', { lang: langName(lang) });
  });
}

function onLang() {
  if (!state.data) return;
  fillLangs();
  state.adder?.texts();
}

startPage('look', {
  onLang,
  init: ({ data }) => {
    state.data = data;
    showSite();
    fillLangs(getLang());
    state.adder = langAdder($('lang-adder'), 'texts', (tag) => {
      fillLangs(tag);
      showTexts();
      $('f-lang').focus();
    });
    showTexts();
    $('f-lang').addEventListener('change', showTexts);
    $('f-color-pick').addEventListener('input', () => { $('f-color').value = $('f-color-pick').value; });
    $('f-color').addEventListener('input', () => {
      const v = $('f-color').value.trim();
      if (COLOR_RE.test(v)) $('f-color-pick').value = v.toLowerCase();
    });
    $('site-form').addEventListener('submit', saveSite);
    $('texts-form').addEventListener('submit', saveLangTexts);
  },
});
