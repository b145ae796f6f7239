package lts.core.protocol;

import lts.core.event.Gap;

/**
 * Reads gap and interval texts in any language: a time ({@code 1.234}, {@code 1:02.345}),
 * {@code <n> <word>} laps behind ({@code 1 Tour}, {@code 2 Vueltas}, {@code 3 Laps}),
 * {@code <word> <n>} the leader's lap count ({@code Tour 37}, {@code Vuelta 295}), or empty.
 */
public final class GapText {

  private GapText() {
  }

  /** Parses a displayed gap or interval text. */
  public static Gap parse(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      return new Gap(Gap.Kind.NONE, null, null, text);
    }
    char first = t.charAt(0);
    if (first == '+') {
      t = t.substring(1).trim();
      if (t.isEmpty()) {
        return new Gap(Gap.Kind.OTHER, null, null, text);
      }
      first = t.charAt(0);
    }
    int space = t.indexOf(' ');
    if (space < 0) {
      long ms = TimeText.parseMs(t);
      return ms < 0 ? new Gap(Gap.Kind.OTHER, null, null, text) : new Gap(Gap.Kind.TIME, ms, null, text);
    }
    int lastSpace = t.lastIndexOf(' ');
    if (Character.isDigit(first)) {
      int n = TimeText.parseCount(t, 0, space);
      if (n >= 0 && isWord(t, lastSpace + 1, t.length())) {
        return new Gap(Gap.Kind.LAPS, null, n, text);
      }
    } else {
      int n = TimeText.parseCount(t, lastSpace + 1, t.length());
      if (n >= 0 && isWord(t, 0, space)) {
        return new Gap(Gap.Kind.LEADER, null, n, text);
      }
    }
    return new Gap(Gap.Kind.OTHER, null, null, text);
  }

  private static boolean isWord(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!Character.isLetter(s.charAt(i)) && s.charAt(i) != '.') {
        return false;
      }
    }
    return true;
  }
}
