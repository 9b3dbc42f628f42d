/* Plauder embed loader (docs/JS-API.md).
 *
 * Pasted into a page footer as:
 *   <script>window.Plauder=window.Plauder||function(){(Plauder.q=Plauder.q||[]).push(arguments)};</script>
 *   <script async src="https://HOST/plauder/loader.js?site=1-1"></script>
 * Parameters (from this script's own URL): site (required), dept, lang,
 * variant (inpage | popup | mobile), count (no: no tracking), from, direct.
 *
 * Adds exactly one global, Plauder (a command function; calls queued in
 * Plauder.q before it arrived are run). Sets no cookie; with count=no it
 * stores nothing before a chat started (the tracking variant may keep a
 * first-party id, docs/JS-API.md). Shows a chat tab in the
 * site's colour; the chat itself runs in an iframe (or popup) from the
 * Plauder server, isolated from the page.
 */
(function () {
  'use strict';

  const w = window;
  const d = document;
  if (w.Plauder && (w.Plauder.loaded || w.Plauder.loading)) { // pasted twice, or swapped in after consent:
    const again = d.currentScript && d.currentScript.src;
    if (again && !/[?&]count=no(&|$)/.test(again)) w.Plauder('track'); // tracking starts, nothing else
    return;
  }
  // Without the inline bootstrap, calls made before the page is ready queue up here.
  if (typeof w.Plauder !== 'function') {
    const stub = function () { (stub.q = stub.q || []).push(arguments); };
    w.Plauder = stub;
  }
  w.Plauder.loading = true;

  // ---- where we come from --------------------------------------------------
  // This script's element (without currentScript: the last loader.js).
  const all = d.querySelectorAll('script[src*="loader.js"]');
  const script = d.currentScript && d.currentScript.src ? d.currentScript : all[all.length - 1];
  if (!script) return;
  const src = new URL(script.src, d.baseURI);
  const base = new URL('./', src); // …/plauder/loader.js → …/plauder/
  const baseOrigin = base.origin;
  const q = src.searchParams;

  const site = q.get('site') || '';
  if (!/^[1-9][0-9]{0,8}-[1-9][0-9]{0,8}$/.test(site)) {
    console.warn('Plauder: loader.js needs site=N-M in its URL');
    return;
  }
  // The server's formats (lib/pl_param.c, lib/pl_chat.h): dept, chat id, chat token.
  const DEPT_RE = /^[A-Za-z0-9]$/;
  const CHAT_RE = /^[1-9][0-9]{0,15}$/;
  const TOKEN_RE = /^[0-9a-f]{48}$/;
  const dept = DEPT_RE.test(q.get('dept') || '') ? q.get('dept') : '';
  let variant = ['inpage', 'popup', 'mobile'].indexOf(q.get('variant')) >= 0 ? q.get('variant') : 'inpage';
  const count = q.get('count') !== 'no';
  const from = (q.get('from') || '').slice(0, 255);
  const direct = q.get('direct') === '1';

  function langOf(v) { // any language: the site's texts may be in it
    const m = /^([a-z]{2,3})\b/i.exec(String(v || ''));
    return m ? m[1].toLowerCase() : '';
  }
  const lang = langOf(q.get('lang')) || langOf(d.documentElement.lang) || langOf(navigator.language) || 'en';

  const TEXTS = { // the loader's own texts
    en: { online: 'Chat with us', offline: 'Leave a message', unknown: 'Live chat', open: 'Open the live chat',
      close: 'Close the live chat', is_online: 'online', is_offline: 'offline', unread: '{n} new', frame: 'Live chat' },
    de: { online: 'Jetzt chatten', offline: 'Nachricht hinterlassen', unknown: 'Live-Chat', open: 'Live-Chat öffnen',
      close: 'Live-Chat schließen', is_online: 'online', is_offline: 'offline', unread: '{n} neu', frame: 'Live-Chat' },
  }[lang === 'de' ? 'de' : 'en'];

  // ---- tracking (SPEC "Tracking (count)"): only the tracking variant
  // (never count=no) loads track.js, which counts the page view and shows
  // an operator's invitation; the chat app learns that this page counts.
  let tracking = count;
  let trackMode = ''; // from chat/config: id | cookieless
  let counted = false;
  let tracked = null; // {id} once track.js runs ('' on a cookieless site)
  function countPageView() {
    if (!tracking || counted || !trackMode || !shadow) return;
    counted = true;
    import(`${base}track.js`).then((m) => {
      tracked = { id: m.start({ base: base.href, site, dept, lang, mode: trackMode, data: visitor && visitor.data, root: shadow,
        busy: () => hasChat || isOpen, accept: (inv) => { open(); post(Object.assign({ plauder: 'invitation' }, inv)); } }).id };
      post({ plauder: 'track', id: tracked.id });
    }).catch(() => { counted = false; });
  }

  // ---- state -----------------------------------------------------------------
  const STATE_KEY = `plauder:${site}`; // host sessionStorage, only after a chat started
  let online = null; // null: not known yet
  let departments = [];
  let disabled = false;
  let isOpen = false;
  let hasChat = false;
  // {chat, token, dept} after a chat started, kept for a new popup or frame.
  let session = null;
  let unread = 0;
  let frame = null;
  let popupWin = null;
  let popupTimer = 0;
  let appWin = null; // the chat app's window (iframe or popup)
  let appReady = false;
  let toApp = []; // messages waiting for the app
  let visitor = null; // merged Plauder('set') data
  let hostSleeping = false;
  let ready = false;
  let readyDetail = null;
  let lastAvail = 0;
  const handlers = {};

  function emit(name, detail) {
    for (const fn of (handlers[name] || []).slice()) {
      try { fn(detail); } catch (e) { console.error('Plauder: event handler failed', e); }
    }
  }

  // The page's sessionStorage entry: read (no argument), written, removed
  // (null); storageSave() writes it only after a chat started (hasChat).
  function storage(v) {
    try {
      if (v === undefined) {
        const got = JSON.parse(w.sessionStorage.getItem(STATE_KEY) || 'null');
        return got && typeof got === 'object' ? got : null;
      }
      if (v === null) w.sessionStorage.removeItem(STATE_KEY);
      else w.sessionStorage.setItem(STATE_KEY, JSON.stringify(v));
    } catch (e) { /* storage blocked: no resume across pages */ }
    return null;
  }
  function storageSave() {
    if (hasChat) storage(Object.assign({ open: isOpen }, session));
  }
  function validSession(v) {
    if (!v || !CHAT_RE.test(String(v.chat)) || !Number.isSafeInteger(Number(v.chat)) || !TOKEN_RE.test(String(v.token))) return null;
    return { chat: Number(v.chat), token: String(v.token), dept: DEPT_RE.test(v.dept || '') ? v.dept : '' };
  }
  // A chat runs in this tab (session: what to resume it with, if we keep it).
  function keepChat(s) {
    hasChat = true;
    session = s;
    storageSave();
  }

  // ---- the tab and the panel (in a shadow root: host styles stay out) ------
  const CSS = `
:host { all: initial; }
.tab {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  display: inline-flex; align-items: center; gap: 8px;
  min-height: 48px; padding: 0 18px; border: 0; border-radius: 24px;
  background: var(--pl-color, #0b5cad); color: var(--pl-fg, #ffffff);
  font: 600 15px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25); cursor: pointer;
}
.tab:hover { filter: brightness(1.08); }
:host(.left) .tab, :host(.left) .panel { right: auto; left: 20px; }
.tab:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; box-shadow: 0 0 0 6px #1f2328; }
.dot { width: 10px; height: 10px; border-radius: 50%; background: #3fb950; box-shadow: 0 0 0 2px rgba(255, 255, 255, 0.85); }
.tab[data-state="offline"] .dot { background: #8c959f; }
.tab[data-state="unknown"] .dot { display: none; }
.badge { min-width: 20px; height: 20px; padding: 0 6px; border-radius: 10px; background: #cf222e; color: #ffffff; font-size: 12px; line-height: 20px; text-align: center; }
.x { display: none; position: relative; width: 18px; height: 18px; }
.x::before, .x::after { content: ""; position: absolute; left: 0; top: 8px; width: 18px; height: 2px; background: currentColor; border-radius: 1px; transform: rotate(45deg); }
.x::after { transform: rotate(-45deg); }
.tab[aria-expanded="true"] { width: 48px; padding: 0; justify-content: center; }
.tab[aria-expanded="true"] .x { display: block; }
.tab[aria-expanded="true"] .dot, .tab[aria-expanded="true"] .label, .tab[aria-expanded="true"] .badge { display: none; }
[hidden] { display: none !important; }
.panel {
  position: fixed; right: 20px; bottom: 84px; z-index: 2147483001;
  width: 380px; height: 600px; max-width: calc(100vw - 40px); max-height: calc(100vh - 104px);
  border-radius: 12px; overflow: hidden; background: #ffffff;
  box-shadow: 0 12px 40px rgba(0, 0, 0, 0.3);
}
.panel.full { inset: 0; width: 100%; height: 100%; max-width: none; max-height: none; border-radius: 0; }
iframe { display: block; width: 100%; height: 100%; border: 0; }
@media (max-width: 480px), (max-height: 500px) {
  .panel { inset: 0; width: 100%; height: 100%; max-width: none; max-height: none; border-radius: 0; }
}
@media print { .tab, .panel { display: none !important; } }
`;

  let hostEl = null;
  let shadow = null;
  let tab = null;
  let panel = null;
  let label = null;
  let badge = null;

  // An element with its class and attributes.
  function make(tag, className, attrs) {
    const n = d.createElement(tag);
    if (className) n.className = className;
    for (const k in attrs || {}) n.setAttribute(k, attrs[k]);
    return n;
  }

  function build() {
    hostEl = d.createElement('plauder-chat');
    const root = shadow = hostEl.attachShadow({ mode: 'open' });
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) { // older browsers without constructable style sheets
      const style = d.createElement('style');
      style.textContent = CSS;
      root.append(style);
    }
    tab = make('button', 'tab', { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'plauder-panel', 'data-state': 'unknown' });
    label = make('span', 'label');
    badge = make('span', 'badge', { 'aria-hidden': 'true' });
    badge.hidden = true;
    tab.append(make('span', 'dot', { 'aria-hidden': 'true' }), label, badge, make('span', 'x', { 'aria-hidden': 'true' }));
    tab.addEventListener('click', () => (isOpen ? close() : open()));

    panel = make('div', variant === 'mobile' ? 'panel full' : 'panel', { id: 'plauder-panel', role: 'dialog', 'aria-label': TEXTS.frame });
    panel.hidden = true;
    root.append(tab, panel);
    updateTab();
    d.body.append(hostEl);
  }

  function updateTab() {
    if (!tab) return;
    const state = online === null ? 'unknown' : (online ? 'online' : 'offline');
    tab.dataset.state = state;
    label.textContent = TEXTS[state];
    badge.textContent = String(unread);
    badge.hidden = unread === 0;
    tab.setAttribute('aria-expanded', String(isOpen));
    let name = isOpen ? TEXTS.close : TEXTS.open;
    if (!isOpen && online !== null) name += ` (${online ? TEXTS.is_online : TEXTS.is_offline})`;
    if (!isOpen && unread) name += `, ${TEXTS.unread.replace('{n}', unread)}`;
    tab.setAttribute('aria-label', `${label.textContent}: ${name}`); // starts with what is visible
    tab.title = name;
  }

  // Black or white on the site's colour, whichever reads better.
  function applyColor(color) {
    if (!hostEl || typeof color !== 'string' || !/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(color)) return;
    let h = color.slice(1);
    if (h.length === 3) h = h.split('').map((c) => c + c).join('');
    const lum = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4)));
    const l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    hostEl.style.setProperty('--pl-color', color);
    hostEl.style.setProperty('--pl-fg', l > 0.179 ? '#111111' : '#ffffff');
  }

  // ---- the chat app ----------------------------------------------------------
  // A URL of the Plauder server with the parameters that have a value.
  function endpoint(path, params) {
    const u = new URL(path, base);
    for (const k in params) if (params[k]) u.searchParams.set(k, params[k]);
    return u.href;
  }

  // With a chat to resume, the token follows by postMessage, never in the URL.
  function appUrl(v) {
    return endpoint('chat/index.html', {
      resume: session ? '1' : '', site: site, lang: lang, dept: dept, from: from,
      direct: direct ? '1' : '', variant: v, host: w.location.origin,
    });
  }

  function post(msg) {
    if (appWin && appReady) {
      try {
        appWin.postMessage(msg, baseOrigin);
        return;
      } catch (e) { /* window gone */ }
    }
    toApp.push(msg);
  }

  function onAppReady() {
    appReady = true;
    const queued = [];
    if (session) queued.push(Object.assign({ plauder: 'resume' }, session)); // ignored by an app that has its chat
    queued.push({ plauder: 'context', page: w.location.href, title: d.title });
    if (tracked) queued.push({ plauder: 'track', id: tracked.id });
    if (visitor) queued.push(Object.assign({ plauder: 'set' }, visitor));
    if (hostSleeping) queued.push({ plauder: 'sleep' });
    if (isOpen) queued.push({ plauder: 'open' });
    // Commands given before the app was there, without duplicates of the above.
    for (const m of toApp) if (['set', 'sleep', 'wake', 'open', 'track'].indexOf(m.plauder) < 0) queued.push(m);
    toApp = [];
    for (const m of queued) post(m);
  }

  function ensureFrame() {
    if (frame) return;
    frame = make('iframe', '', { title: TEXTS.frame, src: appUrl(variant === 'mobile' ? 'mobile' : 'inpage'), allow: 'clipboard-write' });
    appReady = false;
    panel.append(frame);
    appWin = frame.contentWindow;
  }

  function openPopup() {
    if (popupWin && !popupWin.closed) {
      popupWin.focus();
      return true;
    }
    const win = w.open(appUrl('popup'), `plauder_${site.replace('-', '_')}`,
      'popup=yes,width=420,height=640,resizable=yes,scrollbars=yes');
    if (!win) return false; // blocked: the caller falls back to the in-page chat
    appReady = false;
    usePopup(win);
    return true;
  }

  // win is the chat's window from now on, a popup we opened or one we took
  // back. It can be closed without a word to us (the window's own close
  // box): look every second.
  function usePopup(win) {
    popupWin = win;
    appWin = win;
    clearInterval(popupTimer);
    popupTimer = setInterval(() => { if (!popupWin || popupWin.closed) popupGone(); }, 1000);
  }

  function popupGone() {
    clearInterval(popupTimer);
    popupWin = null;
    appWin = null;
    appReady = false;
    toApp = [];
    if (isOpen) {
      isOpen = false;
      updateTab();
      storageSave();
      emit('closed', { variant: 'popup', reason: 'visitor' });
    }
  }

  // Our popup (opened by this tab) from before a page change speaks: take it
  // back, watched like one we opened; the caller tells it about this page.
  function takeBackPopup(win) {
    let ours = false;
    try {
      ours = win.opener === w && win.top === win;
    } catch (e) { /* not ours */ }
    if (!ours) return false;
    usePopup(win);
    nowOpen(true); // no "open" event: it was open on the page before
    return true;
  }

  // The chat is open now: the tab shows it, the unread count is gone, the
  // page's storage keeps it; "open" for the handlers if it was not open.
  function nowOpen(wasOpen) {
    isOpen = true;
    unread = 0;
    updateTab();
    storageSave();
    if (!wasOpen) emit('open', { variant });
  }

  function open() {
    if (disabled || !tab) return;
    const wasOpen = isOpen;
    if (variant === 'popup') {
      if (openPopup()) {
        nowOpen(wasOpen);
        return;
      }
      variant = 'inpage'; // blocked
    }
    ensureFrame();
    panel.hidden = false;
    frame.focus();
    post({ plauder: 'open' });
    nowOpen(wasOpen);
  }

  function close(reason) {
    if (!isOpen) return;
    isOpen = false;
    if (popupWin) {
      try { popupWin.close(); } catch (e) { /* already gone */ }
      popupGone(); // isOpen is false already: no second "closed"
    }
    const focusInside = d.activeElement === hostEl;
    if (panel) panel.hidden = true;
    updateTab();
    if (focusInside && tab) tab.focus();
    storageSave();
    emit('closed', { variant, reason: reason || 'api' });
  }

  // Events from the chat app: accepted only from the Plauder origin, and
  // only from our iframe or popup.
  w.addEventListener('message', (ev) => {
    if (ev.origin !== baseOrigin) return;
    const m = ev.data;
    if (!m || typeof m !== 'object' || m.plauder !== 'event' || typeof m.name !== 'string') return;
    const fromFrame = Boolean(frame) && ev.source === frame.contentWindow;
    let fromPopup = Boolean(popupWin) && ev.source === popupWin;
    if (!fromFrame && !fromPopup && variant === 'popup' && ev.source && !popupWin && m.name !== 'closed') {
      // A running popup of an earlier page of this tab: give it this page's context.
      fromPopup = takeBackPopup(ev.source);
      if (fromPopup && m.name !== 'ready') onAppReady();
    }
    if (!fromFrame && !fromPopup) return;
    const detail = m.detail && typeof m.detail === 'object' ? m.detail : {};
    switch (m.name) {
      case 'ready':
        onAppReady();
        return; // the host's "ready" is the loader's own
      case 'closed':
        // The app's close button (a popup closes itself right after).
        close('visitor');
        return;
      case 'chat_started':
        keepChat(session);
        break;
      case 'chat_ended':
        hasChat = false;
        session = null;
        storage(null);
        break;
      case 'session':
        // The app's storage is blocked (third-party frame): keep the chat here.
        session = validSession(detail);
        if (session) keepChat(session);
        return;
      case 'message':
        if (!isOpen && detail.from === 'operator' && !detail.replay) {
          unread += 1;
          updateTab();
        }
        break;
      default:
        break;
    }
    emit(m.name, detail);
  });

  // ---- availability and colour -----------------------------------------------
  function setOnline(value, depts) {
    const was = online;
    online = value;
    departments = Array.isArray(depts) ? depts : departments;
    updateTab();
    if (!ready) {
      ready = true;
      readyDetail = { online: online, departments: departments };
      emit('ready', readyDetail);
      if (online === false) emit('offline', { source: 'availability' });
      return;
    }
    if (was !== online && online === false) emit('offline', { source: 'availability' });
    if (was !== online && online === true) emit('online', { source: 'availability' });
  }

  // GET an API endpoint without cookies: {r: the response, j: its JSON or null}.
  async function getJson(path, init) {
    const r = await fetch(endpoint(path, { site: site, dept: dept, lang: lang }),
      Object.assign({ credentials: 'omit', mode: 'cors' }, init));
    return { r: r, j: await r.json().catch(() => null) };
  }

  async function refreshAvailability() {
    lastAvail = Date.now();
    try {
      const { r, j } = await getJson('cgi-bin/availability', { cache: 'no-cache' });
      if (r.status === 404 && j && j.error && (j.error.code === 'unknown_site' || j.error.code === 'unknown_department')) {
        console.warn(`Plauder: ${j.error.code} (${j.error.message})`);
        disable();
        return;
      }
      if (!r.ok || !j || typeof j.online !== 'boolean') throw new Error(`availability: HTTP ${r.status}`);
      setOnline(j.online, j.departments);
    } catch (e) {
      // Unknown state: keep what we had; the next tick tries again.
      if (!ready) setOnline(online, departments);
    }
  }

  // The site's look (admin area): colour, the tab's corner and texts.
  async function loadTheme() {
    try {
      const { r, j } = await getJson('cgi-bin/chat/config');
      if (!r.ok || !j || !hostEl) return;
      trackMode = j.tracking && /^(id|cookieless)$/.test(j.tracking.mode) ? j.tracking.mode : '';
      countPageView();
      applyColor(j.theme && j.theme.color);
      hostEl.classList.toggle('left', Boolean(j.theme && j.theme.position === 'left'));
      for (const k of ['online', 'offline']) {
        const v = j.texts && j.texts[`button_${k}`];
        if (typeof v === 'string' && v) TEXTS[k] = v.slice(0, 200);
      }
      updateTab();
    } catch (e) { /* keep the defaults */ }
  }

  function disable() {
    disabled = true;
    if (hostEl) hostEl.remove();
    hostEl = shadow = tab = panel = frame = null;
  }

  // Every 30 s while the chat is closed and the page is visible.
  setInterval(() => {
    if (!disabled && !isOpen && d.visibilityState === 'visible') refreshAvailability();
  }, 30000);
  d.addEventListener('visibilitychange', () => {
    if (!disabled && !isOpen && d.visibilityState === 'visible' && Date.now() - lastAvail > 30000) refreshAvailability();
  });

  // ---- the one global ----------------------------------------------------------
  function setVisitor(v) {
    if (!v || typeof v !== 'object') return;
    const part = {};
    if (typeof v.name === 'string') part.name = v.name;
    if (typeof v.email === 'string') part.email = v.email;
    if (v.data && typeof v.data === 'object' && !Array.isArray(v.data)) {
      part.data = {};
      for (const k in v.data) {
        const val = v.data[k];
        if (typeof val === 'string' || (typeof val === 'number' && isFinite(val)) || val === null) part.data[k] = val;
      }
    }
    visitor = visitor || {};
    if ('name' in part) visitor.name = part.name;
    if ('email' in part) visitor.email = part.email;
    if (part.data) visitor.data = Object.assign(visitor.data || {}, part.data);
    if (appWin && appReady) post(Object.assign({ plauder: 'set' }, part));
  }

  function Plauder(cmd) {
    const args = Array.prototype.slice.call(arguments, 1);
    switch (cmd) {
      case 'open': open(); break;
      case 'close': close('api'); break;
      case 'toggle': if (isOpen) close('api'); else open(); break;
      case 'set': setVisitor(args[0]); break;
      case 'track': tracking = true; countPageView(); break;
      case 'sleep':
      case 'wake':
        hostSleeping = cmd === 'sleep';
        if (appWin) post({ plauder: cmd });
        break;
      case 'on':
        if (typeof args[0] === 'string' && typeof args[1] === 'function') {
          (handlers[args[0]] = handlers[args[0]] || []).push(args[1]);
          if (args[0] === 'ready' && ready) args[1](readyDetail); // "ready" is sticky
        }
        break;
      case 'off':
        if (handlers[args[0]]) handlers[args[0]] = handlers[args[0]].filter((f) => f !== args[1]);
        break;
      default:
        console.warn(`Plauder: unknown command ${String(cmd)}`);
    }
  }
  Plauder.loaded = true;
  Plauder.version = 1;

  function start() {
    // From here on Plauder(…) acts at once; what was queued runs below.
    const queued = w.Plauder && Array.isArray(w.Plauder.q) ? w.Plauder.q : [];
    w.Plauder = Plauder;
    build();
    // A chat of an earlier page of this tab comes back (its popup is taken back when it speaks).
    const st = storage();
    if (st) {
      hasChat = true;
      session = validSession(st);
    }
    if (st && variant !== 'popup') {
      ensureFrame();
      if (st.open) {
        isOpen = true;
        panel.hidden = false;
        updateTab();
      }
    }
    for (const a of queued) {
      try { Plauder.apply(null, Array.prototype.slice.call(a)); } catch (e) { console.error('Plauder: queued call failed', e); }
    }
    refreshAvailability();
    loadTheme(); // and, with tracking, the page view
  }

  if (d.body) start();
  else d.addEventListener('DOMContentLoaded', start, { once: true });
})();
