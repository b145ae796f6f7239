package lts.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The parser's own timers in the latency run: their totals at the warm-up, and their report. */
final class ParserTimers {

  private static final List<String> NAMES = List.of("lts.parser.record.age",
      "lts.parser.transaction", "lts.parser.transaction.offsets", "lts.parser.transaction.commit");

  /** A timer's count and total time at one moment. */
  record Total(double count, double totalMs) {
  }

  private final SimpleMeterRegistry registry;

  ParserTimers(SimpleMeterRegistry registry) {
    this.registry = registry;
  }

  /** Count and total time (ms) of each parser timer now. */
  Map<String, Total> totals() {
    Map<String, Total> totals = new HashMap<>();
    for (String name : NAMES) {
      Timer timer = registry.find(name).timer();
      if (timer != null) {
        totals.put(name, new Total(timer.count(), timer.totalTime(TimeUnit.MILLISECONDS)));
      }
    }
    return totals;
  }

  /**
   * The parser's own timers: percentiles over the whole run (warm-up included), and the mean
   * after warm-up (from the count and total at the end of the warm-up).
   */
  void print(Map<String, Total> atWarmup) {
    for (String name : NAMES) {
      Timer timer = registry.find(name).timer();
      if (timer == null) {
        continue;
      }
      Total before = atWarmup == null ? null : atWarmup.get(name);
      if (before != null && timer.count() > before.count()) {
        System.out.printf(Locale.ROOT, "PARSER %s after warm-up: %d, mean %.1f ms%n", name,
            (long) (timer.count() - before.count()),
            (timer.totalTime(TimeUnit.MILLISECONDS) - before.totalMs())
                / (timer.count() - before.count()));
      }
      HistogramSnapshot snapshot = timer.takeSnapshot();
      StringBuilder line = new StringBuilder();
      for (ValueAtPercentile v : snapshot.percentileValues()) {
        line.append(String.format(Locale.ROOT, ", p%s %.1f", trim(v.percentile() * 100),
            v.value(TimeUnit.MILLISECONDS)));
      }
      System.out.printf(Locale.ROOT, "PARSER %s (%d, whole run), ms: mean %.1f%s, max %.1f%n", name,
          snapshot.count(), snapshot.mean(TimeUnit.MILLISECONDS), line,
          snapshot.max(TimeUnit.MILLISECONDS));
    }
  }

  static String trim(double percentile) {
    return percentile == Math.rint(percentile) ? String.valueOf((long) percentile)
        : String.valueOf(percentile);
  }
}
