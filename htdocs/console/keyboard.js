// The console's keyboard shortcuts (the table is ./keys.js).
import { matchShortcut } from './keys.js';
import { $, isTextEntry } from './dom.js';
import { S } from './state.js';
import { acceptFocusedOrOldest } from './queue.js';
import { currentView, cycle } from './tabs.js';
import { confirmClose, openTransfer } from './actions.js';
import { openCanned } from './canned.js';
import { focusQueueItem } from './alerting.js';
import { openDialog } from './settings.js';
import { showChats } from './requests.js';

export function onKey(ev) {
  if (!S.me || S.lost || $('view-app').hidden) return;
  const openDlg = document.querySelector('dialog[open]');
  let action = matchShortcut(ev);
  if (!action && ev.key === '?' && !isTextEntry(ev.target) && !openDlg) action = 'help';
  if (!action) return;
  if (openDlg && action !== 'help') return;
  ev.preventDefault();
  const v = currentView();
  // What acts on the current chat shows it (in place of the contact requests).
  if (v && ['close', 'transfer', 'canned'].includes(action)) showChats();
  switch (action) {
    case 'next': cycle(1); break;
    case 'prev': cycle(-1); break;
    case 'accept': acceptFocusedOrOldest(); break;
    case 'close': if (v) confirmClose(v); break;
    case 'transfer': if (v?.canWrite) openTransfer(v); break;
    case 'canned': if (v?.canWrite) openCanned(v); break;
    case 'compose':
      showChats();
      if (v) v.focusComposer(); else $('chats-pane').focus();
      break;
    case 'queue': focusQueueItem(S.queue[0]?.chat); break;
    case 'help': if (openDlg?.id === 'dlg-help') openDlg.close(); else openDialog('dlg-help'); break;
    default: break;
  }
}
