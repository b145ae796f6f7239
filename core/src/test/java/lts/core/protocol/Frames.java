package lts.core.protocol;

import java.util.ArrayList;
import java.util.List;

/** Builds small Apex frames for tests: a grid header and rows in the feed's HTML. */
final class Frames {

  private final List<String[]> columns = new ArrayList<>();
  private final StringBuilder rows = new StringBuilder();

  /** Adds a column: its number is its index + 1, as in real grids. */
  Frames column(String dataType) {
    columns.add(new String[] {dataType});
    return this;
  }

  /** Santos-like endurance columns: grp sta rk no dr tlp llp gap int blp otr (penalty) pit. */
  static Frames endurance() {
    return new Frames().column("grp").column("sta").column("rk").column("no").column("dr")
        .column("tlp").column("llp").column("gap").column("int").column("blp").column("otr")
        .column("").column("pit");
  }

  /** Capkarting-like race without a laps column: sta rk no dr llp blp gap int otr pit. */
  static Frames withoutLaps() {
    return new Frames().column("sta").column("rk").column("no").column("dr").column("llp")
        .column("blp").column("gap").column("int").column("otr").column("pit");
  }

  int col(String dataType) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i)[0].equals(dataType)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException(dataType);
  }

  /** Adds a row; values are "dataType=class:text" pairs, e.g. {@code "dr=dr:KTA"}. */
  Frames row(int id, int pos, String... values) {
    rows.append("<tr data-id=\"r").append(id).append("\" data-pos=\"").append(pos).append("\">");
    for (int i = 0; i < columns.size(); i++) {
      String type = columns.get(i)[0];
      String cls = "";
      String text = "";
      for (String v : values) {
        int eq = v.indexOf('=');
        if (v.substring(0, eq).equals(type)) {
          String rest = v.substring(eq + 1);
          int colon = rest.indexOf(':');
          cls = rest.substring(0, colon);
          text = rest.substring(colon + 1);
        }
      }
      String cell = "r" + id + "c" + (i + 1);
      if (type.equals("no")) {
        rows.append("<td class=\"no\"><div data-id=\"").append(cell).append("\" class=\"")
            .append(cls).append("\">").append(text).append("</div></td>");
      } else {
        rows.append("<td data-id=\"").append(cell).append("\" class=\"").append(cls).append("\">")
            .append(text).append("</td>");
      }
    }
    rows.append("</tr>");
    return this;
  }

  String grid() {
    StringBuilder b = new StringBuilder("grid||<tbody><tr data-id=\"r0\" class=\"head\" data-pos=\"0\">");
    for (int i = 0; i < columns.size(); i++) {
      b.append("<td data-id=\"c").append(i + 1).append("\" data-type=\"").append(columns.get(i)[0])
          .append("\">H").append(i + 1).append("</td>");
    }
    return b.append("</tr>").append(rows).append("</tbody>").toString();
  }

  /** A whole init frame. */
  String init(char kind, String title1, String title2, String... extraLines) {
    StringBuilder b = new StringBuilder();
    b.append("init|").append(kind).append("|\nbest|hide|\ncss|no1|color:#fff\n");
    b.append("title1||").append(title1).append('\n');
    b.append("title2||").append(title2).append('\n');
    for (String l : extraLines) {
      b.append(l).append('\n');
    }
    b.append("track||ADULTO (1100m)\ncom||\n").append(grid()).append("\nmsg||\n");
    return b.toString();
  }
}
