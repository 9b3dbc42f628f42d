// What the HTML code generator prints (docs/JS-API.md §1 and §4): the embed
// snippet, the chat link for apps and e-mails, and the markup for consent
// managers. Pure functions of the chosen options: strings only, never DOM;
// the page shows them as text (textContent / a textarea's value).
//
// opts: {base, site, variant, dept, lang, count, from, direct}
//   base     the Plauder base URL ("https://HOST/plauder/"), with its slash
//   variant  'inpage' | 'popup' | 'mobile'
//   dept     '' (all) or one letter/digit
//   lang     '' (the page's language) | 'de' | 'en'
//   count    true: with tracking; false: count=no
//   from     text ('' for none)
//   direct   true: skip the start form

export const SITE_RE = /^[1-9][0-9]{0,8}-[1-9][0-9]{0,8}$/;
export const DEPT_RE = /^[A-Za-z0-9]$/;
export const FROM_MAX = 255;

const QUEUE = 'window.Plauder=window.Plauder||function(){(Plauder.q=Plauder.q||[]).push(arguments)};';

// [[name, value], …] → "a=1&b=2" (values percent-encoded; space as %20).
function query(pairs) {
  return pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

// Text for an HTML attribute value in double quotes.
export function attr(s) {
  return String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// A string literal for a script inside an HTML page: also no "</script>"
// and no "<!--" can come out of it.
function jsString(s) {
  return JSON.stringify(String(s)).replace(/</g, '\\u003c').replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

// The loader's parameters in the documented order; count=no only without
// tracking. `count` false forces count=no whatever opts say.
export function loaderPairs(opts, { count = opts.count } = {}) {
  const p = [['site', opts.site]];
  if (opts.dept) p.push(['dept', opts.dept]);
  if (opts.lang) p.push(['lang', opts.lang]);
  if (opts.variant === 'popup' || opts.variant === 'mobile') p.push(['variant', opts.variant]);
  if (!count) p.push(['count', 'no']);
  if (opts.from) p.push(['from', opts.from]);
  if (opts.direct) p.push(['direct', '1']);
  return p;
}

// The loader's URL (plain, with "&"), e.g. for a script's src set by script.
export function loaderUrl(opts, over = {}) {
  return `${opts.base}loader.js?${query(loaderPairs(opts, over))}`;
}

// The snippet to paste before </body>: the two lines of docs/JS-API.md,
// "&amp;" between the parameters.
export function snippet(opts, over = {}) {
  return '<!-- Plauder live chat -->\n' +
    `<script>${QUEUE}</script>\n` +
    `<script async src="${attr(loaderUrl(opts, over))}"></script>`;
}

// The chat app's URL for native apps and e-mails (docs/JS-API.md §4):
// site, from, direct, dept, lang. Without lang the chat follows the
// browser's language.
export function chatLink(opts) {
  const p = [['site', opts.site]];
  if (opts.from) p.push(['from', opts.from]);
  if (opts.direct) p.push(['direct', '1']);
  if (opts.dept) p.push(['dept', opts.dept]);
  if (opts.lang) p.push(['lang', opts.lang]);
  return `${opts.base}chat/index.html?${query(p)}`;
}

// The preview's own address: preview.html with the loader's parameters,
// which preview.js hands on to the real loader.
export function previewUrl(opts) {
  return `preview.html?${query(loaderPairs(opts))}`;
}

// A line that loads the chat without tracking once the page has loaded,
// unless a consent manager has already let the full snippet run (the
// loader runs once per page: the first one wins).
function fallbackScript(opts) {
  return `<script>${QUEUE}addEventListener('load',function(){if(Plauder.loading||Plauder.loaded)return;` +
    'var s=document.createElement(\'script\');s.async=true;' +
    `s.src=${jsString(loaderUrl(opts, { count: false }))};document.body.appendChild(s);});</script>`;
}

// Ready markup for consent managers. Tracking is a "statistics" purpose;
// the chat itself (without tracking) is "functional" and always allowed.
// Each entry: {id, code}; the page adds the explanation in its language.
export function consentMarkups(opts) {
  const full = loaderUrl(opts, { count: true });
  const noCount = loaderUrl(opts, { count: false });
  const wp = '<!-- Plauder live chat: always (functional); counted only with the visitor\'s consent to statistics (WP Consent API) -->\n' +
    `<script>${QUEUE}(function(){var c=typeof wp_has_consent==='function'&&wp_has_consent('statistics');` +
    'var s=document.createElement(\'script\');s.async=true;' +
    `s.src=c?${jsString(full)}:${jsString(noCount)};document.body.appendChild(s);})();</script>`;
  const klaro = '<!-- Plauder live chat with tracking: Klaro runs it after consent to the service "plauder" -->\n' +
    `<script type="text/plain" data-type="application/javascript" data-name="plauder" async data-src="${attr(full)}"></script>\n` +
    '<!-- Without that consent: the chat without tracking -->\n' +
    fallbackScript(opts);
  const borlabs = '<!-- 1. Borlabs Cookie: a cookie "Plauder" in the group "Statistics", as its opt-in code: -->\n' +
    snippet(opts, { count: true }) + '\n' +
    '<!-- 2. In the footer of every page: the chat without tracking until then -->\n' +
    fallbackScript(opts);
  return [
    { id: 'wp', code: wp },
    { id: 'klaro', code: klaro },
    { id: 'borlabs', code: borlabs },
  ];
}
