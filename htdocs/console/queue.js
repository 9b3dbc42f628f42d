// The queue of waiting chats: the cards, their waiting times, accepting.
import { visitorName } from './chatview.js';
import { closeNotification } from './alerts.js';
import { el, $, externalLink, plainText } from './dom.js';
import { t, getLang, formatWait, langName } from './i18n.js';
import { api, S } from './state.js';
import { deptName } from './presence.js';
import { poller } from './poll.js';
import { openView, selectView } from './tabs.js';
import { announce, toast, updateAlarm, updateCount } from './alerting.js';

let queueKey = '';

function queueEntryKey(q) {
  return JSON.stringify([q.chat, q.name, q.from, q.lang, q.dept, q.fields, q.data, q.page, q.title, q.visitor_sleeping, q.note]);
}

export function renderQueue(force = false) {
  const key = S.queue.map(queueEntryKey).join('|') + getLang();
  // The server sends the newest waiting chats and how many wait in all.
  const total = Math.max(S.queueTotal ?? 0, S.queue.length);
  $('queue-count').textContent = S.queue.length ? `(${total})` : '';
  const more = $('queue-more');
  more.hidden = total <= S.queue.length;
  more.textContent = more.hidden ? '' : t('queue_showing', { shown: S.queue.length, total });
  $('queue-empty').hidden = S.queue.length > 0;
  if (!force && key === queueKey) return;
  queueKey = key;
  const list = $('queue');
  const focusChat = document.activeElement?.closest?.('.q-item')?.dataset.chat;
  list.replaceChildren(...S.queue.map(queueItem));
  if (focusChat) {
    const n = list.querySelector(`.q-item[data-chat="${CSS.escape(focusChat)}"] .q-accept`) ?? list.querySelector('.q-accept');
    (n ?? $('queue-pane')).focus();
  }
  tickQueue();
}

function queueItem(q) {
  const name = visitorName(q, q.chat);
  const fields = q.fields && typeof q.fields === 'object' ? Object.entries(q.fields).filter(([k, v]) => k !== 'name' && plainText(v)) : [];
  const data = q.data && typeof q.data === 'object' ? Object.entries(q.data) : [];
  const meta = [];
  if (plainText(q.from)) meta.push(t('from_x', { from: plainText(q.from) }));
  if (q.dept) meta.push(deptName(q.dept));
  if (q.lang) meta.push(langName(q.lang));
  const page = plainText(q.page);
  const title = plainText(q.title);
  // A chat a colleague transferred back to the queue: their note (text only).
  const note = plainText(q.note).trim();
  const accept = el('button', { type: 'button', class: 'primary q-accept', 'aria-keyshortcuts': 'Alt+A' }, t('accept'));
  accept.setAttribute('aria-label', t('accept_label', { name }));
  accept.addEventListener('click', () => acceptChat(q.chat));
  const similar = el('button', { type: 'button', class: 'secondary q-similar' }, t('close_similar'));
  similar.setAttribute('aria-label', `${t('close_similar')}: ${name}`);
  similar.addEventListener('click', () => closeSimilar(q.chat, similar, name));
  const headId = `q-h-${q.chat}`;
  return el('li', { class: `q-item${q.visitor_sleeping ? ' sleeping' : ''}`, 'data-chat': String(q.chat), 'aria-labelledby': headId },
    el('div', { class: 'q-head' },
      el('h3', { class: 'q-name', id: headId }, name),
      el('span', { class: 'q-wait', 'data-chat': String(q.chat) })),
    meta.length ? el('p', { class: 'q-meta' }, meta.join(' · ')) : null,
    note ? el('p', { class: 'q-note transfer-note' },
      el('strong', { class: 'transfer-note-label' }, t('transfer_note_from')), ' ',
      el('span', { class: 'transfer-note-text' }, note)) : null,
    fields.length ? el('dl', { class: 'kv q-fields' }, ...fields.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, plainText(v))])) : null,
    page || title ? el('p', { class: 'q-page' },
      el('span', { class: 'visually-hidden' }, `${t('current_page')}: `),
      title ? el('span', { class: 'page-title' }, title) : null,
      title && page ? ' ' : null,
      page ? (externalLink(page, page, { class: 'page-url', tabindex: '-1' }) ?? el('span', { class: 'page-url' }, page)) : null) : null,
    data.length ? el('dl', { class: 'kv q-data' }, ...data.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, plainText(v))])) : null,
    q.visitor_sleeping ? el('p', { class: 'q-sleep' }, t('sleeping_short')) : null,
    accept, similar);
}

// Waiting times count up every second (not in a live region: a screen
// reader hears the queue's news, not a ticking clock).
export function tickQueue() {
  const now = Date.now();
  for (const n of $('queue').querySelectorAll('.q-wait')) {
    const q = S.queue.find((x) => String(x.chat) === n.dataset.chat);
    if (!q) continue;
    const s = (Number(q.waiting_s) || 0) + Math.floor((now - q.seenAt) / 1000);
    const text = t('waiting_for', { time: formatWait(s) });
    if (n.textContent !== text) n.textContent = text;
    n.classList.toggle('long', s >= 60);
  }
}

async function acceptChat(id) {
  if (S.accepting.has(id)) return;
  const q = S.queue.find((x) => x.chat === id);
  S.accepting.add(id);
  S.queue = S.queue.filter((x) => x.chat !== id);
  renderQueue();
  updateAlarm();
  try {
    await api.accept(id);
    closeNotification(`queue-${id}`);
    const v = S.views.get(id) && !S.views.get(id).readOnly ? S.views.get(id) : openView(id, q ?? {});
    v.updateFromPoll({ ...(q ?? {}), visitor_typing: false });
    selectView(v, { focus: true });
    announce(t('accepted', { name: v.name }));
  } catch (e) {
    if (e.unauthenticated) return;
    // A retry after a lost answer: the first try may have taken it; the
    // poll (asked at once below) opens the tab if the chat is mine.
    if (e.code === 'already_taken' && e.answerLost) return;
    if (e.code === 'already_taken') toast(t('already_taken'));
    else if (e.status === 404) toast(t('chat_gone'));
    else {
      toast(t('err_accept', { code: e.code }));
      if (q && !S.queue.some((x) => x.chat === id)) S.queue.push(q);
    }
  } finally {
    S.accepting.delete(id);
    renderQueue();
    updateCount();
    poller.now();
  }
}

// A flood from one network: the first click arms the button, a second one
// within 5 s closes every waiting chat from that network.
async function closeSimilar(id, button, name) {
  const label = (armed) => {
    button.dataset.armed = armed ? '1' : '';
    button.textContent = t(armed ? 'close_similar_confirm' : 'close_similar');
    button.setAttribute('aria-label', armed ? t('close_similar_confirm') : `${t('close_similar')}: ${name}`);
  };
  if (button.dataset.armed !== '1') {
    label(true);
    setTimeout(() => { if (button.isConnected) label(false); }, 5000);
    return;
  }
  button.disabled = true;
  try {
    const r = await api.closeSimilar(id);
    announce(t('closed_similar', { n: Number(r?.closed) || 0 }));
    toast(t('closed_similar', { n: Number(r?.closed) || 0 }));
  } catch (e) {
    if (e.unauthenticated) return;
    toast(e.status === 404 ? t('chat_gone') : t('err_close_similar', { code: e.code }));
  } finally {
    button.disabled = false;
    poller.now();
  }
}

export function acceptFocusedOrOldest() {
  const inQueue = document.activeElement?.closest?.('.q-item')?.dataset.chat;
  const id = inQueue ? Number(inQueue) : S.queue[0]?.chat;
  if (id) acceptChat(id);
  else toast(t('queue_empty'));
}
