package lts.simulator;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The standings: who leads, who is ahead of whom, who moved since the last change, and who holds
 * the best lap of the race. The grid order (the order of the rows on the page) never changes.
 */
final class Standings {

  /** Standings order: more laps first, then who reached that lap count first. */
  static final Comparator<RacingTeam> BY_POSITION = (a, b) -> {
    if (a.laps != b.laps) {
      return a.laps > b.laps ? -1 : 1;
    }
    if (a.reachedAt != b.reachedAt) {
      return a.reachedAt < b.reachedAt ? -1 : 1;
    }
    return Integer.compare(a.gridPos, b.gridPos);
  };

  private final List<RacingTeam> gridOrder;
  private final RacingTeam[] order;
  /** By team index: the position before the change being written. */
  private final int[] oldPositions;
  private long overallBestMs = -1;
  private RacingTeam bestHolder;

  /** {@code grid}: the teams in grid order, their positions already set to their grid slots. */
  Standings(List<RacingTeam> grid) {
    gridOrder = List.copyOf(grid);
    order = grid.toArray(new RacingTeam[0]);
    oldPositions = new int[grid.size()];
  }

  /** Remembers every position, before a change. */
  void savePositions() {
    for (RacingTeam t : order) {
      oldPositions[t.idx] = t.position;
    }
  }

  /** Sorts the standings after a change and gives every team its position. */
  void sort() {
    Arrays.sort(order, BY_POSITION);
    for (int p = 0; p < order.length; p++) {
      order[p].position = p + 1;
    }
  }

  /** Has {@code t} moved since {@link #savePositions()}. */
  boolean moved(RacingTeam t) {
    return t.position != oldPositions[t.idx];
  }

  /** Has {@code t} gained places since {@link #savePositions()}. */
  boolean gained(RacingTeam t) {
    return t.position < oldPositions[t.idx];
  }

  RacingTeam leader() {
    return order[0];
  }

  /** The first team, in position order, with as many laps as {@code x} (perhaps {@code x}). */
  RacingTeam groupHead(RacingTeam x) {
    for (RacingTeam t : order) {
      if (t.laps == x.laps) {
        return t;
      }
    }
    return x;
  }

  /** The team one place ahead of {@code x} (not the leader). */
  RacingTeam ahead(RacingTeam x) {
    return order[x.position - 2];
  }

  /**
   * Nobody ahead of {@code x} in the standings is on track: the chequered flag goes to the first
   * such team crossing after the countdown (a leader in the pit lane does not hold it back).
   */
  boolean leadsOnTrack(RacingTeam x) {
    for (int p = 0; p < x.position - 1; p++) {
      if (!order[p].inPit()) {
        return false;
      }
    }
    return true;
  }

  /** The rows, in the order of the page. */
  List<RacingTeam> gridOrder() {
    return gridOrder;
  }

  /** The teams by position. */
  List<RacingTeam> byPosition() {
    return List.of(order);
  }

  /** Would {@code lapMs} be the best lap of the race. */
  boolean beatsOverallBest(long lapMs) {
    return overallBestMs < 0 || lapMs < overallBestMs;
  }

  /** Who holds the best lap of the race, or null. */
  RacingTeam bestHolder() {
    return bestHolder;
  }

  void newOverallBest(RacingTeam holder, long lapMs) {
    overallBestMs = lapMs;
    bestHolder = holder;
  }
}
