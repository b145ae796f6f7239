// #/ : the events the database knows. Opens the single live event by itself on first load.

import { api, Backoff, noteRetryAt, onRetryNow } from './api.js';
import { h, fill } from './dom.js';
import { href, navigate } from './router.js';
import { lightBadge, waitingForRace, errorState, loading } from './ui.js';
import { timeOfDay } from './format.js';
import { tickAll } from './ticker.js';
import { WAITING_POLL_MS } from './config.js';

const STATUS = {
  live: { text: 'Live', cls: 'ok' },
  finished: { text: 'Finished', cls: 'finished' },
  idle: { text: 'Idle', cls: 'bad' },
};

function eventCard(e) {
  const status = STATUS[e.status] || { text: e.status || 'Unknown', cls: 'warn' };
  const countdown = (e.status === 'live' && typeof e.remaining_ms === 'number')
    ? h('span', { class: 'num', dataset: { tick: 'countdown', remaining: e.remaining_ms, at: e.remaining_at ?? '', ...(e.light === 'yellow' ? { frozen: '' } : {}) } })
    : null;
  return h('li', null, h('a', { class: 'event-card', href: href(e.event_code) },
    h('span', { class: 'event-card-top' },
      h('span', { class: ['conn', `conn-${status.cls}`] }, h('span', { class: 'conn-dot', attrs: { 'aria-hidden': 'true' } }), status.text),
      lightBadge(e.light),
      countdown ? h('span', { class: 'event-left' }, countdown, ' left') : null),
    h('span', { class: 'event-title' }, [e.title1, e.title2].filter(Boolean).join(' \u00B7 ') || e.event_code),
    h('span', { class: 'event-meta' },
      [e.track, e.kind, e.teams != null ? `${e.teams} teams` : null, e.last_at ? `last frame ${timeOfDay(e.last_at)}` : null]
        .filter(Boolean).join(' \u00B7 '))));
}

/** autoOpen: open the event by itself when exactly one is live (first load only). */
export function mountEvents(root, { autoOpen }) {
  let timer = null;
  let stopped = false;
  let opened = false;
  const backoff = new Backoff();
  document.title = 'Races \u00B7 LTS';
  fill(root, h('div', { class: 'page' }, h('h1', { class: 'page-title' }, 'Races'), loading()));

  async function load() {
    clearTimeout(timer);
    let next = 15_000;
    try {
      const events = await api.events();
      backoff.reset();
      if (stopped) return;
      const list = Array.isArray(events) ? events : [];
      const live = list.filter((e) => e.status === 'live');
      if (autoOpen && !opened && live.length === 1) {
        opened = true;
        navigate(href(live[0].event_code), { replace: true });
        return;
      }
      if (list.length === 0) {
        next = WAITING_POLL_MS;
        fill(root, h('div', { class: 'page' }, h('h1', { class: 'page-title' }, 'Races'), waitingForRace()));
      } else {
        if (live.length === 0) next = WAITING_POLL_MS;
        fill(root, h('div', { class: 'page' },
          h('h1', { class: 'page-title' }, 'Races'),
          h('ul', { class: 'event-list' }, list.map(eventCard))));
        tickAll(root);
      }
    } catch (err) {
      if (stopped) return;
      next = err.unreachable ? backoff.next() : WAITING_POLL_MS;
      if (err.unreachable) noteRetryAt(Date.now() + next);
      fill(root, h('div', { class: 'page' }, h('h1', { class: 'page-title' }, 'Races'), errorState(err, { onRetry: load })));
    }
    if (!stopped) timer = setTimeout(load, next);
  }

  const offRetry = onRetryNow(() => { backoff.reset(); load(); });
  load();
  return () => { stopped = true; clearTimeout(timer); offRetry(); };
}
