// #/event/{code}: the live standings, my team's strip, pit lane markers and clocks.

import { h, fill } from './dom.js';
import { prefs } from './prefs.js';
import { href, navigate } from './router.js';
import { lapTime, gap, hoursMinutes, change, labelOf, DASH } from './format.js';
import { labelChip, waitingForRace, errorState, loading, findByNumber, srOnly } from './ui.js';
import { tickAll } from './ticker.js';

const COLUMNS = [
  { key: 'pos', title: 'Pos', long: 'Position', cls: 'c-pos num' },
  { key: 'no', title: 'No.', long: 'Kart number', cls: 'c-no num' },
  { key: 'team', title: 'Team', long: 'Team, driver and driving time', cls: 'c-team' },
  { key: 'laps', title: 'Laps', cls: 'c-laps num' },
  { key: 'last', title: 'Last', long: 'Last lap', cls: 'c-last num' },
  { key: 'best', title: 'Best', long: 'Best lap', cls: 'c-best num opt' },
  { key: 'gap', title: 'Gap', long: 'Gap to the leader', cls: 'c-gap num' },
  { key: 'int', title: 'Int.', long: 'Interval to the team ahead', cls: 'c-int num opt' },
  { key: 'pits', title: 'Pits', long: 'Pit stops done', cls: 'c-pits num opt' },
  { key: 'pit', title: 'Pit lane', long: 'In the pit lane, with the time spent there', cls: 'c-pit opt' },
  { key: 'stint', title: 'Stint', long: 'Laps in the current stint', cls: 'c-stint num opt' },
  { key: 'avg', title: 'Avg', long: 'Clean average of the current stint', cls: 'c-avg num opt' },
  { key: 'kart', title: 'Kart', long: 'Kart label: good, bad or unknown', cls: 'c-kart' },
];

export function sortByPosition(teams) {
  return [...teams].sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9)
    || String(a.number).localeCompare(String(b.number), undefined, { numeric: true }));
}

function pitTimeMs(live) {
  return live.data.settings?.pit_time_ms ?? live.data.event?.settings?.pit_time_ms ?? null;
}

function pitClock(team, targetMs, extraClass) {
  if (!team.in_pit) return null;
  return h('span', { class: ['pit-badge', extraClass], title: 'In the pit lane' },
    h('span', { class: 'pit-badge-label' }, 'PIT'),
    team.pit_in_at ? h('span', { class: 'pit-clock num', dataset: { tick: 'since', t0: team.pit_in_at, ...(targetMs ? { target: targetMs } : {}) } }) : null);
}

function stat(label, value, extra) {
  return h('div', { class: ['stat', extra] }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, value));
}

function myTeamStrip(team, live, code) {
  const after = live.data.afterStops?.teams?.find((t) => t.row_id === team.row_id);
  return h('section', { class: ['my-strip', team.in_pit && 'in-pit'], attrs: { 'aria-label': 'My team' } },
    h('div', { class: 'my-strip-head' },
      h('span', { class: 'my-pos' }, team.position != null ? `P${team.position}` : DASH),
      h('a', { class: 'my-name', href: href(code, 'pits', team.row_id, live.pinned) },
        h('span', { class: 'kart-no' }, `#${team.number}`), ' ', team.name || ''),
      h('span', { class: 'my-driver' }, team.driver || '', team.driving_time_ms != null ? ` \u00B7 ${hoursMinutes(team.driving_time_ms)} driven` : ''),
      pitClock(team, pitTimeMs(live))),
    h('div', { class: 'stats' },
      stat('Laps', String(team.laps ?? DASH)),
      stat('Gap', gap(team.gap) || DASH),
      stat('Interval', gap(team.interval) || DASH),
      stat('Last', lapTime(team.last_lap_ms)),
      stat('Stint', team.stint_laps != null ? `${team.stint_laps} laps` : DASH),
      stat('Clean avg', lapTime(team.stint_average_ms)),
      stat('Kart', labelChip(team.kart_label, { scoreMs: team.kart_score_ms })),
      stat('Pits', after ? `${team.pits ?? DASH} (owes ${after.owed})` : String(team.pits ?? DASH)),
      after ? stat('After stops', h('span', null, `P${after.estimated_position} `,
        h('span', { class: ['delta', after.change > 0 ? 'up' : after.change < 0 ? 'down' : 'same'] }, change(after.change)))) : null));
}

export function mountStandings(root, { live, code }) {
  const release = live.use('afterStops', 'settings');
  const previousLaps = new Map();
  let first = true;

  const allColumns = h('button', { class: 'btn btn-small cols-toggle', type: 'button', attrs: { 'aria-pressed': String(prefs.allColumns()) } }, 'All columns');
  const scroller = h('div', { class: ['table-scroll', prefs.allColumns() && 'show-all'], attrs: { tabindex: '0', 'aria-label': 'Standings table, scrolls sideways' } });
  const summary = h('p', { class: 'table-summary' });
  const strip = h('div', { class: 'my-strip-slot' });
  const body = h('div', { class: 'standings-body' });
  const toolbar = h('div', { class: 'table-toolbar' }, summary, allColumns);
  const page = h('div', { class: 'page page-wide' },
    h('h2', { class: 'sr-only' }, 'Live standings'),
    strip,
    toolbar,
    body);
  fill(root, page);

  allColumns.addEventListener('click', () => {
    const on = !prefs.allColumns();
    prefs.setAllColumns(on);
    allColumns.setAttribute('aria-pressed', String(on));
    scroller.classList.toggle('show-all', on);
  });

  scroller.addEventListener('click', (e) => {
    if (e.target.closest('a, button')) return;
    const tr = e.target.closest('tr[data-row]');
    if (tr) navigate(href(code, 'pits', tr.dataset.row, live.pinned));
  });

  function render() {
    const standings = live.data.standings;
    const err = live.errors.standings;
    toolbar.hidden = !standings?.teams?.length;
    if (!standings) {
      fill(strip);
      fill(summary);
      fill(body, err ? errorState(err, { onRetry: () => live.refresh(['standings']) }) : loading());
      return;
    }
    const teams = sortByPosition(standings.teams || []);
    if (teams.length === 0) {
      fill(strip); fill(summary);
      fill(body, waitingForRace());
      return;
    }
    const mine = findByNumber(teams, prefs.myTeam(code));
    fill(strip, mine ? myTeamStrip(mine, live, code) : h('p', { class: 'hint' }, 'Tip: choose your team in \u201cMy team\u201d above to highlight it and see its strip here.'));
    const inPit = teams.filter((t) => t.in_pit).length;
    // the kart model rates a kart once its driver has driven another one (MODEL.md): for the
    // first half hour or so of a race every kart is "Unknown", which is not a fault
    const unrated = teams.every((t) => labelOf(t.kart_label) === 'unknown');
    fill(summary, `${teams.length} teams`, inPit ? ` \u00B7 ${inPit} in the pit lane` : '',
      unrated ? h('span', { class: 'unrated-hint', title: 'The kart model tells a kart from its driver by comparing the driver in two karts or more, so the first labels come a few laps into the second stints, about half an hour into a race.' },
        ' \u00B7 karts not rated yet: the first labels come once drivers have driven two karts') : null);

    const bestOverall = Math.min(...teams.map((t) => t.best_lap_ms).filter((v) => typeof v === 'number'));
    const target = pitTimeMs(live);
    const focusedRow = document.activeElement?.closest?.('tr[data-row]')?.dataset.row;

    const rows = teams.map((t) => {
      const rowId = String(t.row_id);
      const before = previousLaps.get(rowId);
      const flashed = !first && typeof t.laps === 'number' && typeof before === 'number' && t.laps > before;
      previousLaps.set(rowId, t.laps);
      const lastCls = typeof t.last_lap_ms === 'number'
        ? (t.last_lap_ms === bestOverall ? 'ob' : t.last_lap_ms === t.best_lap_ms ? 'pb' : null) : null;
      const isMine = mine && mine.row_id === t.row_id;
      const cells = {
        pos: t.position ?? DASH,
        no: h('span', { class: 'kart-no' }, t.number ?? '?'),
        team: [
          h('a', { class: 'team-link', href: href(code, 'pits', t.row_id, live.pinned) }, t.name || 'Unknown team'),
          isMine ? h('span', { class: 'mine-tag' }, 'my team') : null,
          h('span', { class: 'driver' }, pitClock(t, target, 'pit-inline'), t.driver || '', t.driving_time_ms != null
            ? h('span', { class: 'driving-time', title: 'Driving time' }, ` \u00B7 ${hoursMinutes(t.driving_time_ms)}`) : null),
        ],
        laps: t.laps ?? DASH,
        last: lapTime(t.last_lap_ms),
        best: lapTime(t.best_lap_ms),
        gap: [h('span', { class: 'wide-only' }, gap(t.gap)), h('span', { class: 'narrow-only', attrs: { 'aria-hidden': 'true' } }, gap(t.gap, { short: true }))],
        int: gap(t.interval),
        pits: t.pits ?? DASH,
        pit: pitClock(t, target),
        stint: t.stint_laps ?? DASH,
        avg: lapTime(t.stint_average_ms),
        kart: labelChip(t.kart_label, { scoreMs: t.kart_score_ms }),
      };
      return h('tr', {
        class: [t.in_pit && 'in-pit', isMine && 'mine'],
        dataset: { row: rowId },
      }, COLUMNS.map((c) => {
        const tag = c.key === 'team' ? 'th' : 'td';
        const cls = [c.cls,
          flashed && (c.key === 'laps' || c.key === 'last') && 'flash',
          c.key === 'last' && lastCls, c.key === 'best' && t.best_lap_ms === bestOverall && 'ob'];
        return h(tag, { class: cls, attrs: tag === 'th' ? { scope: 'row' } : null }, cells[c.key]);
      }));
    });
    first = false;

    const table = h('table', { class: 'standings' },
      h('caption', { class: 'sr-only' }, 'Live standings, by position. Rows in the pit lane are marked PIT.'),
      h('thead', null, h('tr', null, COLUMNS.map((c) => h('th', { scope: 'col', class: c.cls, title: c.long || null },
        c.long && c.long !== c.title ? [h('span', { attrs: { 'aria-hidden': 'true' } }, c.title), srOnly(c.long)] : c.title)))),
      h('tbody', null, rows));
    fill(scroller, table);
    if (!scroller.isConnected) fill(body, scroller);
    tickAll(scroller);
    tickAll(strip);
    if (focusedRow) scroller.querySelector(`tr[data-row="${CSS.escape(focusedRow)}"] a`)?.focus({ preventScroll: true });
  }

  const off = live.on((name) => {
    if (['standings', 'afterStops', 'settings', 'myTeam', 'event'].includes(name)) render();
  });
  render();
  return () => { off(); release(); };
}
