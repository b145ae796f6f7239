package lts.core.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * One non-empty line of a frame, {@code key|param|value}, as offsets into the frame's text (no
 * copy until asked). {@code bar1} and {@code bar2} are the line's first two '|', -1 when the line
 * has fewer; {@code end} excludes the line break (and a trailing '\r').
 */
record FrameLine(String frame, int start, int bar1, int bar2, int end) {

  /** The non-empty lines of a frame, in order. */
  static List<FrameLine> split(String frame) {
    List<FrameLine> lines = new ArrayList<>();
    int len = frame.length();
    int ls = 0;
    while (ls < len) {
      int le = frame.indexOf('\n', ls);
      if (le < 0) {
        le = len;
      }
      int end = le;
      if (end > ls && frame.charAt(end - 1) == '\r') {
        end--;
      }
      if (end > ls) {
        lines.add(of(frame, ls, end));
      }
      ls = le + 1;
    }
    return lines;
  }

  /** The line of {@code frame} from {@code start} to {@code end}. */
  static FrameLine of(String frame, int start, int end) {
    int p1 = frame.indexOf('|', start);
    if (p1 < 0 || p1 >= end) {
      return new FrameLine(frame, start, -1, -1, end);
    }
    int p2 = frame.indexOf('|', p1 + 1);
    return new FrameLine(frame, start, p1, p2 < 0 || p2 >= end ? -1 : p2, end);
  }

  /** A non-empty key, a param and a value: {@code key|param|value}. */
  boolean hasShape() {
    return bar1 > start && bar2 > 0;
  }

  /** What the first line of an Apex frame looks like: the shape, with a key of [A-Za-z0-9_]. */
  boolean looksLikeApex() {
    if (!hasShape()) {
      return false;
    }
    for (int i = start; i < bar1; i++) {
      char c = frame.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** A row's line: the key is {@code r<digit>...} ({@code r12|#|}, {@code r12c5||}). */
  boolean isRowLine() {
    return frame.charAt(start) == 'r' && start + 1 < bar1 && isDigit(frame.charAt(start + 1));
  }

  String key() {
    return frame.substring(start, bar1);
  }

  String param() {
    return frame.substring(bar1 + 1, bar2);
  }

  int paramLength() {
    return bar2 - bar1 - 1;
  }

  boolean paramIs(String param) {
    return paramLength() == param.length() && frame.startsWith(param, bar1 + 1);
  }

  boolean paramStartsWith(char c) {
    return paramLength() > 0 && frame.charAt(bar1 + 1) == c;
  }

  String value() {
    return frame.substring(bar2 + 1, end);
  }

  int valueStart() {
    return bar2 + 1;
  }

  boolean hasValue() {
    return end > bar2 + 1;
  }

  /** The value is exactly {@code text} (compared in place). */
  boolean valueIs(String text) {
    int n = end - bar2 - 1;
    return text.length() == n && frame.regionMatches(bar2 + 1, text, 0, n);
  }

  /** The value as a lap time or clock in ms, or -1 ({@link TimeText#parseMs}). */
  long valueMs() {
    return TimeText.parseMs(frame, bar2 + 1, end);
  }

  /** The value as a count, or -1 ({@link TimeText#parseCount}). */
  int valueCount() {
    return TimeText.parseCount(frame, bar2 + 1, end);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
