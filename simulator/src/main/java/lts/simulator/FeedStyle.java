package lts.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * How the simulated feed reaches its recorder, as different tracks' Apex pages and real
 * recordings do (docs/LAPS.md): with or without a laps column ({@code tlp}), what the gap column
 * of a lapped team shows, and the holes of the connection (a laptop asleep, a lost network), each
 * ended by a re-sent grid. The race itself (its truth) is the same in every style.
 *
 * @param lapsColumn the grid has a laps column (Santos); without it (Cap Karting) lap counts must
 *     be derived from the other cells
 * @param lappedGap the gap cell of a team that is laps down on the leader
 * @param holes recording holes, spread evenly over the race (0 to {@value #MAX_HOLES})
 * @param holeMinutes how long each hole lasts (1 to {@value #MAX_HOLE_MINUTES} minutes)
 */
public record FeedStyle(boolean lapsColumn, LappedGap lappedGap, int holes, int holeMinutes) {

  /** The Santos page: a laps column, {@code 2 Vueltas} for a team two laps down, no hole. */
  public static final FeedStyle SANTOS = new FeedStyle(true, LappedGap.LAPS, 0, 0);

  /** Most holes. */
  public static final int MAX_HOLES = 20;
  /** Longest hole, minutes. */
  public static final int MAX_HOLE_MINUTES = 600;

  /** What the gap cell of a team {@code k} laps down on the leader shows. */
  public enum LappedGap {
    /** {@code k Vueltas} (Santos); a time only on the leader's lap. */
    LAPS,
    /** A time to the leader even when laps down: {@code 2:06.083} with 1:01 laps is two laps. */
    TIME,
    /**
     * The first team of each lap group shows {@code k Vueltas}, the others of the group a time to
     * it (Cap Karting).
     */
    GROUP
  }

  /** Requires a lapped-gap style and holes in range. */
  public FeedStyle {
    if (lappedGap == null) {
      throw new IllegalArgumentException("lappedGap is required");
    }
    if (holes < 0 || holes > MAX_HOLES) {
      throw new IllegalArgumentException("holes must be 0 to " + MAX_HOLES + " (got " + holes + ")");
    }
    if (holes > 0 && (holeMinutes < 1 || holeMinutes > MAX_HOLE_MINUTES)) {
      throw new IllegalArgumentException("a hole lasts 1 to " + MAX_HOLE_MINUTES
          + " minutes (got " + holeMinutes + ")");
    }
  }

  /** A page without holes. */
  public FeedStyle(boolean lapsColumn, LappedGap lappedGap) {
    this(lapsColumn, lappedGap, 0, 0);
  }

  /** The same page with {@code n} holes of {@code minutes} each. */
  public FeedStyle withHoles(int n, int minutes) {
    return new FeedStyle(lapsColumn, lappedGap, n, minutes);
  }

  /** What is wrong with this style for a race of {@code settings}, in words; empty when fine. */
  public List<String> validate(RaceSettings settings) {
    long spacing = settings.durationMs() / (holes + 1);
    if (holes > 0 && holeMinutes * 60_000L >= spacing) {
      return List.of(holes + " holes of " + holeMinutes + " minutes do not fit in the race: at "
          + "most " + Math.max(0, spacing / 60_000 - 1) + " minutes each");
    }
    return List.of();
  }

  /**
   * Where the holes fall in a race from {@code greenAt} lasting {@code durationMs}: hole {@code i}
   * of {@code n} ends (the grid is re-sent) at {@code i/(n+1)} of the race.
   */
  List<Truth.Hole> place(long greenAt, long durationMs) {
    List<Truth.Hole> out = new ArrayList<>();
    long length = holeMinutes * 60_000L;
    long spacing = durationMs / (holes + 1);
    for (int i = 1; i <= holes; i++) {
      long to = greenAt + spacing * i;
      out.add(new Truth.Hole(to - length, to));
    }
    return out;
  }
}
