// The operator's chats as tabs: opening (./chatview.js is one tab),
// selecting, cycling, closing, and a closed chat of the history.
import { ChatView } from './chatview.js';
import { $ } from './dom.js';
import { api, S } from './state.js';
import { applyTexts } from './texts.js';
import { sessionLost } from './login.js';
import { deptName } from './presence.js';
import { confirmClose, openTransfer } from './actions.js';
import { openCanned } from './canned.js';
import { announce, isAttending, stateChanged, toast, updateCount, visitorMessageAlert } from './alerting.js';
import { showChats } from './requests.js';

const viewCtx = {
  api,
  me: () => S.me ?? {},
  canned: () => S.canned,
  deptName,
  isAttending,
  onUnread: () => updateCount(),
  onSelectRequest: (v) => selectView(v, { focus: false }),
  onVisitorMessage: (v, m) => visitorMessageAlert(v, m),
  onStateChange: (v) => stateChanged(v),
  openHistory: (id) => openHistory(id),
  openCanned: (v) => openCanned(v),
  openTransfer: (v) => openTransfer(v),
  closeChat: (v) => confirmClose(v),
  closeTab: (v) => removeView(v),
  announce: (text) => announce(text),
  toast: (text) => toast(text),
  onAuth: () => sessionLost(),
};

export function openView(id, info, opts = {}) {
  const v = new ChatView(viewCtx, id, info, opts);
  applyTexts(v.panel);
  applyTexts(v.tab);
  v.relabel();
  S.views.set(id, v);
  S.order.push(id);
  $('tabs').append(v.tab);
  $('panels').append(v.panel);
  v.loadDetail();
  if (opts.readOnly) v.fetchMessages();
  renderTabs();
  return v;
}

export function removeView(v) {
  const i = S.order.indexOf(v.id);
  v.destroy();
  S.views.delete(v.id);
  S.order = S.order.filter((x) => x !== v.id);
  S.announced.delete(v.id);
  if (S.selected === v.id) {
    S.selected = null;
    const next = S.views.get(S.order[Math.min(i, S.order.length - 1)]);
    if (next) selectView(next, { focus: true });
    else $('chats-pane').focus();
  }
  renderTabs();
  updateCount();
}

export function selectView(v, { focus = true } = {}) {
  if (!v) return;
  // Chosen by the operator (accepted, Alt+N, a notification): the chats
  // come back in place of the contact requests.
  if (focus) showChats();
  for (const o of S.views.values()) if (o !== v && o.selected) o.select(false);
  S.selected = v.id;
  v.select(true);
  renderTabs();
  updateCount();
  if (focus) v.focusComposer();
}

export function renderTabs() {
  $('no-chat').hidden = S.views.size > 0;
  $('tabs').hidden = S.views.size === 0;
}

export function currentView() {
  return S.selected != null ? S.views.get(S.selected) : null;
}

// Next (or previous) tab; "next" prefers a chat with unread messages.
export function cycle(dir) {
  if (!S.order.length) return;
  const cur = Math.max(0, S.order.indexOf(S.selected));
  const n = S.order.length;
  if (dir > 0) {
    for (let k = 1; k <= n; k++) {
      const v = S.views.get(S.order[(cur + k) % n]);
      if (v.unread > 0 && v.id !== S.selected) {
        selectView(v);
        return;
      }
    }
  }
  selectView(S.views.get(S.order[(cur + dir + n) % n]));
}

export function onTabsKey(ev) {
  const tab = ev.target.closest('[role="tab"]');
  if (!tab) return;
  const i = S.order.indexOf(Number(tab.dataset.chat));
  let j = null;
  if (ev.key === 'ArrowRight' || ev.key === 'ArrowDown') j = (i + 1) % S.order.length;
  else if (ev.key === 'ArrowLeft' || ev.key === 'ArrowUp') j = (i - 1 + S.order.length) % S.order.length;
  else if (ev.key === 'Home') j = 0;
  else if (ev.key === 'End') j = S.order.length - 1;
  if (j === null) return;
  ev.preventDefault();
  const v = S.views.get(S.order[j]);
  selectView(v, { focus: false });
  v.tab.focus();
}

// A closed chat read-only in a tab of its own (the visitor's earlier chats,
// the chat a contact request came from).
export async function openHistory(id) {
  const existing = S.views.get(id);
  if (existing) {
    selectView(existing);
    return;
  }
  const v = openView(id, {}, { readOnly: true });
  selectView(v, { focus: false });
  v.log.focus();
}
