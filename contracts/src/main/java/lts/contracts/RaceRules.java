package lts.contracts;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lts.core.strategy.KartModel;

/**
 * The rules of a race (table {@code race_settings}, route {@code /api/v1/events/{code}/settings}),
 * checked here once for every reader and writer: the strategy runner, the api and, through the
 * api's {@code GET /api/v1/race-rules}, the web app's settings form. Every value has a lower and
 * an upper bound that makes sense for a race of 1 to 26 hours; a stored row outside them is
 * refused by {@link #check}, never used.
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
public record RaceRules(int minPitStops, long pitTimeMs, int pitRows, int spareKarts,
    Long maxStintMs, Long minDriverMs, Long maxDriverMs, int avgLaps, long labelBandMs,
    int minCleanLaps) {

  private static final long MINUTE = 60_000;
  private static final long HOURS_26 = 26 * 60 * MINUTE;

  /** One rule: its JSON name (the API's and the web app's), its bounds and unit. */
  public enum Field {
    MIN_PIT_STOPS("min_pit_stops", 0, 200, false, "stops", true),
    PIT_TIME_MS("pit_time_ms", 0, 60 * MINUTE, false, "ms", true),
    PIT_ROWS("pit_rows", 1, 20, false, "rows", true),
    SPARE_KARTS("spare_karts", 0, 100, false, "karts", true),
    MAX_STINT_MS("max_stint_ms", MINUTE, HOURS_26, true, "ms", true),
    MIN_DRIVER_MS("min_driver_time_ms", 0, HOURS_26, true, "ms", true),
    MAX_DRIVER_MS("max_driver_time_ms", MINUTE, HOURS_26, true, "ms", true),
    AVG_LAPS("avg_laps", 1, 100, false, "laps", true),
    LABEL_BAND_MS("label_band_ms", 0, 10_000, false, "ms", false),
    MIN_CLEAN_LAPS("min_clean_laps", 1, 100, false, "laps", false);

    private final String jsonName;
    private final long min;
    private final long max;
    private final boolean nullable;
    private final String unit;
    private final boolean editable;

    Field(String jsonName, long min, long max, boolean nullable, String unit, boolean editable) {
      this.jsonName = jsonName;
      this.min = min;
      this.max = max;
      this.nullable = nullable;
      this.unit = unit;
      this.editable = editable;
    }

    /** The name in JSON ({@code pit_rows}). */
    public String jsonName() {
      return jsonName;
    }

    /** The smallest value allowed. */
    public long min() {
      return min;
    }

    /** The largest value allowed. */
    public long max() {
      return max;
    }

    /** True when the rule can be absent (null: no such rule in this race). */
    public boolean nullable() {
      return nullable;
    }

    /** {@code ms}, {@code stops}, {@code rows}, {@code karts} or {@code laps}. */
    public String unit() {
      return unit;
    }

    /** True for the rules a strategist sets (the API); the others tune the kart model. */
    public boolean editable() {
      return editable;
    }

    /** The field of a JSON name. */
    public static Optional<Field> byJsonName(String name) {
      for (Field f : values()) {
        if (f.jsonName.equals(name)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }

    /** What is wrong with {@code value} for this field, or null when it is allowed. */
    public String problem(Long value) {
      if (value == null) {
        return nullable ? null : jsonName + " is required (it cannot be null)";
      }
      if (value < min || value > max) {
        return jsonName + " must be between " + min + " and " + max + " " + unit + ", not " + value;
      }
      return null;
    }
  }

  /** Rules, or why a set of values cannot be rules (one message per wrong field). */
  public record Checked(RaceRules rules, List<String> problems) {

    public Checked {
      problems = List.copyOf(problems);
    }

    /** True when the values make valid rules. */
    public boolean valid() {
      return rules != null;
    }
  }

  public static final int DEFAULT_MIN_PIT_STOPS = 6;
  public static final long DEFAULT_PIT_TIME_MS = 180_000;
  public static final int DEFAULT_PIT_ROWS = 1;
  public static final int DEFAULT_SPARE_KARTS = 1;
  public static final int DEFAULT_AVG_LAPS = 5;

  /** @throws IllegalArgumentException naming every field out of its bounds */
  public RaceRules {
    List<String> problems = problems(toMap(minPitStops, pitTimeMs, pitRows, spareKarts,
        maxStintMs, minDriverMs, maxDriverMs, avgLaps, labelBandMs, minCleanLaps));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid race rules: " + String.join("; ", problems));
    }
  }

  /** The defaults, with N = {@code avgLaps}. */
  public static RaceRules defaults(int avgLaps) {
    return new RaceRules(DEFAULT_MIN_PIT_STOPS, DEFAULT_PIT_TIME_MS, DEFAULT_PIT_ROWS,
        DEFAULT_SPARE_KARTS, null, null, null, avgLaps, KartModel.Settings.DEFAULT.bandMs(),
        KartModel.Settings.DEFAULT.minCleanLaps());
  }

  /** Checks a full set of values (every field present, null where the rule is absent). */
  public static Checked check(Map<Field, Long> values) {
    List<String> problems = problems(values);
    if (!problems.isEmpty()) {
      return new Checked(null, problems);
    }
    return new Checked(new RaceRules(
        Math.toIntExact(values.get(Field.MIN_PIT_STOPS)), values.get(Field.PIT_TIME_MS),
        Math.toIntExact(values.get(Field.PIT_ROWS)), Math.toIntExact(values.get(Field.SPARE_KARTS)),
        values.get(Field.MAX_STINT_MS), values.get(Field.MIN_DRIVER_MS),
        values.get(Field.MAX_DRIVER_MS), Math.toIntExact(values.get(Field.AVG_LAPS)),
        values.get(Field.LABEL_BAND_MS), Math.toIntExact(values.get(Field.MIN_CLEAN_LAPS))),
        List.of());
  }

  /** These rules with some values changed (null: the rule removed); checked like {@link #check}. */
  public Checked with(Map<Field, Long> changes) {
    Map<Field, Long> values = values();
    values.putAll(changes);
    return check(values);
  }

  /** Every field and its value (null where the rule is absent), in field order. */
  public Map<Field, Long> values() {
    return toMap(minPitStops, pitTimeMs, pitRows, spareKarts, maxStintMs, minDriverMs,
        maxDriverMs, avgLaps, labelBandMs, minCleanLaps);
  }

  /** The value of one field (null where the rule is absent). */
  public Long get(Field field) {
    return values().get(field);
  }

  private static Map<Field, Long> toMap(long minPitStops, long pitTimeMs, long pitRows,
      long spareKarts, Long maxStintMs, Long minDriverMs, Long maxDriverMs, long avgLaps,
      long labelBandMs, long minCleanLaps) {
    Map<Field, Long> m = new EnumMap<>(Field.class);
    m.put(Field.MIN_PIT_STOPS, minPitStops);
    m.put(Field.PIT_TIME_MS, pitTimeMs);
    m.put(Field.PIT_ROWS, pitRows);
    m.put(Field.SPARE_KARTS, spareKarts);
    m.put(Field.MAX_STINT_MS, maxStintMs);
    m.put(Field.MIN_DRIVER_MS, minDriverMs);
    m.put(Field.MAX_DRIVER_MS, maxDriverMs);
    m.put(Field.AVG_LAPS, avgLaps);
    m.put(Field.LABEL_BAND_MS, labelBandMs);
    m.put(Field.MIN_CLEAN_LAPS, minCleanLaps);
    return m;
  }

  private static List<String> problems(Map<Field, Long> values) {
    List<String> problems = new ArrayList<>();
    for (Field f : Field.values()) {
      if (!values.containsKey(f)) {
        problems.add(f.jsonName + " is missing");
        continue;
      }
      String p = f.problem(values.get(f));
      if (p != null) {
        problems.add(p);
      }
    }
    Long min = values.get(Field.MIN_DRIVER_MS);
    Long max = values.get(Field.MAX_DRIVER_MS);
    if (min != null && max != null && min > max) {
      problems.add(Field.MIN_DRIVER_MS.jsonName + " (" + min + ") must not exceed "
          + Field.MAX_DRIVER_MS.jsonName + " (" + max + ")");
    }
    return problems;
  }
}
