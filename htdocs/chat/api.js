// The HTTP client of the chat app for /plauder/cgi-bin/chat/ACTION
// (docs/API.md, section "/chat"). Every answer is JSON; every error has the
// shape {"error": {"code", "message", "field", "request_id"}}. The fetch,
// timeout, error and back-off plumbing is shared with the console
// (../shared/http.js).
import { ApiError as HttpError, backoffMs, sleepMs, toQuery, clean, fetchJson } from '../shared/http.js';

// 429 (too many requests) is worth waiting out here too; a refused
// transcript mail is not.
export class ApiError extends HttpError {
  get transient() {
    if (this.code === 'mail_failed' || this.code === 'mail_unconfigured') return false;
    return super.transient || this.status === 429;
  }
}

// A Retry-After is believed up to 5 minutes.
const RETRY_AFTER_CAP_MS = 300000;

export { backoffMs, sleepMs };

export class ChatApi {
  // base: URL of .../cgi-bin/chat/ ; site: "N-M"
  constructor(base, site) {
    this.base = new URL(base);
    this.site = site;
    this.chat = null; // {id, token} once started
  }

  // The endpoint's URL with site and params in the query; bare (no query)
  // for POSTs whose parameters all travel in the body: a parameter given in
  // both places would be an error.
  url(action, params = {}, bare = false) {
    const u = new URL(action, this.base);
    if (!bare) u.search = toQuery({ site: this.site, ...params }).toString();
    return u;
  }

  // Parameters that name the running chat.
  chatParams(extra = {}) {
    if (!this.chat) throw new ApiError({ code: 'no_chat', message: 'no chat yet' });
    return { chat: this.chat.id, token: this.chat.token, ...extra };
  }

  // The chat's secret travels in the X-Plauder-Token header, or inside a
  // POST body: never in a URL (docs/API.md, "Secrets stay out of URLs").
  // Files and transcripts are fetched with it and shown from blob: URLs.
  async blob(action, extra = {}, { signal, timeoutMs = 60000 } = {}) {
    const { token, ...query } = this.chatParams(extra);
    const ctl = new AbortController();
    const onAbort = () => ctl.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    try {
      const res = await fetch(this.url(action, query), {
        credentials: 'omit', cache: 'no-store', headers: { 'X-Plauder-Token': token }, signal: ctl.signal,
      });
      if (!res.ok) throw new ApiError({ status: res.status, code: `http_${res.status}`, message: res.statusText });
      return await res.blob();
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError({ status: 0, code: signal?.aborted ? 'aborted' : 'network', message: String(e?.message ?? e) });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async request(method, action, { query = {}, json = null, body = null, signal, timeoutMs = 30000, keepalive = false } = {}) {
    const init = { method, credentials: 'omit', cache: 'no-store', headers: { Accept: 'application/json' }, keepalive };
    const { token, visitor_token: visitorToken, ...rest } = query;
    let url;
    if (method === 'GET' || body !== null) {
      // No body to carry the secrets: headers, never the URL.
      url = this.url(action, rest);
      if (token) init.headers['X-Plauder-Token'] = token;
      if (visitorToken) init.headers['X-Plauder-Visitor-Token'] = visitorToken;
      if (body !== null) {
        init.body = body;
        init.headers['Content-Type'] = 'application/octet-stream';
      }
    } else {
      url = this.url(action, {}, true);
      init.body = JSON.stringify(clean({ site: this.site, ...query, ...(json ?? {}) }));
      init.headers['Content-Type'] = 'application/json';
    }
    return fetchJson(url, init, { signal, timeoutMs, ErrorClass: ApiError, retryAfterCapMs: RETRY_AFTER_CAP_MS });
  }

  config({ lang, dept }) {
    return this.request('GET', 'config', { query: { lang, dept } });
  }

  start(params) {
    return this.request('POST', 'start', { json: params });
  }

  send(clientId, text) {
    return this.request('POST', 'send', { query: this.chatParams(), json: { client_id: clientId, text } });
  }

  upload(clientId, file, signal) {
    return this.request('POST', 'upload', {
      query: this.chatParams({ client_id: clientId, name: file.name.slice(0, 255) || 'file' }),
      body: file,
      signal,
      timeoutMs: 120000,
    });
  }

  poll({ after, version, wait, signal }) {
    return this.request('GET', 'poll', {
      query: this.chatParams({ after, version, wait }),
      signal,
      timeoutMs: (wait + 15) * 1000,
    });
  }

  typing(on) {
    return this.request('POST', 'typing', { query: this.chatParams(), json: { typing: on ? 1 : 0 } });
  }

  sleep(on, { keepalive = false } = {}) {
    return this.request('POST', 'sleep', { query: this.chatParams(), json: { sleep: on ? 1 : 0 }, keepalive });
  }

  // For pagehide: the page may be gone before a fetch completes. sendBeacon
  // sends a form-encoded body (a CORS-safe type), which the server accepts.
  sleepBeacon() {
    if (!this.chat) return false;
    const body = toQuery({ site: this.site, ...this.chatParams(), sleep: 1 });
    try {
      if (navigator.sendBeacon?.(this.url('sleep', {}, true).toString(), body)) return true;
    } catch { /* fall through */ }
    this.sleep(true, { keepalive: true }).catch(() => {});
    return true;
  }

  close() {
    return this.request('POST', 'close', { query: this.chatParams() });
  }

  data(payload) {
    return this.request('POST', 'data', { query: this.chatParams(), json: payload });
  }

  transcriptMail(email) {
    return this.request('POST', 'transcript-mail', { query: this.chatParams(), json: { email } });
  }
}
