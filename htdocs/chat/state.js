// The chat app's parameters (from its URL) and the state every part of it
// shares: P (what the page was opened with), S (what is going on), the
// HTTP client and the bridge to the host page.
import { ChatApi } from './api.js';
import { ContactApi } from './contactapi.js';
import { Bridge } from './bridge.js';
import { $, cutUtf8 } from '../shared/dom.js';
import * as store from './store.js';
import { pickLang } from './i18n.js';

const API_BASE = new URL('../cgi-bin/chat/', import.meta.url);
const CONTACT_BASE = new URL('../cgi-bin/contactform/', import.meta.url);
export const SITE_RE = /^[1-9][0-9]{0,8}-[1-9][0-9]{0,8}$/;
export const DEPT_RE = /^[A-Za-z0-9]$/;
export const FIELD_KEY_RE = /^[A-Za-z0-9_]{1,60}$/;
const VARIANTS = ['inpage', 'popup', 'mobile'];
export const FIELD_TYPES = ['text', 'email', 'textarea', 'checkbox', 'select'];

function readParams() {
  const q = new URLSearchParams(window.location.search);
  const framed = window.parent !== window;
  const variantParam = q.get('variant');
  let variant = VARIANTS.includes(variantParam) ? variantParam : null;
  if (!variant) variant = framed ? 'inpage' : (window.opener ? 'popup' : 'mobile');
  // A native app hands a running chat over in the fragment, which no server
  // ever sees (the query string still works, for older apps).
  const h = new URLSearchParams(window.location.hash.slice(1));
  const pick = (k) => h.get(k) ?? q.get(k);
  const dept = [q.get('dept'), pick('department_id_param')].find((d) => d && DEPT_RE.test(d)) ?? '';
  const chatId = pick('chat_id_param');
  const token = pick('session_id_param');
  // Resume only with both the id and the secret token.
  const resume = chatId && token && store.validId(chatId) && store.TOKEN_RE.test(token)
    ? { id: Number(chatId), token, dept } : null;
  if (token) {
    // Keep the secret out of the history and out of later Referer headers.
    q.delete('session_id_param');
    q.delete('chat_id_param');
    q.delete('department_id_param');
    try {
      window.history.replaceState(null, '', `${window.location.pathname}?${q}`);
    } catch { /* sandboxed: keep the URL */ }
  }
  return {
    site: q.get('site') ?? '',
    lang: pickLang(q.get('lang')),
    // The page's language as asked (any tag, e.g. fr): the site's texts may
    // be in it although this app speaks only de and en.
    siteLang: /^[a-z]{2,3}(-[A-Z]{2})?$/.test(q.get('lang') ?? '') ? q.get('lang') : '',
    dept,
    from: cutUtf8(q.get('from') ?? '', 255), // the server's limit, in bytes
    direct: q.get('direct') === '1',
    variant,
    host: q.get('host') ?? '',
    resume,
    // The loader holds a running chat for us (our own storage was blocked,
    // or this is a new popup: a window's sessionStorage ends with it): wait
    // a moment for its "resume" message before showing the start window.
    waitResume: (framed || (variant === 'popup' && Boolean(window.opener))) && q.get('resume') === '1',
  };
}

export const P = readParams();
export const api = new ChatApi(API_BASE, P.site);
export const contactApi = new ContactApi(CONTACT_BASE, P.site);
export const bridge = new Bridge(P.host);
export const app = $('app');

export const S = {
  config: null,
  siteLang: P.siteLang, // asked of chat/config until the visitor picks de or en
  view: 'loading',
  chat: null, // {id, token, dept}
  status: null,
  operatorName: '',
  ended: false,
  gotFirstAnswer: false,
  startedDirect: false,
  seen: new Map(), // seq → <li>
  byClient: new Map(), // client_id → <li>
  items: new Map(), // client_id → outbox item (for re-rendering the state)
  visitorData: { name: '', email: '', data: {} },
  dataDirty: false,
  context: { page: '', title: '' },
  sentPage: '',
  sleepReasons: new Set(),
  sleepSent: null, // what the server was last told (null: unknown)
  wantFocus: !bridge.framed,
  typingShown: null,
  contact: null, // the offline contact form on show (contact.js)
  everOperator: false, // an operator has been in this chat
  startEmail: '', // the e-mail address the start form gave (the server has it)
  visitorClosing: false, // the visitor is ending the chat (no "nobody came" offer)
  track: null, // {id}: the loader counts this page (its visitor id, '' on a cookieless site)
  invitation: null, // {id, text, operator}: an operator's invitation the visitor accepted
};
