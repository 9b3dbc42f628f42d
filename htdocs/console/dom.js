// DOM helpers of the operator console. Text from the server, a visitor or
// another operator only ever becomes a text node: no innerHTML, no HTML
// parsing of data anywhere in the console, no inline style attributes.

const FORBIDDEN_ATTR = /^(on|style$|srcdoc$|innerhtml$)/i;

// el('p', {class: 'x', 'aria-live': 'polite'}, 'text', childNode, …)
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (FORBIDDEN_ATTR.test(k)) throw new Error(`el: attribute ${k} not allowed`);
    if (k === 'class') node.className = v;
    else if (k === 'hidden') node.hidden = Boolean(v);
    else if (k === 'href') {
      // Only http(s) and same-document links; anything else (javascript:,
      // data:) is refused here, whatever the caller passed.
      const href = safeHref(v);
      if (href) node.setAttribute('href', href);
    } else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

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

// For our own links: same-origin paths (the file endpoint) and http(s).
function safeHref(value) {
  try {
    const u = new URL(String(value), document.baseURI);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

// A link to a page a visitor named: opens in a new tab with no access to
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

export function utf8Length(s) {
  return new TextEncoder().encode(s).length;
}

export function focusables(root) {
  return [...root.querySelectorAll('a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])')]
    .filter((n) => !n.closest('[hidden]'));
}

// Is focus in a place where the operator types text?
export function isTextEntry(node) {
  if (!node || !(node instanceof Element)) return false;
  if (node.isContentEditable) return true;
  if (node.tagName === 'TEXTAREA') return true;
  if (node.tagName === 'INPUT') {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(node.type);
  }
  return node.tagName === 'SELECT';
}

// A plain value from a JSON object member: strings and numbers as text,
// anything else ignored (never an object's own toString / markup).
export function plainText(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  return '';
}
