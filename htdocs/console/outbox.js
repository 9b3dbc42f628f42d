// Outgoing messages and files of one chat: nothing the operator wrote is lost.
//
// Every item carries a client_id chosen here. Items go out one after the
// other, in the order written. A network error or a transient answer (503
// with Retry-After, …) keeps the item and sends it again with the SAME
// client_id, so the server stores it once however often it arrives (send
// and upload are idempotent by client_id). A lost session pauses the queue
// (the items wait for the next login); an answer the server refused for
// good (400, 409, 413, 415) marks the item failed and the next one goes on.
import { backoffMs, sleepMs } from './api.js';

export function newClientId() {
  let id;
  if (typeof crypto.randomUUID === 'function') {
    id = crypto.randomUUID();
  } else {
    const b = crypto.getRandomValues(new Uint8Array(16));
    id = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }
  return `o-${id.replace(/[^A-Za-z0-9_-]/g, '')}`.slice(0, 64);
}

export class Outbox {
  // send(item) → Promise<answer data>; onChange(item) after every state
  // change; onAck(item, message); onFatal(error) when the chat is no longer
  // the operator's (closed, transferred, gone).
  constructor({ send, onChange, onAck, onFatal }) {
    Object.assign(this, { send, onChange, onAck, onFatal });
    this.queue = [];
    this.running = false;
    this.paused = false;
    this.wake = new AbortController();
  }

  add(kind, payload) {
    const item = { clientId: newClientId(), kind, ...payload, state: 'sending', attempt: 0, retryAt: 0, error: null };
    this.queue.push(item);
    this.onChange(item);
    this.kick();
    return item;
  }

  get size() {
    return this.queue.length;
  }

  retryNow() {
    this.wake.abort();
    this.wake = new AbortController();
    this.kick();
  }

  pause() {
    this.paused = true;
    this.wake.abort();
    this.wake = new AbortController();
  }

  resume() {
    this.paused = false;
    this.kick();
  }

  // The message arrived through GET /messages before send's answer did (the
  // answer got lost): it is stored, so stop resending it.
  ackedElsewhere(clientId, message) {
    const i = this.queue.findIndex((it) => it.clientId === clientId);
    if (i < 0) return false;
    const [item] = this.queue.splice(i, 1);
    item.state = 'sent';
    item.acked = true;
    this.onAck(item, message);
    return true;
  }

  failAll(error) {
    for (const item of this.queue.splice(0)) {
      item.state = 'failed';
      item.error = error;
      this.onChange(item);
    }
  }

  kick() {
    if (this.running || this.paused) return;
    this.running = true;
    this.run().finally(() => {
      this.running = false;
      if (this.queue.length && !this.paused) this.kick();
    });
  }

  async run() {
    while (this.queue.length && !this.paused) {
      const item = this.queue[0];
      if (item.state !== 'sending') {
        item.state = 'sending';
        this.onChange(item);
      }
      let answer;
      try {
        answer = await this.send(item);
      } catch (e) {
        if (!this.queue.includes(item)) continue; // acknowledged meanwhile
        if (e.unauthenticated) {
          // Kept for the next login of this operator.
          item.state = 'retry';
          item.retryAt = 0;
          item.error = e;
          this.onChange(item);
          this.paused = true;
          return;
        }
        if (e.transient) {
          item.attempt += 1;
          const delay = backoffMs(item.attempt - 1, e);
          item.retryAt = Date.now() + delay;
          item.error = e;
          item.state = 'retry';
          this.onChange(item);
          await sleepMs(delay, this.wake.signal);
          continue;
        }
        this.queue.shift();
        item.state = 'failed';
        item.error = e;
        this.onChange(item);
        if (e.code === 'chat_closed' || e.code === 'not_your_chat' || e.status === 404) {
          this.failAll(e);
          this.onFatal(e);
          return;
        }
        continue;
      }
      const i = this.queue.indexOf(item);
      if (i >= 0) this.queue.splice(i, 1);
      if (!item.acked) {
        item.state = 'sent';
        item.acked = true;
        this.onAck(item, answer?.message ?? null);
      }
    }
  }
}
