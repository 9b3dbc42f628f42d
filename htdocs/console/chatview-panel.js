// ChatView, the visitor panel: what the visitor told, the page they are
// on, the page's data, the contract flag and the visitor's earlier chats.
// Methods of ChatView (./chatview.js mixes them in).
import { el, $, externalLink, plainText } from './dom.js';
import { t, formatDateTime, langName } from './i18n.js';

export class PanelPart {
  async loadDetail() {
    try {
      this.detail = await this.ctx.api.detail(this.id);
      this.info = { ...this.detail, ...this.info, contract: this.detail.contract?.flag ?? this.info.contract };
      this.renderInfo(true);
      this.renderHead();
      this.renderTab();
      this.renderNote();
    } catch (e) {
      if (e.status === 404) {
        this.gone = true;
        this.renderState();
      }
    }
  }

  renderInfo(force = false) {
    const info = this.info;
    const d = this.detail;
    const key = JSON.stringify([info.name, info.email, info.from, info.lang, info.dept, info.page, info.title,
      info.fields, info.data, info.started, d?.contract, d?.history, d?.fields, d?.data]);
    if (!force && key === this.infoKey) return;
    this.infoKey = key;
    const box = [];
    const row = (label, value) => (value ? [el('dt', {}, label), el('dd', {}, value)] : []);
    box.push(el('dl', { class: 'kv' },
      ...row(t('f_name'), plainText(info.name)),
      ...row(t('f_email'), plainText(info.email)),
      ...row(t('f_from'), plainText(info.from)),
      ...row(t('f_lang'), info.lang ? langName(info.lang) : ''),
      ...row(t('f_dept'), info.dept ? this.ctx.deptName(info.dept) : ''),
      ...row(t('f_started'), info.started ? formatDateTime(info.started) : '')));

    // The visitor's current page: title as text, the URL as a link only
    // when it is http(s).
    const page = plainText(info.page);
    const title = plainText(info.title);
    if (page || title) {
      const link = page ? externalLink(page, page, { class: 'page-url' }) : null;
      box.push(el('h4', {}, t('current_page')),
        el('p', { class: 'page' },
          title ? el('span', { class: 'page-title' }, title) : null,
          title && page ? el('br') : null,
          link ?? (page ? el('span', { class: 'page-url' }, page) : null)));
    }
    const fields = info.fields && typeof info.fields === 'object' ? Object.entries(info.fields) : [];
    if (fields.length) {
      box.push(el('h4', {}, t('query_form')),
        el('dl', { class: 'kv' }, ...fields.flatMap(([k, v]) => row(k, plainText(v) || '—'))));
    }
    const data = info.data && typeof info.data === 'object' ? Object.entries(info.data) : [];
    box.push(el('h4', {}, t('page_data')));
    if (data.length) box.push(el('dl', { class: 'kv' }, ...data.flatMap(([k, v]) => row(k, plainText(v) || '—'))));
    else box.push(el('p', { class: 'muted' }, t('no_page_data')));

    // Contract flag: the purger keeps this chat.
    const cb = el('input', { type: 'checkbox', id: `contract-${this.id}`, 'aria-describedby': `contract-note-${this.id}` });
    const flag = d ? Boolean(d.contract?.flag) : Boolean(info.contract);
    cb.checked = flag;
    const note = el('p', { class: 'hint', id: `contract-note-${this.id}` });
    if (d?.contract?.flag && (d.contract.by || d.contract.at)) {
      note.textContent = t('contract_by', { by: plainText(d.contract.by) || '?', at: d.contract.at ? formatDateTime(d.contract.at) : '?' });
    } else if (d && !d.contract?.flag && d.contract?.by) {
      note.textContent = t('contract_unset_by', { by: plainText(d.contract.by), at: d.contract.at ? formatDateTime(d.contract.at) : '?' });
    } else note.textContent = t('contract_hint');
    cb.addEventListener('change', () => this.setContract(cb.checked, cb));
    box.push(el('div', { class: 'contract field-check' }, cb, el('label', { for: `contract-${this.id}` }, t('contract_label')), note));

    const hist = Array.isArray(d?.history) ? d.history : [];
    box.push(el('h4', {}, t('history')));
    if (!d) box.push(el('p', { class: 'muted' }, t('loading')));
    else if (!hist.length) box.push(el('p', { class: 'muted' }, t('no_history')));
    else {
      box.push(el('ul', { class: 'history' }, ...hist.map((h) => {
        const hid = Number(h.chat);
        const b = el('button', { type: 'button', class: 'link-btn' },
          t('history_item', { id: hid, when: formatDateTime(h.started), status: t(`status_${h.status}`) }));
        b.addEventListener('click', () => this.ctx.openHistory(hid));
        return el('li', {}, b);
      })));
    }
    const hadFocus = this.infoBox.contains(document.activeElement) ? document.activeElement.id : null;
    this.infoBox.replaceChildren(...box);
    if (hadFocus) $(hadFocus)?.focus();
  }

  async setContract(flag, cb) {
    cb.disabled = true;
    try {
      await this.ctx.api.contract(this.id, flag);
      this.ctx.announce(flag ? t('contract_set') : t('contract_unset'));
    } catch (e) {
      cb.checked = !flag;
      this.ctx.toast(t('err_generic', { code: e.code }));
    } finally {
      cb.disabled = false;
    }
    await this.loadDetail();
    $(`contract-${this.id}`)?.focus();
  }
}
