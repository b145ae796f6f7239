// #/event/{code}/pits/{row_id}: a team's pit history, one row per stint, newest first, with
// the kart label (click to override it by hand).

import { h, fill } from './dom.js';
import { api } from './api.js';
import { prefs } from './prefs.js';
import { href, navigate } from './router.js';
import { lapTime, clock, score, timeOfDay, DASH } from './format.js';
import { labelChip, errorState, loading, findByNumber, waitingForRace } from './ui.js';
import { openLabelMenu, closeLabelMenu } from './label-menu.js';
import { sortByPosition } from './standings.js';
import { tickAll } from './ticker.js';

export function mountPits(root, { live, code, route }) {
  const rowId = route.rowId;
  let redirected = false;
  /** Without a team in the address, open my team's history. */
  function openMyTeam() {
    if (rowId != null || redirected) return false;
    const mine = findByNumber(live.data.standings?.teams, prefs.myTeam(code));
    if (!mine) return false;
    redirected = true;
    navigate(href(code, 'pits', mine.row_id, live.pinned), { replace: true });
    return true;
  }
  const releases = [live.use('settings')];
  if (rowId != null) releases.push(live.useStints(rowId));

  const select = h('select', { class: 'select', id: 'pits-team' });
  const status = h('p', { class: 'form-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const head = h('div', { class: 'team-head' });
  const body = h('div');
  fill(root, h('div', { class: 'page page-wide' },
    h('div', { class: 'page-head' },
      h('h2', { class: 'page-title' }, 'Pit history'),
      h('label', { class: 'field-inline' }, h('span', null, 'Team'), select)),
    head, status, body));

  select.addEventListener('change', () => {
    if (select.value) navigate(href(code, 'pits', select.value, live.pinned), { replace: true });
  });

  let selectSig = '';
  function renderSelect() {
    const teams = sortByPosition(live.data.standings?.teams || []);
    const sig = teams.map((t) => `${t.row_id}:${t.position}:${t.name}`).join('|') + `#${rowId}`;
    if (sig === selectSig) return;
    selectSig = sig;
    const options = [h('option', { value: '', disabled: true }, 'Choose a team\u2026')];
    for (const t of teams) options.push(h('option', { value: String(t.row_id) }, `P${t.position ?? '?'} \u00B7 #${t.number} ${t.name || ''}`));
    fill(select, options);
    select.value = rowId != null ? String(rowId) : '';
  }

  function setStatus(text, kind = 'info', link = null) {
    fill(status, text, link);
    status.className = `form-status status-${kind}`;
  }

  async function override(stint, label) {
    const token = prefs.token();
    if (!token) {
      setStatus('Changing a label needs the API token. ', 'error', h('a', { href: href(code, 'settings', null, live.pinned) }, 'Enter it in Settings.'));
      return;
    }
    setStatus(`Saving the label of stint ${stint.number}\u2026`);
    try {
      await api.putLabel(code, rowId, stint.number, label, token, live.pinned);
      setStatus(label ? `Stint ${stint.number}: kart set to ${label} by hand.` : `Stint ${stint.number}: override cleared, the model decides.`, 'ok');
      live.refresh([`stints:${rowId}`, 'standings', 'pitLane', 'kartLabels', 'afterStops']);
    } catch (err) {
      if (err.status === 401) {
        prefs.forgetToken();
        setStatus('The API refused the token (401). ', 'error', h('a', { href: href(code, 'settings', null, live.pinned) }, 'Enter it again in Settings.'));
      } else {
        setStatus(`Could not save the label: ${err.message}`, 'error');
      }
    }
  }

  function renderHead(team) {
    if (!team) { fill(head); return; }
    fill(head, h('p', { class: 'team-summary' },
      h('span', { class: 'kart-no' }, `#${team.number}`), ' ', h('strong', null, team.name || ''),
      ` \u00B7 P${team.position ?? '?'} \u00B7 ${team.laps ?? DASH} laps \u00B7 ${team.pits ?? 0} stops`,
      team.in_pit ? h('span', { class: 'pit-badge' }, h('span', { class: 'pit-badge-label' }, 'PIT'),
        team.pit_in_at ? h('span', { class: 'pit-clock num', dataset: { tick: 'since', t0: team.pit_in_at } }) : null) : null));
  }

  function render() {
    if (openMyTeam()) return;
    renderSelect();
    const teams = live.data.standings?.teams;
    if (rowId == null) {
      fill(head);
      fill(body, teams && teams.length === 0 ? waitingForRace()
        : h('p', { class: 'hint' }, 'Choose a team above, or click a row of the standings.'));
      return;
    }
    const team = teams?.find((t) => String(t.row_id) === String(rowId));
    renderHead(team);
    const stints = live.stints.get(String(rowId));
    const err = live.errors[`stints:${rowId}`];
    if (!stints) { fill(body, err ? errorState(err, { onRetry: () => live.refresh([`stints:${rowId}`]) }) : loading()); return; }
    if (!stints.length) { fill(body, h('p', { class: 'hint' }, 'No stint yet for this team.')); return; }
    const rows = [...stints].reverse().map((s) => {
      const chip = labelChip(s.kart_label, {
        tag: 'button', override: s.label_override != null, scoreMs: s.kart_score_ms,
        attrs: { type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-label': `Kart of stint ${s.number}: ${s.kart_label || 'unknown'}${s.label_override != null ? ' (set by hand)' : ''}. Change` },
      });
      chip.classList.add('chip-button');
      chip.addEventListener('click', () => openLabelMenu(chip, {
        current: s.label_override ?? s.kart_label, override: s.label_override != null, onPick: (label) => override(s, label),
      }));
      let pit;
      if (typeof s.pit_duration_ms === 'number') pit = h('span', { title: s.pit_in_at ? `In at ${timeOfDay(s.pit_in_at)}` : null }, clock(s.pit_duration_ms));
      else if (s.pit_in_at && !s.pit_out_at) pit = h('span', { class: 'pit-badge' }, h('span', { class: 'pit-badge-label' }, 'PIT'), h('span', { class: 'pit-clock num', dataset: { tick: 'since', t0: s.pit_in_at } }));
      else pit = s.open ? h('span', { class: 'muted', title: 'On track' }, h('span', { class: 'wide-only' }, 'on track'), h('span', { class: 'narrow-only', attrs: { 'aria-hidden': 'true' } }, DASH)) : DASH;
      // the stop as Apex's pit counter numbers it; a visit it does not count is said so
      const hole = s.pit_in_hole ? ' \u00B7 in a hole' : '';
      const holeTitle = s.pit_in_hole ? '; it began while the feed was away (a recording hole): its start and length are not known' : '';
      const stopNo = typeof s.pit_stop === 'number'
        ? h('span', { class: 'sub stop-no', title: `Stop ${s.pit_stop} on the pit counter${holeTitle}` }, `stop ${s.pit_stop}${hole}`)
        : s.pit_counted === false
          ? h('span', { class: 'sub stop-no', title: 'A visit to the pit lane that the pit counter does not count (red flag, or taken off by race control)' }, 'not counted')
          : null;
      return h('tr', { class: [s.open && 'current'] },
        h('th', { scope: 'row', class: 'num c-stint' }, String(s.number)),
        h('td', { class: 'num c-lapin' }, s.open ? h('span', { class: 'muted' }, 'now')
          : s.end_lap_estimated ? h('span', { title: 'Estimated: the feed was away (a recording hole) and shows no lap count' }, `\u2248${s.end_lap}`)
            : (s.end_lap ?? DASH)),
        h('td', { class: 'num c-laps' }, s.laps ?? DASH),
        h('td', { class: 'c-driver' }, s.driver || DASH),
        h('td', { class: 'num c-best opt' }, lapTime(s.best_ms)),
        h('td', { class: 'num c-avg' }, lapTime(s.average_ms),
          s.clean_laps != null ? h('span', { class: 'sub', title: 'Clean laps in the stint' }, `${s.clean_laps} clean`) : null),
        h('td', { class: 'c-kart' }, chip, h('span', { class: 'sub score' }, score(s.kart_score_ms))),
        h('td', { class: 'num c-pitdur' }, pit, stopNo));
    });
    fill(body, h('div', { class: 'table-scroll', attrs: { tabindex: '0', 'aria-label': 'Pit history table' } },
      h('table', { class: 'pits' },
        h('caption', { class: 'sr-only' }, 'Stints of the team, newest first. The kart label buttons change the label by hand.'),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col', class: 'num c-stint', title: 'Stint' }, h('span', { class: 'wide-only' }, 'Stint'), h('span', { class: 'narrow-only', attrs: { 'aria-hidden': 'true' } }, '#')),
          h('th', { scope: 'col', class: 'num c-lapin', title: 'Lap at which the team entered the pit lane' }, 'Lap in'),
          h('th', { scope: 'col', class: 'num c-laps', title: 'Laps with this kart' }, 'Laps'),
          h('th', { scope: 'col', class: 'c-driver' }, 'Driver'),
          h('th', { scope: 'col', class: 'num c-best opt' }, 'Best'),
          h('th', { scope: 'col', class: 'num c-avg', title: 'Average of the last clean laps' }, 'Clean avg'),
          h('th', { scope: 'col', class: 'c-kart', title: 'Kart label; click to set it by hand' }, 'Kart'),
          h('th', { scope: 'col', class: 'num c-pitdur', title: 'Time in the pit lane at the end of the stint' }, 'Pit'))),
        h('tbody', null, rows))),
    h('p', { class: 'hint' }, 'Click a kart label to set it by hand (\u270E marks a manual label).'));
    tickAll(body);
  }

  const off = live.on((name) => {
    if (name === 'standings' || name === 'myTeam' || name === `stints:${rowId}`) render();
  });
  render();
  tickAll(head);
  return () => { off(); closeLabelMenu(); releases.forEach((r) => r()); };
}
