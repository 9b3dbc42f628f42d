// Departments (admin/depts.html): the list (GET /admin/settings depts,
// with the operators who belong to each), add and rename per language
// (POST /admin/dept-set, one call per changed language), delete (POST
// /admin/dept-delete; its open chats go to no department).
import { $, el } from '../shared/dom.js';
import {
  startPage, api, save, t, getLang, langName, announce, confirmDialog, applyTexts,
  setFieldError, clearFieldErrors,
} from './page.js';
import { contentLangs, langAdder } from './langs.js';

const DEPT_RE = /^[A-Za-z0-9]$/;
const state = { data: null, editing: null, adder: null, langs: [] };

const depts = () => (Array.isArray(state.data?.depts) ? state.data.depts : []);

function nameOf(d) {
  const names = d.names ?? {};
  return names[getLang()] || Object.values(names).find(Boolean) || d.dept;
}

function members(dept) {
  return (state.data?.operators ?? []).filter((o) => String(o.depts ?? '').includes(dept))
    .map((o) => o.name || o.login);
}

async function reload() {
  state.data = await api.get('settings');
}

function renderList(focusId) {
  const all = depts();
  $('dept-none').hidden = all.length > 0;
  $('dept-list').replaceChildren(...all.map((d) => {
    const name = nameOf(d);
    const names = Object.entries(d.names ?? {}).map(([l, n]) => `${l}: ${n}`).join(' · ');
    const who = members(d.dept);
    const btn = (action, key) => el('button', {
      type: 'button', class: 'secondary', id: `${action}-${d.dept}`, 'data-action': action, 'data-dept': d.dept,
      'aria-label': t(`${key}_named`, { name: `${name} (${d.dept})` }),
    }, t(key));
    return el('li', { class: 'item', 'data-dept': d.dept },
      el('div', { class: 'item-main' },
        el('span', { class: 'item-name' }, `${d.dept}: ${name}`),
        el('span', { class: 'item-meta' }, names || t('dept_no_names')),
        el('span', { class: 'item-meta' }, who.length ? t('dept_members', { names: who.join(', ') }) : t('dept_no_members'))),
      el('div', { class: 'item-tools' }, btn('edit', 'edit'), btn('delete', 'delete')));
  }));
  if (focusId) ($(focusId) ?? $('btn-add')).focus();
}

async function remove(dept) {
  const d = depts().find((x) => x.dept === dept);
  if (!d) return;
  if (!await confirmDialog(t('dept_delete_q', { name: `${nameOf(d)} (${dept})` }), t('delete'))) return;
  await save($('dept-list').closest('section'), null, async () => {
    await api.post('dept-delete', { dept });
    await reload();
    return t('status_deleted', { name: `${nameOf(d)} (${dept})` });
  });
  if (state.editing === dept) closeEditor();
  renderList('btn-add');
}

// ---- the editor ---------------------------------------------------------------

function nameInputs(values = {}) {
  $('name-inputs').replaceChildren(...state.langs.map((l) => el('div', { class: 'field' },
    el('label', { for: `f-name-${l}` }, langName(l)),
    el('input', { id: `f-name-${l}`, lang: l, maxlength: '128', autocomplete: 'off', 'data-lang': l }))));
  for (const l of state.langs) $(`f-name-${l}`).value = values[l] ?? '';
}

function typedNames() {
  return Object.fromEntries(state.langs.map((l) => [l, $(`f-name-${l}`).value.trim()]));
}

function editorTitle() {
  const d = state.editing && depts().find((x) => x.dept === state.editing);
  $('edit-h').textContent = d ? t('dept_edit_h', { name: `${nameOf(d)} (${d.dept})` }) : t('dept_new_h');
}

function openEditor(dept) {
  const d = dept ? depts().find((x) => x.dept === dept) : null;
  state.editing = d ? d.dept : null;
  state.langs = contentLangs(state.data);
  for (const l of Object.keys(d?.names ?? {})) if (!state.langs.includes(l)) state.langs.push(l);
  clearFieldErrors($('dept-form'));
  $('dept-form').hidden = false;
  $('f-dept').value = d?.dept ?? '';
  $('f-dept').readOnly = Boolean(d);
  nameInputs(d?.names);
  editorTitle();
  (d ? $(`f-name-${state.langs[0]}`) : $('f-dept')).focus();
}

function closeEditor() {
  $('dept-form').hidden = true;
  state.editing = null;
}

async function submitEditor(ev) {
  ev.preventDefault();
  const form = $('dept-form');
  clearFieldErrors(form);
  const dept = $('f-dept').value.trim();
  if (!DEPT_RE.test(dept)) {
    setFieldError($('f-dept'), t('err_f_dept'));
    $('f-dept').focus();
    return;
  }
  if (!state.editing && depts().some((x) => x.dept === dept)) {
    setFieldError($('f-dept'), t('err_dept_taken', { id: dept }));
    $('f-dept').focus();
    return;
  }
  const old = depts().find((x) => x.dept === dept)?.names ?? {};
  const names = typedNames();
  const changed = Object.entries(names).filter(([l, n]) => n && n !== old[l]);
  if (!changed.length && !Object.values(names).some(Boolean)) {
    const first = $(`f-name-${state.langs[0]}`);
    setFieldError(first, t('err_dept_name_needed'));
    first.focus();
    return;
  }
  const ok = await save(form, $('btn-save'), async () => {
    try {
      for (const [lang, name] of changed) {
        // A refused `name` is this language's: its error goes next to it.
        for (const i of form.querySelectorAll('[data-field="name"]')) i.removeAttribute('data-field');
        $(`f-name-${lang}`).dataset.field = 'name';
        await api.post('dept-set', { dept, lang, name });
      }
    } finally {
      await reload().catch(() => {});
    }
    return t('status_dept_saved', { name: `${names[getLang()] || changed[0]?.[1] || dept} (${dept})` });
  });
  if (!ok) return;
  closeEditor();
  renderList(`edit-${dept}`);
}

function onListClick(ev) {
  const b = ev.target.closest('button[data-action]');
  if (!b) return;
  if (b.dataset.action === 'edit') openEditor(b.dataset.dept);
  else if (b.dataset.action === 'delete') remove(b.dataset.dept);
}

function addLang(tag) {
  const typed = typedNames();
  if (!state.langs.includes(tag)) state.langs.push(tag);
  nameInputs(typed);
  $(`f-name-${tag}`).focus();
}

startPage('depts', {
  onLang: () => {
    if (!state.data) return;
    renderList();
    state.adder?.texts();
    if (!$('dept-form').hidden) {
      nameInputs(typedNames());
      editorTitle();
    }
  },
  init: ({ data }) => {
    state.data = data;
    applyTexts($('dept-form'));
    renderList();
    state.adder = langAdder($('lang-adder'), 'dept', addLang);
    $('dept-list').addEventListener('click', onListClick);
    $('btn-add').addEventListener('click', () => openEditor(null));
    $('btn-cancel').addEventListener('click', () => {
      const back = state.editing ? `edit-${state.editing}` : 'btn-add';
      closeEditor();
      announce(t('status_cancelled'));
      $(back)?.focus();
    });
    $('dept-form').addEventListener('submit', submitEditor);
    $('dept-form').addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') $('btn-cancel').click();
    });
  },
});
