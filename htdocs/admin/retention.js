// Retention (admin/retention.html): how many days chats, visits and
// contact requests are kept (POST /admin/settings retention_*_days, read
// by the nightly purger).
import { $ } from '../shared/dom.js';
import { startPage, api, save, t, setFieldError, clearFieldErrors } from './page.js';

const FIELDS = [
  ['f-chat-days', 'retention_chat_days'],
  ['f-visit-days', 'retention_visit_days'],
  ['f-contact-days', 'retention_contact_days'],
];
const state = { data: null };

function show() {
  for (const [id, key] of FIELDS) {
    const v = state.data.settings?.[key];
    $(id).value = Number.isInteger(v) ? String(v) : '';
  }
}

function submit(ev) {
  ev.preventDefault();
  const form = $('ret-form');
  clearFieldErrors(form);
  const body = {};
  for (const [id, key] of FIELDS) {
    const raw = $(id).value.trim();
    const n = Number(raw);
    if (raw === '' || !Number.isInteger(n) || n < 0 || n > 3650) {
      setFieldError($(id), t('err_f_retention_days'));
      $(id).focus();
      return;
    }
    body[key] = n;
  }
  save(form, $('btn-save'), async () => {
    await api.post('settings', body);
    Object.assign(state.data.settings, body);
  });
}

startPage('retention', {
  init: ({ data }) => {
    state.data = data;
    show();
    $('ret-form').addEventListener('submit', submit);
  },
});
