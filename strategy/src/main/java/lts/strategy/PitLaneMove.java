package lts.strategy;

/** One change of the pit lane, in the order the feed showed it. */
sealed interface PitLaneMove {

  /** When, in feed time. */
  long at();

  /** The team came in and left its kart at the back of its row: the kart of the stint it ended. */
  record KartLeft(int rowId, int stint, long at) implements PitLaneMove {
  }

  /** The team went out with the kart at the front of its row. */
  record KartTaken(int rowId, long at) implements PitLaneMove {
  }

  /**
   * Stops fell in a hole of the feed (seen only as pit counts up in the re-sent grid): which kart
   * went where is not known any more, the lane holds the spares again, labels unknown.
   */
  record LaneUnknown(long at) implements PitLaneMove {
  }
}
