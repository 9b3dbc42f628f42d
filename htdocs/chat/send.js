// Sending: the visitor's texts and files go through the outbox (resent with
// the same client_id until the server has them), each with its delivery
// state under it; and the visitor's typing, told to the operator.
import { Outbox } from '../shared/outbox.js';
import { renderItemState as renderState } from '../shared/msgstate.js';
import { el, $, linkify, utf8Length } from '../shared/dom.js';
import { t, formatSize, formatTime } from './i18n.js';
import { api, S } from './state.js';
import { keepScrolledToBottom, placeMessage } from './chatwindow.js';
import { chatEnded, chatGone } from './receive.js';

// The delivery state under one of the visitor's messages (the renderer is
// shared with the console: ../shared/msgstate.js).
const STATE_TEXTS = { t, closed: (e) => (e.code === 'chat_closed' ? t('chat_closed_send') : '') };

export function renderItemState(item) {
  const li = S.byClient.get(item.clientId);
  if (li) renderState(li, item, STATE_TEXTS);
}

// A visitor message not acknowledged yet: shown at the end of the log.
function showPending(item) {
  const li = el('li', { class: 'msg msg-visitor msg-pending' });
  const time = formatTime(new Date().toISOString());
  const body = el('div', { class: 'msg-body' });
  if (item.kind === 'text') body.append(el('p', { class: 'msg-text' }, ...linkify(item.text)));
  else body.append(el('p', { class: 'file' }, t('file_label', { name: item.file.name, size: formatSize(item.file.size) })));
  li.append(
    el('p', { class: 'msg-meta' }, el('span', { class: 'msg-who', 'data-role': 'you' }, t('you')), el('time', {}, ` ${time}`)),
    body);
  S.byClient.set(item.clientId, li);
  $('log').append(li);
  keepScrolledToBottom(true);
}

// Visitor client ids ("v-…"); while the head waits to be resent, the
// messages behind it show "not sent yet" too.
export const outbox = new Outbox({
  prefix: 'v',
  wholeQueue: true,
  send: async (item) => {
    const { data } = item.kind === 'text'
      ? await api.send(item.clientId, item.text)
      : await api.upload(item.clientId, item.file);
    return data;
  },
  onChange: (item) => {
    S.items.set(item.clientId, item);
    if (!S.byClient.has(item.clientId)) showPending(item);
    renderItemState(item);
  },
  onAck: (item, message) => {
    S.items.set(item.clientId, item);
    if (message) placeMessage({ ...message, client_id: item.clientId });
    renderItemState(item);
    // The "Sent" mark is only needed for a moment; the message stays.
    setTimeout(() => {
      const li = S.byClient.get(item.clientId);
      if (li && item.state === 'sent') li.dataset.state = 'done';
      S.items.delete(item.clientId); // and let go of an uploaded file's bytes
    }, 4000);
  },
  onFatal: (e) => {
    if (e.status === 404) chatGone();
    else chatEnded();
  },
});

// Retry countdowns.
setInterval(() => {
  for (const item of S.items.values()) if (item.state === 'retry') renderItemState(item);
}, 1000);

export function showComposeError(text) {
  const n = $('compose-error');
  n.textContent = text ?? '';
  n.hidden = !text;
}

export function sendText() {
  if (!S.chat || S.ended) return;
  const input = $('msg');
  const text = input.value.replace(/\s+$/u, '');
  if (!text.trim()) return;
  const max = S.config.limits.message;
  if (utf8Length(text) > max) {
    showComposeError(t('too_long', { max }));
    return;
  }
  showComposeError('');
  input.value = '';
  typingStop();
  outbox.add('text', { text });
}

function uploadTypeNames() {
  const names = S.config.limits.uploadTypes.map((ty) => ({
    'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/gif': 'GIF', 'image/webp': 'WebP',
    'application/pdf': 'PDF', 'text/plain': 'TXT',
  }[ty] ?? ty));
  return names.join(', ');
}

export function sendFiles(files) {
  if (!S.chat || S.ended) return;
  const { upload, uploadTypes } = S.config.limits;
  showComposeError('');
  for (const file of files) {
    if (file.size > upload) {
      showComposeError(t('file_too_big', { name: file.name, max: formatSize(upload) }));
      continue;
    }
    // The server decides by content; this only spares a useless upload.
    if (file.type && uploadTypes.length && !uploadTypes.includes(file.type)) {
      showComposeError(t('file_type', { name: file.name, types: uploadTypeNames() }));
      continue;
    }
    outbox.add('file', { file });
  }
}

// Typing: tell the server when the visitor types (renewed every 5 s while
// typing; the operator sees it for 10 s), and when they stop.
let typingOn = false;
let typingSentAt = 0;
let typingTimer = 0;

export function typingInput() {
  if (!S.chat || S.ended) return;
  if ($('msg').value.trim() === '') {
    typingStop();
    return;
  }
  const now = Date.now();
  if (!typingOn || now - typingSentAt > 5000) {
    typingOn = true;
    typingSentAt = now;
    api.typing(true).catch(() => {});
  }
  clearTimeout(typingTimer);
  typingTimer = setTimeout(typingStop, 4000);
}

export function typingStop() {
  clearTimeout(typingTimer);
  if (!typingOn) return;
  typingOn = false;
  if (S.chat && !S.ended) api.typing(false).catch(() => {});
}
