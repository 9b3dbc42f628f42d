// The HTTP client of the chat app for /plauder/cgi-bin/chat/ACTION
// (docs/API.md, section "/chat"). Every answer is JSON; every error has the
// shape {"error": {"code", "message", "field", "request_id"}}.

export class ApiError extends Error {
  constructor({ status = 0, code = 'network', message = '', field = null, retryAfterMs = null, requestId = null } = {}) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfterMs = retryAfterMs;
    this.requestId = requestId;
  }

  // Worth sending again unchanged later: network errors, timeouts, a busy or
  // unreachable database (503), a gateway in between. Not: anything the server
  // understood and refused.
  get transient() {
    if (this.code === 'mail_failed' || this.code === 'mail_unconfigured') return false;
    return this.status === 0 || this.status === 408 || this.status === 429 ||
      this.status === 500 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

// "Retry-After: 3" or an HTTP date → milliseconds, or null.
export function parseRetryAfter(value) {
  if (value == null || value === '') return null;
  if (/^\d+$/.test(value.trim())) return Math.min(Number(value) * 1000, 300000);
  const when = Date.parse(value);
  if (Number.isNaN(when)) return null;
  return Math.max(0, Math.min(when - Date.now(), 300000));
}

// Delay before attempt n+1 (n ≥ 0): the server's Retry-After, else 1, 2, 4 …
// 30 s with ±20 % jitter so many clients do not come back at the same moment.
export function backoffMs(attempt, err) {
  if (err?.retryAfterMs != null) return Math.max(250, err.retryAfterMs);
  const base = Math.min(30000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

export function sleepMs(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) { resolve(); return; }
    const id = setTimeout(done, ms);
    function done() {
      clearTimeout(id);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function toQuery(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  return q;
}

// Drop absent members: the server treats an empty optional value as absent
// anyway, and null is not a parameter type it knows.
function clean(obj) {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

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

  // URL for links and images (file, transcript): the token travels as a
  // parameter, as the contract says; never as a cookie.
  chatUrl(action, extra = {}) {
    return this.url(action, this.chatParams(extra)).toString();
  }

  async request(method, action, { query = {}, json = null, body = null, signal, timeoutMs = 30000, keepalive = false } = {}) {
    const init = { method, credentials: 'omit', cache: 'no-store', headers: { Accept: 'application/json' }, keepalive };
    let url;
    if (method === 'GET') {
      url = this.url(action, query);
    } else if (body !== null) {
      url = this.url(action, query);
      init.body = body;
      init.headers['Content-Type'] = 'application/octet-stream';
    } else {
      url = this.url(action, {}, true);
      init.body = JSON.stringify(clean({ site: this.site, ...query, ...(json ?? {}) }));
      init.headers['Content-Type'] = 'application/json';
    }
    const ctl = new AbortController();
    const onAbort = () => ctl.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    init.signal = ctl.signal;
    let res;
    try {
      res = await fetch(url, init);
    } catch (e) {
      const aborted = signal?.aborted;
      throw new ApiError({ status: 0, code: aborted ? 'aborted' : 'network', message: String(e?.message ?? e) });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    let data = null;
    try {
      const text = await res.text();
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (res.ok && data && typeof data === 'object') return { status: res.status, data };
    const e = data?.error ?? {};
    throw new ApiError({
      status: res.status,
      code: typeof e.code === 'string' ? e.code : (res.ok ? 'bad_answer' : `http_${res.status}`),
      message: typeof e.message === 'string' ? e.message : res.statusText,
      field: typeof e.field === 'string' ? e.field : null,
      retryAfterMs: parseRetryAfter(res.headers.get('Retry-After')),
      requestId: e.request_id ?? res.headers.get('X-Request-Id'),
    });
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
