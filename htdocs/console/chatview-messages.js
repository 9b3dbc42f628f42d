// ChatView, the messages: the log (each message once per seq, in seq
// order), the operator's own messages with their delivery state until the
// server has them, and sending texts and files. Methods of ChatView
// (./chatview.js mixes them in).
import { el, linkify, fileBlock as fileLinks, utf8Length, plainText } from './dom.js';
import { t, formatTime, formatSize } from './i18n.js';
import { renderItemState as renderState } from '../shared/msgstate.js';

const MSG_MAX = 4000; // bytes (the server's limit)
const UPLOAD_MAX = 5 * 1024 * 1024; // the server's default; it decides

// A closed, transferred or vanished chat takes no more of our messages; a
// resend that waits for the operator's next login says so.
const STATE_TEXTS = {
  t,
  closed: (e) => (e.code === 'chat_closed' || e.code === 'not_your_chat' || e.status === 404 ? t('reason_not_yours') : ''),
  waiting: (item) => (item.error?.unauthenticated ? t('msg_wait_login') : ''),
};

export class MessagesPart {
  whoOf(m) {
    if (m.from === 'visitor') return { role: 'visitor', name: this.name };
    if (m.from === 'operator') return { role: 'operator', name: plainText(m.name) || t('operator') };
    return { role: 'system', name: '' };
  }

  fileBlock(file) {
    const name = plainText(file.name) || 'file';
    const label = t('file_label', { name, size: formatSize(file.size) });
    const fid = Number(file.id);
    if (!Number.isInteger(fid) || fid <= 0) return el('p', { class: 'file' }, label);
    return fileLinks({
      url: this.ctx.api.fileUrl(this.id, fid),
      name,
      type: file.type,
      label,
      alt: t('image_alt', { name }),
      onLoad: () => this.keepScrolledToBottom(),
    });
  }

  fillMessage(li, m) {
    const who = this.whoOf(m);
    li.className = `msg msg-${who.role}`;
    const time = formatTime(m.time);
    const meta = who.role === 'system' ? null : el('p', { class: 'msg-meta' },
      el('span', { class: 'msg-who', 'data-role': who.role }, who.name),
      time ? el('time', { datetime: String(m.time) }, ` ${time}`) : null);
    const body = el('div', { class: 'msg-body' });
    if (typeof m.text === 'string' && m.text !== '') body.append(el('p', { class: 'msg-text' }, ...linkify(m.text)));
    if (m.file && typeof m.file === 'object') body.append(this.fileBlock(m.file));
    if (who.role === 'system' && time) body.append(el('time', { class: 'msg-time', datetime: String(m.time) }, ` ${time}`));
    const state = li.querySelector('.msg-state');
    li.replaceChildren(...[meta, body, state].filter(Boolean));
  }

  isNearBottom() {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
  }

  keepScrolledToBottom(force = false) {
    if (force || this.isNearBottom()) this.log.scrollTop = this.log.scrollHeight;
  }

  insertBySeq(li, seq) {
    let before = null;
    for (const child of this.log.children) {
      if (child === li) continue;
      const s = child.dataset.seq;
      if (!s || Number(s) > seq) {
        before = child;
        break;
      }
    }
    if (li.parentNode !== this.log || li.nextElementSibling !== before) this.log.insertBefore(li, before);
  }

  // A message the server has: shown once per seq. replay: part of the
  // conversation loaded when the tab opened (no unread count, no alert).
  placeMessage(m, { replay = false } = {}) {
    if (!m || !Number.isInteger(m.seq) || this.seen.has(m.seq)) return;
    const near = this.isNearBottom();
    let li = typeof m.client_id === 'string' ? this.byClient.get(m.client_id) : null;
    if (!li) li = el('li', {});
    this.fillMessage(li, m);
    li.dataset.seq = String(m.seq);
    this.seen.set(m.seq, li);
    if (m.seq > this.maxSeq) this.maxSeq = m.seq;
    // haveSeq: every seq up to it is here. Asking "after haveSeq" (not
    // after the highest seq) never skips a message that arrived out of
    // order, e.g. a visitor's message overtaken by our own send's echo.
    while (this.seen.has(this.haveSeq + 1)) this.haveSeq += 1;
    if (typeof m.client_id === 'string') this.byClient.set(m.client_id, li);
    this.insertBySeq(li, m.seq);
    if (near) this.keepScrolledToBottom(true);
    if (m.from === 'visitor') {
      this.visitorTypingUntil = 0;
      this.renderTyping();
      if (!replay) {
        if (!(this.selected && this.ctx.isAttending())) {
          this.unread += 1;
          this.renderTab();
          this.ctx.onUnread();
        }
        this.ctx.onVisitorMessage(this, m);
      }
    }
  }

  // The delivery state under one of the operator's messages (the renderer
  // is shared with the chat app: ../shared/msgstate.js).
  renderItemState(item) {
    const li = this.byClient.get(item.clientId);
    if (!li) return;
    const n = renderState(li, item, STATE_TEXTS);
    if (item.state === 'failed' && item.kind === 'text' && !n.querySelector('button') && this.canWrite) {
      // A refused text can be taken back into the composer.
      const b = el('button', { type: 'button', class: 'link-btn' }, t('msg_edit_again'));
      b.addEventListener('click', () => {
        this.input.value = item.text + (this.input.value ? `\n${this.input.value}` : '');
        li.remove();
        this.byClient.delete(item.clientId);
        this.items.delete(item.clientId);
        this.input.focus();
      });
      n.append(' ', b);
    }
  }

  showPending(item) {
    const li = el('li', { class: 'msg msg-operator msg-pending' });
    const body = el('div', { class: 'msg-body' });
    if (item.kind === 'text') body.append(el('p', { class: 'msg-text' }, ...linkify(item.text)));
    else body.append(el('p', { class: 'file' }, t('file_label', { name: item.file.name, size: formatSize(item.file.size) })));
    li.append(
      el('p', { class: 'msg-meta' },
        el('span', { class: 'msg-who', 'data-role': 'operator' }, this.ctx.me().name || t('you')),
        el('time', {}, ` ${formatTime(new Date().toISOString())}`)),
      body);
    this.byClient.set(item.clientId, li);
    this.log.append(li);
    this.keepScrolledToBottom(true);
  }

  showComposeError(text) {
    this.composeError.textContent = text ?? '';
    this.composeError.hidden = !text;
  }

  sendText() {
    if (!this.canWrite) return;
    if (this.suggest.open) {
      this.pickSuggest(this.suggest.index);
      return;
    }
    const text = this.input.value.replace(/\s+$/u, '');
    if (!text.trim()) return;
    // A message that is exactly "/shortcut" becomes the canned answer
    // (inserted for review, not sent at once).
    const only = /^\/([A-Za-z0-9_-]{1,32})$/.exec(text.trim());
    if (only) {
      const c = this.ctx.canned().find((x) => x.shortcut.toLowerCase() === only[1].toLowerCase());
      if (c) {
        this.input.value = c.text;
        this.input.setSelectionRange(c.text.length, c.text.length);
        return;
      }
    }
    if (utf8Length(text) > MSG_MAX) {
      this.showComposeError(t('too_long', { max: MSG_MAX }));
      return;
    }
    this.showComposeError('');
    this.input.value = '';
    this.typingStop(true);
    this.outbox.add('text', { text });
  }

  sendFiles(files) {
    if (!this.canWrite) return;
    this.showComposeError('');
    for (const file of files) {
      if (file.size === 0) continue;
      if (file.size > UPLOAD_MAX) {
        this.showComposeError(t('file_too_big', { name: file.name, max: formatSize(UPLOAD_MAX) }));
        continue;
      }
      this.outbox.add('file', { file });
    }
  }

  onComposeKey(ev) {
    if (this.suggest.open) {
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        ev.preventDefault();
        const n = this.suggest.items.length;
        this.suggest.index = (this.suggest.index + (ev.key === 'ArrowDown' ? 1 : n - 1)) % n;
        this.renderSuggest();
        return;
      }
      if (ev.key === 'Enter' || ev.key === 'Tab') {
        ev.preventDefault();
        this.pickSuggest(this.suggest.index);
        return;
      }
      if (ev.key === 'Escape') {
        ev.preventDefault();
        ev.stopPropagation();
        this.closeSuggest();
        return;
      }
    }
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.altKey && !ev.ctrlKey && !ev.metaKey && !ev.isComposing) {
      ev.preventDefault();
      this.sendText();
    }
  }
}
