package lts.simulator;

/**
 * What Apex sends when a team crosses the line: its status, rank and laps, the lap time
 * (personal best, best of the race), gap and interval, the status of the rows it passed, the
 * crossing hint ({@code rX|*|ms|}) and the best-lap banner.
 *
 * @param <X> what the sink throws
 */
final class CrossingLines<X extends Exception> {

  /** Apex sometimes sends the laps cell alone, the rest of the crossing in the next frame. */
  static final double SPLIT_LAP_P = 0.03;

  private final ApexFeed<X> feed;
  private final Standings standings;

  CrossingLines(ApexFeed<X> feed, Standings standings) {
    this.feed = feed;
    this.standings = standings;
  }

  /**
   * A crossing, the standings already sorted, the team's best and last lap and the race's best
   * not yet updated.
   *
   * @param lapMs the lap just completed
   * @param oldPosition the team's position before the crossing
   * @param pitLap the lap ended in the pit lane (it is no lap time to compare)
   * @param finishing the team takes the chequered flag
   * @param personalBest the team's best lap
   * @param overallBest the race's best lap
   * @param pitLapHintMs the hint sent after a pit lap: the team's typical lap
   */
  record Crossing(RacingTeam team, long at, long lapMs, int oldPosition, boolean pitLap,
      boolean finishing, boolean personalBest, boolean overallBest, long pitLapHintMs) {
  }

  /**
   * Appends the crossing's lines to the open frame and sends it; one crossing in
   * {@value #SPLIT_LAP_P} sends the laps cell alone first (a draw from the team's stream).
   */
  void write(Crossing c) throws X {
    RacingTeam x = c.team();
    long at = c.at();
    long lapMs = c.lapMs();
    int oldPos = c.oldPosition();
    RacingTeam holder = standings.bestHolder();
    if (c.overallBest() && holder != null && holder != x) {
      if (holder.lastMs == holder.bestMs) {
        feed.cell(holder, Column.LAST_LAP, "ti", feed.text(holder, Column.LAST_LAP));
      }
      feed.cell(holder, Column.BEST_LAP, "in", feed.text(holder, Column.BEST_LAP));
    }
    if (x.position == 1) {
      for (RacingTeam o : standings.gridOrder()) {
        String st = feed.cls(o, Column.STATUS);
        if (o != x && (st.equals("sr") || st.equals("su") || st.equals("sd") || st.equals("so"))) {
          feed.cell(o, Column.STATUS, "in", "");
        }
      }
    }
    feed.cell(x, Column.STATUS, c.finishing() ? "sf" : x.position < oldPos ? "su"
        : x.position > oldPos ? "sd" : "sr", "");
    if (x.position != oldPos) {
      feed.rank(x);
    }
    feed.cell(x, Column.LAPS, "in", Integer.toString(x.laps));
    if (!c.finishing() && x.rng.nextDouble() < SPLIT_LAP_P) {
      feed.send(at);
      feed.begin();
    }
    feed.cell(x, Column.LAST_LAP, c.overallBest() ? "tb" : c.personalBest() ? "ti" : "tn",
        ApexText.time(lapMs));
    RacingTeam leader = standings.leader();
    if (x == leader) {
      feed.cellIfChanged(x, Column.GAP, "in", "Vuelta " + x.laps);
      if (oldPos != 1) {
        feed.cellIfChanged(x, Column.INTERVAL, "in", "");
      }
    } else {
      feed.cellIfChanged(x, Column.GAP, "ib", feed.gapText(x, standings, at));
      feed.cellIfChanged(x, Column.INTERVAL, "in", ApexFeed.behind(x, standings.ahead(x), at));
    }
    if (c.personalBest()) {
      feed.cell(x, Column.BEST_LAP, c.overallBest() ? "tb" : "in", ApexText.time(lapMs));
    }
    if (c.pitLap() && "to".equals(feed.cls(x, Column.ON_TRACK))) {
      feed.cell(x, Column.ON_TRACK, "in", "0:00");
    }
    feed.movedRows(x, standings);
    feed.crossingHint(x, c.finishing() ? "" : Long.toString(c.pitLap() ? c.pitLapHintMs() : lapMs));
    if (x.position != oldPos) {
      feed.position(x);
    }
    if (c.overallBest()) {
      feed.message("", "Mejor vuelta : " + x.name + " - " + ApexText.time(lapMs) + " ("
          + ApexText.speed(lapMs, ApexFeed.TRACK_M) + " Km/h)");
    }
    feed.send(at);
  }
}
