// The admin's form fields (the start window's query form, the offline
// contact form): checked once when they arrive, then built into labelled
// rows with a place for their error, and read back.
import { el } from '../shared/dom.js';
import { t } from './i18n.js';
import { FIELD_KEY_RE, FIELD_TYPES } from './state.js';

// Valid fields only. builtin(key) names a field the admin left without a
// label (the contact form's built-in name, email, message), or null.
export function normalizeFields(list, builtin = () => null) {
  return (Array.isArray(list) ? list : [])
    .filter((f) => f && typeof f.key === 'string' && FIELD_KEY_RE.test(f.key))
    .map((f) => ({
      key: f.key,
      label: (typeof f.label === 'string' && f.label) || builtin(f.key) || f.key,
      type: FIELD_TYPES.includes(f.type) ? f.type : 'text',
      required: Boolean(f.required),
      options: Array.isArray(f.options) ? f.options.filter((o) => typeof o === 'string') : [],
    }));
}

// One field's row: {row, input}. The input's id is PREFIX + key, its error
// element ID-error (described by it).
export function buildField(f, prefix, maxLength = 4000) {
  const id = `${prefix}${f.key}`;
  const errId = `${id}-error`;
  const attrs = {
    id,
    name: f.key,
    required: f.required,
    'aria-required': f.required ? 'true' : null,
    'aria-describedby': errId,
  };
  let input;
  if (f.type === 'textarea') {
    input = el('textarea', { ...attrs, rows: 3 });
  } else if (f.type === 'checkbox') {
    input = el('input', { ...attrs, type: 'checkbox', value: '1' });
  } else if (f.type === 'select') {
    input = el('select', attrs, el('option', { value: '' }, t('choose')), ...f.options.map((o) => el('option', { value: o }, o)));
  } else {
    input = el('input', {
      ...attrs,
      type: f.type,
      autocomplete: f.key === 'name' ? 'name' : (f.type === 'email' ? 'email' : null),
    });
  }
  if (f.type === 'text' || f.type === 'email') input.maxLength = maxLength;
  const label = el('label', { for: id }, f.label, f.required ? el('span', { class: 'req', 'aria-hidden': 'true' }, ` ${t('required_mark')}`) : null);
  const error = el('p', { id: errId, class: 'error', hidden: true });
  const row = f.type === 'checkbox'
    ? el('div', { class: 'field field-check' }, input, label, error)
    : el('div', { class: 'field' }, label, input, error);
  return { row, input };
}

export function fieldValue(input) {
  return input.type === 'checkbox' ? input.checked : input.value;
}

export function setFieldValue(input, value) {
  if (input.type === 'checkbox') input.checked = Boolean(value);
  else input.value = value;
}
