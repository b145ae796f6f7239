// #/event/{code}/pit-lane: the karts waiting in the pit lane (rows, front first) and the
// chance of getting a good kart now, after one more stop, after two.

import { h, fill } from './dom.js';
import { href } from './router.js';
import { percent, score, LABELS, labelOf } from './format.js';
import { errorState, loading, srOnly } from './ui.js';
import { tickAll } from './ticker.js';

function oddsCard(title, sub, p, best) {
  const value = typeof p === 'number' ? Math.max(0, Math.min(1, p)) : null;
  return h('div', { class: ['odds-card', best && 'best'] },
    h('span', { class: 'odds-title' }, title),
    h('span', { class: 'odds-value num' }, percent(value)),
    h('span', { class: 'meter', attrs: { 'aria-hidden': 'true' } }, meterFill(value)),
    h('span', { class: 'odds-sub' }, sub));
}

function meterFill(value) {
  const el = h('span', { class: 'meter-fill' });
  el.style.width = `${Math.round((value ?? 0) * 100)}%`;
  return el;
}

function kartTile(code, session, k, index) {
  const label = labelOf(k.label);
  const info = LABELS[label];
  const from = k.from_row_id != null || k.from_number != null;
  const inner = [
    h('span', { class: 'tile-top' },
      h('span', { class: 'tile-glyph', attrs: { 'aria-hidden': 'true' } }, info.glyph),
      h('span', { class: 'tile-label' }, info.text),
      index === 0 ? h('span', { class: 'tile-front' }, 'next out') : null),
    h('span', { class: 'tile-from' }, from
      ? [h('span', { class: 'kart-no' }, `#${k.from_number ?? '?'}`), ' ', h('span', { class: 'team-name' }, k.from_name || '')]
      : 'Spare kart'),
    h('span', { class: 'tile-meta' },
      from && k.from_stint != null ? `stint ${k.from_stint}` : 'no history',
      k.score_ms != null ? ` \u00B7 ${score(k.score_ms)}` : ''),
    k.since ? h('span', { class: 'tile-since' }, 'waiting ', h('span', { class: 'num', dataset: { tick: 'since', t0: k.since } })) : null,
  ];
  const cls = ['kart-tile', `tile-${label}`];
  return h('li', null, from && k.from_row_id != null
    ? h('a', { class: cls, href: href(code, 'pits', k.from_row_id, session), title: `Kart left by #${k.from_number} ${k.from_name || ''}: see that team's pit history` }, inner)
    : h('div', { class: cls }, inner));
}

export function mountPitLane(root, { live, code }) {
  const release = live.use('pitLane', 'settings');
  const body = h('div');
  fill(root, h('div', { class: 'page page-wide' }, h('h2', { class: 'page-title' }, 'Pit lane'), body));

  function render() {
    const data = live.data.pitLane;
    const err = live.errors.pitLane;
    if (!data) { fill(body, err ? errorState(err, { onRetry: () => live.refresh(['pitLane']) }) : loading()); return; }
    const rows = Array.isArray(data.rows) ? data.rows : [];
    const odds = data.odds || {};
    const values = [odds.now, odds.after_one_stop, odds.after_two_stops].filter((v) => typeof v === 'number');
    const best = values.length ? Math.max(...values) : null;
    const base = typeof data.base_rate === 'number' ? percent(data.base_rate) : 'unknown';
    const rowWord = rows.length === 1 ? 'the one row' : `each of the ${rows.length} rows equally likely`;
    const oddsSection = h('section', { class: 'odds', attrs: { 'aria-label': 'Chance of a good kart' } },
      h('h3', { class: 'section-title' }, 'Chance of a good kart'),
      h('div', { class: 'odds-cards' },
        oddsCard('Stop now', 'teams already in the lane take theirs first', odds.now, odds.now === best),
        oddsCard('+1 stop', 'after 1 more stop by anyone', odds.after_one_stop, odds.after_one_stop === best && odds.now !== best),
        oddsCard('+2 stops', 'after 2 more stops', odds.after_two_stops, odds.after_two_stops === best && odds.now !== best && odds.after_one_stop !== best)),
      h('p', { class: 'explain' },
        `A good kart is at least 0.15 s a lap faster than an average one. Stopping, you leave your kart at the back of a row (${rowWord}) and take the first kart the teams already in the pit lane leave you; karts with no label yet count at the field's rate of good karts (${base}), and one stop in five is counted as a surprise (the order in the lane changes).`));

    const lane = h('section', { class: 'lane', attrs: { 'aria-label': 'Karts waiting in the pit lane' } },
      h('h3', { class: 'section-title' }, 'Karts waiting', h('span', { class: 'section-note' }, ' \u00B7 front first')),
      rows.length === 0 ? h('p', { class: 'hint' }, 'No pit lane queue known yet.') : null,
      rows.map((row, i) => h('div', { class: 'lane-row' },
        h('h4', { class: 'lane-row-title' }, `Row ${i + 1}`, h('span', { class: 'section-note' }, ` \u00B7 ${row.length} kart${row.length === 1 ? '' : 's'}`)),
        row.length
          ? h('ol', { class: 'lane-karts', attrs: { 'aria-label': `Row ${i + 1}, front first` } }, row.map((k, j) => kartTile(code, live.pinned, k, j)))
          : h('p', { class: 'hint' }, 'Empty row.'))),
      h('p', { class: 'legend' },
        ['good', 'bad', 'unknown'].map((l) => h('span', { class: ['legend-item', `tile-${l}`] },
          h('span', { class: 'tile-glyph', attrs: { 'aria-hidden': 'true' } }, LABELS[l].glyph), LABELS[l].text)),
        srOnly('Scores are seconds per lap against an average kart, the driver taken out; negative is faster.')));
    fill(body, oddsSection, lane);
    tickAll(body);
  }

  const off = live.on((name) => { if (name === 'pitLane') render(); });
  render();
  return () => { off(); release(); };
}
