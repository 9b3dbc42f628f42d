// One chat in the console: its tab, its panel (messages, composer, visitor
// panel) and what it sends. The console (console.js) owns the list of
// views and feeds each one the poll's entry for its chat; a view fetches
// its messages itself (GET /messages) whenever last_seq grew beyond the
// messages the poll brought inline.
//
// Everything a visitor, a page or another operator wrote goes into the DOM
// as text (el() / text nodes); links only for http(s), opening without
// access to the console (rel="noopener noreferrer").
import { el, $, linkify, externalLink, fileBlock as fileLinks, utf8Length, plainText } from './dom.js';
import { t, getLang, formatTime, formatDateTime, formatSize, langName } from './i18n.js';
import { Outbox } from '../shared/outbox.js';
import { sleepMs, backoffMs } from './api.js';

const MSG_MAX = 4000; // bytes (the server's limit)
const UPLOAD_MAX = 5 * 1024 * 1024; // the server's default; it decides
const TYPING_RENEW_MS = 5000;
const TYPING_IDLE_MS = 4000;
const VISITOR_TYPING_TTL_MS = 12000;

export function visitorName(info, id) {
  const n = plainText(info?.name).trim() || plainText(info?.fields?.name).trim();
  return n || t('visitor_n', { id });
}

export class ChatView {
  // ctx: {api, canned(), onUnread(), onSelectRequest(view), onVisitorMessage(view, m),
  //       onStateChange(view), openHistory(id), announce(text), onAuth()}
  constructor(ctx, id, info = {}, { readOnly = false } = {}) {
    this.ctx = ctx;
    this.id = id;
    this.info = info;
    this.readOnly = readOnly;
    this.mine = !readOnly;
    this.status = readOnly ? 'closed' : 'active';
    this.gone = false;
    this.maxSeq = 0;
    this.haveSeq = 0;
    this.lastSeqKnown = 0;
    this.unread = 0;
    this.selected = false;
    this.loadedOnce = false;
    this.fetching = false;
    this.fetchAgain = false;
    this.seen = new Map(); // seq → li
    this.byClient = new Map(); // client_id → li
    this.items = new Map(); // client_id → outbox item
    this.detail = null;
    this.visitorTypingUntil = 0;
    this.sleeping = Boolean(info.visitor_sleeping);
    this.typingOn = false;
    this.typingSentAt = 0;
    this.typingTimer = 0;
    this.suggest = { open: false, items: [], index: 0, start: 0, end: 0 };
    this.infoKey = '';
    // Operator client ids ("o-…"). A lost session holds the queue: the
    // items wait for this operator's next login. A chat closed,
    // transferred or gone ends it.
    this.outbox = new Outbox({
      prefix: 'o',
      holds: (e) => e.unauthenticated,
      isFatal: (e) => e.code === 'chat_closed' || e.code === 'not_your_chat' || e.status === 404,
      backoff: backoffMs,
      send: (item) => (item.kind === 'text'
        ? ctx.api.send(this.id, item.clientId, item.text)
        : ctx.api.upload(this.id, item.clientId, item.file)),
      onChange: (item) => {
        this.items.set(item.clientId, item);
        if (!this.byClient.has(item.clientId)) this.showPending(item);
        this.renderItemState(item);
        if (item.error?.unauthenticated) ctx.onAuth();
      },
      onAck: (item, message) => {
        if (message) this.placeMessage({ ...message, client_id: item.clientId });
        this.renderItemState(item);
        setTimeout(() => {
          const li = this.byClient.get(item.clientId);
          if (li && item.state === 'sent') li.dataset.state = 'done';
          this.items.delete(item.clientId);
        }, 3000);
      },
      onFatal: () => this.fetchMessages(),
    });
    this.build();
    this.renderInfo();
    this.renderState();
    this.built = true;
  }

  get name() {
    return visitorName(this.info, this.id);
  }

  get canWrite() {
    return this.mine && !this.readOnly && !this.gone && this.status === 'active';
  }

  // ---- DOM ------------------------------------------------------------------------

  build() {
    const id = this.id;
    this.tabName = el('span', { class: 'tab-name' });
    this.tabFlags = el('span', { class: 'tab-flags', 'aria-hidden': 'true' });
    this.tabUnreadN = el('span', { 'aria-hidden': 'true' });
    this.tabUnreadSr = el('span', { class: 'visually-hidden' });
    this.tabUnread = el('span', { class: 'tab-unread', hidden: true }, this.tabUnreadN, this.tabUnreadSr);
    this.tabState = el('span', { class: 'visually-hidden' });
    this.tab = el('button', {
      type: 'button', role: 'tab', id: `tab-${id}`, class: 'tab', 'aria-selected': 'false',
      'aria-controls': `panel-${id}`, tabindex: '-1', 'data-chat': String(id),
    }, this.tabName, this.tabFlags, this.tabState, this.tabUnread);
    this.tab.addEventListener('click', () => this.ctx.onSelectRequest(this));

    this.title = el('h2', { class: 'chat-title', id: `title-${id}` });
    this.sub = el('p', { class: 'chat-sub' });
    this.btnCanned = el('button', { type: 'button', class: 'secondary', 'data-t': 'canned_btn', 'aria-keyshortcuts': 'Alt+K' });
    this.btnTransfer = el('button', { type: 'button', class: 'secondary', 'data-t': 'transfer_btn', 'aria-keyshortcuts': 'Alt+R' });
    this.btnClose = el('button', { type: 'button', class: 'secondary danger', 'data-t': 'close_chat', 'aria-keyshortcuts': 'Alt+C' });
    this.btnCloseTab = el('button', { type: 'button', class: 'secondary', 'data-t': 'close_tab', hidden: true, 'aria-keyshortcuts': 'Alt+C' });
    this.btnCanned.addEventListener('click', () => this.ctx.openCanned(this));
    this.btnTransfer.addEventListener('click', () => this.ctx.openTransfer(this));
    this.btnClose.addEventListener('click', () => this.ctx.closeChat(this));
    this.btnCloseTab.addEventListener('click', () => this.ctx.closeTab(this));
    const head = el('div', { class: 'chat-head' },
      el('div', { class: 'chat-head-text' }, this.title, this.sub),
      el('div', { class: 'chat-actions' }, this.btnCanned, this.btnTransfer, this.btnClose, this.btnCloseTab));

    this.sleepBar = el('p', { class: 'sleep-bar', role: 'status', hidden: true });
    this.stateBar = el('p', { class: 'state-bar', role: 'status', hidden: true });
    // The note of the last transfer: for the operators only (the visitor
    // never sees it), free text from a colleague, so only ever text.
    this.noteLabel = el('strong', { class: 'transfer-note-label' });
    this.noteText = el('span', { class: 'transfer-note-text' });
    this.noteBar = el('p', { class: 'transfer-note', hidden: true }, this.noteLabel, ' ', this.noteText);
    this.noteKey = null;
    this.log = el('ol', {
      class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions',
      'aria-labelledby': `title-${id}`, tabindex: '0',
    });
    this.typingLine = el('p', { class: 'typing', 'aria-live': 'polite' });

    this.input = el('textarea', {
      id: `msg-${id}`, rows: '3', class: 'compose-input', 'aria-describedby': `hint-${id} err-${id}`,
      'aria-autocomplete': 'list', 'aria-controls': `suggest-${id}`, 'aria-expanded': 'false', autocomplete: 'off',
    });
    this.suggestList = el('ul', { class: 'suggest', id: `suggest-${id}`, role: 'listbox', hidden: true, 'data-t-label': 'canned_title' });
    this.fileInput = el('input', { type: 'file', hidden: true, multiple: true, tabindex: '-1' });
    this.btnAttach = el('button', { type: 'button', class: 'secondary attach', 'data-t': 'attach' });
    this.btnSend = el('button', { type: 'submit', class: 'primary', 'data-t': 'send' });
    this.composeError = el('p', { class: 'error', id: `err-${id}`, role: 'alert', hidden: true });
    this.form = el('form', { class: 'compose', novalidate: true },
      el('label', { for: `msg-${id}`, class: 'visually-hidden', 'data-t': 'message_label' }),
      el('div', { class: 'compose-row' },
        el('div', { class: 'compose-box' }, this.input, this.suggestList),
        el('div', { class: 'compose-buttons' }, this.btnSend, this.btnAttach)),
      this.fileInput,
      el('p', { class: 'hint', id: `hint-${id}`, 'data-t': 'compose_hint' }),
      this.composeError);
    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.sendText();
    });
    this.input.addEventListener('keydown', (ev) => this.onComposeKey(ev));
    this.input.addEventListener('input', () => {
      this.typingInput();
      this.updateSuggest();
    });
    this.input.addEventListener('blur', () => setTimeout(() => this.closeSuggest(), 150));
    this.btnAttach.addEventListener('click', () => this.fileInput.click());
    this.fileInput.addEventListener('change', () => {
      this.sendFiles([...this.fileInput.files]);
      this.fileInput.value = '';
    });
    this.suggestList.addEventListener('mousedown', (ev) => ev.preventDefault());
    this.suggestList.addEventListener('click', (ev) => {
      const li = ev.target.closest('[role="option"]');
      if (li) this.pickSuggest(Number(li.dataset.index));
    });

    this.ended = el('div', { class: 'ended', hidden: true });

    const main = el('div', { class: 'chat-main' }, head, this.sleepBar, this.stateBar, this.noteBar, this.log, this.typingLine, this.ended, this.form);
    // Files dropped on the conversation are sent.
    main.addEventListener('dragover', (ev) => {
      if (!this.canWrite || !ev.dataTransfer?.types?.includes('Files')) return;
      ev.preventDefault();
      main.classList.add('dropping');
    });
    main.addEventListener('dragleave', () => main.classList.remove('dropping'));
    main.addEventListener('drop', (ev) => {
      main.classList.remove('dropping');
      if (!this.canWrite || !ev.dataTransfer?.files?.length) return;
      ev.preventDefault();
      this.sendFiles([...ev.dataTransfer.files]);
    });

    this.infoBox = el('div', { class: 'info-body' });
    this.info$ = el('aside', { class: 'visitor-info', 'aria-labelledby': `info-h-${id}` },
      el('h3', { id: `info-h-${id}`, 'data-t': 'visitor_panel' }), this.infoBox);
    this.panel = el('section', {
      class: 'chat-panel', role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}`, hidden: true,
    }, main, this.info$);
  }

  focusComposer() {
    if (this.canWrite) this.input.focus();
    else this.log.focus();
  }

  select(on) {
    this.selected = on;
    this.panel.hidden = !on;
    this.tab.setAttribute('aria-selected', on ? 'true' : 'false');
    this.tab.tabIndex = on ? 0 : -1;
    this.tab.classList.toggle('selected', on);
    if (on) {
      this.tab.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      this.markRead();
      this.keepScrolledToBottom(true);
    }
  }

  markRead() {
    if (!this.unread) return;
    this.unread = 0;
    this.renderTab();
    this.ctx.onUnread();
  }

  relabel() {
    this.renderTab();
    this.renderHead();
    this.renderState();
    this.renderInfo(true);
    for (const item of this.items.values()) this.renderItemState(item);
    this.refreshNames();
  }

  // The visitor's name can change (set by the page): relabel their messages.
  refreshNames() {
    for (const who of this.log.querySelectorAll('.msg-who[data-role="visitor"]')) {
      if (who.textContent !== this.name) who.textContent = this.name;
    }
  }

  renderTab() {
    this.tabName.textContent = this.name;
    const flags = [];
    if (this.sleeping && this.status !== 'closed') flags.push(el('span', { class: 'flag flag-sleep', title: t('sleeping_short') }));
    if (this.visitorTyping()) flags.push(el('span', { class: 'flag flag-typing', title: t('typing_short') }));
    if (this.status === 'closed' || !this.mine || this.gone) flags.push(el('span', { class: 'flag flag-ended', title: t('ended_short') }));
    this.tabFlags.replaceChildren(...flags);
    const states = [];
    if (this.sleeping && this.status !== 'closed') states.push(t('sleeping_short'));
    if (this.visitorTyping()) states.push(t('typing_short'));
    if (this.readOnly) states.push(t('readonly_short'));
    else if (this.status === 'closed' || !this.mine || this.gone) states.push(t('ended_short'));
    this.tabState.textContent = states.length ? `, ${states.join(', ')}` : '';
    this.tabUnread.hidden = this.unread === 0;
    this.tabUnreadN.textContent = this.unread > 99 ? '99+' : String(this.unread);
    this.tabUnreadSr.textContent = `, ${t('unread_n', { n: this.unread })}`;
    this.tab.classList.toggle('has-unread', this.unread > 0);
    this.tab.classList.toggle('ended', this.status === 'closed' || !this.mine || this.gone);
  }

  renderHead() {
    this.title.textContent = this.readOnly ? t('history_title', { name: this.name, id: this.id }) : this.name;
    const bits = [];
    const from = plainText(this.info.from);
    if (from) bits.push(t('from_x', { from }));
    if (this.info.dept) bits.push(this.ctx.deptName(this.info.dept));
    if (this.info.lang) bits.push(langName(this.info.lang));
    bits.push(`#${this.id}`);
    this.sub.textContent = bits.join(' · ');
  }

  renderState() {
    this.renderTab();
    this.renderHead();
    const write = this.canWrite;
    this.form.hidden = !write;
    this.btnCanned.hidden = !write;
    this.btnTransfer.hidden = !write;
    this.btnClose.hidden = !write;
    this.btnCloseTab.hidden = write;
    let state = '';
    if (this.gone) state = t('chat_gone');
    else if (this.readOnly) state = t('readonly_note');
    else if (this.status === 'closed') state = t('chat_closed');
    else if (!this.mine) state = t('chat_elsewhere');
    this.stateBar.textContent = state;
    this.stateBar.hidden = !state;
    this.sleepBar.textContent = t('sleeping_bar', { name: this.name });
    this.sleepBar.hidden = !(this.sleeping && this.status !== 'closed' && !this.readOnly && !this.gone);
    this.renderTyping();
    this.renderNote();
    if (this.built) this.ctx.onStateChange(this);
  }

  // "Note from the transfer: …" near the top of the chat; nothing when the
  // last transfer had no note (or there was none).
  renderNote() {
    const note = plainText(this.info.note).trim();
    const key = `${getLang()}\n${note}`;
    if (key === this.noteKey) return;
    this.noteKey = key;
    this.noteLabel.textContent = note ? t('transfer_note_from') : '';
    this.noteText.textContent = note;
    this.noteBar.hidden = !note;
  }

  visitorTyping() {
    return this.status === 'active' && Date.now() < this.visitorTypingUntil;
  }

  renderTyping() {
    const on = this.visitorTyping();
    const text = on ? t('visitor_typing', { name: this.name }) : '';
    if (this.typingLine.textContent !== text) this.typingLine.textContent = text;
  }

  // ---- data from the poll ------------------------------------------------------------

  // entry: the chat's member of the poll's "chats" (mine) list.
  updateFromPoll(entry) {
    const oldName = this.name;
    const { messages: _inline, ...info } = entry; // eslint-disable-line no-unused-vars
    this.info = { ...this.info, ...info };
    if (this.name !== oldName) this.refreshNames();
    const wasMine = this.mine;
    this.mine = true;
    this.leaving = false;
    this.closedByMe = false;
    if (this.status !== 'active') this.status = 'active';
    this.gone = false;
    this.sleeping = Boolean(entry.visitor_sleeping);
    if (entry.visitor_typing) this.visitorTypingUntil = Date.now() + VISITOR_TYPING_TTL_MS;
    else this.visitorTypingUntil = 0;
    if (!wasMine) this.outbox.resume();
    this.renderState();
    this.renderInfo();
    const lastSeq = Number(entry.last_seq) || 0;
    if (lastSeq > this.lastSeqKnown) this.lastSeqKnown = lastSeq;
    // The poll brings the new messages inline for the chats it was given
    // in seqs (at most 50): placed once per seq like fetched ones. GET
    // /messages stays for the first load and whatever is still missing.
    if (this.loadedOnce && Array.isArray(entry.messages) && entry.messages.length) {
      this.applyMessages({ messages: entry.messages });
    }
    if (!this.loadedOnce || lastSeq > this.haveSeq) this.fetchMessages();
    if (this.detail && typeof entry.contract === 'boolean' && entry.contract !== this.detail.contract?.flag) this.loadDetail();
  }

  // The chat is no longer in the operator's list: closed (by the visitor or
  // by us), transferred, or timed out. Fetch the last messages and the state.
  leftMyList({ byMe = false } = {}) {
    if (!this.mine) return;
    this.mine = false;
    // Until a fetch that started after this moment tells why (closed,
    // transferred), the console still counts the chat as ours.
    this.leaving = true;
    this.leftAt = Date.now();
    if (byMe) this.closedByMe = true;
    this.visitorTypingUntil = 0;
    this.typingStop(false);
    this.renderState();
    this.fetchMessages();
  }

  tick() {
    // Expire the visitor's typing mark when no renewal came.
    if (this.visitorTypingUntil && Date.now() >= this.visitorTypingUntil) {
      this.visitorTypingUntil = 0;
      this.renderTab();
      this.renderTyping();
    }
    for (const item of this.items.values()) if (item.state === 'retry' && item.retryAt) this.renderItemState(item);
  }

  async fetchMessages() {
    if (this.fetching) {
      this.fetchAgain = true;
      return;
    }
    this.fetching = true;
    let failures = 0;
    try {
      do {
        this.fetchAgain = false;
        let data;
        const startedAt = Date.now();
        try {
          data = await this.ctx.api.messages(this.id, this.haveSeq);
        } catch (e) {
          if (e.status === 404) {
            this.gone = true;
            this.mine = false;
            this.outbox.failAll(e);
            this.renderState();
            return;
          }
          if (e.unauthenticated) return;
          failures += 1;
          await sleepMs(Math.min(30000, 1000 * 2 ** failures));
          this.fetchAgain = true;
          continue;
        }
        const before = this.haveSeq;
        this.applyMessages(data, startedAt);
        const last = Number(data.last_seq) || 0;
        if (last > this.haveSeq && this.haveSeq > before) this.fetchAgain = true;
        if (last > this.lastSeqKnown) this.lastSeqKnown = last;
        if (this.lastSeqKnown > this.haveSeq && this.haveSeq > before) this.fetchAgain = true;
      } while (this.fetchAgain);
    } finally {
      this.fetching = false;
    }
  }

  applyMessages(data, startedAt = 0) {
    const first = !this.loadedOnce;
    this.loadedOnce = true;
    if (first) this.log.setAttribute('aria-busy', 'true');
    if (typeof data.status === 'string') {
      const was = this.status;
      this.status = data.status;
      if (data.status === 'closed' && was !== 'closed') {
        this.mine = false;
        this.outbox.failAll({ code: 'chat_closed' });
        this.typingStop(false);
      }
    }
    if (this.leaving && (this.status !== 'active' || startedAt >= this.leftAt)) this.leaving = false;
    if (typeof data.visitor_sleeping === 'boolean') this.sleeping = data.visitor_sleeping;
    const msgs = (Array.isArray(data.messages) ? data.messages : [])
      .filter((m) => m && Number.isInteger(m.seq))
      .sort((a, b) => a.seq - b.seq);
    for (const m of msgs) {
      if (m.from === 'operator' && typeof m.client_id === 'string' && this.outbox.ackedElsewhere(m.client_id, m)) continue;
      this.placeMessage(m, { replay: first });
    }
    if (first) {
      this.log.removeAttribute('aria-busy');
      this.keepScrolledToBottom(true);
    }
    this.renderState();
  }

  // ---- messages ---------------------------------------------------------------------

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

  failReason(e, kind) {
    if (!e) return '';
    if (e.code === 'chat_closed' || e.code === 'not_your_chat' || e.status === 404) return t('reason_not_yours');
    if (kind === 'file' && (e.code === 'unsupported_file_type' || e.status === 415)) return t('reason_file_type');
    if (kind === 'file' && (e.code === 'body_too_large' || e.status === 413)) return t('reason_too_big');
    return t('err_rejected', { code: e.code });
  }

  renderItemState(item) {
    const li = this.byClient.get(item.clientId);
    if (!li) return;
    let n = li.querySelector('.msg-state');
    if (!n) {
      n = el('p', { class: 'msg-state' });
      li.append(n);
    }
    if (!(item.state === 'sent' && li.dataset.state === 'done')) li.dataset.state = item.state;
    let text;
    if (item.state === 'sent') text = t('msg_sent');
    else if (item.state === 'failed') text = t('msg_failed', { reason: this.failReason(item.error, item.kind) });
    else if (item.state === 'retry') {
      if (item.error?.unauthenticated) text = t('msg_wait_login');
      else {
        const s = Math.ceil((item.retryAt - Date.now()) / 1000);
        text = s > 1 ? t('msg_retry_in', { s }) : t('msg_retry');
      }
    } else text = t('msg_sending');
    n.textContent = text;
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
      const c = this.ctx.canned().find((x) => x.shortcut === only[1]);
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

  // ---- canned answers: "/shortcut" at the caret ---------------------------------------

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
    this.input.setAttribute('aria-expanded', 'true');
    this.input.setAttribute('aria-activedescendant', `sg-${this.id}-${index}`);
  }

  closeSuggest() {
    if (!this.suggest.open) return;
    this.suggest = { open: false, items: [], index: 0, start: 0, end: 0 };
    this.suggestList.hidden = true;
    this.suggestList.replaceChildren();
    this.input.setAttribute('aria-expanded', 'false');
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

  // ---- typing, both ways --------------------------------------------------------------

  typingInput() {
    if (!this.canWrite) return;
    if (this.input.value.trim() === '') {
      this.typingStop(true);
      return;
    }
    const now = Date.now();
    if (!this.typingOn || now - this.typingSentAt > TYPING_RENEW_MS) {
      this.typingOn = true;
      this.typingSentAt = now;
      this.ctx.api.typing(this.id, true).catch(() => {});
    }
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.typingStop(true), TYPING_IDLE_MS);
  }

  typingStop(tell) {
    clearTimeout(this.typingTimer);
    if (!this.typingOn) return;
    this.typingOn = false;
    if (tell && this.canWrite) this.ctx.api.typing(this.id, false).catch(() => {});
  }

  // ---- visitor panel ------------------------------------------------------------------

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

  destroy() {
    this.typingStop(true);
    this.outbox.pause();
    this.tab.remove();
    this.panel.remove();
  }
}
