// Translation plumbing shared by the chat app and the operator console
// (de, en): language choice, t() with {name} placeholders, and the number,
// size and time formats of the current language. Each app keeps its own
// texts and calls createI18n(TEXTS) once.

// texts: {en: {key: 'text', …}, de: {…}}; English is the fallback.
export function createI18n(texts) {
  const LANGS = Object.freeze(Object.keys(texts));
  let current = 'en';

  // "de-DE", "DE", "de_at" → "de"; anything unknown → null.
  function normalizeLang(value) {
    const m = /^([a-z]{2})(?:[-_][a-z0-9]{1,8})*$/i.exec(String(value ?? '').trim());
    if (!m) return null;
    const l = m[1].toLowerCase();
    return LANGS.includes(l) ? l : null;
  }

  // The language to use: an explicit one, else the browser's, else English.
  function pickLang(explicit) {
    const l = normalizeLang(explicit);
    if (l) return l;
    for (const n of navigator.languages ?? [navigator.language]) {
      const b = normalizeLang(n);
      if (b) return b;
    }
    return 'en';
  }

  function setLang(lang) {
    current = normalizeLang(lang) ?? 'en';
    return current;
  }

  function getLang() {
    return current;
  }

  // t('typing', {name: 'Olga'}) → "Olga is typing…". A missing key is shown
  // as the key (visible in testing, never empty).
  function t(key, vars = {}) {
    const s = texts[current][key] ?? texts.en[key] ?? key;
    return s.replace(/\{(\w+)\}/g, (all, k) => (k in vars ? String(vars[k]) : all));
  }

  // The locale for Intl and toLocale…String.
  function locale() {
    return current === 'de' ? 'de-DE' : 'en-GB';
  }

  // 5242880 → "5 MB"; 20480 → "20 kB"; 1536 → "1,5 kB" in German.
  function formatSize(bytes) {
    const n = Number(bytes) || 0;
    const fmt = (v) => new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(v);
    if (n >= 1024 * 1024) return `${fmt(n / (1024 * 1024))} MB`;
    if (n >= 1024) return `${fmt(n / 1024)} kB`;
    return `${fmt(n)} B`;
  }

  // An ISO time → "14:05"; '' when it is not a time.
  function formatTime(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    return d.toLocaleTimeString(locale(), { hour: '2-digit', minute: '2-digit' });
  }

  return { LANGS, normalizeLang, pickLang, setLang, getLang, t, locale, formatSize, formatTime };
}
