// Receiving: GET chat/poll in the shared long-poll loop (../shared/poller.js),
// and what happens when the chat ends or is gone.
import { Poller } from '../shared/poller.js';
import { $ } from '../shared/dom.js';
import * as store from './store.js';
import { t } from './i18n.js';
import { api, bridge, P, S } from './state.js';
import { showNotice } from './view.js';
import { showStart } from './start.js';
import { keepScrolledToBottom, placeMessage, resetChatView, updateStatus, updateTyping } from './chatwindow.js';
import { outbox, typingStop } from './send.js';
import { syncSleep } from './sleep.js';
import { noteDismissed, offerRequest, waitingSince } from './nobody.js';

// What the poll asks for: "after" is the highest seq received and
// "version" the last version seen (messages are deduplicated by seq, so a
// repeated answer does no harm). beginChat() starts them again at 0.
const cursor = { after: 0, version: 0, typing: undefined, status: undefined };

export function resetCursor() {
  cursor.after = 0;
  cursor.version = 0;
}

// Moves the cursor past an answer: {more, news} for the poller.
function advance(data) {
  let maxSeq = cursor.after;
  for (const m of Array.isArray(data.messages) ? data.messages : []) {
    if (Number.isInteger(m?.seq) && m.seq > maxSeq) maxSeq = m.seq;
  }
  const gotMessages = maxSeq > cursor.after;
  const news = gotMessages || data.version !== cursor.version ||
    data.operator_typing !== cursor.typing || data.status !== cursor.status;
  cursor.typing = data.operator_typing;
  cursor.status = data.status;
  cursor.after = maxSeq;
  if (Number.isInteger(data.version)) cursor.version = data.version;
  // More than one answer's worth waiting: fetch the rest at once.
  const more = gotMessages && Number.isInteger(data.last_seq) && data.last_seq > cursor.after;
  return { more, news };
}

// Long-polling with wait = config.poll.wait (with 0, the server runs as
// plain CGI: asked every retry_ms, or every 2 s when it names none).
export const poller = new Poller({
  poll: ({ wait, signal }) => api.poll({ after: cursor.after, version: cursor.version, wait, signal }).then((r) => r.data),
  getWait: () => S.config?.wait ?? 25,
  gone: (e) => e.status === 404, // the chat is not there or not ours
  onGone: () => chatGone(),
  onAnswer: (data) => {
    const next = advance(data);
    const log = $('log');
    const first = !S.gotFirstAnswer;
    S.gotFirstAnswer = true;
    // The first answer can bring a whole conversation (resume): one update
    // for screen readers instead of one announcement per message.
    if (first) log.setAttribute('aria-busy', 'true');
    const msgs = (Array.isArray(data.messages) ? data.messages : [])
      .filter((m) => m && Number.isInteger(m.seq))
      .sort((a, b) => a.seq - b.seq);
    if (data.operator && typeof data.operator.name === 'string') S.operatorName = data.operator.name || S.operatorName;
    let expired = false;
    for (const m of msgs) {
      if (m.from === 'visitor' && typeof m.client_id === 'string' && outbox.ackedElsewhere(m.client_id, m)) continue;
      if (m.from === 'operator') S.everOperator = true;
      if (m.from === 'system' && m.client_id === 'expired') expired = true;
      if (m.from === 'system' && m.client_id === 'dismissed') noteDismissed();
      placeMessage(m, { replay: first && S.resumed });
    }
    if (first && msgs.length && typeof msgs[0].time === 'string') waitingSince(msgs[0].time);
    if (first) {
      log.removeAttribute('aria-busy');
      keepScrolledToBottom(true);
      if (typeof data.visitor_sleeping === 'boolean') S.sleepSent = data.visitor_sleeping;
      syncSleep();
    }
    updateStatus(typeof data.status === 'string' ? data.status : null, data.operator);
    updateTyping(Boolean(data.operator_typing));
    if (data.status === 'closed') {
      chatEnded();
      // Closed while waiting, nobody ever came: offer a contact request.
      if (expired || !S.everOperator) offerRequest('closed');
      return { stop: true };
    }
    if (expired) offerRequest('closed');
    return next;
  },
  onError: (e, attempt) => {
    if (attempt >= 2) showNotice(t('connection_lost'));
  },
  onRecovered: () => {
    if (!$('notice').hidden) showNotice(t('connection_back'), { autoHideMs: 3000 });
  },
});

export function chatEnded() {
  if (!S.chat || S.ended) return;
  S.ended = true;
  S.status = 'closed';
  store.forgetChat(P.site);
  poller.stop();
  typingStop();
  outbox.failAll({ code: 'chat_closed' });
  updateStatus('closed');
  updateTyping(false);
  $('compose').hidden = true;
  $('ended').hidden = false;
  $('btn-end').hidden = true;
  $('end-confirm').hidden = true;
  bridge.emit('chat_ended', { chat: S.chat.id });
}

// 404 on a running chat: the id/token pair is not (or no longer) valid.
export function chatGone() {
  const id = S.chat?.id ?? null;
  store.forgetChat(P.site);
  poller.stop();
  outbox.failAll({ code: 'not_found', status: 404 });
  S.chat = null;
  api.chat = null;
  S.ended = false;
  showNotice('');
  if (id !== null) bridge.emit('chat_ended', { chat: id, gone: true });
  S.wantFocus = true;
  showStart({ notice: t('chat_gone') });
}

export function newChat() {
  S.chat = null;
  api.chat = null;
  S.ended = false;
  resetChatView();
  $('btn-end').hidden = false;
  S.wantFocus = true;
  showStart();
}
