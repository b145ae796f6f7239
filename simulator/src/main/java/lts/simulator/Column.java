package lts.simulator;

/** The columns of the Santos grid, {@code c1} to {@code c13} (see {@link ApexText#GRID_HEADER}). */
enum Column {
  /** {@code grp}. */
  GROUP,
  /** {@code sta}: the status icon (up, down, in the pit, out, finished). */
  STATUS,
  /** {@code rk}. */
  RANK,
  /** {@code no}: the team's number. */
  NUMBER,
  /** {@code dr}: the team's name or the driver on track with his time. */
  DRIVER,
  /** {@code tlp}. */
  LAPS,
  /** {@code llp}. */
  LAST_LAP,
  /** {@code gap}: to the leader. */
  GAP,
  /** {@code int}: to the team ahead. */
  INTERVAL,
  /** {@code blp}. */
  BEST_LAP,
  /** {@code otr}: the time on track, or the pit clock. */
  ON_TRACK,
  /** The lap penalty. */
  PENALTY,
  /** {@code pit}: stops made. */
  PITS;

  /** The feed's column number: {@code c<number>}. */
  int number() {
    return ordinal() + 1;
  }
}
