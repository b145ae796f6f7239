package lts.core.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Who is really ahead once everyone has made their mandatory stops. For each team:
 * {@code owed = max(0, minPitStops − pits)}, where {@code pits} already counts the stop in progress
 * (Apex increments the pit column at pit-in, and so does the engine's own count); the gap to the leader in
 * time (a gap in laps counts laps × the field's median lap) plus {@code owed × pitLoss}, minus the
 * same for the leader, orders the estimated standings.
 */
public final class StandingsAfterStops {

  /**
   * A team as the live standings show it.
   *
   * @param position raw position (1 = leader)
   * @param laps laps completed, null if unknown
   * @param gapMs time gap to the leader when the feed shows a time, else null
   * @param pits stops made, the one in progress included (the pit column), null if unknown (0)
   */
  public record Team(int rowId, int position, Integer laps, Long gapMs, Integer pits, boolean inPit) {
  }

  /**
   * A team after all stops.
   *
   * @param owed mandatory stops still to make (the one in progress counted as made)
   * @param rawGapMs gap to the raw leader, in time
   * @param estimatedGapMs gap to the estimated leader once every team has made its stops
   * @param estimatedPosition position after all stops
   * @param change raw position − estimated position (positive: better than it looks)
   */
  public record Estimate(int rowId, int rawPosition, int owed, long rawGapMs, long estimatedGapMs,
      int estimatedPosition, int change) {
  }

  private StandingsAfterStops() {
  }

  /**
   * @param teams every team (any order)
   * @param minPitStops the race's mandatory stops
   * @param pitLossMs time lost by one stop (measured, or the race's pit time)
   * @param medianLapMs the field's median lap, to turn laps into time
   */
  public static List<Estimate> estimate(List<Team> teams, int minPitStops, long pitLossMs,
      long medianLapMs) {
    List<Team> byPosition = new ArrayList<>(teams);
    byPosition.sort(Comparator.comparingInt(Team::position));
    if (byPosition.isEmpty()) {
      return List.of();
    }
    Team leader = byPosition.get(0);
    int leaderLaps = leader.laps() == null ? 0 : leader.laps();
    List<long[]> rows = new ArrayList<>(); // rowIndex, rawGap, estimatedGap, owed
    for (int i = 0; i < byPosition.size(); i++) {
      Team t = byPosition.get(i);
      long rawGap;
      if (i == 0) {
        rawGap = 0;
      } else if (t.gapMs() != null && (t.laps() == null || leaderLaps - t.laps() <= 1)) {
        rawGap = t.gapMs();
      } else if (t.laps() != null) {
        rawGap = Math.max(0, leaderLaps - t.laps()) * medianLapMs;
      } else {
        rawGap = t.gapMs() == null ? 0 : t.gapMs();
      }
      int owed = owed(t, minPitStops);
      rows.add(new long[] {i, rawGap, rawGap + (long) owed * pitLossMs, owed});
    }
    long leaderExtra = rows.get(0)[2];
    rows.forEach(r -> r[2] -= leaderExtra);
    List<long[]> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.<long[]>comparingLong(r -> r[2]).thenComparingLong(r -> r[0]));
    long best = sorted.get(0)[2];
    List<Estimate> out = new ArrayList<>();
    for (int pos = 0; pos < sorted.size(); pos++) {
      long[] r = sorted.get(pos);
      Team t = byPosition.get((int) r[0]);
      out.add(new Estimate(t.rowId(), t.position(), (int) r[3], r[1], r[2] - best, pos + 1,
          t.position() - (pos + 1)));
    }
    return out;
  }

  /** Mandatory stops still owed by a team; the stop in progress counts as made. */
  public static int owed(Team t, int minPitStops) {
    return Math.max(0, minPitStops - (t.pits() == null ? 0 : t.pits()));
  }
}
