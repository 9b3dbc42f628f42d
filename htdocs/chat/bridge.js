// The chat app's side of the host bridge (docs/JS-API.md).
//
// Commands come in as {plauder: 'open'|'close'|'set'|'sleep'|'wake'|…} through
// postMessage, accepted only from the window that hosts the app:
//   - inPage/mobile in the loader's iframe: window.parent, from the host
//     origin the loader named in the "host" URL parameter;
//   - popup: window.opener, likewise;
//   - a native WebView (top level): the page itself (the app injecting
//     window.postMessage(…) through evaluateJavaScript), or a direct call of
//     window.Plauder(…).
// Events go out as {plauder: 'event', name, detail} to the same window and
// origin only, and to a native bridge when one is present:
//   iOS WKWebView: window.webkit.messageHandlers.plauder.postMessage(obj)
//   Android WebView: window.PlauderAndroid.postMessage(jsonString)

function validOrigin(value) {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const u = new URL(value);
    if ((u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value) return value;
  } catch { /* not a URL */ }
  return null;
}

function originOf(url) {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
}

export class Bridge {
  constructor(hostParam) {
    this.hostWin = window.parent !== window ? window.parent : (window.opener ?? null);
    // The origin events may go to. The loader passes its page's origin; an
    // app framed by something else falls back to what the browser tells.
    this.hostOrigin = this.hostWin
      ? (validOrigin(hostParam) ??
         originOf(window.location.ancestorOrigins?.[0] ?? '') ??
         originOf(document.referrer))
      : null;
    this.listeners = new Map();
  }

  get framed() {
    return window.parent !== window;
  }

  // handler(command, data) for accepted commands.
  listen(handler) {
    window.addEventListener('message', (ev) => {
      const d = ev.data;
      if (!d || typeof d !== 'object' || typeof d.plauder !== 'string' || d.plauder === 'event') return;
      const fromHost = this.hostWin !== null && ev.source === this.hostWin &&
        this.hostOrigin !== null && ev.origin === this.hostOrigin;
      const fromSelf = ev.source === window && ev.origin === window.location.origin;
      if (!fromHost && !fromSelf) return;
      handler(d.plauder, d);
    });
  }

  on(name, fn) {
    if (typeof fn !== 'function') return;
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(fn);
  }

  off(name, fn) {
    this.listeners.get(name)?.delete(fn);
  }

  // detail must be plain data (it is structured-cloned / JSON-encoded).
  // toHost: false keeps an event from the embedding window (native bridges
  // and in-app listeners still get it).
  emit(name, detail = {}, { toHost = true } = {}) {
    const msg = { plauder: 'event', name, detail };
    if (toHost && this.hostWin && this.hostOrigin) {
      try {
        this.hostWin.postMessage(msg, this.hostOrigin);
      } catch { /* host gone */ }
    }
    try {
      window.webkit?.messageHandlers?.plauder?.postMessage(msg);
    } catch { /* no iOS bridge */ }
    try {
      window.PlauderAndroid?.postMessage?.(JSON.stringify(msg));
    } catch { /* no Android bridge */ }
    for (const fn of this.listeners.get(name) ?? []) {
      try {
        fn(detail);
      } catch (e) {
        console.error('Plauder: event handler failed', e);
      }
    }
  }
}
