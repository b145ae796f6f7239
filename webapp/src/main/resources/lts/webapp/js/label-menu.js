// The small menu to override a stint's kart label: good / bad / unknown / clear.

import { h } from './dom.js';
import { LABELS } from './format.js';

let openMenu = null;

export function closeLabelMenu({ restoreFocus = false } = {}) {
  if (!openMenu) return;
  const { el, anchor, cleanup } = openMenu;
  openMenu = null;
  cleanup();
  el.remove();
  anchor.setAttribute('aria-expanded', 'false');
  if (restoreFocus) anchor.focus();
}

/** Opens the menu under `anchor`; onPick(label|null) when the user chooses. */
export function openLabelMenu(anchor, { current, override, onPick }) {
  closeLabelMenu();
  const pick = (value) => { closeLabelMenu({ restoreFocus: true }); onPick(value); };
  const item = (value, text, glyph, cls) => h('button', {
    type: 'button', class: ['menu-item', cls], attrs: { role: 'menuitemradio', 'aria-checked': String(override ? current === value : value === null) },
    on: { click: () => pick(value) },
  }, h('span', { class: 'menu-glyph', attrs: { 'aria-hidden': 'true' } }, glyph), text);

  const el = h('div', { class: 'menu', attrs: { role: 'menu', 'aria-label': 'Set the kart label' } },
    item('good', 'Good', LABELS.good.glyph, 'menu-good'),
    item('bad', 'Bad', LABELS.bad.glyph, 'menu-bad'),
    item('unknown', 'Unknown', LABELS.unknown.glyph, 'menu-unknown'),
    item(null, 'Clear: use the model', '\u21BA', 'menu-clear'));
  document.body.appendChild(el);

  const r = anchor.getBoundingClientRect();
  const width = el.offsetWidth;
  const left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - width - 8));
  let top = window.scrollY + r.bottom + 4;
  if (r.bottom + el.offsetHeight + 8 > window.innerHeight && r.top > el.offsetHeight + 8) top = window.scrollY + r.top - el.offsetHeight - 4;
  el.style.left = `${left}px`;
  el.style.top = `${top}px`;
  anchor.setAttribute('aria-expanded', 'true');

  const items = [...el.querySelectorAll('.menu-item')];
  const onKey = (e) => {
    const i = items.indexOf(document.activeElement);
    if (e.key === 'Escape') { e.preventDefault(); closeLabelMenu({ restoreFocus: true }); }
    else if (e.key === 'ArrowDown') { e.preventDefault(); items[(i + 1) % items.length].focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); items[(i - 1 + items.length) % items.length].focus(); }
    else if (e.key === 'Tab') closeLabelMenu();
  };
  const onDown = (e) => { if (!el.contains(e.target) && e.target !== anchor && !anchor.contains(e.target)) closeLabelMenu(); };
  const onResize = () => closeLabelMenu();
  el.addEventListener('keydown', onKey);
  document.addEventListener('pointerdown', onDown, true);
  window.addEventListener('resize', onResize);
  openMenu = {
    el, anchor,
    cleanup: () => { document.removeEventListener('pointerdown', onDown, true); window.removeEventListener('resize', onResize); },
  };
  (items.find((b) => b.getAttribute('aria-checked') === 'true') || items[0]).focus();
}
