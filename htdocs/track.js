/* Plauder tracking (docs/JS-API.md, "Tracking"): loaded by loader.js only
 * on a page of the tracking variant (never with count=no) of a site that
 * counts, and only once the loader knows how the site counts.
 *
 * Sends the page view; keeps the first-party visitor id in the page's
 * localStorage only where the site counts with one (tracking_mode id), on
 * a cookieless site nothing at all. While the page is visible it looks
 * every 20 s (for half an hour) for an operator's invitation, which it
 * shows beside the chat tab: "Chat now" hands it to the loader (the chat
 * opens and starts with it, already with that operator); "No, thanks"
 * declines it, and no further invitation comes during this visit.
 */
const EVERY_MS = 20000;
const FOR_MS = 30 * 60000;

const CSS = `
.invite {
  position: fixed; right: 20px; bottom: 84px; z-index: 2147483001;
  width: 300px; max-width: calc(100vw - 40px); box-sizing: border-box;
  padding: 16px; border-radius: 12px; background: #ffffff; color: #1f2328;
  box-shadow: 0 12px 40px rgba(0, 0, 0, 0.3);
  font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
}
:host(.left) .invite { right: auto; left: 20px; }
.invite .who { margin: 0 24px 6px 0; font-weight: 600; }
.invite .text { margin: 0 0 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.invite .row { display: flex; gap: 8px; flex-wrap: wrap; }
.invite button { min-height: 40px; padding: 0 14px; border-radius: 20px; font: inherit; cursor: pointer; }
.invite .yes { border: 0; background: var(--pl-color, #0b5cad); color: var(--pl-fg, #ffffff); font-weight: 600; }
.invite .no { border: 1px solid #57606a; background: #ffffff; color: #1f2328; }
.invite .x { position: absolute; top: 6px; right: 6px; min-height: 32px; width: 32px; padding: 0; border: 0; background: none; color: #57606a; font-size: 20px; line-height: 1; }
.invite button:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
@media print { .invite { display: none !important; } }
`;

const TEXTS = {
  en: { label: 'Chat invitation', who: '{name} from our team', someone: 'Our team', yes: 'Chat now', no: 'No, thanks', close: 'Close the invitation' },
  de: { label: 'Einladung zum Chat', who: '{name} aus unserem Team', someone: 'Unser Team', yes: 'Jetzt chatten', no: 'Nein, danke', close: 'Einladung schließen' },
};

// The visitor id of a site that counts with one, made once; '' elsewhere
// (or where the browser keeps nothing).
function visitorId(site, mode) {
  if (mode !== 'id') return '';
  try {
    let id = localStorage.getItem(`plauder:v:${site}`);
    if (!/^[0-9a-f]{32}$/.test(id || '')) {
      id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
      localStorage.setItem(`plauder:v:${site}`, id);
    }
    return id;
  } catch (e) {
    return '';
  }
}

/*
 * host: { base (URL of the Plauder directory), site, dept, lang, mode
 * ('id' | 'cookieless'), data (the page's visitor data or null), root (the
 * loader's shadow root), busy() (a chat runs or is open: no invitation
 * now), accept(invitation) }. Returns { id } (the visitor id, '' none).
 */
export function start(host) {
  const { base, site, lang } = host;
  const T = TEXTS[lang === 'de' ? 'de' : 'en'];
  const id = visitorId(site, host.mode);
  const cgi = (path) => new URL(`cgi-bin/${path}`, base).href;

  const p = new URLSearchParams({ site, page: location.href.slice(0, 2048), title: document.title.slice(0, 200), ref: document.referrer.slice(0, 2048), lang });
  const data = host.data ? JSON.stringify(host.data) : '';
  if (host.dept) p.set('dept', host.dept);
  if (data && data.length <= 2048) p.set('data', data);
  if (id) p.set('visitor', id);
  if (!navigator.sendBeacon || !navigator.sendBeacon(cgi('count'), p)) {
    fetch(cgi('count'), { method: 'POST', body: p, keepalive: true, credentials: 'omit' }).catch(() => {});
  }

  const post = (path, body) => fetch(cgi(path), {
    method: 'POST', credentials: 'omit', mode: 'cors',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(Object.assign({ site }, id ? { visitor_id: id } : {}, body)),
  }).then((r) => (r.ok ? r.json() : null));

  let shown = null; // the invitation on show: {inv, el}
  let done = false; // declined or accepted: no more looks on this page
  let timer = 0;
  const until = Date.now() + FOR_MS;

  function hide() {
    if (shown) shown.el.remove();
    shown = null;
  }

  function answer(yes) {
    if (!shown) return;
    const { inv } = shown;
    done = true;
    hide();
    clearTimeout(timer);
    if (yes) host.accept({ id: inv.id, text: inv.text, operator: inv.operator });
    else post('chat/invitation-decline', { invitation: inv.id }).catch(() => {});
  }

  function make(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text) n.textContent = text;
    return n;
  }

  function show(inv) {
    if (shown && shown.inv.id === inv.id) return;
    hide();
    const el = make('div', 'invite');
    el.setAttribute('role', 'dialog');
    el.setAttribute('aria-label', T.label);
    const who = make('p', 'who', inv.operator ? T.who.replace('{name}', inv.operator) : T.someone);
    const text = make('p', 'text', inv.text);
    text.setAttribute('aria-live', 'polite');
    const row = make('div', 'row');
    const yes = make('button', 'yes', T.yes);
    const no = make('button', 'no', T.no);
    const x = make('button', 'x', '×');
    for (const b of [yes, no, x]) b.type = 'button';
    x.setAttribute('aria-label', T.close);
    yes.addEventListener('click', () => answer(true));
    no.addEventListener('click', () => answer(false));
    x.addEventListener('click', () => answer(false));
    el.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') answer(false); });
    row.append(yes, no);
    el.append(x, who, text, row);
    host.root.append(el);
    shown = { inv, el };
  }

  async function look() {
    timer = 0;
    if (done || Date.now() > until) return;
    if (document.visibilityState === 'visible' && !host.busy()) {
      try {
        const j = await post('chat/invitation', {});
        const inv = j && j.invitation;
        if (inv && Number.isSafeInteger(inv.id) && typeof inv.text === 'string' && !host.busy()) {
          show({ id: inv.id, text: inv.text.slice(0, 500), operator: typeof inv.operator === 'string' ? inv.operator.slice(0, 128) : '' });
        } else if (!inv) hide(); // taken back or expired
      } catch (e) { /* the next look tries again */ }
    }
    if (!done) timer = setTimeout(look, EVERY_MS);
  }

  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    host.root.adoptedStyleSheets = host.root.adoptedStyleSheets.concat([sheet]);
  } catch (e) {
    host.root.append(make('style', '', CSS));
  }
  timer = setTimeout(look, 1500); // after the page view is in
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && !done && !timer) look();
  });
  return { id, hide };
}
