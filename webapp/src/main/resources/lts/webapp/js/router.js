// Hash routes: #/ (events), #/event/{code}[/{tab}[/{rowId}]][?session=N] (no session: the
// API's default one).

export const TABS = [
  { id: 'overview', path: '', title: 'Standings' },
  { id: 'after-stops', path: 'after-stops', title: 'After stops' },
  { id: 'pits', path: 'pits', title: 'Pit history' },
  { id: 'pit-lane', path: 'pit-lane', title: 'Pit lane' },
  { id: 'charts', path: 'charts', title: 'Charts' },
  { id: 'settings', path: 'settings', title: 'Settings' },
];

/** A session number from the address (`?session=N`), null when absent or not a number. */
function sessionOf(query) {
  const value = new URLSearchParams(query).get('session');
  return value !== null && /^\d+$/.test(value) ? Number(value) : null;
}

/** Parses a location hash into {name, code?, tab?, rowId?, session?}. */
export function parse(hash) {
  const [path, query = ''] = (hash || '').replace(/^#/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  if (parts.length === 0) return { name: 'events' };
  if (parts[0] === 'event' && parts[1]) {
    const tabPath = parts[2] || '';
    const tab = TABS.find((t) => t.path === tabPath);
    if (!tab) return { name: 'not-found', path };
    if (tab.id !== 'pits' && parts.length > 3) return { name: 'not-found', path };
    return {
      name: 'event', code: parts[1], tab: tab.id, rowId: tab.id === 'pits' ? (parts[3] ?? null) : null,
      session: sessionOf(query),
    };
  }
  return { name: 'not-found', path };
}

/** Builds the hash of an event page; session null: the API's default session. */
export function href(code, tab = 'overview', rowId = null, session = null) {
  const t = TABS.find((x) => x.id === tab) || TABS[0];
  let h = `#/event/${encodeURIComponent(code)}`;
  if (t.path) h += `/${t.path}`;
  if (rowId !== null && rowId !== undefined && t.id === 'pits') h += `/${encodeURIComponent(rowId)}`;
  if (session !== null && session !== undefined) h += `?session=${encodeURIComponent(session)}`;
  return h;
}

export function navigate(hash, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, '', hash);
    // Deferred: a page may call this while it is being mounted.
    queueMicrotask(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
  } else if (location.hash === hash) {
    queueMicrotask(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
  } else {
    location.hash = hash;
  }
}

/** Calls onRoute(route) now and on every hash change; returns a stop function. */
export function startRouter(onRoute) {
  const handler = () => onRoute(parse(location.hash));
  window.addEventListener('hashchange', handler);
  handler();
  return () => window.removeEventListener('hashchange', handler);
}
