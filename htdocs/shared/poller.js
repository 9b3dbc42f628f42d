// One long-poll loop, used by the chat app (GET chat/poll) and the operator
// console (GET operator/poll). What a poll asks for (the chat's after and
// version, the console's cursor) is the caller's business; this file owns
// the loop itself:
//   - the server holds each request up to getWait() seconds (0…25) and
//     answers within milliseconds of news;
//   - a failure backs off (1, 2, 4 … 30 s, or the server's Retry-After,
//     through the caller's backoff()) and tries again; the loop never gives
//     up on its own;
//   - gone(err) (the chat app: 404, the chat is not ours; the console: the
//     session is lost) stops it for good and hands over to onGone();
//   - now() cuts a running request or a pause short, stop() ends the loop,
//     start() begins it (or acts as now() when it runs);
//   - with retry_ms in an answer (the server runs as plain CGI and cannot
//     hold the request) it waits that long (at most 30 s) between polls;
//     without one and a request that was not held (wait 0) it waits
//     idlePauseMs; an answer that came fast and brought nothing new is
//     followed by a 1 s pause, so the loop never spins.
// Hidden pages and sleeping chats are the caller's: it calls stop() and
// start().
import { backoffMs, sleepMs } from './http.js';

const RETRY_MS_CAP = 30000;
const QUICK_MS = 1000;
const SPIN_PAUSE_MS = 1000;

export class Poller {
  // poll({wait, signal}) → Promise<data>: one request.
  // onAnswer(data) → {stop, more, news} (all optional): stop ends the loop,
  //   more asks again at once (the server has more than one answer's
  //   worth), news says the answer changed something.
  // onError(err, failures, delayMs, retryAt); onRecovered() after a failure.
  constructor({
    poll, onAnswer, onError = () => {}, onRecovered = () => {}, gone = () => false, onGone = () => {},
    getWait = () => 25, backoff = backoffMs, idlePauseMs = 2000,
  }) {
    Object.assign(this, { poll, onAnswer, onError, onRecovered, gone, onGone, getWait, backoff, idlePauseMs });
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
    this.generation += 1;
    this.ctl?.abort();
  }

  // Ask at once: cut a running long-poll or a pause short.
  now() {
    if (this.running) this.ctl?.abort();
  }

  live(gen) {
    return this.running && gen === this.generation;
  }

  async loop(gen) {
    while (this.live(gen)) {
      this.ctl = new AbortController();
      const { signal } = this.ctl;
      const wait = Math.max(0, Math.min(25, Number(this.getWait()) || 0));
      const began = Date.now();
      let data;
      try {
        data = await this.poll({ wait, signal });
      } catch (e) {
        if (!this.live(gen)) return;
        if (e.code === 'aborted' && signal.aborted) continue; // now(): ask again at once
        if (this.gone(e)) {
          this.running = false;
          this.onGone(e);
          return;
        }
        this.failures += 1;
        const delay = this.backoff(this.failures - 1, e);
        this.onError(e, this.failures, delay, Date.now() + delay);
        await sleepMs(delay, signal);
        continue;
      }
      if (!this.live(gen)) return;
      if (this.failures) {
        this.failures = 0;
        this.onRecovered();
      }
      let answer = {};
      try {
        answer = this.onAnswer(data) ?? {};
      } catch (e) {
        console.error('Plauder: poll answer', e); // eslint-disable-line no-console
      }
      if (answer.stop) {
        this.running = false;
        return;
      }
      let delay = 0;
      if (!answer.more) {
        const retryMs = Number(data.retry_ms) || 0;
        if (retryMs > 0) delay = Math.min(retryMs, RETRY_MS_CAP);
        else if (wait === 0 && this.idlePauseMs) delay = this.idlePauseMs;
        else if (Date.now() - began < QUICK_MS && !answer.news) delay = SPIN_PAUSE_MS;
      }
      if (delay) await sleepMs(delay, signal);
    }
  }
}
