// The host's commands: from the loader on the embedding page (postMessage,
// ./bridge.js) and from native hosts through the app page's one global,
// window.Plauder (docs/JS-API.md).
import { safeHttpUrl } from '../shared/dom.js';
import * as store from './store.js';
import { bridge, S } from './state.js';
import { focusMain } from './view.js';
import { showInvitation, startBusy } from './start.js';
import { beginChat } from './chatwindow.js';
import { typingStop } from './send.js';
import { flushData, setVisitorData } from './visitordata.js';
import { setSleep } from './sleep.js';
import { closeFlyout } from './flyouts.js';

export function requestClose() {
  closeFlyout(false);
  typingStop();
  bridge.emit('closed', { chat: S.chat?.id ?? null, ended: S.ended });
  if (!bridge.framed && window.opener) window.close(); // popup (a window we were opened into)
}

function command(cmd, args) {
  switch (cmd) {
    case 'open':
      S.wantFocus = true;
      focusMain();
      break;
    case 'close':
      requestClose();
      break;
    case 'set':
      setVisitorData(args[0]);
      break;
    case 'sleep':
      setSleep('host', true);
      break;
    case 'wake':
      setSleep('host', false);
      break;
    case 'on':
      if (typeof args[1] !== 'function') break;
      bridge.on(args[0], args[1]);
      if (args[0] === 'ready' && S.ready) args[1](S.readyDetail);
      break;
    case 'off':
      bridge.off(args[0], args[1]);
      break;
    default:
      console.warn(`Plauder: unknown command ${String(cmd)}`);
  }
}

bridge.listen((cmd, d) => {
  switch (cmd) {
    case 'set':
      setVisitorData({ name: d.name, email: d.email, data: d.data });
      break;
    case 'context':
      // From the loader: the page the visitor is on (shown to the operator).
      if (typeof d.page === 'string' && safeHttpUrl(d.page)) {
        S.context.page = d.page.slice(0, 2048);
        S.context.title = typeof d.title === 'string' ? d.title.slice(0, 255) : '';
        flushData();
      }
      break;
    case 'open': case 'close': case 'sleep': case 'wake':
      command(cmd, []);
      break;
    case 'track':
      // The loader counts this page: a chat started here is the counted visitor's.
      S.track = { id: /^[0-9a-f]{32}$/.test(d.id || '') ? d.id : '' };
      break;
    case 'invitation':
      // The visitor accepted an operator's invitation on the page.
      if (Number.isSafeInteger(d.id) && d.id > 0 && typeof d.text === 'string' && S.track) {
        S.invitation = { id: d.id, text: d.text.slice(0, 500), operator: typeof d.operator === 'string' ? d.operator.slice(0, 128) : '' };
        if (S.config && !S.chat && S.view === 'start') showInvitation();
      }
      break;
    case 'resume': {
      // From the loader, which kept the chat for us (see keepSession).
      const ref = store.chatRef(d);
      if (!ref) break;
      if (S.resumeWaiter) S.resumeWaiter(ref);
      else if (!S.config) S.hostResume = ref; // boot() picks it up
      else if (!S.chat && S.view === 'start' && !startBusy) beginChat(ref, { resumed: true });
      break;
    }
    default:
      break;
  }
});

// The one global of the app page, for native hosts (evaluateJavaScript) and
// scripts injected into a WebView: the same commands as on a host page.
// Calls queued in window.Plauder.q before the app loaded are run.
export function installGlobal() {
  const queued = Array.isArray(window.Plauder?.q) ? window.Plauder.q : [];
  const Plauder = function Plauder(cmd, ...args) {
    command(cmd, args);
  };
  window.Plauder = Plauder;
  for (const a of queued) command(a[0], Array.prototype.slice.call(a, 1));
}
