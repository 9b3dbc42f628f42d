// The HTTP client of the operator console for /plauder/cgi-bin/operator/ACTION
// (docs/API.md, section "/operator"). Same origin only: the session travels
// in an HttpOnly cookie the console never sees; the CSRF token from login or
// session is kept in memory here (never in storage) and sent as
// X-CSRF-Token on every POST. Every error has the shape
// {"error": {"code", "message", "field", "request_id"}}.

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
  // unreachable database (503), a gateway in between.
  get transient() {
    return this.status === 0 || this.status === 408 || this.status === 500 ||
      this.status === 502 || this.status === 503 || this.status === 504;
  }

  get unauthenticated() {
    return this.status === 401 && this.code !== 'invalid_credentials';
  }
}

// "Retry-After: 3" or an HTTP date → milliseconds, or null.
export function parseRetryAfter(value) {
  if (value == null || value === '') return null;
  if (/^\d+$/.test(value.trim())) return Math.min(Number(value) * 1000, 3600000);
  const when = Date.parse(value);
  if (Number.isNaN(when)) return null;
  return Math.max(0, Math.min(when - Date.now(), 3600000));
}

// Delay before attempt n+1 (n ≥ 0): the server's Retry-After, else 1, 2, 4 …
// 30 s with ±20 % jitter.
export function backoffMs(attempt, err) {
  if (err?.retryAfterMs != null) return Math.max(250, Math.min(err.retryAfterMs, 60000));
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

function clean(obj) {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

export class OperatorApi {
  // base: URL of …/cgi-bin/operator/ ; onUnauthenticated(err) when a
  // request finds the session gone (401 not_authenticated).
  constructor(base, { onUnauthenticated = () => {} } = {}) {
    this.base = new URL(base);
    this.onUnauthenticated = onUnauthenticated;
    this.csrf = null;
  }

  url(action, params = {}) {
    const u = new URL(action, this.base);
    u.search = toQuery(params).toString();
    return u;
  }

  // Same-origin link (the session cookie goes along): file downloads and
  // image previews.
  fileUrl(chat, file) {
    return this.url('file', { chat, file }).toString();
  }

  async request(method, action, { query = {}, json = null, body = null, signal, timeoutMs = 30000, csrfRetry = true } = {}) {
    const init = {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
      headers: { Accept: 'application/json' },
    };
    let url;
    if (method === 'GET') {
      url = this.url(action, query);
    } else {
      if (this.csrf) init.headers['X-CSRF-Token'] = this.csrf;
      if (body !== null) {
        // Raw upload: parameters in the query, the bytes as the body.
        url = this.url(action, query);
        init.body = body;
        init.headers['Content-Type'] = 'application/octet-stream';
      } else {
        url = this.url(action);
        init.body = JSON.stringify(clean({ ...query, ...(json ?? {}) }));
        init.headers['Content-Type'] = 'application/json';
      }
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
      throw new ApiError({ status: 0, code: signal?.aborted ? 'aborted' : 'network', message: String(e?.message ?? e) });
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
    const err = new ApiError({
      status: res.status,
      code: typeof e.code === 'string' ? e.code : (res.ok ? 'bad_answer' : `http_${res.status}`),
      message: typeof e.message === 'string' ? e.message : res.statusText,
      field: typeof e.field === 'string' ? e.field : null,
      retryAfterMs: parseRetryAfter(res.headers.get('Retry-After')),
      requestId: typeof e.request_id === 'string' ? e.request_id : res.headers.get('X-Request-Id'),
    });
    // A login in another window of this browser replaced the session
    // cookie: fetch the new session's token once and repeat the request.
    if (err.status === 403 && err.code === 'csrf' && method === 'POST' && csrfRetry && action !== 'login') {
      await this.session();
      return this.request(method, action, { query, json, body, signal, timeoutMs, csrfRetry: false });
    }
    if (err.unauthenticated && action !== 'login') {
      this.csrf = null;
      this.onUnauthenticated(err);
    }
    throw err;
  }

  keep(data) {
    if (typeof data?.csrf === 'string') this.csrf = data.csrf;
    return data;
  }

  async login(site, login, password) {
    const { data } = await this.request('POST', 'login', { json: { site, login, password } });
    return this.keep(data);
  }

  async session() {
    const { data } = await this.request('GET', 'session');
    return this.keep(data);
  }

  async logout() {
    try {
      await this.request('POST', 'logout', { timeoutMs: 8000 });
    } finally {
      this.csrf = null;
    }
  }

  presence(status, dept) {
    return this.request('POST', 'presence', { json: { status, dept } }).then((r) => r.data);
  }

  settings(soundRepeat) {
    return this.request('POST', 'settings', { json: { sound_repeat: soundRepeat ? 1 : 0 } }).then((r) => r.data);
  }

  poll({ cursor, wait, signal }) {
    return this.request('GET', 'poll', { query: { cursor, wait }, signal, timeoutMs: (wait + 20) * 1000 })
      .then((r) => r.data);
  }

  accept(chat) {
    return this.request('POST', 'accept', { json: { chat } }).then((r) => r.data);
  }

  messages(chat, after) {
    return this.request('GET', 'messages', { query: { chat, after: after || 0 } }).then((r) => r.data);
  }

  detail(chat) {
    return this.request('GET', 'chat', { query: { chat } }).then((r) => r.data);
  }

  send(chat, clientId, text) {
    return this.request('POST', 'send', { json: { chat, client_id: clientId, text } }).then((r) => r.data);
  }

  upload(chat, clientId, file, signal) {
    return this.request('POST', 'upload', {
      query: { chat, client_id: clientId, name: (file.name || 'file').slice(0, 255) },
      body: file,
      signal,
      timeoutMs: 120000,
    }).then((r) => r.data);
  }

  typing(chat, on) {
    return this.request('POST', 'typing', { json: { chat, typing: on ? 1 : 0 }, timeoutMs: 10000 });
  }

  transfer(chat, { toOperator, toDept, note }) {
    return this.request('POST', 'transfer', {
      json: { chat, to_operator: toOperator, to_dept: toDept, note },
    }).then((r) => r.data);
  }

  close(chat) {
    return this.request('POST', 'close', { json: { chat } }).then((r) => r.data);
  }

  contract(chat, flag) {
    return this.request('POST', 'contract', { json: { chat, flag: flag ? 1 : 0 } }).then((r) => r.data);
  }

  canned() {
    return this.request('GET', 'canned').then((r) => r.data);
  }
}

// The public availability endpoint: department names for the presence
// controls and the transfer dialog (the operator API names departments by
// letter only).
export async function fetchDepartments(site, lang) {
  const u = new URL('../cgi-bin/availability', document.baseURI);
  u.search = toQuery({ site, lang }).toString();
  try {
    const res = await fetch(u, { credentials: 'omit', cache: 'no-store' });
    if (!res.ok) return [];
    const data = await res.json();
    return Array.isArray(data?.departments) ? data.departments.filter((d) => typeof d?.id === 'string') : [];
  } catch {
    return [];
  }
}
