package lts.core.testing.page;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately plain model of the Apex Timing live page, used as an independent yardstick for the
 * protocol engine: replaying a recording into it gives, for each row, what a spectator saw last.
 *
 * <p>It knows only what the page's own script does with the feed: {@code init} forgets the table,
 * {@code grid||<tbody>…} replaces it, {@code rXcY|CLASS|TEXT} sets one cell, {@code rX|#|N} moves a
 * row. Columns are identified by their header {@code data-type} only. It shares no code with the
 * engine ({@code lts.core.protocol}, {@code lts.core.event}) on purpose; it favours obviousness
 * over speed. Not thread-safe; the snapshots it hands out are immutable.
 */
public final class ApexPage {

  /** One displayed cell: its CSS class ({@code ""} when absent) and its text ({@code ""} when empty). */
  public record Cell(String cssClass, String text) {
  }

  /**
   * Immutable snapshot of one competitor row as the page shows it.
   *
   * @param rowId the row id ({@code r24089} → 24089), stable for a session
   * @param position the row's position (grid {@code data-pos}, then {@code rX|#|N}); null if unknown
   * @param teamName the last text the {@code dr} column showed while its class was {@code dr};
   *     null if not shown since the last {@code init}
   * @param driver the last text the {@code dr} column showed while its class was {@code drteam},
   *     without the {@code " [h:mm]"} suffix; null if never shown since the last {@code init}
   * @param cellsByType the row's cells keyed by column data-type (first column wins on duplicates)
   */
  public record Row(int rowId, Integer position, String teamName, String driver,
      Map<String, Cell> cellsByType) {

    /** Copies the cell map so that the snapshot stays immutable. */
    public Row {
      cellsByType = Collections.unmodifiableMap(new LinkedHashMap<>(cellsByType));
    }

    /** Text of the column of that data-type, or null if the grid has no such column. */
    public String cell(String dataType) {
      Cell c = cellsByType.get(dataType);
      return c == null ? null : c.text();
    }

    /** CSS class of the column of that data-type, or null if the grid has no such column. */
    public String cellClass(String dataType) {
      Cell c = cellsByType.get(dataType);
      return c == null ? null : c.cssClass();
    }

    /** Kart/team number: text of the {@code no} column. */
    public String number() {
      return cell("no");
    }

    /** Laps: text of the {@code tlp} column; null when the grid has no laps column. */
    public String laps() {
      return cell("tlp");
    }

    /** Last lap: text of the {@code llp} column. */
    public String lastLap() {
      return cell("llp");
    }

    /** Best lap: text of the {@code blp} column. */
    public String bestLap() {
      return cell("blp");
    }

    /** Pit stops: text of the {@code pit} column; null when the grid has no pit column. */
    public String pits() {
      return cell("pit");
    }

    /** Gap to the leader: text of the {@code gap} column. */
    public String gap() {
      return cell("gap");
    }

    /** Interval to the car ahead: text of the {@code int} column. */
    public String interval() {
      return cell("int");
    }
  }

  private static final Pattern ROW = Pattern.compile("<tr\\b([^>]*)>(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern HEAD_CELL = Pattern.compile("<td\\b([^>]*)>");
  /** An element carrying {@code data-id="rXcY"}, and its text up to the next tag. */
  private static final Pattern CELL = Pattern.compile("<(td|div|p|span)\\b([^>]*)>([^<]*)(?=<)");
  private static final Pattern ATTRIBUTE = Pattern.compile("([\\w-]+)\\s*=\\s*\"([^\"]*)\"");
  private static final Pattern CELL_ID = Pattern.compile("r(\\d{1,9})c(\\d{1,9})");
  private static final Pattern ROW_ID = Pattern.compile("r(\\d{1,9})");
  private static final Pattern COLUMN_ID = Pattern.compile("c(\\d{1,9})");
  private static final Pattern DRIVER_TIME = Pattern.compile("\\s*\\[\\d+:\\d{2}\\]\\s*$");
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);");
  private static final Pattern TIME =
      Pattern.compile("(?:(?:(\\d{1,6}):)?(\\d{1,6}):)?(\\d{1,9})(?:\\.(\\d{0,3}))?");

  /** Mutable state of one displayed row. */
  private static final class RowState {
    Integer position;
    final Map<Integer, Cell> cells = new TreeMap<>();

    RowState(Integer position) {
      this.position = position;
    }
  }

  private String kind;
  private String title1;
  private String title2;
  private String track;
  private String light;
  private Long countdownMs;
  private Map<Integer, String> columnTypes = new TreeMap<>();
  private Map<Integer, RowState> rows = new LinkedHashMap<>();
  private final Map<Integer, String> teamNames = new TreeMap<>();
  private final Map<Integer, String> drivers = new TreeMap<>();
  private long ignoredCellLines;

  /** Applies one websocket frame: lines separated by {@code \n}, each maybe ending with {@code \r}. */
  public void accept(String frame) {
    for (String line : frame.split("\n", -1)) {
      acceptLine(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
  }

  private void acceptLine(String line) {
    if (line.isEmpty()) {
      return;
    }
    String[] parts = line.split("\\|", 3);
    String key = parts[0];
    String param = parts.length > 1 ? parts[1] : "";
    String value = parts.length > 2 ? parts[2] : "";
    Matcher cell = CELL_ID.matcher(key);
    Matcher row = ROW_ID.matcher(key);
    if (cell.matches()) {
      setCell(Integer.parseInt(cell.group(1)), Integer.parseInt(cell.group(2)), param, value);
    } else if (row.matches()) {
      if (param.equals("#")) {
        setPosition(Integer.parseInt(row.group(1)), value);
      } // rX|*…|… are animation hints: the table does not change
    } else {
      switch (key) {
        case "init" -> init(param);
        case "grid" -> grid(value);
        case "title1" -> title1 = value;
        case "title2" -> title2 = value;
        case "track" -> track = value;
        case "light" -> light = param;
        case "dyn1" -> {
          if (param.equals("countdown")) {
            countdownMs = parseLongOrNull(value);
          }
        }
        default -> { } // css, com, msg, best, effects, comments, wth1..3, junk: not the table
      }
    }
  }

  private void init(String param) {
    kind = switch (param) {
      case "r" -> "race";
      case "p" -> "practice";
      case "n" -> "none";
      default -> param;
    };
    columnTypes = new TreeMap<>();
    rows = new LinkedHashMap<>();
    teamNames.clear();
    drivers.clear();
  }

  private void grid(String html) {
    Map<Integer, String> newColumns = new TreeMap<>();
    Map<Integer, RowState> newRows = new LinkedHashMap<>();
    Matcher tr = ROW.matcher(html);
    while (tr.find()) { // only complete rows match: a truncated last row is dropped
      Map<String, String> trAttributes = attributes(tr.group(1));
      String trId = trAttributes.getOrDefault("data-id", "");
      if (trId.equals("r0") || trAttributes.getOrDefault("class", "").contains("head")) {
        readHeader(tr.group(2), newColumns);
      } else {
        Matcher id = ROW_ID.matcher(trId);
        if (id.matches()) {
          int rowId = Integer.parseInt(id.group(1));
          RowState state = new RowState(parseIntOrNull(trAttributes.get("data-pos")));
          readCells(rowId, tr.group(2), state);
          newRows.put(rowId, state);
        }
      }
    }
    columnTypes = newColumns;
    rows = newRows;
    rows.forEach((rowId, state) -> state.cells.keySet().forEach(c -> noteDriverColumn(rowId, c)));
  }

  private static void readHeader(String html, Map<Integer, String> columns) {
    Matcher td = HEAD_CELL.matcher(html);
    while (td.find()) {
      Map<String, String> a = attributes(td.group(1));
      Matcher id = COLUMN_ID.matcher(a.getOrDefault("data-id", ""));
      if (id.matches()) {
        columns.put(Integer.parseInt(id.group(1)), a.getOrDefault("data-type", ""));
      }
    }
  }

  private static void readCells(int rowId, String html, RowState state) {
    Matcher element = CELL.matcher(html);
    while (element.find()) {
      Map<String, String> a = attributes(element.group(2));
      Matcher id = CELL_ID.matcher(a.getOrDefault("data-id", ""));
      if (id.matches() && Integer.parseInt(id.group(1)) == rowId) {
        state.cells.put(Integer.parseInt(id.group(2)),
            new Cell(a.getOrDefault("class", ""), decodeEntities(element.group(3))));
      }
    }
  }

  private void setCell(int rowId, int column, String cssClass, String text) {
    RowState state = rows.get(rowId);
    Cell old = state == null ? null : state.cells.get(column);
    if (old == null) { // the page has no such element: nothing to change
      ignoredCellLines++;
      return;
    }
    state.cells.put(column, new Cell(cssClass.isEmpty() ? old.cssClass() : cssClass, text));
    noteDriverColumn(rowId, column);
  }

  private void setPosition(int rowId, String value) {
    RowState state = rows.get(rowId);
    Integer position = parseIntOrNull(value);
    if (state == null || position == null) {
      ignoredCellLines++;
      return;
    }
    state.position = position;
  }

  /** Remembers team name / driver when the row's {@code dr} column shows one. */
  private void noteDriverColumn(int rowId, int column) {
    if (!"dr".equals(columnTypes.get(column))) {
      return;
    }
    Cell c = rows.get(rowId).cells.get(column);
    if (c.cssClass().equals("dr")) {
      teamNames.put(rowId, c.text());
    } else if (c.cssClass().equals("drteam")) {
      drivers.put(rowId, DRIVER_TIME.matcher(c.text()).replaceFirst(""));
    }
  }

  /** Session kind of the last {@code init}: "race", "practice", "none" (or its raw letter); null before any. */
  public String kind() {
    return kind;
  }

  /** Text of the last {@code title1||} line (event name), or null. */
  public String title1() {
    return title1;
  }

  /** Text of the last {@code title2||} line (session name), or null. */
  public String title2() {
    return title2;
  }

  /** Text of the last {@code track||} line, or null. */
  public String track() {
    return track;
  }

  /** Code of the last {@code light|CODE|} line ({@code lg}, {@code lr}, {@code ly}, {@code lf}…), or null. */
  public String light() {
    return light;
  }

  /** Value of the last {@code dyn1|countdown|MS} line, or null (not interpolated). */
  public Long countdownMs() {
    return countdownMs;
  }

  /** Cell and position lines that named a row or cell the page does not have (they change nothing). */
  public long ignoredCellLines() {
    return ignoredCellLines;
  }

  /** Column number → data-type of the current grid ({@code ""} for the penalty column). */
  public Map<Integer, String> columnTypes() {
    return Collections.unmodifiableMap(new TreeMap<>(columnTypes));
  }

  /** Snapshot of the rows, keyed by row id, in grid order. */
  public Map<Integer, Row> rows() {
    Map<Integer, Row> out = new LinkedHashMap<>();
    rows.forEach((rowId, state) -> {
      Map<String, Cell> byType = new LinkedHashMap<>();
      columnTypes.forEach((column, type) -> {
        Cell c = state.cells.get(column);
        if (c != null) {
          byType.putIfAbsent(type, c);
        }
      });
      out.put(rowId, new Row(rowId, state.position, teamNames.get(rowId), drivers.get(rowId), byType));
    });
    return Collections.unmodifiableMap(out);
  }

  /**
   * Milliseconds of a time text as the page shows it: {@code 1:05.739}, {@code 59.812},
   * {@code 1:02:03.4}, {@code 47.} (pit clock), {@code 0:12}. Returns null for an empty or
   * unparsable text, and for a bare integer (no {@code :} and no {@code .}: a count, not a time).
   * Fields below the leading one must be under 60.
   */
  public static Long parseTimeMs(String text) {
    if (text == null) {
      return null;
    }
    String t = text.replace('\u00a0', ' ').strip();
    Matcher m = TIME.matcher(t);
    if (t.isEmpty() || !m.matches() || (m.group(2) == null && m.group(4) == null)) {
      return null;
    }
    long hours = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    long minutes = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    long seconds = Long.parseLong(m.group(3));
    if ((m.group(2) != null && seconds >= 60) || (m.group(1) != null && minutes >= 60)) {
      return null;
    }
    String fraction = m.group(4) == null ? "" : m.group(4);
    long millis = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "00").substring(0, 3));
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
  }

  /** Decodes the HTML entities the grid may hold ({@code &nbsp;} becomes U+00A0, as in the DOM). */
  static String decodeEntities(String s) {
    Matcher m = ENTITY.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String e = m.group(1);
      String decoded;
      if (e.startsWith("#")) {
        boolean hex = e.startsWith("#x") || e.startsWith("#X");
        int code = Integer.parseInt(e.substring(hex ? 2 : 1), hex ? 16 : 10);
        decoded = Character.isValidCodePoint(code) ? Character.toString(code) : m.group();
      } else {
        decoded = switch (e) {
          case "amp" -> "&";
          case "lt" -> "<";
          case "gt" -> ">";
          case "quot" -> "\"";
          case "apos" -> "'";
          case "nbsp" -> "\u00a0";
          default -> m.group(); // unknown entity: shown as is
        };
      }
      m.appendReplacement(out, Matcher.quoteReplacement(decoded));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Map<String, String> attributes(String tagBody) {
    Map<String, String> a = new LinkedHashMap<>();
    Matcher m = ATTRIBUTE.matcher(tagBody);
    while (m.find()) {
      a.putIfAbsent(m.group(1), decodeEntities(m.group(2)));
    }
    return a;
  }

  private static Integer parseIntOrNull(String s) {
    try {
      return s == null ? null : Integer.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long parseLongOrNull(String s) {
    try {
      return Long.valueOf(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
