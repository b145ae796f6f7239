// Boot: theme, clocks, the API banner and the router that mounts the pages.

import { h, fill } from './dom.js';
import { initTheme } from './theme.js';
import { startTicker, tickAll } from './ticker.js';
import { startRouter } from './router.js';
import { apiHealth, onApiHealth, retryNow } from './api.js';
import { LiveEvent } from './live.js';
import { mountShell } from './shell.js';
import { mountEvents } from './events.js';
import { emptyState } from './ui.js';
import { mountStandings } from './standings.js';
import { mountAfterStops } from './after-stops.js';
import { mountPits } from './pits.js';
import { mountPitLane } from './pitlane.js';
import { mountCharts } from './charts.js';
import { mountSettings } from './settings.js';

const VIEWS = {
  overview: mountStandings,
  'after-stops': mountAfterStops,
  pits: mountPits,
  'pit-lane': mountPitLane,
  charts: mountCharts,
  settings: mountSettings,
};

const els = {
  head: document.getElementById('event-head'),
  tabs: document.getElementById('tabs'),
  main: document.getElementById('main'),
  conn: document.getElementById('conn'),
  apiBanner: document.getElementById('api-banner'),
  raceBanner: document.getElementById('race-banner'),
};

function mountApiBanner(el, onChange) {
  const render = (state) => {
    if (state.reachable) { fill(el); el.hidden = true; onChange(); return; }
    el.hidden = false;
    fill(el, h('div', { class: 'banner banner-bad' },
      h('strong', null, 'Cannot reach the LTS API.'), ' ',
      state.retryAt ? h('span', null, 'Retrying in ', h('span', { attrs: { 'aria-live': 'off' }, dataset: { tick: 'until', t1: state.retryAt } }), '. ') : 'Retrying. ',
      'What you see may be out of date. ',
      h('button', { class: 'btn btn-small', type: 'button', on: { click: retryNow } }, 'Retry now')));
    tickAll(el);
    onChange();
  };
  onApiHealth(render);
}

function createApp() {
  let event = null; // {code, session, live, shell}
  let unmountView = null;
  let firstRoute = true;

  function closeView() {
    if (unmountView) { try { unmountView(); } catch (e) { console.error(e); } }
    unmountView = null;
  }

  function closeEvent() {
    if (!event) return;
    event.shell.destroy();
    event.live.stop();
    event = null;
  }

  function show(route) {
    const autoOpen = firstRoute;
    firstRoute = false;
    closeView();
    window.scrollTo({ top: 0 });
    if (route.name === 'event') {
      if (!event || event.code !== route.code || event.session !== route.session) {
        // another session of the same feed: its list stays in the picker, and so does the focus
        const sessions = event?.code === route.code ? event.live.data.sessions : null;
        const refocus = document.activeElement?.id === 'session';
        closeEvent();
        const live = new LiveEvent(route.code, route.session);
        live.data.sessions = sessions;
        live.start();
        const shell = mountShell({ live, els, isApiReachable: () => apiHealth().reachable });
        event = { code: route.code, session: route.session, live, shell };
        if (refocus) document.getElementById('session')?.focus();
      }
      event.shell.setTab(route.tab);
      unmountView = VIEWS[route.tab](els.main, { live: event.live, code: route.code, route });
    } else {
      closeEvent();
      if (route.name === 'events') {
        unmountView = mountEvents(els.main, { autoOpen });
      } else {
        document.title = 'Not found \u00B7 LTS';
        fill(els.main, h('div', { class: 'page' }, emptyState({
          kind: 'error', title: 'No such page', body: `Nothing lives at #${route.path}.`,
          actions: [h('a', { class: 'btn', href: '#/' }, 'All races')],
        })));
      }
    }
  }

  return { show, refreshConnection: () => event?.shell.refreshConnection() };
}

const app = createApp();
initTheme(document.getElementById('theme-toggle'));
startTicker();
mountApiBanner(els.apiBanner, () => app.refreshConnection());
document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  els.main.focus();
});
startRouter((route) => app.show(route));
