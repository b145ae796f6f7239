package lts.contracts;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The code of one feed (one track's websocket, one recording): the key of every Kafka record, the
 * directory of its recordings, the {@code {code}} of the API's paths. One rule, checked where a
 * code enters the system (command-line options, ingest, API paths, the parser's input): 1 to 64 of
 * {@code a-z 0-9 _ -}, starting with a letter or a digit.
 *
 * @param value the code, valid
 */
public record EventCode(String value) {

  /** The longest code. */
  public static final int MAX_LENGTH = 64;

  /** The rule in words, for error messages. */
  public static final String RULE =
      "1 to 64 of a-z, 0-9, '_' and '-', starting with a letter or a digit (e.g. santos-12h)";

  private static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  /** @throws IllegalArgumentException when {@code value} breaks the rule (see {@link #problem}) */
  public EventCode {
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** True when {@code text} is a valid code. */
  public static boolean isValid(String text) {
    return text != null && PATTERN.matcher(text).matches();
  }

  /**
   * What is wrong with {@code text} as an event code, in words a user can act on, or null when it
   * is valid.
   */
  public static String problem(String text) {
    if (isValid(text)) {
      return null;
    }
    String shown = text == null ? "nothing" : "'" + shorten(text) + "'";
    String hint = text != null && !text.isBlank() && isValid(derive(text).value)
        ? " (try '" + derive(text).value + "')" : "";
    return "event code " + shown + " is not valid: use " + RULE + hint;
  }

  /** The code, when {@code text} is valid. */
  public static Optional<EventCode> parse(String text) {
    return isValid(text) ? Optional.of(new EventCode(text)) : Optional.empty();
  }

  /**
   * A valid code made from any name (a file name, a host and port, a track's path): lower case,
   * every other character replaced by {@code -}, leading {@code -} and {@code _} dropped, cut to
   * {@value #MAX_LENGTH} characters; {@code unknown} when nothing is left.
   * {@code www.apex-timing.com:8092} gives {@code www-apex-timing-com-8092}.
   */
  public static EventCode derive(String name) {
    String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
    StringBuilder code = new StringBuilder(Math.min(lower.length(), MAX_LENGTH));
    for (int i = 0; i < lower.length() && code.length() < MAX_LENGTH; i++) {
      char c = lower.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (code.length() == 0 && (!allowed || c == '_' || c == '-')) {
        continue;
      }
      code.append(allowed ? c : '-');
    }
    return new EventCode(code.length() == 0 ? "unknown" : code.toString());
  }

  private static String shorten(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  @Override
  public String toString() {
    return value;
  }
}
