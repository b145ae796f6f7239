package lts.listener.ws;

import java.time.Duration;
import java.util.Locale;

/**
 * A duration as the logs and the close reasons show it: {@code 250 ms}, {@code 1.5 s},
 * {@code 2 min 5 s}.
 */
final class ReadableDuration {

  private ReadableDuration() {
  }

  static String of(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 120_000) {
      return (ms % 1000 == 0 ? String.valueOf(ms / 1000)
          : String.format(Locale.ROOT, "%.1f", ms / 1000.0)) + " s";
    }
    return (ms / 60_000) + " min " + (ms / 1000 % 60) + " s";
  }
}
