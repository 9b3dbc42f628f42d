// Demo pages of site 1-1 (index.html, nocount.html, app.html).
// Text is set with textContent only.

// The first line of the embed snippet. A site pastes it inline; these demo
// pages run under a CSP without inline scripts, so it lives here. Order does
// not matter: whichever of this and loader.js runs first, the queue works.
window.Plauder = window.Plauder || function () { (Plauder.q = Plauder.q || []).push(arguments); };

const SITE = '1-1';

// ---- availability (index.html) --------------------------------------------

async function refreshAvailability() {
  const out = document.getElementById('avail');
  const list = document.getElementById('depts');
  const url = new URL(`../cgi-bin/availability?site=${encodeURIComponent(SITE)}`, document.baseURI);
  try {
    const res = await fetch(url, { cache: 'no-cache' });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error?.message ?? res.statusText);
    out.dataset.state = data.online ? 'online' : 'offline';
    out.textContent = data.online ? 'We are online: chat with us.' : 'We are offline: leave us a message.';
    list.replaceChildren(...data.departments.map((d) => {
      const li = document.createElement('li');
      li.textContent = `${d.name || d.id}: ${d.online ? 'online' : 'offline'}`;
      return li;
    }));
  } catch (e) {
    out.dataset.state = 'error';
    out.textContent = `Status unknown (${e.message}).`;
  }
}

if (document.getElementById('avail')) {
  refreshAvailability();
  setInterval(refreshAvailability, 15000);
}

// ---- the JavaScript API demo (app.html) -------------------------------------

function apiDemo() {
  const q = new URLSearchParams(window.location.search);
  const pick = (name, allowed) => (allowed.includes(q.get(name)) ? q.get(name) : '');
  const variant = pick('variant', ['inpage', 'popup', 'mobile']);
  const lang = pick('lang', ['de', 'en']);
  const dept = pick('dept', ['A', 'B']);
  document.getElementById('opt-variant').value = variant || 'inpage';
  document.getElementById('opt-lang').value = lang || 'en';
  document.getElementById('opt-dept').value = dept;

  // The loader reads its parameters from its own URL.
  const loaderUrl = new URL('../loader.js', document.baseURI);
  loaderUrl.searchParams.set('site', SITE);
  if (dept) loaderUrl.searchParams.set('dept', dept);
  if (lang) loaderUrl.searchParams.set('lang', lang);
  if (variant && variant !== 'inpage') loaderUrl.searchParams.set('variant', variant);
  loaderUrl.searchParams.set('from', 'API demo');

  const shown = `https://chat.example.com/plauder/loader.js${loaderUrl.search}`.replaceAll('&', '&amp;');
  document.getElementById('snippet').textContent =
    '<script>window.Plauder=window.Plauder||function(){(Plauder.q=Plauder.q||[]).push(arguments)};</script>\n' +
    `<script async src="${shown}"></script>`;

  const log = document.getElementById('events');
  function record(name, detail) {
    const li = document.createElement('li');
    const time = document.createElement('time');
    time.textContent = new Date().toLocaleTimeString();
    const ev = document.createElement('strong');
    ev.textContent = ` ${name} `;
    const data = document.createElement('code');
    data.textContent = JSON.stringify(detail ?? null);
    li.append(time, ev, data);
    log.prepend(li);
  }

  // Calls made before the loader arrived go into the queue and run later.
  for (const name of ['ready', 'open', 'chat_started', 'message', 'closed', 'chat_ended', 'offline', 'online']) {
    Plauder('on', name, (detail) => record(name, detail));
  }

  const cmd = (id, ...args) => document.getElementById(id).addEventListener('click', () => {
    record('→ command', args);
    Plauder(...args);
  });
  cmd('cmd-open', 'open');
  cmd('cmd-close', 'close');
  cmd('cmd-sleep', 'sleep');
  cmd('cmd-wake', 'wake');

  document.getElementById('set-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = (id) => document.getElementById(id).value;
    const data = { name: value('set-name'), email: value('set-email'), data: { cart: value('set-cart') } };
    record('→ command', ['set', data]);
    Plauder('set', data);
  });
  document.getElementById('clear-log').addEventListener('click', () => log.replaceChildren());

  const s = document.createElement('script');
  s.async = true;
  s.src = loaderUrl.href;
  document.body.append(s);
}

if (document.getElementById('api-demo')) apiDemo();
