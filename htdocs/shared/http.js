// HTTP plumbing shared by the chat app and the operator console: one JSON
// request with a timeout, the error every failed request becomes, the
// Retry-After header, back-off and waiting. Each app's api.js builds its
// own requests (URL, credentials, headers) on top of this (docs/API.md:
// every answer is JSON; every error has the shape
// {"error": {"code", "message", "field", "request_id"}}).

// Statuses worth sending again unchanged later: network errors (0),
// timeouts, a busy or unreachable database (503), a gateway in between.
const TRANSIENT = new Set([0, 408, 500, 502, 503, 504]);

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

  // Not: anything the server understood and refused. An app's subclass may
  // widen or narrow this.
  get transient() {
    return TRANSIENT.has(this.status);
  }
}

// "Retry-After: 3" or an HTTP date → milliseconds (at most capMs), or null.
export function parseRetryAfter(value, capMs = 300000) {
  if (value == null || value === '') return null;
  if (/^\d+$/.test(value.trim())) return Math.min(Number(value) * 1000, capMs);
  const when = Date.parse(value);
  if (Number.isNaN(when)) return null;
  return Math.max(0, Math.min(when - Date.now(), capMs));
}

function retryAfterBody(v, capMs) {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(v * 1000, capMs) : null;
}

// Delay before attempt n+1 (n ≥ 0): the server's Retry-After (at most
// maxWaitMs), else 1, 2, 4 … 30 s with ±20 % jitter so many clients do not
// come back at the same moment.
export function backoffMs(attempt, err, maxWaitMs = Infinity) {
  if (err?.retryAfterMs != null) return Math.max(250, Math.min(err.retryAfterMs, maxWaitMs));
  const base = Math.min(30000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

// Resolves after ms, or at once when signal aborts.
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

// Query string of the members that have a value.
export function toQuery(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  return q;
}

// Drop absent members: the server treats an empty optional value as absent
// anyway, and null is not a parameter type it knows.
export function clean(obj) {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

// fetch(url, init) with a timeout and the caller's abort signal. Resolves
// {status, data} for a 2xx answer with a JSON object; otherwise throws an
// ErrorClass (ApiError or an app's subclass): status 0 with code 'aborted'
// (the caller's signal) or 'network' (no answer, timeout), else the
// server's error code, or http_STATUS / bad_answer when it sent none.
export async function fetchJson(url, init, {
  signal, timeoutMs = 30000, ErrorClass = ApiError, retryAfterCapMs = 300000,
} = {}) {
  const ctl = new AbortController();
  const onAbort = () => ctl.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  let res;
  try {
    res = await fetch(url, { ...init, signal: ctl.signal });
  } catch (e) {
    throw new ErrorClass({ status: 0, code: signal?.aborted ? 'aborted' : 'network', message: String(e?.message ?? e) });
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
  throw new ErrorClass({
    status: res.status,
    code: typeof e.code === 'string' ? e.code : (res.ok ? 'bad_answer' : `http_${res.status}`),
    message: typeof e.message === 'string' ? e.message : res.statusText,
    field: typeof e.field === 'string' ? e.field : null,
    // The header, else a retry_after (seconds) in the answer (too_fast).
    retryAfterMs: parseRetryAfter(res.headers.get('Retry-After'), retryAfterCapMs)
      ?? retryAfterBody(e.retry_after ?? data?.retry_after, retryAfterCapMs),
    requestId: typeof e.request_id === 'string' ? e.request_id : res.headers.get('X-Request-Id'),
  });
}
