package lts.listener.rest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** The small JSON bodies of the HTTP surfaces, written by hand. */
final class Json {

  private Json() {
  }

  /** {@code "text"} with JSON escapes. */
  static String quote(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text == null ? "" : text))
        + "\"";
  }

  /** {@code {"error":code,"message":message}}. */
  static String error(String code, String message) {
    return "{\"error\":" + quote(code) + ",\"message\":" + quote(message) + "}";
  }
}
