// The session picker of an event page: every session of the feed, newest first. Choosing one
// shows it; choosing the API's default one drops ?session= from the address, so that the page
// follows the default (a new race) again.

import { h, fill } from './dom.js';

const KINDS = { race: 'Race', practice: 'Practice', none: 'No session' };

/** The text of a session's option: number and kind, title, teams and laps, live or finished. */
export function sessionLabel(s) {
  const kind = KINDS[s.kind] || 'Session';
  const parts = [`#${s.session} ${kind}`];
  if (s.title2 && s.title2.toLowerCase() !== kind.toLowerCase()) parts.push(s.title2);
  parts.push(s.teams === 1 ? '1 team' : `${s.teams ?? 0} teams`);
  if (s.laps != null) parts.push(`${s.laps} laps`);
  if (s.status === 'live') parts.push('live');
  else if (s.finished) parts.push('finished');
  return parts.join(' \u00B7 ');
}

/** onPick(session number, or null for the default one). Hidden while there is nothing to pick. */
export function sessionPicker({ onPick }) {
  const select = h('select', { id: 'session', class: 'select', attrs: { 'aria-label': 'Session' } });
  const el = h('label', { class: 'session-pick', hidden: true },
    h('span', { class: 'session-pick-label' }, 'Session'), select);
  let sessions = [];
  let signature = '';

  select.addEventListener('change', () => {
    const chosen = sessions.find((s) => String(s.session) === select.value);
    if (chosen) onPick(chosen.default ? null : chosen.session);
  });

  return {
    el,
    /** list: GET …/sessions (null while unknown); shown: the session on screen, null: the default. */
    render(list, shown) {
      sessions = Array.isArray(list) ? list : [];
      const selected = shown ?? sessions.find((s) => s.default)?.session ?? null;
      const sig = sessions.map((s) => `${sessionLabel(s)}:${s.default}`).join('|') + `#${selected}`;
      if (sig === signature) return;
      signature = sig;
      el.hidden = sessions.length < 2;
      fill(select, sessions.map((s) => h('option', { value: String(s.session) }, sessionLabel(s))));
      if (selected !== null) select.value = String(selected);
    },
  };
}
