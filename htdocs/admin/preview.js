// The generator's live preview: a blank page that loads the real loader
// (../loader.js) with the parameters of its own URL, exactly as a page with
// the generated snippet does. No module, no inline script (CSP
// script-src 'self'); the command queue is the snippet's first line.
(function () {
  'use strict';
  var w = window;
  w.Plauder = w.Plauder || function () { (w.Plauder.q = w.Plauder.q || []).push(arguments); };
  var allowed = ['site', 'dept', 'lang', 'variant', 'count', 'from', 'direct'];
  var given = new URLSearchParams(location.search);
  var q = new URLSearchParams();
  allowed.forEach(function (k) {
    if (given.has(k)) q.set(k, given.get(k));
  });
  if (!/^[1-9][0-9]{0,8}-[1-9][0-9]{0,8}$/.test(q.get('site') || '')) return;
  // "The page's language": the preview page has the admin page's language.
  var parentLang = '';
  try { parentLang = w.parent.document.documentElement.lang; } catch (e) { /* not framed by us */ }
  if (parentLang === 'de' || parentLang === 'en') document.documentElement.lang = parentLang;
  var s = document.createElement('script');
  s.async = true;
  s.src = new URL('../loader.js?' + q.toString(), document.baseURI).href;
  document.body.appendChild(s);
}());
