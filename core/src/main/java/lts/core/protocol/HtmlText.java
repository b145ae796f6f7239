package lts.core.protocol;

/**
 * Text of the feed's HTML bits to plain text: tags removed (for race-control HTML), entities
 * ({@code &amp;}, {@code &#39;}, {@code &#xDA;}, {@code &nbsp;}) and {@code \u00da} escapes decoded.
 */
public final class HtmlText {

  private HtmlText() {
  }

  /** Decodes entities and {@code \\uXXXX} escapes; text without {@code &} or {@code \\} is returned as is. */
  public static String decode(String s) {
    if (s.indexOf('&') < 0 && s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '&') {
        int semi = s.indexOf(';', i);
        if (semi > i && semi - i <= 10) {
          String entity = s.substring(i + 1, semi);
          int code = entity(entity);
          if (code >= 0) {
            out.appendCodePoint(code);
            i = semi + 1;
            continue;
          }
        }
      } else if (c == '\\' && i + 5 < s.length() && s.charAt(i + 1) == 'u') {
        int code = hex(s, i + 2, i + 6);
        if (code >= 0) {
          out.append((char) code);
          i += 6;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** Removes tags ({@code <br>} becomes a space), decodes, collapses white space. */
  public static String strip(String html) {
    StringBuilder out = new StringBuilder(html.length());
    boolean inTag = false;
    for (int i = 0; i < html.length(); i++) {
      char c = html.charAt(i);
      if (c == '<') {
        inTag = true;
        out.append(' ');
      } else if (c == '>' && inTag) {
        inTag = false;
      } else if (!inTag) {
        out.append(c);
      }
    }
    return decode(out.toString()).replaceAll("\\s+", " ").trim();
  }

  private static int entity(String e) {
    switch (e) {
      case "amp":
        return '&';
      case "lt":
        return '<';
      case "gt":
        return '>';
      case "quot":
        return '"';
      case "apos":
        return '\'';
      case "nbsp":
        return ' ';
      default:
        if (e.length() > 1 && e.charAt(0) == '#') {
          int code = (e.charAt(1) == 'x' || e.charAt(1) == 'X')
              ? hex(e, 2, e.length())
              : TimeText.parseCount(e, 1, e.length());
          return code >= 0 && Character.isValidCodePoint(code) ? code : -1;
        }
        return -1;
    }
  }

  private static int hex(String s, int from, int to) {
    if (to > s.length() || from >= to || to - from > 6) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      int d = Character.digit(s.charAt(i), 16);
      if (d < 0) {
        return -1;
      }
      v = v * 16 + d;
    }
    return v;
  }
}
