// The site's configuration (GET chat/config): read once, checked and
// normalised here, so the rest of the app only sees valid values; and the
// error view when there is none.
import { backoffMs, sleepMs } from './api.js';
import { $, safeHttpUrl } from '../shared/dom.js';
import { t, getLang } from './i18n.js';
import { api, DEPT_RE, P, S } from './state.js';
import { normalizeFields } from './fields.js';
import { applyTheme, setView } from './view.js';

// {mode: none|text|link, text, url}: a link only to an http(s) page, a
// text only when there is one.
export function normalizePrivacy(privacy = {}) {
  let mode = ['text', 'link'].includes(privacy?.mode) ? privacy.mode : 'none';
  const url = safeHttpUrl(privacy?.url);
  const text = typeof privacy?.text === 'string' ? privacy.text : '';
  if (mode === 'link' && !url) mode = 'none';
  if (mode === 'text' && !text.trim()) mode = 'none';
  return { mode, text, url, linkInChat: Boolean(privacy?.link_in_chat) };
}

export function normalizeConsent(consent = {}) {
  return {
    required: Boolean(consent?.required),
    text: typeof consent?.text === 'string' ? consent.text : '',
    version: typeof consent?.version === 'string' ? consent.version : '',
  };
}

export function normalizeConfig(c) {
  const limits = c?.limits ?? {};
  const posInt = (v, d) => (Number.isInteger(v) && v > 0 ? v : d);
  const wait = Number.isInteger(c?.poll?.wait) ? Math.max(0, Math.min(25, c.poll.wait)) : 25;
  const color = typeof c?.theme?.color === 'string' && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(c.theme.color)
    ? c.theme.color : null;
  return {
    online: c?.online !== false,
    departments: (Array.isArray(c?.departments) ? c.departments : [])
      .filter((d) => d && typeof d.id === 'string' && DEPT_RE.test(d.id)),
    privacy: normalizePrivacy(c?.privacy),
    consent: normalizeConsent(c?.consent),
    fields: normalizeFields(c?.fields),
    color,
    lang: typeof c?.lang === 'string' ? c.lang : '',
    welcome: typeof c?.texts?.welcome === 'string' ? c.texts.welcome : '',
    limits: {
      message: posInt(limits.message, 4000),
      upload: posInt(limits.upload, 5242880),
      uploadTypes: (Array.isArray(limits.upload_types) ? limits.upload_types : []).filter((x) => typeof x === 'string'),
    },
    wait,
    // A chat nobody takes is closed after this many seconds (0: never).
    waitingTimeout: Number.isInteger(c?.waiting_timeout) && c.waiting_timeout > 0 ? c.waiting_timeout : 0,
  };
}

let retryWait = new AbortController();

export function showError(text, { retry = null } = {}) {
  $('error-text').textContent = text;
  const b = $('btn-retry');
  b.hidden = !retry;
  b.onclick = retry;
  setView('error');
}

// Loads chat/config; on transient errors tries again with back-off (the
// visitor may also press "Try again"). Returns false when it cannot work;
// restart() is what the "Try again" of a final error does.
export async function loadConfig(restart) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const { data } = await api.config({ lang: S.siteLang || getLang(), dept: P.dept });
      S.config = normalizeConfig(data);
      applyTheme();
      return true;
    } catch (e) {
      if (e.code === 'unknown_site' || (e.code === 'invalid_parameter' && e.field === 'site')) {
        showError(t('unknown_site'));
        return false;
      }
      // Suspended by its hosting provider: no chats until it is resumed.
      if (e.code === 'site_suspended') {
        showError(t('site_suspended'));
        return false;
      }
      if (e.code === 'unknown_department' || (e.code === 'invalid_parameter' && e.field === 'dept')) {
        console.warn(`Plauder: department ${P.dept} unknown, routing without it`);
        P.dept = '';
        continue;
      }
      if (!e.transient) {
        console.error('Plauder: chat/config failed', e.code, e.requestId);
        showError(`${t('config_error')} (${e.code})`, { retry: () => restart() });
        return false;
      }
      const delay = backoffMs(attempt, e);
      showError(t('retry_in', { s: Math.ceil(delay / 1000) }), { retry: () => retryWait.abort() });
      await sleepMs(delay, retryWait.signal);
      retryWait = new AbortController();
    }
  }
}
