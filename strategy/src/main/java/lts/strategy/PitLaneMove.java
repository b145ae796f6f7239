package lts.strategy;

/** One change of the pit lane, in the order the feed showed it. */
sealed interface PitLaneMove {

  /** The team (grid row) that made the move. */
  int rowId();

  /** When, in feed time. */
  long at();

  /** The team came in and left its kart at the back of its row: the kart of the stint it ended. */
  record KartLeft(int rowId, int stint, long at) implements PitLaneMove {
  }

  /** The team went out with the kart at the front of its row. */
  record KartTaken(int rowId, long at) implements PitLaneMove {
  }
}
