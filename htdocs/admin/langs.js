// The languages of a site's texts, as the settings pages offer them:
// German and English always, the languages the site has anything in
// (GET /admin/settings `languages`), and any the admin adds with the "add a
// language" control (a BCP-47-ish tag like fr or pt-BR: a third language
// needs no code change). Added languages hold for this visit of the page,
// until something is saved in them.
import { el } from '../shared/dom.js';
import { t, langName, setFieldError, clearFieldErrors } from './page.js';

export const LANG_RE = /^[a-z]{2,3}(-[A-Z]{2})?$/;

const added = [];

// "PT-br" → "pt-BR"; null when it is no language tag the server takes.
export function normalizeTag(value) {
  const m = /^\s*([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}))?\s*$/.exec(String(value ?? ''));
  if (!m) return null;
  const tag = m[2] ? `${m[1].toLowerCase()}-${m[2].toUpperCase()}` : m[1].toLowerCase();
  return LANG_RE.test(tag) ? tag : null;
}

// de, en, the site's, the added ones; each once, in that order.
export function contentLangs(data) {
  const out = ['de', 'en'];
  const more = [...(Array.isArray(data?.languages) ? data.languages : []), ...Object.keys(data?.texts ?? {}), ...added];
  for (const l of more) if (LANG_RE.test(l) && !out.includes(l)) out.push(l);
  return out;
}

// Fills a <select> with the languages; keeps value when it is one of them.
export function fillLangSelect(select, langs, value) {
  select.replaceChildren(...langs.map((l) => el('option', { value: l, lang: l }, langName(l))));
  select.value = langs.includes(value) ? value : langs[0];
}

// The "add a language" control into container: a labelled input and a
// button; onAdd(tag) after a valid tag was added. idPrefix keeps ids
// unique when a page has several.
export function langAdder(container, idPrefix, onAdd) {
  const input = el('input', {
    id: `${idPrefix}-add-lang`, class: 'lang-input', autocomplete: 'off', spellcheck: 'false',
    maxlength: '6', 'aria-describedby': `${idPrefix}-add-lang-hint`,
  });
  const button = el('button', { type: 'button', class: 'secondary', id: `${idPrefix}-add-lang-btn` });
  const label = el('label', { for: input.id });
  const hint = el('p', { id: `${idPrefix}-add-lang-hint`, class: 'hint' });
  const box = el('div', { class: 'field lang-adder' }, label, el('div', { class: 'row-inline' }, input, button), hint);
  const texts = () => {
    label.textContent = t('add_lang_label');
    button.textContent = t('add_lang_btn');
    hint.textContent = t('add_lang_hint');
  };
  texts();
  const add = () => {
    clearFieldErrors(box);
    const tag = normalizeTag(input.value);
    if (!tag) {
      setFieldError(input, t('err_lang_tag'));
      input.focus();
      return;
    }
    if (!added.includes(tag)) added.push(tag);
    input.value = '';
    onAdd(tag);
  };
  button.addEventListener('click', add);
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      add();
    }
  });
  container.replaceChildren(box);
  return { texts };
}
