package lts.simulator;

import java.util.Locale;

/** How Apex writes times, gaps, clocks and grid HTML (Santos' Spanish labels). */
final class ApexText {

  /** Header row of the grid: the Santos 12 h layout, columns 1 to 13. */
  static final String GRID_HEADER = "<tr data-id=\"r0\" class=\"head\" data-pos=\"0\">"
      + "<td data-id=\"c1\" data-type=\"grp\" data-pr=\"6\"></td>"
      + "<td data-id=\"c2\" data-type=\"sta\" data-pr=\"1\"></td>"
      + "<td data-id=\"c3\" data-type=\"rk\" data-pr=\"1\">Clasif.</td>"
      + "<td data-id=\"c4\" data-type=\"no\" data-pr=\"1\">Kart</td>"
      + "<td data-id=\"c5\" data-type=\"dr\" data-pr=\"1\" data-width=\"26\" data-min=\"16\">Equipo</td>"
      + "<td data-id=\"c6\" data-type=\"tlp\" data-pr=\"5\" data-width=\"7\" data-min=\"4\">Vueltas</td>"
      + "<td data-id=\"c7\" data-type=\"llp\" data-pr=\"2\" data-width=\"12\" data-min=\"7\">\u00daltima vuelta</td>"
      + "<td data-id=\"c8\" data-type=\"gap\" data-pr=\"1\" data-width=\"12\" data-min=\"8\">Gap</td>"
      + "<td data-id=\"c9\" data-type=\"int\" data-pr=\"5\" data-width=\"8\" data-min=\"7\">Interv.</td>"
      + "<td data-id=\"c10\" data-type=\"blp\" data-pr=\"6\" data-width=\"12\" data-min=\"7\">Mejor vuelta</td>"
      + "<td data-id=\"c11\" data-type=\"otr\" data-pr=\"2\" data-width=\"12\" data-min=\"10\">TRACK/PIT</td>"
      + "<td data-id=\"c12\" data-type=\"\" data-pr=\"6\" data-width=\"3\" data-min=\"3\">Penalizaci\u00f3n</td>"
      + "<td data-id=\"c13\" data-type=\"pit\" data-pr=\"2\" data-width=\"6\" data-min=\"3\">Pits</td>"
      + "</tr>";

  /** {@link #GRID_HEADER}, without its laps column ({@code c6}) when the page has none. */
  static String gridHeader(boolean lapsColumn) {
    return lapsColumn ? GRID_HEADER
        : GRID_HEADER.replaceFirst("<td data-id=\"c6\" data-type=\"tlp\"[^<]*</td>", "");
  }

  /** The colour lines of an init frame (decoration; Santos' palette). */
  static final String CSS_LINES = String.join("\n",
      "best|hide|",
      "css|no10|border-bottom-color:#FF8080 !important; color:#000000 !important;",
      "css|no19|border-bottom-color:#0000FF !important; color:#FFFFFF !important;",
      "css|no18|border-bottom-color:#CA2DD7 !important; color:#FFFFFF !important;",
      "css|no15|border-bottom-color:#BDFB04 !important; color:#000000 !important;",
      "css|no16|border-bottom-color:#808000 !important; color:#FFFFFF !important;",
      "css|no17|border-bottom-color:#FFFF00 !important; color:#000000 !important;",
      "css|no20|border-bottom-color:#FF8000 !important; color:#FFFFFF !important;",
      "css|no5|border-bottom-color:#80FF00 !important; color:#000000 !important;",
      "css|no6|border-bottom-color:#8080FF !important; color:#FFFFFF !important;",
      "css|no7|border-bottom-color:#FFFFFF !important; color:#000000 !important;",
      "css|no9|border-bottom-color:#FF8000 !important; color:#FFFFFF !important;",
      "css|no8|border-bottom-color:#000000 !important; color:#FFFFFF !important;",
      "css|no1|border-bottom-color:#00FFFF !important; color:#000000 !important;",
      "css|no13|border-bottom-color:#FF8040 !important; color:#000000 !important;",
      "css|no12|border-bottom-color:#C0C0C0 !important; color:#000000 !important;",
      "css|no11|border-bottom-color:#400040 !important; color:#FFFFFF !important;",
      "css|notc65535|border-bottom-color:#FFFF00 !important; color:#000000 !important;",
      "css|pena1|color:#f00; font-size:11px; font-weight: bold; text-align:center;",
      "effects||Mostrar Efectos",
      "comments||Comentarios");

  private ApexText() {
  }

  /** A lap or gap time: {@code 1:05.773}, {@code 59.812}, {@code 0.275}, {@code 1:02:03.412}. */
  static void time(StringBuilder sb, long ms) {
    long h = ms / 3_600_000;
    long m = ms / 60_000 % 60;
    long s = ms / 1000 % 60;
    long f = ms % 1000;
    if (h > 0) {
      sb.append(h).append(':');
      two(sb, m).append(':');
      two(sb, s);
    } else if (m > 0) {
      sb.append(m).append(':');
      two(sb, s);
    } else {
      sb.append(s);
    }
    sb.append('.');
    if (f < 100) {
      sb.append('0');
    }
    if (f < 10) {
      sb.append('0');
    }
    sb.append(f);
  }

  static String time(long ms) {
    StringBuilder sb = new StringBuilder(12);
    time(sb, ms);
    return sb.toString();
  }

  /** The live pit clock: {@code 00.}, {@code 47.}, {@code 1:03.}. */
  static String pitClock(long seconds) {
    StringBuilder sb = new StringBuilder(8);
    if (seconds >= 60) {
      sb.append(seconds / 60).append(':');
    }
    two(sb, seconds % 60).append('.');
    return sb.toString();
  }

  /** Hours and minutes: {@code 0:41}, {@code 1:40}. */
  static String hoursMinutes(long minutes) {
    StringBuilder sb = new StringBuilder(6);
    sb.append(minutes / 60).append(':');
    two(sb, minutes % 60);
    return sb.toString();
  }

  /** Laps behind: {@code 1 Vuelta}, {@code 3 Vueltas}. */
  static String lapsBehind(int laps) {
    return laps == 1 ? "1 Vuelta" : laps + " Vueltas";
  }

  /** Race-control log clock {@code HH:MM} (UTC of the frame time). */
  static String clock(long epochMs) {
    long minutes = Math.floorMod(epochMs / 60_000, 1440);
    StringBuilder sb = new StringBuilder(5);
    two(sb, minutes / 60).append(':');
    two(sb, minutes % 60);
    return sb.toString();
  }

  /** Speed of a lap on a track of {@code metres}, km/h with two decimals. */
  static String speed(long lapMs, int metres) {
    return String.format(Locale.ROOT, "%.2f", metres * 3600.0 / lapMs);
  }

  /** Text escaped for the grid HTML. */
  static void html(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&':
          sb.append("&amp;");
          break;
        case '<':
          sb.append("&lt;");
          break;
        case '>':
          sb.append("&gt;");
          break;
        case '"':
          sb.append("&quot;");
          break;
        default:
          sb.append(c);
      }
    }
  }

  private static StringBuilder two(StringBuilder sb, long v) {
    if (v < 10) {
      sb.append('0');
    }
    return sb.append(v);
  }
}
