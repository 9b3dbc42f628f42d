// Plauder visitor chat app: start window (query form, privacy, consent),
// chat window (messages with delivery state, typing, files, transcript),
// sleep/wake, and the host bridge. One page for the three variants:
//   inpage  – in the loader's iframe on the host page (default when framed)
//   popup   – in its own window opened by the loader (default with an opener)
//   mobile  – full screen with a top toolbar (default at top level; WebViews)
// URL parameters: site (required), lang, dept, from, direct, variant, host
// (the embedding page's origin, set by the loader), and chat_id_param +
// session_id_param (+ department_id_param) to resume a running chat.
//
// Modules, one concern each (the order of the sections this file once had):
// state.js (parameters, shared state), view.js (texts, theme, views),
// config.js (chat/config), start.js (start window), chatwindow.js (the
// log), send.js (outbox, typing), receive.js (the poll), visitordata.js
// (Plauder('set'), chat/data), sleep.js (sleep and wake), flyouts.js
// (privacy, menu), host.js (the host's commands, the global), wiring.js
// (events); this file starts the app. Beside them: api.js, bridge.js,
// store.js, i18n.js, and ../shared/ (http, outbox, poller, msgstate, dom,
// i18n), shared with the console.
//
// Security: every text from the server or the visitor goes into the DOM as a
// text node (see ../shared/dom.js); no innerHTML, no inline script or style.
import { $ } from '../shared/dom.js';
import * as store from './store.js';
import { t, setLang, getLang } from './i18n.js';
import { app, bridge, P, S, SITE_RE } from './state.js';
import { applyTexts, setView } from './view.js';
import { loadConfig, showError } from './config.js';
import { keepSession, showStart } from './start.js';
import { beginChat } from './chatwindow.js';
import { installGlobal } from './host.js';
import { wire } from './wiring.js';

// ---- start-up ---------------------------------------------------------------------------------

async function boot() {
  setView('loading');
  if (!SITE_RE.test(P.site)) {
    showError(t('unknown_site'));
    return;
  }
  if (!(await loadConfig(boot))) return;
  applyTexts();
  let resume = P.resume ?? store.loadChat(P.site) ?? S.hostResume ?? null;
  if (!resume && P.waitResume) {
    resume = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), 3000);
      S.resumeWaiter = (ref) => {
        clearTimeout(timer);
        resolve(ref);
      };
    });
    S.resumeWaiter = null;
  }
  if (resume) {
    if (P.resume) keepSession(resume); // a running chat: allowed to keep
    beginChat(resume, { resumed: true });
    return;
  }
  showStart();
}

app.dataset.variant = P.variant;
setLang(P.lang);
$('langs').hidden = P.variant !== 'mobile';
wire();
applyTexts();
installGlobal();
S.ready = true;
S.readyDetail = { variant: P.variant, lang: getLang() };
bridge.emit('ready', S.readyDetail);
if (document.visibilityState === 'hidden') S.sleepReasons.add('hidden');
boot();
