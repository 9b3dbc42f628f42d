// The admin home (admin/index.html): every section of the admin area with
// one sentence on what it holds; the same links as the navigation.
import { $, el } from '../shared/dom.js';
import { startPage, t } from './page.js';
import { PAGES } from './nav.js';

function render() {
  const links = [...document.querySelectorAll('#admin-nav a[data-page]')];
  $('sections').replaceChildren(...PAGES.filter(([id]) => id !== 'home' && id !== 'console').map(([id]) => {
    const href = links.find((a) => a.dataset.page === id)?.href ?? '#';
    return el('li', { class: 'section-card' },
      el('h2', {}, el('a', { href, id: `go-${id}` }, t(`nav_${id}`))),
      el('p', {}, t(`home_${id}`)));
  }));
}

startPage('home', { onLang: render, init: render });
