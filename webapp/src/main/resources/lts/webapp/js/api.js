// The REST API (docs/API.md) and its live stream, with reachability tracking and backoff.

import { API_BASE, RETRY_MIN_MS, RETRY_MAX_MS, REQUEST_TIMEOUT_MS, STREAM_SILENCE_MS } from './config.js';

export class ApiError extends Error {
  /** status 0 = the API could not be reached at all. */
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
  /** The API is down or unreachable (rather than refusing this request). */
  get unreachable() { return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504; }
}

/** Exponential backoff with jitter. */
export class Backoff {
  constructor(min = RETRY_MIN_MS, max = RETRY_MAX_MS) { this.min = min; this.max = max; this.attempt = 0; }
  next() {
    const base = Math.min(this.max, this.min * 2 ** this.attempt);
    this.attempt += 1;
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }
  reset() { this.attempt = 0; }
}

// --- server clock -------------------------------------------------------------------------
// Countdowns and pit clocks compare server epoch ms with the local clock. A phone's clock can
// be off: correct it from the Date header when it is clearly off (the header has 1 s steps).
let clockOffsetMs = 0;

function noteServerDate(response) {
  const header = response.headers.get('Date');
  if (!header) return;
  const server = Date.parse(header);
  if (Number.isNaN(server)) return;
  const offset = server + 500 - Date.now();
  clockOffsetMs = Math.abs(offset) > 3000 ? offset : 0;
}

/** Now, in server epoch ms. */
export function serverNow() { return Date.now() + clockOffsetMs; }

// --- reachability ---------------------------------------------------------------------------
const healthListeners = new Set();
const health = { reachable: true, error: null, retryAt: null };

/** {reachable, error, retryAt}: whether the last request reached the API. */
export function apiHealth() { return { ...health }; }

export function onApiHealth(fn) {
  healthListeners.add(fn);
  return () => healthListeners.delete(fn);
}

function setHealth(patch) {
  const before = JSON.stringify(health);
  Object.assign(health, patch);
  if (JSON.stringify(health) !== before) for (const fn of healthListeners) fn(apiHealth());
}

/** Whoever retries says when, so the banner can count down. */
export function noteRetryAt(at) { if (!health.reachable) setHealth({ retryAt: at }); }

const retryListeners = new Set();
/** "Retry now" from the banner. */
export function onRetryNow(fn) { retryListeners.add(fn); return () => retryListeners.delete(fn); }
export function retryNow() { for (const fn of retryListeners) fn(); }

// --- requests -------------------------------------------------------------------------------
/**
 * One call of the API. A request without a complete answer after REQUEST_TIMEOUT_MS fails as
 * unreachable: a fetch hanging on a dead connection (a phone changing networks) must not keep
 * its resource from ever being fetched again. {signal} aborts it as an AbortError.
 */
async function request(method, path, { body, token, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  // the timeout covers the body too: its reading fails with a TimeoutError as well
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const unreachable = (e) => {
    if (e.name === 'AbortError') return e; // the caller's signal
    const err = e.name === 'TimeoutError'
      ? new ApiError(0, 'timeout', `The LTS API did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`)
      : new ApiError(0, 'unreachable', 'The LTS API cannot be reached.');
    setHealth({ reachable: false, error: err.message });
    return err;
  };
  let response;
  try {
    response = await fetch(API_BASE + path, {
      // GETs revalidate with the ETag (a 304 costs a phone a few bytes); writes never cache
      method, headers, signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      cache: method === 'GET' ? 'no-cache' : 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw unreachable(e);
  }
  noteServerDate(response);
  if (!response.ok) {
    let code = null; let message = null;
    try { const j = await response.json(); code = j.error; message = j.message; } catch { /* not JSON */ }
    const err = new ApiError(response.status, code, message || `The API answered ${response.status} ${response.statusText}`.trim());
    if (err.unreachable) setHealth({ reachable: false, error: err.message });
    else setHealth({ reachable: true, error: null, retryAt: null });
    throw err;
  }
  let text;
  try {
    text = response.status === 204 ? null : await response.text();
  } catch (e) {
    throw unreachable(e); // the connection died (or the timeout fell) while the body came
  }
  setHealth({ reachable: true, error: null, retryAt: null });
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(response.status, 'bad_json', 'The API sent something that is not JSON.');
  }
}

const enc = encodeURIComponent;
const ev = (code) => `/events/${enc(code)}`;
/** path?k=v&… with the parameters that are not null; {session} null: the API's default session. */
const query = (path, params) => {
  const q = Object.entries(params).filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${enc(v)}`).join('&');
  return q ? `${path}?${q}` : path;
};
const of = (o) => ({ session: o?.session });

export const api = {
  events: (o) => request('GET', '/events', o),
  raceRules: (o) => request('GET', '/race-rules', o),
  event: (code, o) => request('GET', query(ev(code), of(o)), o),
  sessions: (code, o) => request('GET', `${ev(code)}/sessions`, o),
  standings: (code, o) => request('GET', query(`${ev(code)}/standings`, of(o)), o),
  afterStops: (code, o) => request('GET', query(`${ev(code)}/standings/after-stops`, of(o)), o),
  stints: (code, rowId, o) => request('GET', query(`${ev(code)}/teams/${enc(rowId)}/stints`, of(o)), o),
  teamLaps: (code, rowId, sinceLap, o) =>
    request('GET', query(`${ev(code)}/teams/${enc(rowId)}/laps`, { ...of(o), since_lap: sinceLap }), o),
  laps: (code, sinceAt, o) => request('GET', query(`${ev(code)}/laps`, { ...of(o), since_at: sinceAt }), o),
  kartLabels: (code, o) => request('GET', query(`${ev(code)}/kart-labels`, of(o)), o),
  pitLane: (code, o) => request('GET', query(`${ev(code)}/pit-lane`, of(o)), o),
  settings: (code, o) => request('GET', `${ev(code)}/settings`, o),
  putSettings: (code, settings, token) => request('PUT', `${ev(code)}/settings`, { body: settings, token }),
  putLabel: (code, rowId, stint, label, token, session = null) =>
    request('PUT', query(`${ev(code)}/teams/${enc(rowId)}/stints/${enc(stint)}/label`, { session }), { body: { label }, token }),
};

// --- live stream ----------------------------------------------------------------------------
/**
 * Opens the SSE stream of an event. onState('connecting' | 'live' | 'reconnecting');
 * onUpdate({tables, at, session}); onOpen() after every (re)connection, to catch up.
 * The browser reconnects by itself after a dropped connection; when it gives up (an error
 * status or a wrong content type) this reopens it with backoff. A connection can also die
 * without a word (a phone changing networks, a proxy dropping it): when neither an update nor
 * the API's ping came for silenceMs, the stream is reopened.
 */
export function openStream(code, { onUpdate, onState, onOpen, silenceMs = STREAM_SILENCE_MS }) {
  const url = `${API_BASE}${ev(code)}/stream`;
  const backoff = new Backoff();
  let source = null;
  let timer = null;
  let closed = false;
  let heardAt = Date.now();
  const heard = () => { heardAt = Date.now(); };

  function connect() {
    timer = null;
    if (closed) return;
    heard();
    onState(source ? 'reconnecting' : 'connecting');
    source = new EventSource(url);
    source.addEventListener('open', () => { heard(); backoff.reset(); onState('live'); onOpen?.(); });
    source.addEventListener('ping', heard);
    source.addEventListener('update', (e) => {
      heard();
      let data;
      try { data = JSON.parse(e.data); } catch { return; }
      onUpdate(data && typeof data === 'object' ? data : {});
    });
    source.addEventListener('error', () => {
      if (closed) return;
      onState('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        timer = setTimeout(connect, backoff.next());
      }
    });
  }

  function restart() {
    if (closed) return;
    clearTimeout(timer);
    source?.close();
    backoff.reset();
    connect();
  }

  const watchdog = setInterval(() => {
    if (source?.readyState === EventSource.OPEN && Date.now() - heardAt > silenceMs) restart();
  }, Math.min(5000, Math.max(100, silenceMs / 3)));

  connect();
  return {
    close() { closed = true; clearTimeout(timer); clearInterval(watchdog); source?.close(); },
    /** Drop the connection and open a fresh one now (after the tab wakes up, say). */
    restart,
    get open() { return source?.readyState === EventSource.OPEN; },
  };
}
