// DOM helpers of the operator console: the shared ones (../shared/dom.js:
// text nodes only, no innerHTML, no inline style attributes), an el() that
// also refuses any link that is not http(s), and what only the console
// needs.
import { el as sharedEl } from '../shared/dom.js';

export {
  append, $, safeHttpUrl, externalLink, linkify, fileBlock, utf8Length, focusables, setFieldError, clearFieldError,
} from '../shared/dom.js';

// For our own links: same-origin paths (the file endpoint) and http(s).
function safeHref(value) {
  try {
    const u = new URL(String(value), document.baseURI);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

// el('p', {class: 'x', 'aria-live': 'polite'}, 'text', childNode, …), as
// the shared one, but an href is only set when it is http(s) or a path of
// this origin; anything else (javascript:, data:) is dropped here, whatever
// the caller passed.
export function el(tag, attrs = {}, ...children) {
  const v = attrs.href;
  if (v === undefined || v === null || v === false) return sharedEl(tag, attrs, ...children);
  return sharedEl(tag, { ...attrs, href: safeHref(v) }, ...children);
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
