// Small shared pieces: kart label chips, the light badge, empty and error states.

import { h } from './dom.js';
import { LABELS, labelOf, score as fmtScore } from './format.js';

/** Visually hidden text for screen readers. */
export function srOnly(text) { return h('span', { class: 'sr-only' }, text); }

/**
 * A kart label as a coloured chip with a shape and a word, so it reads without colour:
 * good ✔ green, bad ✖ red, unknown ? blue. `compact` keeps the shape only (the word stays for
 * screen readers); `override` marks a label set by hand.
 */
export function labelChip(label, { compact = false, override = false, scoreMs = null, tag = 'span', attrs = {}, on } = {}) {
  const key = labelOf(label);
  const info = LABELS[key];
  const title = `${info.long}${override ? ' (set by hand)' : ''}${scoreMs != null ? `, kart ${fmtScore(scoreMs)} a lap vs an average kart` : ''}`;
  return h(tag, { class: ['chip', `chip-${key}`, compact && 'chip-compact', override && 'chip-override'], title, attrs, on },
    h('span', { class: 'chip-glyph', attrs: { 'aria-hidden': 'true' } }, info.glyph),
    compact ? srOnly(info.text) : h('span', { class: 'chip-text' }, info.text),
    override ? h('span', { class: 'chip-mark', attrs: { 'aria-label': 'set by hand' } }, '\u270E') : null);
}

const LIGHTS = {
  green: 'Green', yellow: 'Yellow', red: 'Red flag', safety_car: 'Safety car', finished: 'Chequered',
};

/** The track light as a coloured badge with its name. */
export function lightBadge(light) {
  const known = LIGHTS[light];
  return h('span', { class: ['light', `light-${known ? light : 'none'}`], title: 'Track light' },
    h('span', { class: 'light-dot', attrs: { 'aria-hidden': 'true' } }),
    known || 'No light');
}

export function emptyState({ title, body = [], actions = [], kind = 'info' }) {
  return h('section', { class: ['empty', `empty-${kind}`] },
    h('h2', null, title),
    ...[].concat(body).map((b) => (b instanceof Node ? b : h('p', null, b))),
    actions.length ? h('p', { class: 'empty-actions' }, ...actions) : null);
}

/** The message shown while no race is known. */
export function waitingForRace() {
  return emptyState({
    title: 'No race yet',
    body: h('p', null, 'Waiting for a race: start ', h('code', null, 'lts demo'),
      ' or point ws-listener at Apex. This page opens the race as soon as one appears.'),
  });
}

export function errorState(err, { onRetry } = {}) {
  const status = err?.status;
  if (err?.unreachable) {
    // The banner at the top already says so and offers "Retry now".
    return emptyState({ title: 'Waiting for the LTS API', body: 'This loads by itself as soon as the API answers again.' });
  }
  let title = 'Something went wrong';
  if (status === 404) title = 'Not found';
  else if (status === 401) title = 'Token needed';
  return emptyState({
    kind: 'error',
    title,
    body: err?.message || String(err),
    actions: [
      onRetry ? h('button', { class: 'btn', type: 'button', on: { click: onRetry } }, 'Try again') : null,
      status === 404 ? h('a', { class: 'btn', href: '#/' }, 'All races') : null,
    ].filter(Boolean),
  });
}

/** A "loading" placeholder that does not jump around. */
export function loading(text = 'Loading\u2026') {
  return h('p', { class: 'loading', attrs: { role: 'status' } }, text);
}

/** Finds my team in a standings list by kart number. */
export function findByNumber(teams, number) {
  if (!number || !Array.isArray(teams)) return null;
  return teams.find((t) => String(t.number) === String(number)) || null;
}

/** "#8 NEO LEVELAP" as nodes (text only). */
export function teamLabel(number, name) {
  return [h('span', { class: 'kart-no' }, number != null ? `#${number}` : '#?'), ' ', h('span', { class: 'team-name' }, name || 'Unknown team')];
}
