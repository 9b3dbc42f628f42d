// The resend queue of the chat app and the operator console: nothing
// written is lost while the page is open.
//
// Every item carries a client_id chosen here. Items go out one after the
// other, in the order written. A network error or a transient answer (503
// with Retry-After, …) keeps the item and sends it again with the SAME
// client_id, so the server stores it once however often it arrives (send
// and upload are idempotent by client_id). Items stay in memory until the
// server acknowledged them; an answer the server refused for good (400,
// 409, 413, 415 …) marks the item failed and the next one goes on. What an
// app treats differently (an error that ends the chat, one that holds the
// queue for later, how long to wait) it passes to the constructor.
import { backoffMs, sleepMs } from './http.js';

// prefix + '-' + crypto.randomUUID() where available (secure contexts),
// else 16 random bytes; only [A-Za-z0-9_-] is kept, as the contract
// requires.
export function newClientId(prefix) {
  let id;
  if (typeof crypto.randomUUID === 'function') {
    id = crypto.randomUUID();
  } else {
    const b = crypto.getRandomValues(new Uint8Array(16));
    id = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }
  return `${prefix}-${id.replace(/[^A-Za-z0-9_-]/g, '')}`.slice(0, 64);
}

export class Outbox {
  // prefix: of the client ids ('v' visitor, 'o' operator).
  // send(item) → Promise<answer data>; onChange(item) after every state
  // change; onAck(item, message) when acknowledged; onFatal(error) when the
  // chat itself is gone or no longer ours (isFatal(error) says which
  // refusals mean that; the rest of the queue fails with it).
  // holds(error): keep the item and pause the queue until resume() (e.g. a
  // lost session: the items wait for the next login).
  // backoff(attempt, error) → ms before the next try.
  // wholeQueue: the items behind the head show its state (all "retry", all
  // "sending"), not only the head.
  constructor({
    prefix, send, onChange, onAck, onFatal,
    isFatal = (e) => e.code === 'chat_closed' || e.status === 404,
    holds = () => false,
    backoff = backoffMs,
    wholeQueue = false,
  }) {
    Object.assign(this, { prefix, send, onChange, onAck, onFatal, isFatal, holds, backoff, wholeQueue });
    this.queue = [];
    this.running = false;
    this.paused = false;
    this.wake = new AbortController();
  }

  // kind 'text' {text} or 'file' {file}; returns the item.
  add(kind, payload) {
    const item = { clientId: newClientId(this.prefix), kind, ...payload, state: 'sending', attempt: 0, retryAt: 0, error: null };
    this.queue.push(item);
    this.onChange(item);
    this.kick();
    return item;
  }

  get pending() {
    return this.queue.slice();
  }

  get size() {
    return this.queue.length;
  }

  // Retry now instead of waiting out the back-off (back online, wake-up).
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

  // The message arrived another way (poll, GET /messages) before send's
  // answer did (the answer got lost): it is stored, so stop resending it.
  ackedElsewhere(clientId, message) {
    const i = this.queue.findIndex((it) => it.clientId === clientId);
    if (i < 0) return false;
    const [item] = this.queue.splice(i, 1);
    item.state = 'sent';
    item.acked = true;
    this.onAck(item, message);
    return true;
  }

  // All queued items failed for good (the chat ended while they waited).
  failAll(error) {
    for (const item of this.queue.splice(0)) {
      item.state = 'failed';
      item.error = error;
      this.onChange(item);
    }
  }

  // The head's new state, and with wholeQueue that of everything behind it.
  setStates(state, head) {
    for (const item of this.wholeQueue ? this.queue : [head]) {
      item.state = state;
      if (item !== head) item.retryAt = head.retryAt;
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
      if (item.state !== 'sending') this.setStates('sending', item);
      let answer;
      try {
        answer = await this.send(item);
      } catch (e) {
        if (!this.queue.includes(item)) continue; // acknowledged another way meanwhile
        if (this.holds(e)) {
          item.retryAt = 0;
          item.error = e;
          this.setStates('retry', item);
          this.paused = true;
          return;
        }
        if (e.transient) {
          item.attempt += 1;
          const delay = this.backoff(item.attempt - 1, e);
          item.retryAt = Date.now() + delay;
          item.error = e;
          this.setStates('retry', item);
          await sleepMs(delay, this.wake.signal);
          continue;
        }
        this.queue.shift();
        item.state = 'failed';
        item.error = e;
        this.onChange(item);
        if (this.isFatal(e)) {
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
