package lts.simulator;

/**
 * How the simulated page shows the race, as different tracks' Apex pages do (docs/LAPS.md): with
 * or without a laps column ({@code tlp}), and what the gap column of a lapped team shows.
 *
 * @param lapsColumn the grid has a laps column (Santos); without it (Cap Karting) lap counts must
 *     be derived from the other cells
 * @param lappedGap the gap cell of a team that is laps down on the leader
 */
public record FeedStyle(boolean lapsColumn, LappedGap lappedGap) {

  /** The Santos page: a laps column, {@code 2 Vueltas} for a team two laps down. */
  public static final FeedStyle SANTOS = new FeedStyle(true, LappedGap.LAPS);

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

  /** Requires a lapped-gap style. */
  public FeedStyle {
    if (lappedGap == null) {
      throw new IllegalArgumentException("lappedGap is required");
    }
  }
}
