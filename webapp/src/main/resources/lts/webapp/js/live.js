// One event's live data: fetches the tables the open page needs, keeps them fresh from the
// SSE stream (one refetch of the tables the `update`s of 250 ms named), falls back to polling
// while the stream is down, and retries with backoff while the API is unreachable. One session
// of it: the one asked for (`pinned`, from the address), else the API's default one.

import { api, openStream, Backoff, noteRetryAt, onRetryNow } from './api.js';
import { setRaceClock, wallSince } from './raceclock.js';
import { UPDATE_BATCH_MS, EVENT_POLL_MS, FALLBACK_POLL_MS, FEED_LOST_MS } from './config.js';

/** Which of our resources each table named by an `update` event invalidates. */
const TABLE_RESOURCES = {
  standings: ['standings', 'afterStops'],
  laps: ['laps', 'standings', 'stints', 'afterStops'],
  stints: ['stints', 'kartLabels', 'standings', 'afterStops', 'pitLane'],
  kart_labels: ['kartLabels', 'standings', 'stints', 'pitLane'],
  pit_lane: ['pitLane'],
  settings: ['settings', 'afterStops', 'pitLane', 'event'],
  events: ['event', 'sessions'],
  sessions: ['event', 'sessions'],
};

/** Tables of an update of another session that still concern a page pinned to its own. */
const FEED_TABLES = new Set(['events', 'sessions', 'settings']);

/** Resources every event page needs (header: clock, light, status, my-team select). */
const BASE = ['event', 'standings'];

export class LiveEvent {
  /** session: the session number to show; null for the API's default one. */
  constructor(code, session = null) {
    this.code = code;
    this.pinned = session;
    this.data = { event: null, sessions: null, standings: null, afterStops: null, pitLane: null, settings: null, kartLabels: null };
    this.errors = {};
    this.stints = new Map();
    this.laps = new Map();
    this.lapsLastAt = null;
    this.lapsVersion = 0;
    this.session = null;
    this.connection = 'connecting';
    this.notFound = false;

    this.users = new Map();
    this.inflight = new Set();
    this.again = new Set();
    this.pendingTables = new Set();
    this.pendingTimer = null;
    this.listeners = new Set();
    this.backoff = new Backoff();
    this.retryTimer = null;
    this.lastEventFetch = 0;
    this.lastPoll = 0;
    this.stream = null;
    this.streamOpened = false;
    this.cleanups = [];
  }

  // --- lifecycle ------------------------------------------------------------------------------
  start() {
    for (const name of BASE) this.users.set(name, 1);
    this.refresh(BASE);
    this.stream = openStream(this.code, {
      onState: (state) => this.setConnection(state),
      onUpdate: (update) => this.onUpdate(update),
      // After a reconnection, catch up on what was missed while the stream was down.
      onOpen: () => { if (this.streamOpened) this.refresh(this.active()); this.streamOpened = true; },
    });
    const tick = setInterval(() => this.poll(), 1000);
    const onVisible = () => {
      if (document.visibilityState !== 'visible') return;
      this.refresh(this.active());
      if (!this.stream.open) this.stream.restart();
    };
    document.addEventListener('visibilitychange', onVisible);
    const offRetry = onRetryNow(() => this.retry());
    this.cleanups.push(() => clearInterval(tick), () => document.removeEventListener('visibilitychange', onVisible), offRetry);
    return this;
  }

  stop() {
    this.stream?.close();
    clearTimeout(this.pendingTimer);
    clearTimeout(this.retryTimer);
    for (const fn of this.cleanups) fn();
    this.listeners.clear();
  }

  /** fn(resourceName) after a resource changed; 'connection' for the stream state. */
  on(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(name) {
    for (const fn of [...this.listeners]) {
      try { fn(name); } catch (e) { console.error(e); }
    }
  }

  /** A page declares what it needs; returns the release function. */
  use(...names) {
    const fresh = [];
    for (const name of names) {
      const n = this.users.get(name) || 0;
      this.users.set(name, n + 1);
      // Not kept fresh while unused: refetch (what we had shows meanwhile).
      if (n === 0) fresh.push(name);
    }
    if (fresh.length) this.refresh(fresh);
    return () => {
      for (const name of names) {
        const n = (this.users.get(name) || 1) - 1;
        if (n <= 0) this.users.delete(name); else this.users.set(name, n);
      }
    };
  }

  useStints(rowId) { return this.use(`stints:${rowId}`); }

  has(name) {
    if (name === 'laps') return this.lapsLastAt !== null;
    if (name.startsWith('stints:')) return this.stints.has(name.slice(7));
    return this.data[name] != null;
  }

  active() { return [...this.users.keys()]; }

  // --- state ----------------------------------------------------------------------------------
  setConnection(state) {
    if (state === this.connection) return;
    this.connection = state;
    this.emit('connection');
  }

  /** Status of the race for the header: the freshest of standings and event. */
  raceState() {
    const s = this.data.standings; const e = this.data.event;
    const src = s || e || {};
    const lastAt = Math.max(e?.last_at || 0, s?.at || 0) || null;
    let status = src.status || e?.status || null;
    if (status === 'live' && lastAt && wallSince(lastAt) > FEED_LOST_MS) status = 'idle';
    return {
      status,
      light: src.light ?? null,
      remainingMs: src.remaining_ms ?? null,
      remainingAt: src.remaining_at ?? null,
      lastAt,
      hasTeams: Array.isArray(s?.teams) && s.teams.length > 0,
    };
  }

  /** The laps, grouped by row_id and sorted by time. */
  lapsByTeam() {
    if (this._lapsCache?.version === this.lapsVersion) return this._lapsCache.byTeam;
    const byTeam = new Map();
    for (const lap of this.laps.values()) {
      if (!byTeam.has(lap.row_id)) byTeam.set(lap.row_id, []);
      byTeam.get(lap.row_id).push(lap);
    }
    for (const list of byTeam.values()) list.sort((a, b) => (a.at - b.at) || (a.lap - b.lap));
    this._lapsCache = { version: this.lapsVersion, byTeam };
    return byTeam;
  }

  // --- updates ----------------------------------------------------------------------------------
  /** Whether a later session than the one shown has started on the feed (this one is over). */
  isPastSession() {
    const list = this.data.sessions;
    const shown = this.data.event?.session;
    if (!Array.isArray(list) || !list.length || shown == null) return false;
    const mine = list.find((s) => s.session === shown);
    return !!mine && list.some((s) => s.session !== shown && s.first_at > mine.first_at);
  }

  onUpdate(update) {
    let tables = Array.isArray(update.tables) && update.tables.length ? update.tables : ['*'];
    // pinned to a session: the changes of another one leave its tables as they are
    if (this.pinned !== null && typeof update.session === 'number' && update.session !== this.pinned) {
      tables = tables.filter((t) => FEED_TABLES.has(t));
      if (!tables.length) return;
    }
    for (const t of tables) this.pendingTables.add(t);
    // The first update of a burst starts the clock and the later ones join it: a refetch at most
    // UPDATE_BATCH_MS after any update, however steady the stream (restarting the clock on
    // every update froze the page while updates came faster than that, as in a fast replay).
    if (this.pendingTimer !== null) return;
    this.pendingTimer = setTimeout(() => {
      this.pendingTimer = null;
      const names = new Set();
      const active = this.active();
      for (const table of this.pendingTables) {
        const mapped = TABLE_RESOURCES[table];
        if (!mapped) { active.forEach((n) => names.add(n)); continue; }
        for (const m of mapped) {
          if (m === 'stints') active.filter((n) => n.startsWith('stints:')).forEach((n) => names.add(n));
          else if (this.users.has(m)) names.add(m);
        }
      }
      this.pendingTables.clear();
      this.refresh([...names]);
    }, UPDATE_BATCH_MS);
  }

  poll() {
    if (document.visibilityState === 'hidden') return;
    const now = Date.now();
    if (now - this.lastEventFetch > EVENT_POLL_MS) this.refresh(['event', 'sessions']);
    if (this.connection !== 'live' && now - this.lastPoll > FALLBACK_POLL_MS && !this.retryTimer) this.refresh(this.active());
  }

  retry() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.backoff.reset();
    this.refresh(this.active());
    if (!this.stream.open) this.stream.restart();
  }

  /** Refetches resources (each at most once at a time; a request during a fetch re-runs it). */
  refresh(names) {
    this.lastPoll = Date.now();
    for (const name of names) {
      if (!this.users.has(name)) continue;
      if (this.inflight.has(name)) { this.again.add(name); continue; }
      this.inflight.add(name);
      this.fetch(name)
        .then(() => {
          delete this.errors[name];
          this.backoff.reset();
        })
        .catch((err) => {
          if (err.name === 'AbortError') return;
          this.errors[name] = err;
          if (name === 'event' && err.status === 404) { this.notFound = true; }
          if (err.unreachable) this.scheduleRetry();
          this.emit(name);
        })
        .finally(() => {
          this.inflight.delete(name);
          if (this.again.delete(name)) this.refresh([name]);
        });
    }
  }

  scheduleRetry() {
    if (this.retryTimer) return;
    const delay = this.backoff.next();
    noteRetryAt(Date.now() + delay);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.refresh(this.active());
      if (!this.stream.open) this.stream.restart();
    }, delay);
  }

  async fetch(name) {
    const code = this.code;
    const o = { session: this.pinned };
    if (name === 'event') {
      this.lastEventFetch = Date.now();
      this.data.event = await api.event(code, o);
      if (this.data.event?.clock) setRaceClock(this.data.event.clock);
      this.notFound = false;
      if (this.data.event?.settings && !this.data.settings) this.data.settings = this.data.event.settings;
    } else if (name === 'standings') {
      const standings = await api.standings(code, o);
      this.checkSession(standings?.session);
      this.data.standings = standings;
      if (standings?.clock) setRaceClock(standings.clock);
    } else if (name === 'sessions') {
      this.data.sessions = await api.sessions(code);
    } else if (name === 'afterStops') {
      this.data.afterStops = await api.afterStops(code, o);
    } else if (name === 'pitLane') {
      this.data.pitLane = await api.pitLane(code, o);
    } else if (name === 'settings') {
      this.data.settings = await api.settings(code);
    } else if (name === 'kartLabels') {
      this.data.kartLabels = await api.kartLabels(code, o);
    } else if (name === 'laps') {
      await this.fetchLaps();
    } else if (name.startsWith('stints:')) {
      const rowId = name.slice(7);
      this.stints.set(rowId, await api.stints(code, rowId, o));
    } else {
      return;
    }
    this.emit(name);
  }

  async fetchLaps() {
    const since = this.lapsLastAt;
    const list = await api.laps(this.code, since, { session: this.pinned });
    if (!Array.isArray(list)) return;
    let max = since ?? 0;
    for (const lap of list) {
      if (lap == null || lap.row_id == null) continue;
      this.laps.set(`${lap.row_id}:${lap.lap}:${lap.at}`, lap);
      if (typeof lap.at === 'number' && lap.at > max) max = lap.at;
    }
    this.lapsLastAt = max;
    if (list.length || since === null) this.lapsVersion += 1;
  }

  /** A new session (another race on the same feed): drop what belonged to the old one. */
  checkSession(session) {
    if (session == null) return;
    if (this.session !== null && session !== this.session) {
      this.laps.clear();
      this.lapsLastAt = null;
      this.lapsVersion += 1;
      this.stints.clear();
      for (const k of ['afterStops', 'pitLane', 'kartLabels']) this.data[k] = null;
      queueMicrotask(() => this.refresh(this.active().filter((n) => n !== 'standings')));
    }
    this.session = session;
  }
}
