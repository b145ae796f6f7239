package lts.core.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code <tbody>} HTML that Apex sends in a {@code grid||} line. Tolerant: it never
 * throws; a cut or garbled grid gives what could be read and {@code complete = false}.
 */
public final class GridHtml {

  private GridHtml() {
  }

  /** Parses the HTML of a grid line (the value after {@code grid||}). */
  public static Grid parse(String html) {
    Map<Integer, ColumnType> columns = new LinkedHashMap<>();
    List<Grid.Row> rows = new ArrayList<>();
    boolean complete = html.contains("</tbody>");
    int pos = 0;
    while (true) {
      int tr = html.indexOf("<tr", pos);
      if (tr < 0) {
        break;
      }
      int tagEnd = html.indexOf('>', tr);
      if (tagEnd < 0) {
        complete = false;
        break;
      }
      int close = html.indexOf("</tr>", tagEnd);
      int next = html.indexOf("<tr", tagEnd);
      if (close < 0 || (next >= 0 && next < close)) {
        // a row without its end: cut HTML
        complete = false;
        if (close < 0) {
          break;
        }
        pos = next;
        continue;
      }
      String rowId = attribute(html, tr, tagEnd, "data-id");
      String rowClass = attribute(html, tr, tagEnd, "class");
      if ("r0".equals(rowId) || "head".equals(rowClass)) {
        readHeader(html, tagEnd, close, columns);
      } else if (rowId != null && rowId.length() > 1 && rowId.charAt(0) == 'r') {
        int id = TimeText.parseCount(rowId, 1, rowId.length());
        if (id >= 0) {
          String dataPos = attribute(html, tr, tagEnd, "data-pos");
          int position = dataPos == null ? -1 : TimeText.parseCount(dataPos, 0, dataPos.length());
          rows.add(new Grid.Row(id, position, readCells(html, tagEnd, close, rowId)));
        } else {
          complete = false;
        }
      }
      pos = close + 5;
    }
    return new Grid(Collections.unmodifiableMap(columns), List.copyOf(rows), complete);
  }

  private static void readHeader(String html, int from, int to, Map<Integer, ColumnType> columns) {
    int pos = from;
    while (true) {
      int td = html.indexOf("<td", pos);
      if (td < 0 || td >= to) {
        return;
      }
      int tagEnd = html.indexOf('>', td);
      if (tagEnd < 0 || tagEnd > to) {
        return;
      }
      String id = attribute(html, td, tagEnd, "data-id");
      String type = attribute(html, td, tagEnd, "data-type");
      if (id != null && id.length() > 1 && id.charAt(0) == 'c') {
        int column = TimeText.parseCount(id, 1, id.length());
        if (column >= 0) {
          columns.put(column, ColumnType.of(type == null ? "" : type));
        }
      }
      pos = tagEnd;
    }
  }

  private static Map<Integer, Grid.Cell> readCells(String html, int from, int to, String rowId) {
    Map<Integer, Grid.Cell> cells = new LinkedHashMap<>();
    String marker = "data-id=\"" + rowId + "c";
    int pos = from;
    while (true) {
      int at = html.indexOf(marker, pos);
      if (at < 0 || at >= to) {
        return cells;
      }
      int numberStart = at + marker.length();
      int quote = html.indexOf('"', numberStart);
      int tagStart = html.lastIndexOf('<', at);
      int tagEnd = html.indexOf('>', at);
      if (quote < 0 || tagStart < 0 || tagEnd < 0 || tagEnd > to) {
        return cells;
      }
      int column = TimeText.parseCount(html, numberStart, quote);
      int textEnd = html.indexOf('<', tagEnd);
      if (textEnd < 0 || textEnd > to) {
        textEnd = to;
      }
      if (column >= 0) {
        String cssClass = attribute(html, tagStart, tagEnd, "class");
        cells.put(column, new Grid.Cell(cssClass == null ? "" : cssClass,
            HtmlText.decode(html.substring(tagEnd + 1, textEnd))));
      }
      pos = tagEnd;
    }
  }

  /** The value of {@code name="…"} inside the tag {@code html[tagStart, tagEnd)}, or null. */
  static String attribute(String html, int tagStart, int tagEnd, String name) {
    int pos = tagStart;
    while (true) {
      int at = html.indexOf(name, pos);
      if (at < 0 || at >= tagEnd) {
        return null;
      }
      char before = html.charAt(at - 1);
      int eq = at + name.length();
      if ((before == ' ' || before == '\t' || before == '\n') && eq + 1 < tagEnd
          && html.charAt(eq) == '=' && html.charAt(eq + 1) == '"') {
        int end = html.indexOf('"', eq + 2);
        if (end < 0 || end > tagEnd) {
          return null;
        }
        return html.substring(eq + 2, end);
      }
      pos = at + name.length();
    }
  }
}
