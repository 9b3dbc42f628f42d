// What the chat app keeps in the browser, and when.
//
// Nothing is written before a chat has started. After the start:
//   sessionStorage "plauder.chat.<site>"    {chat, token, dept}: resume the
//                                            running chat after a page change
//   localStorage   "plauder.visitor.<site>" the visitor_token for the history
// Storage can be unavailable (third-party iframe, private mode, quota): every
// access is guarded and a failure only means "no resume".

const chatKey = (site) => `plauder.chat.${site}`;
const visitorKey = (site) => `plauder.visitor.${site}`;

function get(storage, key) {
  try {
    return window[storage].getItem(key);
  } catch {
    return null;
  }
}

function set(storage, key, value) {
  try {
    window[storage].setItem(key, value);
    return window[storage].getItem(key) === value;
  } catch {
    return false;
  }
}

function remove(storage, key) {
  try {
    window[storage].removeItem(key);
  } catch { /* nothing stored, nothing to remove */ }
}

// The server's formats: a chat id is 1 … 2^53 - 1 (it is a JSON number);
// the chat token and the visitor token are 24 random bytes as 48 lowercase
// hex digits (lib/pl_chat.h, PL_TOKEN_HEX).
export const CHAT_ID_RE = /^[1-9][0-9]{0,15}$/;
export const TOKEN_RE = /^[0-9a-f]{48}$/;

export function validId(v) {
  return CHAT_ID_RE.test(String(v)) && Number.isSafeInteger(Number(v));
}

export function loadChat(site) {
  const raw = get('sessionStorage', chatKey(site));
  if (!raw) return null;
  try {
    const v = JSON.parse(raw);
    if (validId(v.chat) && TOKEN_RE.test(String(v.token))) {
      return { id: Number(v.chat), token: String(v.token), dept: typeof v.dept === 'string' ? v.dept : '' };
    }
  } catch { /* ignore a damaged entry */ }
  remove('sessionStorage', chatKey(site));
  return null;
}

// Only ever called after POST chat/start answered (or a resume succeeded).
// false: this browser does not let the app keep it (third-party storage
// blocked in the host page's iframe); the caller hands it to the loader.
export function saveChat(site, chat) {
  return set('sessionStorage', chatKey(site), JSON.stringify({ chat: chat.id, token: chat.token, dept: chat.dept ?? '' }));
}

// {chat, token, dept} from elsewhere (URL parameters, the loader) → a chat
// reference, or null when it is not well-formed.
export function chatRef(v) {
  if (!v || !validId(v.chat) || !TOKEN_RE.test(String(v.token))) return null;
  return { id: Number(v.chat), token: String(v.token), dept: typeof v.dept === 'string' && /^[A-Za-z0-9]$/.test(v.dept) ? v.dept : '' };
}

export function forgetChat(site) {
  remove('sessionStorage', chatKey(site));
}

export function loadVisitorToken(site) {
  const v = get('localStorage', visitorKey(site));
  return v && TOKEN_RE.test(v) ? v : null;
}

// Only ever called with the visitor_token of a started chat.
export function saveVisitorToken(site, token) {
  if (typeof token === 'string' && TOKEN_RE.test(token)) set('localStorage', visitorKey(site), token);
}
