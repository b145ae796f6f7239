package lts.rawstorage.runner;

import java.util.Locale;

/**
 * Turns an envelope's event code into the name of its directory under the output path: lower
 * case, every character outside {@code [a-z0-9_-]} replaced by {@code -} (so no {@code /}, no
 * {@code ..}, no {@code \}), a leading {@code _} replaced by {@code -} (names starting with
 * {@code _}, such as {@code _invalid}, belong to the runner). The envelope itself keeps its event
 * code unchanged.
 */
final class EventDirectories {

  /** Longest event code accepted (longer ones go to {@code _invalid}). */
  static final int MAX_LENGTH = 100;

  private EventDirectories() {
  }

  /**
   * The directory name for {@code eventCode}, or null when it cannot have one (blank, or longer than
   * {@link #MAX_LENGTH} characters).
   */
  static String of(String eventCode) {
    if (eventCode == null || eventCode.isBlank() || eventCode.length() > MAX_LENGTH) {
      return null;
    }
    String lower = eventCode.toLowerCase(Locale.ROOT);
    StringBuilder name = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      name.append(allowed ? c : '-');
    }
    if (name.charAt(0) == '_') {
      name.setCharAt(0, '-');
    }
    return name.toString();
  }
}
