// DOM helpers shared by the chat app and the operator console. Text from
// the server, a visitor or an operator only ever becomes a text node: no
// innerHTML, no HTML parsing of data, no inline event handlers or style
// attributes (CSP style-src 'self').

const FORBIDDEN_ATTR = /^(on|style$|srcdoc$|innerhtml$)/i;

// el('p', {class: 'x', 'aria-live': 'polite'}, 'text', childNode, …)
// Attributes that are undefined, null or false are left out; true is an
// empty attribute.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (FORBIDDEN_ATTR.test(k)) throw new Error(`el: attribute ${k} not allowed`);
    if (k === 'class') node.className = v;
    else if (k === 'hidden') node.hidden = Boolean(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

// Children that are not nodes become text nodes.
export function append(node, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function $(id) {
  return document.getElementById(id);
}

// Only http(s) URLs are followed; anything else (javascript:, data:) is not.
export function safeHttpUrl(value) {
  try {
    const u = new URL(String(value));
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

// A link to a page someone named: opens in a new tab with no access to
// this window and no referrer; null when the URL is not http(s).
export function externalLink(url, text, attrs = {}) {
  const href = safeHttpUrl(url);
  if (!href) return null;
  return el('a', { ...attrs, href, target: '_blank', rel: 'noopener noreferrer' }, text ?? url);
}

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;

// Text with its http(s) links made clickable: a list of text nodes and <a>
// elements, each link opening in a new tab without access to this window.
export function linkify(text) {
  const s = String(text);
  const out = [];
  let last = 0;
  for (const m of s.matchAll(URL_RE)) {
    let url = m[0];
    // Trailing punctuation belongs to the sentence, not the link.
    const trail = /[.,;:!?)\]]+$/.exec(url);
    if (trail) url = url.slice(0, -trail[0].length);
    const a = externalLink(url, url);
    if (!a) continue;
    if (m.index > last) out.push(document.createTextNode(s.slice(last, m.index)));
    out.push(a);
    last = m.index + url.length;
  }
  if (last < s.length) out.push(document.createTextNode(s.slice(last)));
  return out;
}

// A file in a message: a link that opens (images) or downloads (anything
// else) it, and for images a preview that opens it too. url is the app's
// own file URL; label and alt come translated from the caller; onLoad runs
// when the preview has loaded (to keep the log scrolled).
export function fileBlock({ url, name, type, label, alt, onLoad }) {
  const isImage = /^image\/(png|jpeg|gif|webp)$/.test(String(type));
  const link = el('a', { href: url, class: 'file-link', target: '_blank', rel: 'noopener noreferrer', download: isImage ? null : name }, label);
  if (!isImage) return el('p', { class: 'file' }, link);
  const img = el('img', { src: url, alt, class: 'file-img', loading: 'lazy', decoding: 'async' });
  if (onLoad) img.addEventListener('load', onLoad, { once: true });
  return el('div', { class: 'file file-image' },
    el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'file-thumb', tabindex: '-1', 'aria-hidden': 'true' }, img),
    link);
}

export function utf8Length(s) {
  return new TextEncoder().encode(s).length;
}

// s cut to at most max bytes of UTF-8 (a limit of the server's), never
// inside a character.
export function cutUtf8(s, max) {
  const enc = new TextEncoder();
  let bytes = 0;
  let end = 0;
  for (const ch of s) {
    bytes += enc.encode(ch).length;
    if (bytes > max) break;
    end += ch.length;
  }
  return s.slice(0, end);
}

// What Tab can reach inside root (visible parts only).
export function focusables(root) {
  return [...root.querySelectorAll('a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])')]
    .filter((n) => !n.closest('[hidden]'));
}

// ---- per-field errors --------------------------------------------------------
// The error of a field sits in the element "ID-error" (made after the field,
// or the row it sits in, when the page has none); the field is marked
// aria-invalid and described by it, for screen readers.
function errorNode(input) {
  const id = `${input.id}-error`;
  let p = $(id);
  if (!p) {
    p = el('p', { id, class: 'error' });
    const anchor = input.closest('.field, .choice') ?? input;
    anchor.append(p);
  }
  return p;
}

export function setFieldError(input, text) {
  const p = errorNode(input);
  p.textContent = text;
  p.hidden = false;
  input.setAttribute('aria-invalid', 'true');
  const ids = new Set((input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
  ids.add(p.id);
  input.setAttribute('aria-describedby', [...ids].join(' '));
}

export function clearFieldError(input) {
  input.removeAttribute('aria-invalid');
  const p = $(`${input.id}-error`);
  if (p) {
    p.textContent = '';
    p.hidden = true;
  }
}

// Every marked field of form.
export function clearFieldErrors(form) {
  for (const input of form.querySelectorAll('[aria-invalid="true"]')) clearFieldError(input);
}
