// The race's own clock of the event on screen, as the API gives it ({race_at, wall_at, rate}:
// race_at was the race instant at server instant wall_at, and it runs rate race ms per ms: 1
// live, 20 for a replay at 20x, 0 once the flag fell). Every running clock (pit clock, countdown,
// waiting time in the pit lane) counts on it, so that it follows a replay as it follows the track.

import { serverNow } from './api.js';

let clock = null;

/** The clock of the event on screen (null: the server's own clock, a live feed). */
export function setRaceClock(c) {
  clock = c && typeof c.race_at === 'number' && typeof c.wall_at === 'number'
    && typeof c.rate === 'number' ? c : null;
}

/** Now, on the race's clock (epoch ms). */
export function raceNow(now = serverNow()) {
  if (!clock) return now;
  return clock.race_at + clock.rate * (now - clock.wall_at);
}

/**
 * How long ago, on the server's clock, the race was at {@code raceInstant}: at 20x, 20 s of the
 * race are 1 s (a feed is lost after minutes of the wall clock, not of a replay's race).
 */
export function wallSince(raceInstant, now = serverNow()) {
  if (!clock) return now - raceInstant;
  if (clock.rate > 0) return (raceNow(now) - raceInstant) / clock.rate;
  return now - clock.wall_at; // stood still: since the API last heard the feed
}
