// What every part of the console shares: the HTTP client, the state (S),
// the few settings kept in this browser, and the sound.
import { OperatorApi } from './api.js';
import { Sound } from './alerts.js';

// What the HTTP client and the sound report, wired at start-up (console.js:
// the session found gone goes to the login, a change of the autoplay state
// to the self-test), so that this module needs none of the others.
export const hooks = {
  unauthenticated: () => {},
  soundChanged: () => {},
};

const STORE = 'plauder.console.';
export const api = new OperatorApi(new URL('../cgi-bin/operator/', document.baseURI), {
  onUnauthenticated: () => hooks.unauthenticated(),
});

export const S = {
  me: null, // {id, login, name, role, sound_repeat, departments}
  site: null, // "N-M" as typed at login in this browser (for department names)
  deptNames: new Map(), // id → name
  siteDepts: [], // all departments of the site (transfer targets)
  presence: new Map(), // dept → status
  queue: [], // poll's queue entries, each with .seenAt
  queueIds: new Set(),
  queueTotal: 0, // poll's queue_total: how many wait in all (the queue shows the newest)
  firstPoll: true,
  views: new Map(), // chat id → ChatView
  order: [], // chat ids in tab order
  selected: null,
  canned: [], // what "/shortcut" inserts: one answer a shortcut, personal before shared
  cannedAll: [], // every answer the operator sees, with its scope (the dialog)
  canEditShared: false,
  team: [], // GET /team (the transfer dialog)
  running: false,
  lost: false,
  accepting: new Set(),
  announced: new Map(), // chat id → last known status (for announcements)
  soundThrottle: 0,
  installPrompt: null,
  conn: null, // {retryAt}
};

export function store(key, value) {
  try {
    if (value === undefined) return localStorage.getItem(STORE + key);
    if (value === null) localStorage.removeItem(STORE + key);
    else localStorage.setItem(STORE + key, value);
  } catch { /* storage off: nothing kept */ }
  return null;
}

export const sound = new Sound({
  onBlocked: () => hooks.soundChanged(),
  onUnblocked: () => hooks.soundChanged(),
});
sound.enabled = store('sound') !== '0';
