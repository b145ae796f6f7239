// The chrome of an event page: title and session picker, remaining time, light, connection
// state, my team, the race banner (feed lost, finished, an earlier session) and the tabs.

import { h, fill } from './dom.js';
import { prefs } from './prefs.js';
import { TABS, href, navigate } from './router.js';
import { sessionPicker } from './session-picker.js';
import { lightBadge } from './ui.js';
import { timeOfDay } from './format.js';
import { tickAll } from './ticker.js';

/** The connection pill: what the user should believe about the figures on screen. */
export function connectionState(live, apiReachable) {
  const race = live.raceState();
  if (!apiReachable) return { key: 'api-down', text: 'API unreachable', cls: 'bad' };
  if (live.notFound) return { key: 'not-found', text: 'Unknown event', cls: 'bad' };
  if (race.status === 'finished') return { key: 'finished', text: 'Finished', cls: 'finished' };
  if (live.isPastSession()) return { key: 'past', text: 'Earlier session', cls: 'finished' };
  if (race.status === 'idle') return { key: 'idle', text: 'Feed lost', cls: 'bad' };
  if (live.connection === 'live') return { key: 'live', text: 'Live', cls: 'ok' };
  if (live.connection === 'reconnecting') return { key: 'reconnecting', text: 'Reconnecting\u2026', cls: 'warn' };
  return { key: 'connecting', text: 'Connecting\u2026', cls: 'warn' };
}

export function mountShell({ live, els, isApiReachable }) {
  const code = live.code;
  let tab = 'overview';

  const title = h('div', { class: 'ev-title' });
  const releaseSessions = live.use('sessions');
  const picker = sessionPicker({
    // a team's row id belongs to its session: the pit history opens without a team
    onPick: (session) => navigate(href(code, tab, null, session)),
  });
  const remaining = h('span', { class: 'remaining-value' });
  const remainingBox = h('div', { class: 'remaining', title: 'Time left in the race' },
    h('span', { class: 'remaining-label' }, 'Left'), remaining);
  const light = h('span', { class: 'light-slot' });
  const select = h('select', { id: 'my-team', class: 'select', attrs: { 'aria-label': 'My team' } });
  const selectBox = h('label', { class: 'my-team' }, h('span', { class: 'my-team-label' }, 'My team'), select);
  const bar = h('div', { class: 'status-bar' }, remainingBox, light, selectBox);
  fill(els.head, title, picker.el, bar);
  els.head.hidden = false;

  const tabLinks = TABS.map((t) => h('a', { class: 'tab', href: href(code, t.id, null, live.pinned), dataset: { tab: t.id } }, t.title));
  fill(els.tabs, h('div', { class: 'tabs-inner' }, tabLinks));
  els.tabs.hidden = false;

  select.addEventListener('change', () => {
    prefs.setMyTeam(code, select.value || null);
    live.emit('myTeam');
  });

  let teamsSignature = '';
  let bannerKey = '';
  let connKey = '';

  function renderTitle() {
    const e = live.data.event;
    const name = [e?.title1, e?.title2].filter(Boolean).join(' \u00B7 ') || code;
    fill(title, h('h1', { class: 'ev-name' }, name), e?.track ? h('span', { class: 'ev-track' }, e.track) : null);
    document.title = `${TABS.find((t) => t.id === tab)?.title || ''} \u00B7 ${name} \u00B7 LTS`;
  }

  function renderClock() {
    const race = live.raceState();
    const frozen = race.light === 'yellow';
    delete remaining.dataset.tick;
    remaining.classList.toggle('frozen', frozen);
    const finished = race.status === 'finished' || race.light === 'finished';
    remainingBox.classList.toggle('done', finished);
    if (finished) {
      remaining.textContent = 'Finished';
    } else if (typeof race.remainingMs === 'number') {
      Object.assign(remaining.dataset, { tick: 'countdown', remaining: race.remainingMs, at: race.remainingAt ?? '' });
      if (frozen) remaining.dataset.frozen = ''; else delete remaining.dataset.frozen;
      remainingBox.title = frozen ? 'Time left (clock held while the light is yellow)' : 'Time left in the race';
    } else {
      remaining.textContent = '\u2013';
    }
    fill(light, lightBadge(race.light));
  }

  function renderTeams() {
    const teams = live.data.standings?.teams || [];
    const mine = prefs.myTeam(code) || '';
    const sorted = [...teams].sort((a, b) => String(a.number).localeCompare(String(b.number), undefined, { numeric: true }));
    const signature = sorted.map((t) => `${t.number}:${t.name}`).join('|') + `#${mine}`;
    if (signature === teamsSignature) return;
    teamsSignature = signature;
    const options = [h('option', { value: '' }, 'None')];
    for (const t of sorted) options.push(h('option', { value: String(t.number) }, `#${t.number} ${t.name || ''}`));
    if (mine && !sorted.some((t) => String(t.number) === mine)) options.push(h('option', { value: mine }, `#${mine} (not in this session)`));
    fill(select, options);
    select.value = mine;
  }

  function renderConnection() {
    const state = connectionState(live, isApiReachable());
    if (state.key === connKey) return;
    connKey = state.key;
    fill(els.conn, h('span', { class: ['conn', `conn-${state.cls}`] },
      h('span', { class: 'conn-dot', attrs: { 'aria-hidden': 'true' } }), state.text));
    els.conn.hidden = false;
  }

  function renderSessions() {
    picker.render(live.data.sessions, live.pinned ?? live.data.event?.session ?? null);
  }

  function renderBanner() {
    const race = live.raceState();
    const past = race.status !== 'finished' && live.isPastSession();
    let key = '';
    if (past) key = 'past';
    else if (race.status === 'idle') key = `idle:${race.lastAt}`;
    else if (race.status === 'finished') key = 'finished';
    if (key === bannerKey) return;
    bannerKey = key;
    if (!key) { fill(els.raceBanner); els.raceBanner.hidden = true; return; }
    els.raceBanner.hidden = false;
    if (past) {
      fill(els.raceBanner, h('div', { class: 'banner banner-finished' },
        h('strong', null, 'An earlier session.'), ' A later session has started on this feed; these are this one’s last figures.'));
    } else if (race.status === 'finished') {
      fill(els.raceBanner, h('div', { class: 'banner banner-finished' },
        h('span', { class: 'flag-icon', attrs: { 'aria-hidden': 'true' } }),
        h('strong', null, 'Race finished.'), ' These are the final standings.'));
    } else if (race.lastAt) {
      fill(els.raceBanner, h('div', { class: 'banner banner-bad' },
        h('strong', null, 'Feed lost.'), ' No frame from the timing feed for ',
        h('span', { attrs: { 'aria-live': 'off' }, dataset: { tick: 'ago', t0: race.lastAt } }, ''),
        ` (last at ${timeOfDay(race.lastAt)}). The figures below are frozen; check the listener.`));
    } else {
      fill(els.raceBanner, h('div', { class: 'banner banner-bad' },
        h('strong', null, 'No live session.'), ' The feed has sent nothing for this event yet.'));
    }
    tickAll(els.raceBanner);
  }

  function renderAll() {
    renderTitle(); renderSessions(); renderClock(); renderTeams(); renderConnection(); renderBanner();
    tickAll(els.head);
  }

  const off = live.on((name) => {
    if (name === 'event') { renderTitle(); renderSessions(); renderClock(); renderConnection(); renderBanner(); }
    if (name === 'sessions') { renderSessions(); renderConnection(); renderBanner(); }
    if (name === 'standings') { renderClock(); renderTeams(); renderConnection(); renderBanner(); tickAll(els.head); }
    if (name === 'connection') renderConnection();
    if (name === 'myTeam') renderTeams();
  });
  // Feed-lost is also a matter of time passing with no data: re-check every few seconds.
  const timer = setInterval(() => { renderConnection(); renderBanner(); }, 5000);
  renderAll();

  return {
    setTab(id) {
      tab = id;
      for (const a of tabLinks) {
        if (a.dataset.tab === id) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
      }
      renderTitle();
      tabLinks.find((a) => a.dataset.tab === id)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    },
    refreshConnection: renderConnection,
    destroy() {
      off();
      releaseSessions();
      clearInterval(timer);
      fill(els.head); els.head.hidden = true;
      fill(els.tabs); els.tabs.hidden = true;
      fill(els.raceBanner); els.raceBanner.hidden = true;
      fill(els.conn); els.conn.hidden = true;
    },
  };
}
