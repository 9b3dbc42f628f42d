// Operators (admin/operators.html): the site's operators and admins (GET
// /admin/settings operators), create one, change display name, e-mail,
// role, departments, maximum concurrent chats, disable it, or set a new
// password (POST /admin/operator-set; a new password or disabling ends its
// sessions; the last enabled admin cannot go: 409 last_admin).
import { $, el } from '../shared/dom.js';
import {
  startPage, api, save, t, getLang, announce, applyTexts, setFieldError, clearFieldErrors,
} from './page.js';

const LOGIN_RE = /^[A-Za-z0-9_-]{1,64}$/;
const state = { data: null, editing: null };

const operators = () => (Array.isArray(state.data?.operators) ? state.data.operators : []);
const depts = () => (Array.isArray(state.data?.depts) ? state.data.depts : []);

function deptName(id) {
  const d = depts().find((x) => x.dept === id);
  const names = d?.names ?? {};
  const name = names[getLang()] || Object.values(names).find(Boolean);
  return name ? `${name} (${id})` : id;
}

async function reload() {
  state.data = await api.get('settings');
}

function renderList(focusId) {
  $('op-list').replaceChildren(...operators().map((o) => {
    const name = o.name || o.login;
    const meta = [
      t(`role_${o.role === 'admin' ? 'admin' : 'operator'}_short`),
      o.depts ? t('op_in_depts', { depts: [...o.depts].map(deptName).join(', ') }) : t('op_no_depts'),
      Number(o.max_chats) > 0 ? t('op_max_n', { n: o.max_chats }) : t('op_max_none'),
    ];
    if (o.disabled) meta.push(t('op_is_disabled'));
    return el('li', { class: o.disabled ? 'item item-off' : 'item', 'data-login': o.login },
      el('div', { class: 'item-main' },
        el('span', { class: 'item-name' }, `${name} (${o.login})`),
        el('span', { class: 'item-meta' }, meta.join(' · '))),
      el('div', { class: 'item-tools' }, el('button', {
        type: 'button', class: 'secondary', id: `edit-${o.login}`, 'data-login': o.login,
        'aria-label': t('edit_named', { name: `${name} (${o.login})` }),
      }, t('edit'))));
  }));
  if (focusId) ($(focusId) ?? $('btn-add')).focus();
}

// ---- the editor ---------------------------------------------------------------

function deptBoxes(chosen = '') {
  const boxes = depts().map((d, i) => el('div', { class: 'choice' },
    el('input', { type: 'checkbox', id: `f-dept-${d.dept}`, value: d.dept, 'data-field': i === 0 ? 'depts' : null, checked: chosen.includes(d.dept) }),
    el('label', { for: `f-dept-${d.dept}` }, deptName(d.dept))));
  $('dept-boxes').replaceChildren(...(boxes.length ? boxes : [el('p', { class: 'hint' }, t('op_no_site_depts'))]));
}

function chosenDepts() {
  return [...$('dept-boxes').querySelectorAll('input:checked')].map((i) => i.value).join('');
}

function editorTexts() {
  const o = state.editing && operators().find((x) => x.login === state.editing);
  $('edit-h').textContent = o ? t('op_edit_h', { name: `${o.name || o.login} (${o.login})` }) : t('op_new_h');
  $('f-password-label').textContent = t(o ? 'op_password_new' : 'op_password');
  $('f-password-hint').textContent = t(o ? 'op_password_new_hint' : 'op_password_hint');
}

function openEditor(login) {
  const o = login ? operators().find((x) => x.login === login) : null;
  state.editing = o ? o.login : null;
  clearFieldErrors($('op-form'));
  $('op-form').hidden = false;
  $('f-login').value = o?.login ?? '';
  $('f-login').readOnly = Boolean(o);
  $('f-name').value = o?.name ?? '';
  $('f-email').value = o?.email ?? '';
  $('f-role').value = o?.role === 'admin' ? 'admin' : 'operator';
  $('f-max').value = String(o?.max_chats ?? 0);
  $('f-disabled').checked = Boolean(o?.disabled);
  $('disabled-box').hidden = !o;
  $('f-password').value = '';
  deptBoxes(o?.depts ?? '');
  editorTexts();
  (o ? $('f-name') : $('f-login')).focus();
}

function closeEditor() {
  $('op-form').hidden = true;
  state.editing = null;
}

// A value the server would refuse anyway, caught here with the same words.
function check(body, isNew) {
  if (!LOGIN_RE.test(body.login)) return ['f-login', 'err_f_login'];
  if (!Number.isInteger(body.max_chats) || body.max_chats < 0 || body.max_chats > 100) return ['f-max', 'err_f_max_chats'];
  if (isNew && !body.password) return ['f-password', 'err_password_needed'];
  if (body.password && body.password.length < 8) return ['f-password', 'err_f_password'];
  if (isNew && operators().some((o) => o.login === body.login)) return ['f-login', 'err_login_taken'];
  return null;
}

async function submitEditor(ev) {
  ev.preventDefault();
  const form = $('op-form');
  clearFieldErrors(form);
  const isNew = !state.editing;
  const body = {
    login: $('f-login').value.trim(),
    name: $('f-name').value.trim(),
    email: $('f-email').value.trim(),
    role: $('f-role').value,
    depts: chosenDepts(),
    max_chats: $('f-max').value.trim() === '' ? 0 : Number($('f-max').value),
  };
  if (!isNew) body.disabled = $('f-disabled').checked ? 1 : 0;
  const password = $('f-password').value;
  if (password) body.password = password;
  const bad = check(body, isNew);
  if (bad) {
    setFieldError($(bad[0]), t(bad[1]));
    $(bad[0]).focus();
    return;
  }
  const ok = await save(form, $('btn-save'), async () => {
    await api.post('operator-set', body);
    await reload();
    const name = `${body.name || body.login} (${body.login})`;
    return t(isNew ? 'status_op_created' : password ? 'status_op_password' : 'status_op_saved', { name });
  });
  $('f-password').value = '';
  if (!ok) return;
  closeEditor();
  renderList(`edit-${body.login}`);
}

startPage('operators', {
  onLang: () => {
    if (!state.data) return;
    renderList();
    if (!$('op-form').hidden) {
      deptBoxes(chosenDepts());
      editorTexts();
    }
  },
  init: ({ data }) => {
    state.data = data;
    applyTexts($('op-form'));
    renderList();
    $('op-list').addEventListener('click', (ev) => {
      const b = ev.target.closest('button[data-login]');
      if (b) openEditor(b.dataset.login);
    });
    $('btn-add').addEventListener('click', () => openEditor(null));
    $('btn-cancel').addEventListener('click', () => {
      const back = state.editing ? `edit-${state.editing}` : 'btn-add';
      closeEditor();
      announce(t('status_cancelled'));
      $(back)?.focus();
    });
    $('op-form').addEventListener('submit', submitEditor);
    $('op-form').addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') $('btn-cancel').click();
    });
  },
});
