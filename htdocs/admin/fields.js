// The fields of a form (admin/start-form.html: the chat start window's
// query form; admin/contact-form.html: the contact form), named by
// <body data-form="query|contact">: the list in order (GET /admin/settings
// forms[form]), add and edit (POST /admin/field-set: type, required, a
// label per language, the options of a selection list per language),
// delete (POST /admin/field-delete) and move up/down (the `sort` of the
// fields whose place changed). The contact form's page also has the
// site's contact e-mail address (./contact-email.js).
import { $, el } from '../shared/dom.js';
import {
  startPage, api, save, t, getLang, langName, announce, confirmDialog, showError, applyTexts,
  setFieldError, clearFieldErrors,
} from './page.js';
import { contentLangs, langAdder } from './langs.js';
import { initContactEmail } from './contact-email.js';

const FORM = document.body.dataset.form === 'contact' ? 'contact' : 'query';
const KEY_RE = /^[a-z0-9_]{1,32}$/;
const state = { data: null, editing: null, adder: null, langs: [] };

function fields() {
  const list = state.data?.forms?.[FORM];
  return Array.isArray(list) ? [...list].sort((a, b) => (a.sort ?? 0) - (b.sort ?? 0)) : [];
}

// The label to show in the list: the page language's, else the first one.
function labelOf(f) {
  const labels = f.labels ?? {};
  return labels[getLang()] || Object.values(labels).find(Boolean) || f.key;
}

async function reload() {
  state.data = await api.get('settings');
}

// ---- the list -------------------------------------------------------------------

function renderList(focusId) {
  const all = fields();
  $('field-none').hidden = all.length > 0;
  $('field-list').replaceChildren(...all.map((f, i) => {
    const name = labelOf(f);
    const meta = [f.key, t(`type_${f.type}`), f.required ? t('field_is_required') : t('field_is_optional')];
    if (f.type === 'select') {
      const opts = f.options?.[getLang()] ?? Object.values(f.options ?? {})[0] ?? [];
      meta.push(t('field_options_n', { n: opts.length }));
    }
    const btn = (action, key, disabled = false) => el('button', {
      type: 'button', class: 'secondary', id: `${action}-${f.key}`, 'data-action': action, 'data-key': f.key,
      'aria-label': t(`${key}_named`, { name }), disabled,
    }, t(key));
    return el('li', { class: 'item', 'data-key': f.key },
      el('div', { class: 'item-main' }, el('span', { class: 'item-name' }, name), el('span', { class: 'item-meta' }, meta.join(' · '))),
      el('div', { class: 'item-tools' },
        btn('edit', 'edit'), btn('up', 'move_up', i === 0), btn('down', 'move_down', i === all.length - 1), btn('delete', 'delete')));
  }));
  if (focusId) {
    const target = $(focusId);
    // A button that just became disabled (top or bottom): its neighbour.
    (target && !target.disabled ? target : $(focusId.replace(/^(up|down)-/, (m, d) => (d === 'up' ? 'down-' : 'up-'))) ?? $('btn-add')).focus();
  }
}

async function move(key, delta) {
  const all = fields();
  const i = all.findIndex((f) => f.key === key);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= all.length) return;
  [all[i], all[j]] = [all[j], all[i]];
  const changed = all.map((f, n) => ({ f, sort: n + 1 })).filter(({ f, sort }) => f.sort !== sort);
  await save($('field-list').closest('section'), null, async () => {
    for (const { f, sort } of changed) await api.post('field-set', body(f, { sort }));
    await reload();
    return t('status_moved', { name: labelOf(all[j]) });
  });
  renderList(`${delta < 0 ? 'up' : 'down'}-${key}`);
}

async function remove(key) {
  const f = fields().find((x) => x.key === key);
  if (!f) return;
  if (!await confirmDialog(t('field_delete_q', { name: labelOf(f) }), t('delete'))) return;
  await save($('field-list').closest('section'), null, async () => {
    await api.post('field-delete', { form: FORM, key });
    await reload();
    return t('status_deleted', { name: labelOf(f) });
  });
  if (state.editing === key) closeEditor();
  renderList('btn-add');
}

function body(f, over = {}) {
  return {
    form: FORM, key: f.key, type: f.type, required: f.required ? 1 : 0, sort: f.sort ?? 0,
    labels: f.labels ?? {}, options: f.type === 'select' ? (f.options ?? {}) : {}, ...over,
  };
}

// ---- the editor ----------------------------------------------------------------

function langInputs(values = {}, options = {}) {
  const labels = state.langs.map((l, i) => el('div', { class: 'field' },
    el('label', { for: `f-label-${l}` }, langName(l)),
    el('input', { id: `f-label-${l}`, lang: l, maxlength: '255', autocomplete: 'off', 'data-lang': l, 'data-field': i === 0 ? 'labels' : null })));
  const opts = state.langs.map((l, i) => el('div', { class: 'field' },
    el('label', { for: `f-options-${l}` }, langName(l)),
    el('textarea', { id: `f-options-${l}`, lang: l, rows: '4', 'data-lang': l, 'data-field': i === 0 ? 'options' : null })));
  $('label-inputs').replaceChildren(...labels);
  $('option-inputs').replaceChildren(...opts);
  for (const l of state.langs) {
    $(`f-label-${l}`).value = values[l] ?? '';
    $(`f-options-${l}`).value = (options[l] ?? []).join('\n');
  }
}

// What the editor holds now (labels and options as they are typed).
function editorValues() {
  const labels = {};
  const options = {};
  for (const l of state.langs) {
    const label = $(`f-label-${l}`).value.trim();
    if (label) labels[l] = label;
    const opts = $(`f-options-${l}`).value.split('\n').map((s) => s.trim()).filter(Boolean);
    if (opts.length) options[l] = opts;
  }
  return { labels, options };
}

function showOptions() {
  $('options-box').hidden = $('f-type').value !== 'select';
}

function editorTitle() {
  const f = state.editing && fields().find((x) => x.key === state.editing);
  $('edit-h').textContent = f ? t('field_edit_h', { name: labelOf(f) }) : t('field_new_h');
}

function openEditor(key) {
  const f = key ? fields().find((x) => x.key === key) : null;
  state.editing = f ? f.key : null;
  state.langs = contentLangs(state.data);
  for (const l of Object.keys(f?.labels ?? {})) if (!state.langs.includes(l)) state.langs.push(l);
  const form = $('field-form');
  form.hidden = false;
  $('f-key').value = f?.key ?? '';
  $('f-key').readOnly = Boolean(f);
  $('f-type').value = f?.type ?? 'text';
  $('f-required').checked = Boolean(f?.required);
  langInputs(f?.labels, f?.options);
  showOptions();
  editorTitle();
  (f ? $('f-type') : $('f-key')).focus();
}

function closeEditor() {
  $('field-form').hidden = true;
  state.editing = null;
}

function addLang(tag) {
  const { labels, options } = editorValues();
  if (!state.langs.includes(tag)) state.langs.push(tag);
  langInputs(labels, options);
  $(`f-label-${tag}`).focus();
}

async function submitEditor(ev) {
  ev.preventDefault();
  const form = $('field-form');
  const key = $('f-key').value.trim();
  const existing = fields().find((x) => x.key === (state.editing ?? key));
  const { labels, options } = editorValues();
  const type = $('f-type').value;
  const f = {
    key, type, required: $('f-required').checked, labels,
    options: type === 'select' ? options : {},
    sort: existing ? existing.sort : Math.max(0, ...fields().map((x) => x.sort ?? 0)) + 1,
  };
  if (!state.editing && !KEY_RE.test(key)) {
    showError({ code: 'invalid_parameter', field: 'key', status: 400 }, form);
    return;
  }
  // A select needs options in every language that has a label: the
  // language without them is marked (the server would only say "options").
  const bare = type === 'select' && Object.keys(labels).find((l) => !options[l]);
  if (bare) {
    clearFieldErrors(form);
    setFieldError($(`f-options-${bare}`), t('err_options_for', { lang: langName(bare) }));
    $(`f-options-${bare}`).focus();
    announce(t('status_not_saved'));
    return;
  }
  const ok = await save(form, $('btn-save'), async () => {
    await api.post('field-set', body(f));
    await reload();
    return t('status_field_saved', { name: labelOf(f) });
  });
  if (!ok) return;
  closeEditor();
  renderList(`edit-${key}`);
}

function onListClick(ev) {
  const b = ev.target.closest('button[data-action]');
  if (!b) return;
  const key = b.dataset.key;
  if (b.dataset.action === 'edit') openEditor(key);
  else if (b.dataset.action === 'up') move(key, -1);
  else if (b.dataset.action === 'down') move(key, 1);
  else if (b.dataset.action === 'delete') remove(key);
}

function onLang() {
  if (!state.data) return;
  renderList();
  state.adder?.texts();
  if (!$('field-form').hidden) {
    const { labels, options } = editorValues();
    langInputs(labels, options);
    editorTitle();
  }
}

startPage(FORM, {
  onLang,
  init: ({ data }) => {
    state.data = data;
    if (FORM === 'contact') initContactEmail(data);
    applyTexts($('field-form'));
    renderList();
    state.adder = langAdder($('lang-adder'), 'field', addLang);
    $('field-list').addEventListener('click', onListClick);
    $('btn-add').addEventListener('click', () => openEditor(null));
    $('btn-cancel').addEventListener('click', () => {
      const back = state.editing ? `edit-${state.editing}` : 'btn-add';
      closeEditor();
      announce(t('status_cancelled'));
      $(back)?.focus();
    });
    $('f-type').addEventListener('change', showOptions);
    $('field-form').addEventListener('submit', submitEditor);
    $('field-form').addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') $('btn-cancel').click();
    });
  },
});
