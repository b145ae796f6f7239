package lts.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes the frames the Apex server would send: cell updates of the grid, the race-control log,
 * the light and countdown lines, the crossing hints, and the {@code init|r|} snapshot of the
 * whole page. It remembers every cell, as the page does, for the next snapshot. A frame is opened
 * with {@link #begin()}, filled with lines and sent with {@link #send(long)}.
 *
 * @param <X> what the sink throws
 */
final class ApexFeed<X extends Exception> {

  static final int TRACK_M = 1100;
  static final String TITLE2 = "CARRERA";
  static final String TRACK = "ADULTO (1100m)";
  static final int COM_LOG_SIZE = 6;

  private final FeedConnection<X> connection;
  private final RaceTimeline timeline;
  private final String title1;
  private final FeedStyle style;
  private final List<RacingTeam> gridOrder;
  /** By team index: the cells as the page shows them. */
  private final GridRow[] rows;
  /** The race-control log, newest first. */
  private final List<String> com = new ArrayList<>();
  private final StringBuilder sb = new StringBuilder(4096);

  /** {@code gridOrder}: the rows in the order of the page, before the first frame. */
  ApexFeed(FeedConnection<X> connection, RaceTimeline timeline, String title1, FeedStyle style,
      List<RacingTeam> gridOrder) {
    this.connection = connection;
    this.timeline = timeline;
    this.title1 = title1;
    this.style = style;
    this.gridOrder = List.copyOf(gridOrder);
    this.rows = new GridRow[gridOrder.size()];
    for (RacingTeam t : gridOrder) {
      rows[t.idx] = GridRow.before(t);
    }
  }

  /** {@code 3H RESISTENCIA SIMULADA}, {@code 90 MIN RESISTENCIA SIMULADA}. */
  static String raceTitle(double hours) {
    long minutes = Math.round(hours * 60);
    String length = minutes % 60 == 0 ? (minutes / 60) + "H" : minutes + " MIN";
    return length + " RESISTENCIA SIMULADA";
  }

  String title1() {
    return title1;
  }

  /** Opens a new frame (what was not sent is forgotten). */
  void begin() {
    sb.setLength(0);
  }

  /** Sends the open frame, its last newline dropped; an empty frame is not sent. */
  void send(long at) throws X {
    int len = sb.length();
    if (len > 0 && sb.charAt(len - 1) == '\n') {
      sb.setLength(--len);
    }
    if (len == 0) {
      return;
    }
    connection.send(at, sb.toString());
  }

  /** {@code rXcN|cls|text}, remembered for the next snapshot (a column the page lacks: only that). */
  void cell(RacingTeam t, Column col, String cls, String text) {
    rows[t.idx].set(col, cls, text);
    if (!shows(col)) {
      return;
    }
    sb.append('r').append(t.rowId).append('c').append(col.number()).append('|').append(cls)
        .append('|').append(text).append('\n');
  }

  /** Whether the page has this column. */
  private boolean shows(Column col) {
    return col != Column.LAPS || style.lapsColumn();
  }

  void cellIfChanged(RacingTeam t, Column col, String cls, String text) {
    GridRow row = rows[t.idx];
    if (!text.equals(row.text(col)) || !cls.equals(row.cls(col))) {
      cell(t, col, cls, text);
    }
  }

  /** {@code rXc3||N}: the rank cell, class kept. */
  void rank(RacingTeam t) {
    String p = Integer.toString(t.position);
    sb.append('r').append(t.rowId).append('c').append(Column.RANK.number()).append("||").append(p)
        .append('\n');
    rows[t.idx].set(Column.RANK, rows[t.idx].cls(Column.RANK), p);
  }

  /** {@code rX|#|N}: the row moves to position N. */
  void position(RacingTeam t) {
    sb.append('r').append(t.rowId).append("|#|").append(t.position).append('\n');
  }

  /** Status, rank and position lines of the rows (other than {@code except}) that moved. */
  void movedRows(RacingTeam except, Standings standings) {
    for (RacingTeam y : standings.gridOrder()) {
      if (y != except && standings.moved(y)) {
        if (!y.inPit() && !y.finished) {
          cell(y, Column.STATUS, standings.gained(y) ? "su" : "sd", "");
        }
        rank(y);
      }
    }
    for (RacingTeam y : standings.byPosition()) {
      if (y != except && standings.moved(y)) {
        position(y);
      }
    }
  }

  /** {@code rX|*|hint|}: the crossing hint (the lap time, or the typical lap after a pit lap). */
  void crossingHint(RacingTeam t, String hint) {
    sb.append('r').append(t.rowId).append("|*|").append(hint).append("|\n");
  }

  /** {@code rX|*in|0}, {@code rX|*out|0}: the team enters or leaves the pit lane. */
  void pitSignal(RacingTeam t, String inOrOut) {
    sb.append('r').append(t.rowId).append("|*").append(inOrOut).append("|0\n");
  }

  void light(String light) {
    sb.append("light|").append(light).append("|\n");
  }

  void countdown(long ms) {
    sb.append("dyn1|countdown|").append(ms).append('\n');
  }

  /** {@code dyn1|text|}: the countdown is gone (the flag is out). */
  void countdownGone() {
    sb.append("dyn1|text|\n");
  }

  /** {@code msg|param|text}: the banner. */
  void message(String param, String text) {
    sb.append("msg|").append(param).append('|').append(text).append('\n');
  }

  /** Adds an entry at the top of the race-control log (the oldest falls off). */
  void logCom(long at, String flag, String number, String text) {
    StringBuilder p = new StringBuilder(160);
    p.append("<p><b>").append(ApexText.clock(at)).append("</b><span data-flag=\"").append(flag)
        .append("\"></span>");
    if (number != null) {
      p.append("<span class=\"com_no notc65535\">").append(number).append("</span>");
    }
    p.append(text).append("</p>");
    com.add(0, p.toString());
    if (com.size() > COM_LOG_SIZE) {
      com.remove(com.size() - 1);
    }
  }

  /** {@code com||...}: the whole race-control log. */
  void comLine() {
    sb.append("com||");
    for (String p : com) {
      sb.append(p);
    }
    sb.append('\n');
  }

  /** The team comes in: status, pit clock at zero, stops made, and the pit-in signal. */
  void pitIn(RacingTeam x, long at) throws X {
    begin();
    cell(x, Column.STATUS, "si", "");
    cell(x, Column.ON_TRACK, "to", ApexText.pitClock(0));
    cell(x, Column.PITS, "in", Integer.toString(x.pits));
    pitSignal(x, "in");
    send(at);
  }

  /** Second {@code k} of the stop; Apex sometimes repeats the pit-in signal. */
  void pitClock(RacingTeam x, long at, int k, boolean repeatPitIn) throws X {
    begin();
    cell(x, Column.ON_TRACK, "to", ApexText.pitClock(k));
    if (repeatPitIn) {
      pitSignal(x, "in");
    }
    send(at);
  }

  /** The team leaves with its next driver. */
  void pitOut(RacingTeam x, long at) throws X {
    begin();
    cell(x, Column.STATUS, "so", "");
    cell(x, Column.DRIVER, "drteam", driverText(x, at));
    pitSignal(x, "out");
    send(at);
  }

  /** Minute {@code minutes} of the stint on track. */
  void trackClock(RacingTeam x, long at, long minutes) throws X {
    begin();
    cell(x, Column.ON_TRACK, "in", ApexText.hoursMinutes(minutes));
    send(at);
  }

  /** The name column shows the drivers on track and their time. */
  void driverNames(long at) throws X {
    begin();
    for (RacingTeam t : gridOrder) {
      cell(t, Column.DRIVER, "drteam", driverText(t, at));
    }
    send(at);
  }

  /** The name column shows the teams' names. */
  void teamNames(long at) throws X {
    begin();
    for (RacingTeam t : gridOrder) {
      cell(t, Column.DRIVER, "dr", t.name);
    }
    send(at);
  }

  /** {@code t} lost {@code down} laps: the penalty and laps cells, and who moved. */
  void lapsTaken(RacingTeam t, long at, int down, Standings standings) throws X {
    begin();
    cell(t, Column.PENALTY, "pena1", down + " Vta.");
    cell(t, Column.LAPS, "in", Integer.toString(t.laps));
    movedRows(null, standings);
    send(at);
  }

  String text(RacingTeam t, Column col) {
    return rows[t.idx].text(col);
  }

  String cls(RacingTeam t, Column col) {
    return rows[t.idx].cls(col);
  }

  /** {@code NAME [h:mm]}: the driver on track (or who just came in) and his driving time. */
  String driverText(RacingTeam t, long at) {
    long ms = t.drivingMs(t.driver);
    if (!t.inPit() && !t.finished && at > t.stintStart && at >= timeline.greenAt()) {
      ms += at - t.stintStart;
    }
    return t.driverOnTrack().name() + " [" + ApexText.hoursMinutes(ms / 60_000) + "]";
  }

  /**
   * The gap cell of {@code x} (not the leader) after its crossing at {@code at}, in the page's
   * style: laps down as {@code k Vueltas}, or a time to the leader, or to the head of its lap group.
   */
  String gapText(RacingTeam x, Standings standings, long at) {
    RacingTeam leader = standings.leader();
    return switch (style.lappedGap()) {
      case LAPS -> behind(x, leader, at);
      case TIME -> ApexText.time(Math.max(0, at - leader.crossedLapAt(x.laps, at)));
      case GROUP -> {
        RacingTeam head = standings.groupHead(x);
        yield behind(x, head == x ? leader : head, at);
      }
    };
  }

  /** Gap text of {@code x} to {@code ahead} (which has at least as many laps) at {@code at}. */
  static String behind(RacingTeam x, RacingTeam ahead, long at) {
    int down = ahead.laps - x.laps;
    if (down > 0) {
      return ApexText.lapsBehind(down);
    }
    long ref = ahead.crossedLapAt(x.laps, at);
    return ApexText.time(Math.max(0, at - ref));
  }

  /** The {@code init|r|} frame: session lines and the whole grid as it is now. */
  void snapshot(long at, String light, boolean flagOut) throws X {
    begin();
    sb.append("init|r|\n").append(ApexText.CSS_LINES).append('\n');
    sb.append("title1||").append(title1).append('\n');
    sb.append("title2||").append(TITLE2).append('\n');
    if (flagOut) {
      sb.append("dyn1|text|\n");
    } else {
      countdown(at < timeline.greenAt() ? timeline.durationMs() : timeline.remaining(at));
    }
    light(light);
    sb.append("wth1||\nwth2||\nwth3||\n");
    sb.append("track||").append(TRACK).append('\n');
    comLine();
    sb.append("grid||<tbody>").append(ApexText.gridHeader(style.lapsColumn()));
    for (RacingTeam t : gridOrder) {
      gridRowHtml(t);
    }
    sb.append("</tbody>\n");
    sb.append("msg||");
    send(at);
  }

  private void gridRowHtml(RacingTeam t) {
    GridRow row = rows[t.idx];
    String id = "r" + t.rowId;
    sb.append("<tr data-id=\"").append(id).append("\" data-pos=\"").append(t.position)
        .append("\">");
    for (Column col : Column.values()) {
      if (!shows(col)) {
        continue;
      }
      int c = col.number();
      String cls = row.cls(col);
      String text = row.text(col);
      if (col == Column.ON_TRACK && !t.inPit() && "to".equals(cls)) {
        cls = "in"; // out of the pit lane, before the first crossing
        text = "0:00";
      }
      if (col == Column.RANK) {
        sb.append("<td class=\"rk\"><div><p data-id=\"").append(id).append('c').append(c)
            .append("\" class=\"").append(cls).append("\">");
        ApexText.html(sb, text);
        sb.append("</p></div></td>");
      } else if (col == Column.NUMBER) {
        sb.append("<td class=\"no\"><div data-id=\"").append(id).append('c').append(c)
            .append("\" class=\"").append(cls).append("\">");
        ApexText.html(sb, text);
        sb.append("</div></td>");
      } else {
        sb.append("<td data-id=\"").append(id).append('c').append(c).append("\" class=\"")
            .append(cls).append("\">");
        ApexText.html(sb, text);
        sb.append("</td>");
      }
    }
    sb.append("</tr>");
  }

  /** One row of the page: class and text of each cell. */
  private static final class GridRow {
    private final String[] cls = new String[Column.values().length];
    private final String[] text = new String[Column.values().length];

    /** The row before the first frame. */
    static GridRow before(RacingTeam t) {
      GridRow row = new GridRow();
      row.set(Column.GROUP, "in", "");
      row.set(Column.STATUS, "in", "");
      row.set(Column.RANK, "", "");
      row.set(Column.NUMBER, "notc65535", t.number);
      row.set(Column.DRIVER, "drteam", t.drivers.get(0).name() + " [0:00]");
      row.set(Column.LAPS, "in", "");
      row.set(Column.LAST_LAP, "", "");
      row.set(Column.GAP, "ib", "");
      row.set(Column.INTERVAL, "in", "");
      row.set(Column.BEST_LAP, "in", "");
      row.set(Column.ON_TRACK, "in", "0:00");
      row.set(Column.PENALTY, "", "");
      row.set(Column.PITS, "in", "0");
      return row;
    }

    void set(Column col, String c, String t) {
      cls[col.ordinal()] = c;
      text[col.ordinal()] = t;
    }

    String cls(Column col) {
      return cls[col.ordinal()];
    }

    String text(Column col) {
      return text[col.ordinal()];
    }
  }
}
