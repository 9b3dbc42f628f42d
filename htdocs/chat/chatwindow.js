// The chat window: beginning a chat, its status line and typing line, and
// the log of messages (each shown once per seq, in seq order).
import { el, $, linkify, fileBlock as fileLinks } from '../shared/dom.js';
import { t, formatSize, formatTime } from './i18n.js';
import { api, bridge, S } from './state.js';
import { setView } from './view.js';
import { outbox } from './send.js';
import { poller, resetCursor } from './receive.js';
import { flushData } from './visitordata.js';
import { isSleeping, syncSleep } from './sleep.js';
import { closeFlyout } from './flyouts.js';
import { resetNobody, watchWaiting } from './nobody.js';

// blob: URLs of the files on show, given back when the log is cleared.
const objectUrls = new Set();

export function resetChatView() {
  $('log').replaceChildren();
  for (const u of objectUrls) URL.revokeObjectURL(u);
  objectUrls.clear();
  S.seen.clear();
  S.byClient.clear();
  S.items.clear();
  S.gotFirstAnswer = false;
  S.operatorName = '';
  S.status = null;
  S.ended = false;
  S.sleepSent = null;
  S.everOperator = false;
  S.visitorClosing = false;
  resetNobody();
  $('offline-chat').hidden = true;
  $('ended').hidden = true;
  $('compose').hidden = false;
  $('typing').textContent = '';
  S.typingShown = false;
  closeFlyout(false);
}

export function beginChat(chat, { status = null, resumed = false } = {}) {
  resetChatView();
  S.resumed = resumed;
  S.chat = chat;
  api.chat = chat;
  resetCursor();
  outbox.resume();
  updateStatus(status);
  setView('chat');
  flushData();
  if (isSleeping()) syncSleep();
  else poller.start();
  watchWaiting();
}

export function updateStatus(status, operator) {
  if (status) S.status = status;
  if (operator && typeof operator.name === 'string' && operator.name) S.operatorName = operator.name;
  let text = '';
  if (S.view === 'chat' || S.chat) {
    if (S.status === 'waiting') text = t('status_waiting');
    else if (S.status === 'active') text = S.operatorName ? t('status_active', { name: S.operatorName }) : t('status_active_anon');
    else if (S.status === 'closed') text = t('status_closed');
  }
  const n = $('status');
  if (n.textContent !== text) n.textContent = text;
  // The site's welcome (admin area), until an operator has joined.
  const welcome = (S.view === 'chat' || S.chat) && S.status === 'waiting' ? S.config?.welcome || '' : '';
  const wn = $('welcome');
  if (wn.textContent !== welcome) wn.textContent = welcome;
  wn.hidden = !welcome;
  if (S.status === 'active') {
    $('offline-chat').hidden = true;
    S.everOperator = true;
  }
  watchWaiting();
}

export function updateTyping(on, force = false) {
  if (!force && on === S.typingShown) return;
  S.typingShown = on;
  $('typing').textContent = on ? t('typing', { name: S.operatorName || t('operator') }) : '';
}

function whoOf(m) {
  if (m.from === 'visitor') return { role: 'you', name: t('you') };
  if (m.from === 'operator') return { role: 'operator', name: (typeof m.name === 'string' && m.name) || S.operatorName || t('operator') };
  return { role: 'system', name: '' };
}

function fileBlock(file) {
  const name = typeof file.name === 'string' && file.name ? file.name : 'file';
  if (!Number.isInteger(file.id) && !/^[0-9]+$/.test(String(file.id))) {
    return el('p', { class: 'file' }, t('file_label', { name, size: formatSize(file.size) }));
  }
  const block = fileLinks({
    url: null,
    name,
    type: file.type,
    label: t('file_label', { name, size: formatSize(file.size) }),
    alt: t('image_alt', { name }),
    onLoad: () => keepScrolledToBottom(),
  });
  // The file is fetched with the token in a header; links and image show
  // it from a blob: URL, so no URL anywhere holds the secret.
  api.blob('file', { file: file.id }).then((b) => {
    const u = URL.createObjectURL(b);
    objectUrls.add(u);
    for (const a of block.querySelectorAll('a')) a.href = u;
    const img = block.querySelector('img');
    if (img) img.src = u;
  }).catch(() => {
    block.classList.add('file-missing');
  });
  return block;
}

// A transcript download (menu): fetched with the token in a header, then
// handed to the browser as a file of that name.
export async function downloadTranscript(format) {
  const b = await api.blob('transcript', { format });
  const u = URL.createObjectURL(b);
  const a = el('a', { href: u, download: `chat-${S.chat.id}.${format === 'html' ? 'html' : 'txt'}`, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(u), 60000);
}

function fillMessage(li, m) {
  const who = whoOf(m);
  li.className = `msg msg-${who.role === 'you' ? 'visitor' : who.role}`;
  const time = formatTime(m.time);
  const meta = who.role === 'system' ? null : el('p', { class: 'msg-meta' },
    el('span', { class: 'msg-who', 'data-role': who.role }, who.name),
    time ? el('time', { datetime: m.time }, ` ${time}`) : null);
  const body = el('div', { class: 'msg-body' });
  if (typeof m.text === 'string' && m.text !== '') body.append(el('p', { class: 'msg-text' }, ...linkify(m.text)));
  if (m.file && typeof m.file === 'object') body.append(fileBlock(m.file));
  const state = li.querySelector('.msg-state');
  li.replaceChildren(...[meta, body, state].filter(Boolean));
}

export function isNearBottom() {
  const log = $('log');
  return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
}

export function keepScrolledToBottom(force = false) {
  const log = $('log');
  if (force || isNearBottom() || S.stickToBottom) log.scrollTop = log.scrollHeight;
}

function insertBySeq(li, seq) {
  const log = $('log');
  let before = null;
  for (const child of log.children) {
    if (child === li) continue;
    const s = child.dataset.seq;
    if (!s || Number(s) > seq) {
      before = child;
      break;
    }
  }
  if (li.parentNode !== log || li.nextElementSibling !== before) log.insertBefore(li, before);
}

function publicMessage(m) {
  const out = { seq: m.seq, from: m.from, text: typeof m.text === 'string' ? m.text : '', time: m.time ?? null };
  if (m.from === 'operator' && typeof m.name === 'string') out.name = m.name;
  if (m.file && typeof m.file === 'object') {
    out.file = { name: String(m.file.name ?? ''), type: String(m.file.type ?? ''), size: Number(m.file.size) || 0 };
  }
  return out;
}

// A message the server has (poll or an acknowledgement): shown once per seq.
// replay: part of a resumed conversation, not news (no unread count).
export function placeMessage(m, { replay = false } = {}) {
  if (!m || !Number.isInteger(m.seq) || S.seen.has(m.seq)) return;
  const near = isNearBottom();
  let li = typeof m.client_id === 'string' ? S.byClient.get(m.client_id) : null;
  if (!li) li = el('li', {});
  fillMessage(li, m);
  li.dataset.seq = String(m.seq);
  S.seen.set(m.seq, li);
  if (typeof m.client_id === 'string') S.byClient.set(m.client_id, li);
  insertBySeq(li, m.seq);
  if (near || m.from === 'visitor') keepScrolledToBottom(true);
  bridge.emit('message', replay ? { ...publicMessage(m), replay: true } : publicMessage(m));
}
