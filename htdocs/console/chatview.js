// One chat in the console: its tab, its panel (messages, composer, visitor
// panel) and what it sends. The console (console.js) owns the list of
// views and feeds each one the poll's entry for its chat; a view fetches
// its messages itself (GET /messages) whenever last_seq grew beyond the
// messages the poll brought inline.
//
// Everything a visitor, a page or another operator wrote goes into the DOM
// as text (el() / text nodes); links only for http(s), opening without
// access to the console (rel="noopener noreferrer").
import { el, plainText } from './dom.js';
import { t, getLang, langName } from './i18n.js';
import { Outbox } from '../shared/outbox.js';
import { backoffMs } from './api.js';
import { PollPart } from './chatview-poll.js';
import { MessagesPart } from './chatview-messages.js';
import { CannedPart } from './chatview-canned.js';
import { TypingPart } from './chatview-typing.js';
import { PanelPart } from './chatview-panel.js';

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
      class: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions',
      'aria-labelledby': `title-${id}`, tabindex: '0',
    });
    this.typingLine = el('p', { class: 'typing', 'aria-live': 'polite' });

    this.input = el('textarea', {
      id: `msg-${id}`, rows: '3', class: 'compose-input', 'aria-describedby': `hint-${id} err-${id}`,
      'aria-autocomplete': 'list', 'aria-controls': `suggest-${id}`, autocomplete: 'off',
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

  destroy() {
    this.typingStop(true);
    this.outbox.pause();
    this.tab.remove();
    this.panel.remove();
  }
}

// The other concerns of a view live in their own files, as methods of
// ChatView: mixed in here, so a view is still one object (this.…).
for (const part of [PollPart, MessagesPart, CannedPart, TypingPart, PanelPart]) {
  for (const name of Object.getOwnPropertyNames(part.prototype)) {
    if (name !== 'constructor') Object.defineProperty(ChatView.prototype, name, Object.getOwnPropertyDescriptor(part.prototype, name));
  }
}
