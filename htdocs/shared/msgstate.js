// The delivery state under a message of one's own (chat app: the visitor's,
// console: the operator's), from its outbox item (./outbox.js): "Sending…",
// "Sent", "Not sent yet, trying again in N s", "Not sent: REASON". The
// texts come from the app's own translations (t), which both name msg_sent,
// msg_failed, msg_retry_in, msg_retry, msg_sending, reason_file_type,
// reason_too_big and err_rejected.
import { el } from './dom.js';

// Why the server refused an item. closed(err) → the app's text for "this
// chat takes no more messages", or '' when that is not the reason.
export function failReason(err, kind, t, closed) {
  if (!err) return '';
  const c = closed(err);
  if (c) return c;
  if (kind === 'file' && (err.code === 'unsupported_file_type' || err.status === 415)) return t('reason_file_type');
  if (kind === 'file' && (err.code === 'body_too_large' || err.status === 413)) return t('reason_too_big');
  return t('err_rejected', { code: err.code });
}

// li: the message's <li>; item: its outbox item. Options: t (the app's
// translator), closed (see failReason), waiting(item) → a text for a retry
// that waits for something other than time (e.g. the next login), or ''.
// Returns the state node (<p class="msg-state">), for the caller to add to.
export function renderItemState(li, item, { t, closed, waiting = () => '' }) {
  let n = li.querySelector('.msg-state');
  if (!n) {
    n = el('p', { class: 'msg-state' });
    li.append(n);
  }
  // A "Sent" mark that has done its job (data-state "done") stays hidden.
  if (!(item.state === 'sent' && li.dataset.state === 'done')) li.dataset.state = item.state;
  let text;
  if (item.state === 'sent') text = t('msg_sent');
  else if (item.state === 'failed') text = t('msg_failed', { reason: failReason(item.error, item.kind, t, closed) });
  else if (item.state === 'retry') {
    text = waiting(item);
    if (!text) {
      const s = Math.ceil((item.retryAt - Date.now()) / 1000);
      text = s > 1 ? t('msg_retry_in', { s }) : t('msg_retry');
    }
  } else text = t('msg_sending');
  n.textContent = text;
  return n;
}
