// Receiving: GET chat/poll in a loop.
//
// Long-polling with wait = config.poll.wait (the server holds the request up
// to that many seconds and answers within milliseconds of news). With wait 0
// (server runs as plain CGI) it asks every retry_ms, or every 2 s when the
// server names no interval. "after" is the highest seq received and
// "version" the last version seen; messages are deduplicated by seq by the
// caller, so a repeated answer does no harm.
import { backoffMs, sleepMs } from './api.js';

export class Poller {
  // poll({after, version, wait, signal}) → Promise<data>
  // onAnswer(data) → {stop: bool}; onError(err, attempt, delayMs);
  // onRecovered(); onGone(err) for 404 (the chat is not there or not ours).
  constructor({ poll, getWait, onAnswer, onError, onRecovered, onGone }) {
    Object.assign(this, { poll, getWait, onAnswer, onError, onRecovered, onGone });
    this.after = 0;
    this.version = 0;
    this.running = false;
    this.ctl = null;
    this.failures = 0;
    this.generation = 0;
  }

  start() {
    if (this.running) {
      this.now();
      return;
    }
    this.running = true;
    this.generation += 1;
    this.loop(this.generation);
  }

  stop() {
    this.running = false;
    this.ctl?.abort();
  }

  // Ask at once: cut a running long-poll or a pause short.
  now() {
    if (!this.running) return;
    this.ctl?.abort();
  }

  async loop(gen) {
    while (this.running && gen === this.generation) {
      this.ctl = new AbortController();
      const { signal } = this.ctl;
      const wait = Math.max(0, Math.min(25, Number(this.getWait()) || 0));
      const began = Date.now();
      let data;
      try {
        data = await this.poll({ after: this.after, version: this.version, wait, signal });
      } catch (e) {
        if (!this.running || gen !== this.generation) return;
        if (e.code === 'aborted' && signal.aborted) continue; // now(): ask again at once
        if (e.status === 404) {
          this.running = false;
          this.onGone(e);
          return;
        }
        this.failures += 1;
        const delay = backoffMs(this.failures - 1, e);
        this.onError(e, this.failures, delay);
        await sleepMs(delay, signal);
        continue;
      }
      if (!this.running || gen !== this.generation) return;
      if (this.failures) {
        this.failures = 0;
        this.onRecovered();
      }
      let maxSeq = this.after;
      for (const m of Array.isArray(data.messages) ? data.messages : []) {
        if (Number.isInteger(m?.seq) && m.seq > maxSeq) maxSeq = m.seq;
      }
      const gotMessages = maxSeq > this.after;
      const news = gotMessages || data.version !== this.version ||
        data.operator_typing !== this.lastTyping || data.status !== this.lastStatus;
      this.lastTyping = data.operator_typing;
      this.lastStatus = data.status;
      this.after = maxSeq;
      if (Number.isInteger(data.version)) this.version = data.version;
      const { stop } = this.onAnswer(data) ?? {};
      if (stop) {
        this.running = false;
        return;
      }
      // More than one answer's worth waiting: fetch the rest at once.
      const more = gotMessages && Number.isInteger(data.last_seq) && data.last_seq > this.after;
      let delay = 0;
      if (!more) {
        const retryMs = Number(data.retry_ms) || 0;
        if (retryMs > 0) delay = retryMs;
        else if (wait === 0) delay = 2000;
        else if (Date.now() - began < 1000 && !news) delay = 1000; // never spin
      }
      if (delay) await sleepMs(delay, signal);
    }
  }
}
