// The HTTP client of the operator console for /plauder/cgi-bin/operator/ACTION
// (docs/API.md, section "/operator"). Same origin only: the session travels
// in an HttpOnly cookie the console never sees; the CSRF token from login or
// session is kept in memory here (never in storage) and sent as
// X-CSRF-Token on every POST. Every error has the shape
// {"error": {"code", "message", "field", "request_id"}}. The fetch,
// timeout, error and back-off plumbing is shared with the chat app
// (../shared/http.js).
import {
  ApiError as HttpError, backoffMs as sharedBackoffMs, sleepMs, toQuery, clean, fetchJson,
} from '../shared/http.js';

export class ApiError extends HttpError {
  // The session is gone (logged out elsewhere, expired): not a wrong
  // password at login.
  get unauthenticated() {
    return this.status === 401 && this.code !== 'invalid_credentials';
  }
}

// A Retry-After is believed up to an hour (the login throttle names its
// wait); a resend or a poll waits at most a minute of it.
const RETRY_AFTER_CAP_MS = 3600000;
export const MAX_RETRY_WAIT_MS = 60000;

export function backoffMs(attempt, err) {
  return sharedBackoffMs(attempt, err, MAX_RETRY_WAIT_MS);
}

export { sleepMs };

// The state-changing POSTs (accept, close, transfer, contract, presence)
// are tried this often when the network fails or the server answers 503
// (busy database), with back-off or the server's Retry-After in between;
// any other answer (409, 4xx) is final at once.
export const ACTION_ATTEMPTS = 4;

function retryable(err) {
  return (err.status === 0 && err.code === 'network') || err.status === 503;
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
    try {
      return await fetchJson(url, init, { signal, timeoutMs, ErrorClass: ApiError, retryAfterCapMs: RETRY_AFTER_CAP_MS });
    } catch (err) {
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

  // A POST that changes state, tried again on a network error or 503. The
  // error of a later attempt after one whose answer was lost (network
  // error: the server may have done it) carries answerLost = true, so a
  // 409 then may mean "done already" (the caller decides).
  async action(action, json, { attempts = ACTION_ATTEMPTS } = {}) {
    let answerLost = false;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return (await this.request('POST', action, { json })).data;
      } catch (err) {
        if (err.unauthenticated || !retryable(err) || attempt + 1 >= attempts) {
          if (answerLost) err.answerLost = true;
          throw err;
        }
        if (err.status === 0) answerLost = true;
        await sleepMs(backoffMs(attempt, err));
      }
    }
  }

  presence(status, dept, opts) {
    return this.action('presence', { status, dept }, opts);
  }

  settings(soundRepeat) {
    return this.request('POST', 'settings', { json: { sound_repeat: soundRepeat ? 1 : 0 } }).then((r) => r.data);
  }

  // seqs: "chat:seq,…" (the last seq the console has of each open chat;
  // the answer then carries their newer messages inline).
  poll({ cursor, wait, seqs, signal }) {
    return this.request('GET', 'poll', { query: { cursor, wait, seqs }, signal, timeoutMs: (wait + 20) * 1000 })
      .then((r) => r.data);
  }

  accept(chat) {
    return this.action('accept', { chat });
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
    return this.action('transfer', { chat, to_operator: toOperator, to_dept: toDept, note });
  }

  close(chat) {
    return this.action('close', { chat });
  }

  // Every waiting chat from the network of this one (a flood): {closed}.
  closeSimilar(chat) {
    return this.action('close-similar', { chat });
  }

  contract(chat, flag) {
    return this.action('contract', { chat, flag: flag ? 1 : 0 });
  }

  // {canned: [{shortcut, text, scope}], can_edit_shared}
  canned() {
    return this.request('GET', 'canned').then((r) => r.data);
  }

  // scope: 'personal' (the operator's own) or 'shared' (admins). The
  // answer is the new list, as canned() has it.
  cannedSet({ shortcut, text, scope }) {
    return this.request('POST', 'canned-set', { json: { shortcut, text, scope } }).then((r) => r.data);
  }

  cannedDelete({ shortcut, scope }) {
    return this.request('POST', 'canned-delete', { json: { shortcut, scope } }).then((r) => r.data);
  }

  // The site's operators: {team: [{login, name, status, departments, chats, max_chats, self}]}
  team() {
    return this.request('GET', 'team').then((r) => r.data);
  }

  // The site's contact requests, newest first: {requests: [{id, created,
  // status, name, email, lang, dept, summary, mail, chat}], more, new}
  // (new: how many of the site's are new). status: new|read|answered|all;
  // before: the id of the last one shown (the next, older page).
  contacts({ status = 'all', before, limit } = {}) {
    return this.request('GET', 'contacts', { query: { status, before, limit } }).then((r) => r.data);
  }

  // One request with its fields, consent, mails and replies.
  contact(id) {
    return this.request('GET', 'contact', { query: { id } }).then((r) => r.data);
  }

  // status: new|read|answered.
  contactStatus(id, status) {
    return this.action('contact-status', { id, status });
  }

  // A reply by e-mail; the same clientId on every retry of one reply (the
  // server stores it once): {reply, mail}.
  contactReply(id, clientId, text) {
    return this.action('contact-reply', { id, client_id: clientId, text });
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
