// #/event/{code}/after-stops: the standings once every team has made its mandatory stops,
// beside the raw ones, with the difference.

import { h, fill } from './dom.js';
import { prefs } from './prefs.js';
import { href, navigate } from './router.js';
import { deltaTime, lapTime, clock, change, DASH } from './format.js';
import { waitingForRace, errorState, loading, srOnly } from './ui.js';

function changeCell(n) {
  const cls = n > 0 ? 'up' : n < 0 ? 'down' : 'same';
  const words = n > 0 ? `gains ${n} place${n === 1 ? '' : 's'}` : n < 0 ? `loses ${-n} place${n === -1 ? '' : 's'}` : 'no change';
  return h('span', { class: ['delta', cls] }, h('span', { attrs: { 'aria-hidden': 'true' } }, change(n)), srOnly(words));
}

function gapText(ms) {
  if (typeof ms !== 'number') return DASH;
  return ms === 0 ? 'Leader' : deltaTime(ms);
}

export function mountAfterStops(root, { live, code }) {
  const release = live.use('afterStops', 'settings');
  const body = h('div');
  fill(root, h('div', { class: 'page page-wide' },
    h('h2', { class: 'page-title' }, 'Standings after all stops'),
    h('p', { class: 'explain' },
      'Where each team would be once everyone has made the mandatory stops: each stop still owed costs the measured pit loss. ',
      '\u25B2 gains places, \u25BC loses places compared with the raw order.'),
    body));

  body.addEventListener('click', (e) => {
    if (e.target.closest('a, button')) return;
    const tr = e.target.closest('tr[data-row]');
    if (tr) navigate(href(code, 'pits', tr.dataset.row, live.pinned));
  });

  function render() {
    const data = live.data.afterStops;
    const err = live.errors.afterStops;
    if (!data) { fill(body, err ? errorState(err, { onRetry: () => live.refresh(['afterStops']) }) : loading()); return; }
    const teams = [...(data.teams || [])].sort((a, b) => (a.estimated_position ?? 1e9) - (b.estimated_position ?? 1e9));
    if (!teams.length) { fill(body, waitingForRace()); return; }
    const mine = prefs.myTeam(code);
    const facts = h('dl', { class: 'facts' },
      h('div', null, h('dt', null, 'Mandatory stops'), h('dd', null, String(data.min_pit_stops ?? DASH))),
      h('div', null, h('dt', null, 'Pit loss per stop'), h('dd', null, typeof data.pit_loss_ms === 'number' ? clock(data.pit_loss_ms) : DASH)),
      h('div', null, h('dt', null, 'Median lap'), h('dd', null, lapTime(data.median_lap_ms))));
    const table = h('table', { class: 'after-stops' },
      h('caption', { class: 'sr-only' }, 'Estimated standings after all pit stops, with the raw position and the difference'),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', class: 'num c-pos', title: 'Estimated position after all stops' }, 'Est.'),
        h('th', { scope: 'col', class: 'num c-change', title: 'Places gained or lost' }, '+/\u2212'),
        h('th', { scope: 'col', class: 'num c-raw', title: 'Raw position now' }, 'Now'),
        h('th', { scope: 'col', class: 'num c-no' }, 'No.'),
        h('th', { scope: 'col', class: 'c-team' }, 'Team'),
        h('th', { scope: 'col', class: 'num c-owed', title: 'Mandatory stops still owed' }, 'Owed'),
        h('th', { scope: 'col', class: 'num c-rawgap opt', title: 'Gap to the leader now' }, 'Gap now'),
        h('th', { scope: 'col', class: 'num c-estgap', title: 'Estimated gap to the leader after all stops' }, 'Est. gap'))),
      h('tbody', null, teams.map((t) => h('tr', { class: [String(t.number) === mine && 'mine'], dataset: { row: String(t.row_id) } },
        h('td', { class: 'num c-pos strong' }, t.estimated_position ?? DASH),
        h('td', { class: 'num c-change' }, changeCell(t.change ?? 0)),
        h('td', { class: 'num c-raw' }, t.raw_position ?? DASH),
        h('td', { class: 'num c-no' }, h('span', { class: 'kart-no' }, t.number ?? '?')),
        h('th', { scope: 'row', class: 'c-team' }, h('a', { class: 'team-link', href: href(code, 'pits', t.row_id, live.pinned) }, t.name || 'Unknown team')),
        h('td', { class: ['num c-owed', t.owed > 0 && 'owes'] }, t.owed ?? DASH),
        h('td', { class: 'num c-rawgap opt' }, gapText(t.raw_gap_ms)),
        h('td', { class: 'num c-estgap' }, gapText(t.estimated_gap_ms))))));
    fill(body, facts, h('div', { class: 'table-scroll', attrs: { tabindex: '0', 'aria-label': 'After-stops table' } }, table));
  }

  const off = live.on((name) => { if (name === 'afterStops' || name === 'myTeam') render(); });
  render();
  return () => { off(); release(); };
}
