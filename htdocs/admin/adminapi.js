// The HTTP client of the admin settings pages for
// /plauder/cgi-bin/admin/ACTION (docs/API.md, "/admin"). The session is the
// operator console's: its HttpOnly cookie travels by itself (same origin),
// and the CSRF token comes from GET /operator/session, kept in memory only
// and sent as X-CSRF-Token on every POST. Bodies are JSON, sent as given:
// an empty string is a value here (a text cleared on purpose), not an
// absent parameter. The fetch, timeout and error plumbing is shared
// (../shared/http.js); every error is an ApiError with status, code and
// the server's `field`.
import { ApiError, fetchJson, toQuery } from '../shared/http.js';

export { ApiError };

export class AdminApi {
  // base: the URL of …/cgi-bin/ (this page lives in BASE/admin/).
  constructor(base = new URL('../cgi-bin/', document.baseURI)) {
    this.base = new URL(base);
    this.csrf = null;
  }

  url(path, query = {}) {
    const u = new URL(path, this.base);
    u.search = toQuery(query).toString();
    return u;
  }

  async request(method, path, { query = {}, json = null, csrfRetry = true } = {}) {
    const init = {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
      headers: { Accept: 'application/json' },
    };
    if (method !== 'GET') {
      if (this.csrf) init.headers['X-CSRF-Token'] = this.csrf;
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(json ?? {});
    }
    try {
      return (await fetchJson(this.url(path, method === 'GET' ? query : {}), init)).data;
    } catch (err) {
      // A login in another window replaced the session cookie: fetch the
      // new session's token once and send the change again.
      if (err.status === 403 && err.code === 'csrf' && method !== 'GET' && csrfRetry) {
        await this.session();
        return this.request(method, path, { query, json, csrfRetry: false });
      }
      throw err;
    }
  }

  // The console's session: {operator: {id, login, name, role, …}, csrf};
  // ApiError 401 when there is none.
  async session() {
    const data = await this.request('GET', 'operator/session');
    if (typeof data?.csrf === 'string') this.csrf = data.csrf;
    return data;
  }

  get(action, query = {}) {
    return this.request('GET', `admin/${action}`, { query });
  }

  post(action, json = {}) {
    return this.request('POST', `admin/${action}`, { json });
  }
}
