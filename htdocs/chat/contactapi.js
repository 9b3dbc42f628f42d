// The HTTP client of the offline contact form, /plauder/cgi-bin/contactform/
// (docs/API.md, "contactform"): the form's fields, a submit, and turning a
// waiting chat nobody took into a request. The same error shape and
// plumbing as the chat's client (./api.js, ../shared/http.js).
import { ApiError } from './api.js';
import { toQuery, clean, fetchJson } from '../shared/http.js';

export class ContactApi {
  // base: URL of .../cgi-bin/contactform/ ; site: "N-M"
  constructor(base, site) {
    this.base = new URL(base);
    this.site = site;
  }

  get(action, query) {
    const u = new URL(action, this.base);
    u.search = toQuery({ site: this.site, ...query }).toString();
    return fetchJson(u, { method: 'GET', credentials: 'omit', cache: 'no-store', headers: { Accept: 'application/json' } },
      { ErrorClass: ApiError });
  }

  post(action, body) {
    const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    return fetchJson(new URL(action, this.base), {
      method: 'POST', credentials: 'omit', cache: 'no-store', headers, body: JSON.stringify(clean({ site: this.site, ...body })),
    }, { ErrorClass: ApiError });
  }

  form({ lang, dept }) {
    return this.get('form', { lang, dept });
  }

  submit(body) {
    return this.post('submit', body);
  }

  // The chat's secret travels in the body, as with the chat's POSTs
  // (never in a URL).
  fromChat(chat, body) {
    return this.post('from-chat', { chat: chat.id, token: chat.token, ...body });
  }
}
