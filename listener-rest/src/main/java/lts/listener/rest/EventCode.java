package lts.listener.rest;

import java.util.regex.Pattern;

/** The event code of a feed as the listeners accept it: {@code [a-z0-9_-]{1,64}}. */
public final class EventCode {

  /** What a valid event code looks like. */
  public static final Pattern PATTERN = Pattern.compile("[a-z0-9_-]{1,64}");

  private EventCode() {
  }

  /** True when {@code code} is a valid event code. */
  public static boolean isValid(String code) {
    return code != null && PATTERN.matcher(code).matches();
  }
}
