// The contact form page's address setting (admin/contact-form.html, wired
// by fields.js): the site's contact e-mail address that every contact
// request is mailed to (POST /admin/settings contact_email; "" = none, the
// requests are then only listed in the operator console). The server
// judges the address; its 400 (field contact_email) is shown at the field.
import { $ } from '../shared/dom.js';
import { api, save, t } from './page.js';

export function initContactEmail(data) {
  const input = $('f-contact-email');
  const form = $('email-form');
  const value = data.settings?.contact_email;
  input.value = typeof value === 'string' ? value : '';
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const address = input.value.trim();
    save(form, $('btn-email'), async () => {
      await api.post('settings', { contact_email: address });
      data.settings = { ...(data.settings ?? {}), contact_email: address };
      input.value = address;
      return address ? t('status_contact_email', { email: address }) : t('status_contact_email_none');
    });
  });
}
