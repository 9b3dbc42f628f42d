// When the console calls the operator (./alerts.js is how): new chats,
// transfers, visitor messages, ended chats; the count in the title, the
// screen reader's announcements and the toast.
import { visitorName } from './chatview.js';
import { notify, showCount } from './alerts.js';
import { el, $, plainText } from './dom.js';
import { t } from './i18n.js';
import { S, sound } from './state.js';
import { onlineFor } from './presence.js';
import { selectView } from './tabs.js';

export function isAttending() {
  return document.visibilityState === 'visible' && document.hasFocus();
}

// A flood (many chats at once, or one after another) must not call the
// operator 200 times: beyond FLOOD_MAX chats in FLOOD_WINDOW_MS, one summary
// notification (which replaces itself) and one announcement per poll, and
// the sound at most once per SOUND_GAP_MS.
const FLOOD_MAX = 3;
const FLOOD_WINDOW_MS = 30000;
const SOUND_GAP_MS = 10000;
const recentAlerts = [];
let lastSound = 0;

export function newChatAlert(list, { first }) {
  // Right after login: one summary instead of one alert per waiting chat.
  if (first) {
    announce(t('queue_waiting_n', { n: list.length }));
    if (list.some((q) => onlineFor(q.dept))) sound.alarm({ repeat: Boolean(S.me?.sound_repeat), everyMs: 8000 });
    lastSound = Date.now();
    return;
  }
  const now = Date.now();
  while (recentAlerts.length && now - recentAlerts[0] > FLOOD_WINDOW_MS) recentAlerts.shift();
  const flood = recentAlerts.length + list.length > FLOOD_MAX;
  if (flood) floodAlert(list);
  else list.forEach(chatAlert);
  for (let i = 0; i < list.length; i += 1) recentAlerts.push(now);
  if (flood && now - lastSound < SOUND_GAP_MS) return;
  lastSound = now;
  if (list.some((q) => onlineFor(q.dept))) sound.alarm({ repeat: Boolean(S.me?.sound_repeat), everyMs: 8000 });
  else sound.play({ volume: 0.5 });
}

function chatAlert(q) {
  const name = visitorName(q, q.chat);
  const from = plainText(q.from);
  announce(from ? t('new_chat_from', { name, from }) : t('new_chat', { name }));
  const question = plainText(q.fields?.question) || Object.values(q.fields ?? {}).map(plainText).find(Boolean) || '';
  // While the operator looks at the console, the queue itself shows it.
  if (isAttending()) return;
  notify({
    title: t('notif_new_chat', { name }),
    body: [from ? t('from_x', { from }) : '', question].filter(Boolean).join('\n'),
    tag: `queue-${q.chat}`,
    sticky: true,
    data: { chat: q.chat, kind: 'queue' },
    onClick: () => focusQueueItem(q.chat),
  });
}

function floodAlert(list) {
  const total = Math.max(S.queueTotal ?? 0, S.queue.length);
  announce(t('queue_waiting_n', { n: total }));
  if (isAttending()) return;
  notify({
    title: t('notif_new_chats_n', { n: list.length }),
    body: t('queue_waiting_n', { n: total }),
    tag: 'queue-flood',
    sticky: false,
    data: { kind: 'queue' },
    onClick: () => $('queue-pane').focus(),
  });
}

// The repeating sound stops once no chat waits that I could take.
export function updateAlarm() {
  if (!sound.alarmOn) return;
  if (!S.queue.some((q) => onlineFor(q.dept)) || !S.me?.sound_repeat) sound.stopAlarm();
}

export function focusQueueItem(id) {
  const b = $('queue').querySelector(`.q-item[data-chat="${CSS.escape(String(id))}"] .q-accept`);
  (b ?? $('queue-pane')).focus();
}

export function transferredAlert(v) {
  announce(t('transferred_to_me', { name: v.name }));
  sound.play();
  if (!isAttending()) {
    notify({ title: t('transferred_to_me', { name: v.name }), tag: `chat-${v.id}`, data: { chat: v.id, kind: 'chat' }, onClick: () => selectView(v) });
  }
}

export function visitorMessageAlert(v, m) {
  const attending = isAttending();
  if (attending && v.selected) return;
  const text = m.file ? t('file_label_short', { name: plainText(m.file.name) }) : plainText(m.text);
  // The selected chat's log is a live region itself.
  if (!v.selected) announce(t('new_message', { name: v.name }));
  const now = Date.now();
  if (now - S.soundThrottle > 3000) {
    S.soundThrottle = now;
    sound.play({ volume: 0.5 });
  }
  if (!attending) {
    notify({ title: v.name, body: text, tag: `chat-${v.id}`, data: { chat: v.id, kind: 'chat' }, onClick: () => selectView(v) });
  }
}

export function stateChanged(v) {
  const before = S.announced.get(v.id);
  const now = v.gone ? 'gone' : v.status === 'closed' ? 'closed' : (v.mine || v.leaving) ? 'mine' : 'elsewhere';
  S.announced.set(v.id, now);
  if (before === 'mine' && now === 'closed' && !v.readOnly && !v.closedByMe) {
    announce(t('chat_ended_by', { name: v.name }));
    if (!isAttending()) notify({ title: t('chat_ended_by', { name: v.name }), tag: `chat-${v.id}`, onClick: () => selectView(v) });
  }
  updateCount();
}

// Title, favicon and app badge: unread messages plus waiting chats.
export function updateCount() {
  let unread = 0;
  for (const v of S.views.values()) unread += v.unread;
  const n = unread + (S.me ? S.queue.length : 0);
  showCount(n, t('page_title'));
}

let liveTimer = 0;
export function announce(text) {
  const live = $('live');
  live.append(el('p', {}, text));
  clearTimeout(liveTimer);
  liveTimer = setTimeout(() => live.replaceChildren(), 10000);
}

let toastTimer = 0;
export function toast(text) {
  const n = $('toast');
  n.textContent = text;
  n.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { n.hidden = true; }, 6000);
}
