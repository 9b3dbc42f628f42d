// Bar charts of the statistics page, drawn as inline SVG (no library, no
// external service): one bar (grouped) or one stack of bars per day. The
// SVG is an image to assistive technology (role="img", a <title> and an
// aria-label summarising it); the page shows the same figures as a table
// beside it. Colours come from classes (stats.css): no inline style.
// Every bar carries data-day, data-key and data-value, and a <title>.
import { el } from '../shared/dom.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 720;
const H = 240;
const PAD = { left: 48, right: 8, top: 10, bottom: 30 };

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

// The smallest of 1, 2, 5 × 10^k at or above v.
export function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

// Which days get a label below the axis: all of few, else about eight.
function labelled(n) {
  const step = n <= 14 ? 1 : Math.ceil(n / 8);
  return (i) => i % step === 0 || i === n - 1;
}

function axes(root, max, fmt) {
  const bottom = H - PAD.bottom;
  for (const f of [0, 0.5, 1]) {
    const y = PAD.top + (bottom - PAD.top) * (1 - f);
    root.append(svg('line', { class: f === 0 ? 'axis' : 'grid', x1: PAD.left, x2: W - PAD.right, y1: y, y2: y }));
    root.append(svg('text', { x: PAD.left - 6, y: y + 4, 'text-anchor': 'end' }, fmt(max * f)));
  }
}

// {id, label, days: ['YYYY-MM-DD'], series: [{key, label, values}], stacked,
//  barTitle(day, seriesLabel, n), fmt(n)} → <svg>.
export function barChart({ id, label, days, series, stacked = false, barTitle, fmt = String }) {
  const n = Math.max(days.length, 1);
  const heights = days.map((_, i) => (stacked
    ? series.reduce((s, x) => s + (x.values[i] || 0), 0)
    : Math.max(0, ...series.map((x) => x.values[i] || 0))));
  const max = niceMax(Math.max(0, ...heights));
  const bottom = H - PAD.bottom;
  const scale = (v) => ((bottom - PAD.top) * v) / max;
  const slot = (W - PAD.left - PAD.right) / n;
  const group = slot * 0.8;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', id, 'aria-label': label,
    focusable: 'false', preserveAspectRatio: 'xMidYMid meet' }, svg('title', {}, label));
  axes(root, max, fmt);
  const showLabel = labelled(days.length);
  days.forEach((day, i) => {
    const x0 = PAD.left + slot * i + (slot - group) / 2;
    let stackTop = bottom;
    series.forEach((s, k) => {
      const v = s.values[i] || 0;
      const h = scale(v);
      const w = stacked ? group : group / series.length;
      const x = stacked ? x0 : x0 + w * k;
      const y = stacked ? stackTop - h : bottom - h;
      if (stacked) stackTop -= h;
      root.append(svg('rect', { class: `bar s-${s.key}`, x: x.toFixed(2), y: y.toFixed(2),
        width: Math.max(w - 1, 1).toFixed(2), height: h.toFixed(2),
        'data-day': day, 'data-key': s.key, 'data-value': v },
      svg('title', {}, barTitle(day, s.label, v))));
    });
    if (showLabel(i)) {
      root.append(svg('text', { x: (x0 + group / 2).toFixed(2), y: H - 10, 'text-anchor': 'middle' }, day.slice(5)));
    }
  });
  return root;
}

// The legend below a chart: the colour and the name of each series.
export function legend(series) {
  return el('ul', { class: 'legend' }, series.map((s) => el('li', {},
    el('span', { class: `swatch s-${s.key}`, 'aria-hidden': 'true' }), s.label)));
}
