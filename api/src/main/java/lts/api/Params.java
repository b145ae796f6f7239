package lts.api;

import lts.contracts.EventCode;

/** The path and query parameters of the API, checked before any query runs: bad input is a 400. */
final class Params {

  private Params() {
  }

  /** A valid event code (the one rule of {@link EventCode}), or 400 saying what to give. */
  static String eventCode(String text) {
    String problem = EventCode.problem(text);
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
    return text;
  }

  /** A valid non-negative integer parameter, or 400. */
  static int integer(String name, String text) {
    try {
      int v = Integer.parseInt(text);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException | NullPointerException e) {
      throw ApiException.badRequest(name + " must be a non-negative integer, not '" + text + "'");
    }
  }

  /** The {@code session} query parameter: a session number, null when absent (the default), or 400. */
  static Integer session(String text) {
    return text == null || text.isEmpty() ? null : integer("session", text);
  }

  /** A valid non-negative long parameter (epoch ms), null when absent, or 400. */
  static Long optionalLong(String name, String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      long v = Long.parseLong(text);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a non-negative integer, not '" + text + "'");
    }
  }
}
