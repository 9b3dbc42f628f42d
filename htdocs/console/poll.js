// The console's one long-poll (GET operator/poll), in the loop shared with
// the chat app (../shared/poller.js), and what its answer changes: the
// presence, the queue, the operator's own chats.
import { Poller } from '../shared/poller.js';
import { backoffMs } from './api.js';
import { closeNotification } from './alerts.js';
import { $ } from './dom.js';
import { t } from './i18n.js';
import { api, S } from './state.js';
import { sessionLost } from './login.js';
import { applyPresence } from './presence.js';
import { renderQueue } from './queue.js';
import { openView, removeView, renderTabs, selectView } from './tabs.js';
import { newChatAlert, toast, transferredAlert, updateAlarm, updateCount } from './alerting.js';
import { pollTick } from './requests.js';

// The poll's cursor: null until the first answer, which comes at once
// (wait 0) with the whole state; then each poll waits up to 25 s for news
// after it. The poll is also the presence heartbeat, so it never stops
// while the operator is logged in; a lost session (401) stops it and hands
// over to the login.
let cursor = null;

export function resetCursor() {
  cursor = null;
}

export const poller = new Poller({
  poll: ({ wait, signal }) => api.poll({ cursor: cursor ?? undefined, wait, seqs: pollSeqs(), signal }),
  getWait: () => (cursor == null ? 0 : 25),
  idlePauseMs: 0, // wait 0 is only the first poll's
  backoff: backoffMs,
  gone: (e) => e.unauthenticated,
  onGone: () => sessionLost(),
  onAnswer: (data) => {
    const news = data.cursor !== cursor;
    if (Number.isFinite(data.cursor)) cursor = data.cursor;
    onPoll(data);
    return { news };
  },
  onError: (e, failures, delay, retryAt) => {
    if (failures >= 1) {
      S.conn = { retryAt, code: e.code };
      renderConn();
    }
  },
  onRecovered: () => {
    S.conn = null;
    renderConn();
    toast(t('connection_back'));
  },
});

// The poll's seqs parameter: "chat:seq" of each open tab of mine whose
// messages are loaded (the selected one first), so the answer brings their
// new messages inline; tabs that do not fit in 4096 bytes are left out (they
// fetch GET /messages as before).
const SEQS_MAX_BYTES = 4096;

function pollSeqs() {
  const views = [...S.views.values()].filter((v) => !v.readOnly && v.mine && v.loadedOnce);
  views.sort((a, b) => (b === S.selected) - (a === S.selected));
  let out = '';
  for (const v of views) {
    const part = `${v.id}:${v.haveSeq}`;
    const next = out ? `${out},${part}` : part;
    if (next.length > SEQS_MAX_BYTES) continue;
    out = next;
  }
  return out || undefined;
}

export function renderConn() {
  const p = $('conn');
  if (!S.conn) {
    p.hidden = true;
    return;
  }
  const s = Math.max(0, Math.ceil((S.conn.retryAt - Date.now()) / 1000));
  $('conn-text').textContent = S.conn.code === 'unavailable' || S.conn.code === 'http_503'
    ? t('server_busy', { s }) : t('connection_lost', { s });
  p.hidden = false;
}

function onPoll(data) {
  applyPresence(data.presence);
  const first = S.firstPoll;
  S.firstPoll = false;

  // Waiting chats.
  const now = Date.now();
  const queue = (Array.isArray(data.queue) ? data.queue : []).filter((q) => Number.isInteger(q?.chat));
  const newOnes = queue.filter((q) => !S.queueIds.has(q.chat) && !S.views.get(q.chat)?.canWrite);
  for (const q of queue) q.seenAt = now;
  for (const id of S.queueIds) if (!queue.some((q) => q.chat === id)) closeNotification(`queue-${id}`);
  S.queue = queue.filter((q) => !S.accepting.has(q.chat));
  S.queueIds = new Set(queue.map((q) => q.chat));
  S.queueTotal = Number.isInteger(data.queue_total) ? data.queue_total : queue.length;
  if (!queue.length) closeNotification('queue-flood');
  renderQueue();
  if (newOnes.length) newChatAlert(newOnes, { first });
  updateAlarm();

  // My chats: open a tab for each (resumed after a reload, or transferred
  // to me), hand each view its entry; views of chats no longer mine learn it.
  const mine = (Array.isArray(data.chats) ? data.chats : []).filter((c) => Number.isInteger(c?.chat));
  const ids = new Set();
  for (const c of mine) {
    ids.add(c.chat);
    let v = S.views.get(c.chat);
    if (!v || v.readOnly) {
      if (v) removeView(v);
      v = openView(c.chat, c);
      if (!first && !S.accepting.has(c.chat)) transferredAlert(v);
    }
    v.updateFromPoll(c);
  }
  for (const v of S.views.values()) {
    if (!v.readOnly && v.mine && !ids.has(v.id) && !S.accepting.has(v.id)) v.leftMyList();
  }
  if (!S.selected && S.order.length) selectView(S.views.get(S.order[0]), { focus: false });
  renderTabs();
  updateCount();
  // The badge of new contact requests, at most once a minute.
  pollTick();
}
