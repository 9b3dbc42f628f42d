// ChatView, the data from the poll: the poll's entry for the chat, the
// chat leaving the operator's list, GET /messages for whatever the poll did
// not bring inline. Methods of ChatView (./chatview.js mixes them in).
import { sleepMs } from './api.js';

const VISITOR_TYPING_TTL_MS = 12000;

export class PollPart {
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
}
