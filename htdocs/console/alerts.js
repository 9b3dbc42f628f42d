// Getting the operator's attention: the new-chat sound (repeated until
// someone accepts, when the operator wants that), desktop notifications,
// the count in the page title, the favicon and the app badge, and the
// self-test that tells the operator when the browser blocks sound or
// notifications.
//
// Browsers allow sound only after the operator interacted with the page
// (autoplay policy), and notifications only after the operator allowed them
// from a click. Neither is ever asked for on load.

const SOUND_URL = new URL('new-chat.wav', import.meta.url).href;
const ICON_URL = new URL('icon-192.png', import.meta.url).href;

// ---- sound ------------------------------------------------------------------------

export class Sound {
  constructor({ onBlocked, onUnblocked }) {
    this.onBlocked = onBlocked;
    this.onUnblocked = onUnblocked;
    this.audio = new Audio(SOUND_URL);
    this.audio.preload = 'auto';
    this.enabled = true; // the operator's own switch (kept in this browser)
    this.blocked = false;
    this.alarmTimer = 0;
    this.alarmOn = false;
  }

  // Ask the browser whether a sound would play now, without playing one.
  // 'allowed', 'blocked' or 'unknown'.
  async check() {
    if (typeof navigator.getAutoplayPolicy === 'function') {
      try {
        const p = navigator.getAutoplayPolicy('mediaelement');
        return this.setBlocked(p !== 'allowed');
      } catch { /* fall through */ }
    }
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return 'unknown';
    let ctx;
    try {
      ctx = new AC();
      if (ctx.state !== 'running') {
        await Promise.race([ctx.resume().catch(() => {}), new Promise((r) => setTimeout(r, 300))]);
      }
      return this.setBlocked(ctx.state !== 'running');
    } catch {
      return 'unknown';
    } finally {
      ctx?.close().catch(() => {});
    }
  }

  setBlocked(blocked) {
    const was = this.blocked;
    this.blocked = blocked;
    if (blocked && !was) this.onBlocked();
    if (!blocked && was) this.onUnblocked();
    return blocked ? 'blocked' : 'allowed';
  }

  // From a click: plays the sound once (as proof) and unlocks it. Another
  // play() at the same moment (the repeating new-chat sound) interrupts
  // this one with an AbortError: that is no refusal by the browser, so it
  // asks again (joining the other play) instead of reporting "blocked".
  async unlock() {
    this.audio.volume = 1;
    this.audio.currentTime = 0;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.audio.play();
        this.setBlocked(false);
        return true;
      } catch (e) {
        if (e?.name === 'AbortError' && attempt < 3) continue;
        this.setBlocked(true);
        return false;
      }
    }
  }

  async play({ volume = 1 } = {}) {
    if (!this.enabled) return;
    try {
      this.audio.pause();
      this.audio.currentTime = 0;
      this.audio.volume = volume;
      await this.audio.play();
      this.setBlocked(false);
    } catch (e) {
      if (e?.name === 'NotAllowedError') this.setBlocked(true);
    }
  }

  // The new-chat sound: once now, and every `everyMs` while `repeat` holds
  // (until someone accepted every waiting chat).
  alarm({ repeat, everyMs = 8000 }) {
    this.play();
    this.stopAlarm();
    if (!repeat) return;
    this.alarmOn = true;
    this.alarmTimer = setInterval(() => {
      if (this.alarmOn) this.play();
    }, everyMs);
  }

  stopAlarm() {
    this.alarmOn = false;
    clearInterval(this.alarmTimer);
    this.alarmTimer = 0;
  }
}

// ---- desktop notifications ---------------------------------------------------------

// 'unsupported' (no API or not a secure context: needs HTTPS or localhost),
// 'default' (not asked yet), 'granted', 'denied' (blocked by the browser or
// the operator).
export function notificationState() {
  if (!('Notification' in window)) return 'unsupported';
  if (!window.isSecureContext) return 'unsupported';
  return Notification.permission;
}

// Only ever called from a click handler.
export async function askNotificationPermission() {
  if (notificationState() === 'unsupported') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

const shown = new Map(); // tag → Notification

// title and body are plain text (the browser never renders markup in them).
export async function notify({ title, body = '', tag, onClick, sticky = false, data = {} }) {
  if (notificationState() !== 'granted') return;
  const opts = { body: body.slice(0, 200), tag, icon: ICON_URL, badge: ICON_URL, requireInteraction: sticky, data, renotify: Boolean(tag) };
  try {
    const n = new Notification(title, opts);
    n.onclick = () => {
      window.focus();
      n.close();
      onClick?.();
    };
    if (tag) shown.set(tag, n);
    n.onclose = () => { if (tag && shown.get(tag) === n) shown.delete(tag); };
  } catch {
    // Where the page may not construct notifications (some mobile
    // browsers), the service worker shows it; its click focuses us again.
    try {
      const reg = await navigator.serviceWorker?.getRegistration();
      await reg?.showNotification(title, opts);
    } catch { /* nothing more we can do */ }
  }
}

export async function closeNotification(tag) {
  shown.get(tag)?.close();
  shown.delete(tag);
  try {
    const reg = await navigator.serviceWorker?.getRegistration();
    for (const n of (await reg?.getNotifications({ tag })) ?? []) n.close();
  } catch { /* ignore */ }
}

// ---- title, favicon and app badge --------------------------------------------------

let baseIcon = null;
let iconLink = null;
let lastCount = -1;

function loadBaseIcon() {
  if (baseIcon) return baseIcon;
  baseIcon = new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => resolve(null);
    img.src = ICON_URL;
  });
  return baseIcon;
}

// The icon with a red count in its corner, drawn on a canvas.
async function drawFavicon(count) {
  const size = 64;
  const c = document.createElement('canvas');
  c.width = size;
  c.height = size;
  const g = c.getContext('2d');
  if (!g) return null;
  const img = await loadBaseIcon();
  if (img) g.drawImage(img, 0, 0, size, size);
  else {
    g.fillStyle = '#0b5cad';
    g.beginPath();
    g.arc(size / 2, size / 2, size / 2, 0, Math.PI * 2);
    g.fill();
  }
  if (count > 0) {
    const text = count > 99 ? '99+' : String(count);
    const h = 36;
    const w = [0, 36, 46, 60][text.length];
    const x = size - w;
    g.beginPath();
    if (typeof g.roundRect === 'function') g.roundRect(x + 1, 1, w - 2, h - 2, (h - 2) / 2);
    else g.rect(x + 1, 1, w - 2, h - 2);
    g.fillStyle = '#d92d20';
    g.fill();
    g.lineWidth = 2;
    g.strokeStyle = '#ffffff';
    g.stroke();
    g.fillStyle = '#ffffff';
    g.font = `bold ${text.length > 2 ? 22 : 26}px system-ui, sans-serif`;
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(text, x + w / 2, h / 2 + 1);
  }
  return c.toDataURL('image/png');
}

export async function showCount(count, baseTitle) {
  document.title = count > 0 ? `(${count > 99 ? '99+' : count}) ${baseTitle}` : baseTitle;
  if (count === lastCount) return;
  lastCount = count;
  if (!iconLink) iconLink = document.getElementById('favicon');
  const url = await drawFavicon(count);
  if (url && iconLink && count === lastCount) iconLink.href = url;
  // Installed as an app: the count on the app's icon too.
  try {
    if (count > 0) await navigator.setAppBadge?.(count);
    else await navigator.clearAppBadge?.();
  } catch { /* not supported here */ }
}
