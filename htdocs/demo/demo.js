// Demo page: polls the public availability endpoint and shows the state
// of the site and of each department. Text is set with textContent only.
const SITE = '1-1';
const url = new URL(`../cgi-bin/availability?site=${encodeURIComponent(SITE)}`, document.baseURI);

async function refresh() {
  const out = document.getElementById('avail');
  const list = document.getElementById('depts');
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

refresh();
setInterval(refresh, 15000);
