// ChatView, canned answers: "/shortcut" at the caret opens a list to pick
// from, and an answer is inserted at the caret. Methods of ChatView
// (./chatview.js mixes them in).
import { el } from './dom.js';

export class CannedPart {
  updateSuggest() {
    const v = this.input.value;
    const caret = this.input.selectionStart ?? v.length;
    const m = /(^|\s)\/([A-Za-z0-9_-]{0,32})$/.exec(v.slice(0, caret));
    const canned = this.ctx.canned();
    if (!m || !canned.length) {
      this.closeSuggest();
      return;
    }
    const word = m[2].toLowerCase();
    const items = canned.filter((c) => c.shortcut.toLowerCase().startsWith(word)).slice(0, 8);
    if (!items.length) {
      this.closeSuggest();
      return;
    }
    this.suggest = { open: true, items, index: 0, start: caret - m[2].length - 1, end: caret };
    this.renderSuggest();
  }

  renderSuggest() {
    const { items, index } = this.suggest;
    this.suggestList.replaceChildren(...items.map((c, i) => el('li', {
      role: 'option', id: `sg-${this.id}-${i}`, 'data-index': String(i),
      'aria-selected': i === index ? 'true' : 'false', class: i === index ? 'active' : null,
    }, el('span', { class: 'sg-key' }, `/${c.shortcut}`), ' ', el('span', { class: 'sg-text' }, c.text.length > 80 ? `${c.text.slice(0, 80)}…` : c.text))));
    this.suggestList.hidden = false;
    this.input.setAttribute('aria-activedescendant', `sg-${this.id}-${index}`);
  }

  closeSuggest() {
    if (!this.suggest.open) return;
    this.suggest = { open: false, items: [], index: 0, start: 0, end: 0 };
    this.suggestList.hidden = true;
    this.suggestList.replaceChildren();
    this.input.removeAttribute('aria-activedescendant');
  }

  pickSuggest(i) {
    const c = this.suggest.items[i];
    if (!c) return;
    const { start, end } = this.suggest;
    this.closeSuggest();
    this.insertText(c.text, start, end);
  }

  // Insert a canned answer at the caret (or in place of start…end).
  insertText(text, start = null, end = null) {
    if (!this.canWrite) return;
    const v = this.input.value;
    const s = start ?? this.input.selectionStart ?? v.length;
    const e = end ?? this.input.selectionEnd ?? v.length;
    this.input.value = v.slice(0, s) + text + v.slice(e);
    const caret = s + text.length;
    this.input.focus();
    this.input.setSelectionRange(caret, caret);
    this.typingInput();
  }
}
