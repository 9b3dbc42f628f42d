// The console's one long-poll: GET operator/poll?cursor=&wait=25 in a loop.
//
// The poll is also the presence heartbeat, so it never stops while the
// operator is logged in: a failure backs off (1, 2, 4 … 30 s, or the
// server's Retry-After) and tries again; a lost session (401) stops it and
// hands over to the login. With retry_ms > 0 in an answer (the server runs
// as plain CGI and cannot hold the request) it waits that long between
// polls.
import { backoffMs, sleepMs } from './api.js';

export class Poller {
  // poll({cursor, wait, signal}) → Promise<data>; onAnswer(data);
  // onError(err, failures, delayMs, retryAt); onRecovered(); onAuth(err).
  constructor({ poll, onAnswer, onError, onRecovered, onAuth, wait = 25 }) {
    Object.assign(this, { poll, onAnswer, onError, onRecovered, onAuth, wait });
    this.cursor = null;
    this.running = false;
    this.ctl = null;
    this.failures = 0;
    this.generation = 0;
  }

  start({ reset = false } = {}) {
    if (reset) this.cursor = null;
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
    this.generation += 1;
    this.ctl?.abort();
  }

  // Ask at once: cut a running long-poll or a back-off pause short.
  now() {
    if (this.running) this.ctl?.abort();
  }

  async loop(gen) {
    while (this.running && gen === this.generation) {
      this.ctl = new AbortController();
      const { signal } = this.ctl;
      // The first call (no cursor) answers at once with the whole state.
      const wait = this.cursor == null ? 0 : this.wait;
      const began = Date.now();
      let data;
      try {
        data = await this.poll({ cursor: this.cursor ?? undefined, wait, signal });
      } catch (e) {
        if (!this.running || gen !== this.generation) return;
        if (e.code === 'aborted' && signal.aborted) continue;
        if (e.unauthenticated) {
          this.running = false;
          this.onAuth(e);
          return;
        }
        this.failures += 1;
        const delay = backoffMs(this.failures - 1, e);
        this.onError(e, this.failures, delay, Date.now() + delay);
        await sleepMs(delay, signal);
        continue;
      }
      if (!this.running || gen !== this.generation) return;
      if (this.failures) {
        this.failures = 0;
        this.onRecovered();
      }
      const changed = data.cursor !== this.cursor;
      if (Number.isFinite(data.cursor)) this.cursor = data.cursor;
      try {
        this.onAnswer(data);
      } catch (e) {
        console.error('console: poll answer', e); // eslint-disable-line no-console
      }
      const retryMs = Number(data.retry_ms) || 0;
      let delay = 0;
      if (retryMs > 0) delay = Math.min(retryMs, 30000);
      else if (Date.now() - began < 500 && !changed) delay = 1000; // never spin
      if (delay) await sleepMs(delay, signal);
    }
  }
}
