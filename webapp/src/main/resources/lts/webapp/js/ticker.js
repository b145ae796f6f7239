// One timer for every live clock on the page, on the race's own clock (raceclock.js). Elements
// opt in with data attributes, so views re-render freely and the clocks keep running:
//   data-tick="countdown" data-remaining="ms" data-at="epoch" [data-frozen]  → h:mm:ss left
//   data-tick="since" data-t0="epoch" [data-target="ms"]                   → m:ss elapsed
//   data-tick="ago" data-t0="epoch"                                         → "3 min 12 s" (wall)
//   data-tick="until" data-t1="local epoch"                                 → "8 s" (retry timers)

import { raceNow, wallSince } from './raceclock.js';
import { duration, clock, ago } from './format.js';

export function remainingAt(remainingMs, remainingAt, frozen, now = raceNow()) {
  if (typeof remainingMs !== 'number') return null;
  if (frozen || typeof remainingAt !== 'number') return Math.max(0, remainingMs);
  return Math.max(0, remainingMs - (now - remainingAt));
}

export function tickElement(el, now = raceNow()) {
  const kind = el.dataset.tick;
  if (kind === 'countdown') {
    const left = remainingAt(Number(el.dataset.remaining), Number(el.dataset.at), 'frozen' in el.dataset, now);
    el.textContent = duration(left);
  } else if (kind === 'since') {
    const elapsed = now - Number(el.dataset.t0);
    el.textContent = clock(elapsed);
    if (el.dataset.target) el.classList.toggle('reached', elapsed >= Number(el.dataset.target));
  } else if (kind === 'ago') {
    el.textContent = ago(wallSince(Number(el.dataset.t0)));
  } else if (kind === 'until') {
    el.textContent = `${Math.max(0, Math.ceil((Number(el.dataset.t1) - Date.now()) / 1000))}\u00A0s`;
  }
}

export function tickAll(root = document) {
  const now = raceNow();
  for (const el of root.querySelectorAll('[data-tick]')) tickElement(el, now);
}

export function startTicker() {
  const run = () => { if (document.visibilityState !== 'hidden') tickAll(); };
  const id = setInterval(run, 250);
  document.addEventListener('visibilitychange', run);
  return () => { clearInterval(id); document.removeEventListener('visibilitychange', run); };
}
