package lts.strategy;

import lts.core.strategy.KartModel;

/**
 * The rules of a race, per event code (table {@code race_settings}): inserted with the defaults
 * the first time the feed is seen, editable later (the API). Read at every transaction that
 * touches the feed.
 *
 * @param minPitStops mandatory stops (owed stops in the standings after all stops)
 * @param pitTimeMs the race's pit time: the pit loss used until one is measured
 * @param pitRows rows of spare karts in the pit lane
 * @param spareKarts karts waiting in the pit lane at the start (unknown)
 * @param maxStintMs longest stint allowed, null if no rule
 * @param minDriverMs shortest total driving time per driver, null if no rule
 * @param maxDriverMs longest total driving time per driver, null if no rule
 * @param avgLaps N: a stint's average is over its last N clean laps
 * @param labelBandMs half-width of the neutral band of kart effects (kart model)
 * @param minCleanLaps fewer clean laps than this: the kart is unknown
 */
public record RaceSettings(int minPitStops, long pitTimeMs, int pitRows, int spareKarts,
    Long maxStintMs, Long minDriverMs, Long maxDriverMs, int avgLaps, long labelBandMs,
    int minCleanLaps) {

  public static final int DEFAULT_MIN_PIT_STOPS = 6;
  public static final long DEFAULT_PIT_TIME_MS = 180_000;
  public static final int DEFAULT_PIT_ROWS = 1;
  public static final int DEFAULT_SPARE_KARTS = 1;
  public static final int DEFAULT_AVG_LAPS = 5;

  public RaceSettings {
    if (pitRows < 1 || spareKarts < 0 || avgLaps < 1 || labelBandMs < 0 || minCleanLaps < 1
        || minPitStops < 0 || pitTimeMs < 0) {
      throw new IllegalArgumentException("invalid race settings: pit_rows >= 1, spare_karts >= 0, "
          + "avg_laps >= 1, label_band_ms >= 0, min_clean_laps >= 1, min_pit_stops >= 0, "
          + "pit_time_ms >= 0 expected");
    }
  }

  /** The defaults, with N = {@code avgLaps}. */
  public static RaceSettings defaults(int avgLaps) {
    return new RaceSettings(DEFAULT_MIN_PIT_STOPS, DEFAULT_PIT_TIME_MS, DEFAULT_PIT_ROWS,
        DEFAULT_SPARE_KARTS, null, null, null, avgLaps, KartModel.Settings.DEFAULT.bandMs(),
        KartModel.Settings.DEFAULT.minCleanLaps());
  }
}
