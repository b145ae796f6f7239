package lts.api;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The race clock of each feed as a dashboard should run it: the race instant ({@code race_at},
 * epoch ms on the track's clock, what {@code lts metrics} writes), the server instant it was
 * current at ({@code wall_at}) and how fast it runs ({@code rate}, race ms per server ms): 1 for a
 * live feed, 20 for a replay at 20×, 0 when it stopped (the flag, or nothing new for
 * {@link #STOPPED_AFTER_MS}). A dashboard's running clocks (pit clock, countdown, waiting time)
 * show {@code race_at + rate × (now − wall_at)}, so that they follow a replay as they follow the
 * track.
 *
 * <p>The rate is measured on the {@code race-updates} notifications (each carries the race instant
 * of the commit): the median of the last rates over spans of at least {@link #MIN_SPAN_MS}. Without
 * notifications (an api without Kafka) the clock is the server's own: the feed is taken as live.
 * Thread-safe.
 */
final class RaceClocks {

  /** A feed with no notification for this long has stopped: its clock stands still. */
  static final long STOPPED_AFTER_MS = 120_000;
  /** Rates are measured over at least this much server time. */
  static final long MIN_SPAN_MS = 1_000;
  private static final int SAMPLES = 9;

  /** One feed's clock: {@code race_at} was the race instant at server instant {@code wall_at}. */
  record Reading(long raceAt, long wallAt, double rate) {
  }

  private static final class Feed {
    long raceAt;
    long wallAt;
    long spanRaceAt;
    long spanWallAt;
    final ArrayDeque<Double> rates = new ArrayDeque<>();

    synchronized void heard(long race, long wall) {
      if (race < raceAt) {
        return; // a replica's older notification
      }
      if (rates.isEmpty() && spanWallAt == 0) {
        spanRaceAt = race;
        spanWallAt = wall;
      } else if (wall - spanWallAt >= MIN_SPAN_MS) {
        rates.addLast(Math.max(0, (double) (race - spanRaceAt) / (wall - spanWallAt)));
        while (rates.size() > SAMPLES) {
          rates.removeFirst();
        }
        spanRaceAt = race;
        spanWallAt = wall;
      }
      raceAt = race;
      wallAt = wall;
    }

    synchronized long wallAt() {
      return wallAt;
    }

    synchronized Reading reading(long now) {
      if (rates.isEmpty() || now - wallAt > STOPPED_AFTER_MS) {
        return rates.isEmpty() ? null : new Reading(raceAt, wallAt, 0);
      }
      double[] r = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return new Reading(raceAt, wallAt, r[r.length / 2]);
    }
  }

  private final Clock clock;
  private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

  RaceClocks(Clock clock) {
    this.clock = clock;
  }

  /** A notification of {@code eventCode} with the race instant {@code raceAt} came now. */
  void heard(String eventCode, long raceAt) {
    feeds.computeIfAbsent(eventCode, k -> new Feed()).heard(raceAt, clock.millis());
  }

  /**
   * The clock of a session whose latest race instant in the database is {@code lastAt}
   * ({@code finished}: the flag fell). It stands still at {@code lastAt} once finished, for an
   * earlier session of the feed, and without notifications once nothing came for
   * {@link #STOPPED_AFTER_MS}; without notifications a running feed is taken as live (the
   * server's own clock).
   */
  Reading reading(String eventCode, long lastAt, boolean finished) {
    long now = clock.millis();
    Feed feed = feeds.get(eventCode);
    Reading heard = feed == null ? null : feed.reading(now);
    if (heard == null) {
      boolean stopped = finished || now - lastAt > STOPPED_AFTER_MS;
      return new Reading(stopped ? lastAt : now, now, stopped ? 0 : 1);
    }
    if (finished || lastAt < heard.raceAt() - STOPPED_AFTER_MS) {
      // the flag fell, or an earlier session of the feed: its clock stands at its last instant
      return new Reading(lastAt, now, 0);
    }
    return new Reading(heard.raceAt(), heard.wallAt(), heard.rate());
  }

  /**
   * True when the feed stopped: no notification for {@link #STOPPED_AFTER_MS}, or without
   * notifications, its latest race instant is that old on the server's clock.
   */
  boolean idle(String eventCode, long lastAt) {
    long now = clock.millis();
    Feed feed = feeds.get(eventCode);
    long seen = feed == null ? lastAt : feed.wallAt();
    return now - seen > STOPPED_AFTER_MS;
  }
}
