package lts.core.protocol;

/**
 * Apex time texts to integer milliseconds: {@code 1:05.739}, {@code 59.812}, {@code 1:02:03.4},
 * pit clocks ending in a dot ({@code 47.}, {@code 1:03.}) and on-track clocks ({@code 0:12}).
 * Unknown (empty, unparsable) is {@link #UNKNOWN}, never zero. Works on a region of a
 * {@link CharSequence} so the engine does not cut substrings on its hot path.
 */
public final class TimeText {

  /** The value returned for an empty or unparsable text. */
  public static final long UNKNOWN = -1;

  private TimeText() {
  }

  /** Parses the whole text. */
  public static long parseMs(CharSequence s) {
    return s == null ? UNKNOWN : parseMs(s, 0, s.length());
  }

  /** Parses {@code s[from, to)}; surrounding spaces are allowed. */
  public static long parseMs(CharSequence s, int from, int to) {
    while (from < to && s.charAt(from) == ' ') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == ' ') {
      to--;
    }
    if (from >= to) {
      return UNKNOWN;
    }
    long total = 0;
    long part = 0;
    int digits = 0;
    int colons = 0;
    int i = from;
    for (; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits >= 9) {
          return UNKNOWN;
        }
        part = part * 10 + (c - '0');
        digits++;
      } else if (c == ':') {
        if (digits == 0 || colons == 2) {
          return UNKNOWN;
        }
        total = (total + part) * 60;
        part = 0;
        digits = 0;
        colons++;
      } else if (c == '.') {
        break;
      } else {
        return UNKNOWN;
      }
    }
    if (digits == 0) {
      return UNKNOWN;
    }
    if (colons > 0 && part >= 60) {
      return UNKNOWN;
    }
    long ms = (total + part) * 1000;
    if (i < to) {
      // fraction after '.', up to milliseconds; further digits are ignored
      i++;
      int scale = 100;
      for (; i < to; i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return UNKNOWN;
        }
        ms += (c - '0') * scale;
        scale /= 10;
      }
    }
    return ms;
  }

  /** Parses a non-negative integer in {@code s[from, to)}; -1 when empty or not a number. */
  public static int parseCount(CharSequence s, int from, int to) {
    while (from < to && s.charAt(from) == ' ') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == ' ') {
      to--;
    }
    if (from >= to || to - from > 9) {
      return -1;
    }
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
