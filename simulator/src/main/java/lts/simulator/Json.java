package lts.simulator;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * A tiny JSON writer for {@link Truth#toJson()} (the simulator depends on no JSON library):
 * objects and arrays written in call order, two spaces of indentation; containers marked inline
 * (scalar arrays, small records) on one line. Not a general-purpose library. {@link #quote} is the
 * simulator's one JSON string escape.
 */
final class Json {

  private final StringBuilder out = new StringBuilder(1 << 16);
  /** Per open container: has it got an element yet. */
  private final boolean[] hasElement = new boolean[64];
  /** Per open container: are its elements written on one line. */
  private final boolean[] inline = new boolean[64];
  private int depth;
  private boolean afterName;

  Json beginObject() {
    return beginObject(false);
  }

  /** An object; {@code inlineObject} puts its (scalar) fields on one line. */
  Json beginObject(boolean inlineObject) {
    element();
    out.append('{');
    push(inlineObject);
    return this;
  }

  Json endObject() {
    pop('}');
    return this;
  }

  /** An array; {@code inlineArray} puts its (scalar) elements on one line. */
  Json beginArray(boolean inlineArray) {
    element();
    out.append('[');
    push(inlineArray);
    return this;
  }

  Json endArray() {
    pop(']');
    return this;
  }

  Json name(String name) {
    element();
    quote(out, name);
    out.append(": ");
    afterName = true;
    return this;
  }

  Json value(String s) {
    element();
    if (s == null) {
      out.append("null");
    } else {
      quote(out, s);
    }
    return this;
  }

  Json value(long v) {
    element();
    out.append(v);
    return this;
  }

  Json value(double v) {
    element();
    out.append(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
    return this;
  }

  Json value(boolean v) {
    element();
    out.append(v);
    return this;
  }

  Json nullValue() {
    element();
    out.append("null");
    return this;
  }

  Json field(String name, String v) {
    return name(name).value(v);
  }

  Json field(String name, long v) {
    return name(name).value(v);
  }

  Json field(String name, double v) {
    return name(name).value(v);
  }

  Json field(String name, boolean v) {
    return name(name).value(v);
  }

  /** A field whose value may be unknown (null). */
  Json field(String name, Long v) {
    return v == null ? name(name).nullValue() : name(name).value(v.longValue());
  }

  @Override
  public String toString() {
    return out.toString() + "\n";
  }

  private void push(boolean inlineArray) {
    depth++;
    hasElement[depth] = false;
    inline[depth] = inlineArray;
  }

  private void pop(char close) {
    boolean had = hasElement[depth];
    boolean wasInline = inline[depth];
    depth--;
    if (had && !wasInline) {
      newline();
    }
    out.append(close);
  }

  /** Separator and indentation before a value or a name. */
  private void element() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth == 0) {
      return;
    }
    if (hasElement[depth]) {
      out.append(',');
      if (inline[depth]) {
        out.append(' ');
      }
    }
    hasElement[depth] = true;
    if (!inline[depth]) {
      newline();
    }
  }

  private void newline() {
    out.append('\n');
    for (int i = 0; i < depth; i++) {
      out.append("  ");
    }
  }

  /**
   * Appends {@code s} as a JSON string: quotes, backslashes and control characters escaped, and
   * U+2028/U+2029 too (a JavaScript reader would take them for line ends).
   */
  static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
