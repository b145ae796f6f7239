package lts.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The pit lane: rows of spare karts, each a queue. A team coming in leaves its kart at the back
 * of a row and, when its stop is over, takes the kart at the front of the same row. A stop lasts
 * the minimum pit time plus a little, sometimes a lot (a problem in the pit).
 */
final class PitLane {

  static final double PIT_EXTRA_MIN_MS = 300;
  static final double PIT_EXTRA_EXP_MS = 1_200;
  static final double PIT_PROBLEM_P = 0.03;
  static final double PIT_PROBLEM_MIN_MS = 10_000;
  static final double PIT_PROBLEM_MAX_MS = 90_000;
  /** Apex sometimes repeats the pit-in signal during the stop. */
  static final double DUPLICATE_PIT_IN_P = 0.12;

  private final long minPitMs;
  private final List<ArrayDeque<Integer>> rows = new ArrayList<>();
  private final List<List<Integer>> initialRows;

  /**
   * @param rowCount rows in the pit lane
   * @param spares the spare karts, dealt to the rows in turn
   * @param minPitMs the shortest stop the rules allow, pit-in to pit-out
   */
  PitLane(int rowCount, int[] spares, long minPitMs) {
    this.minPitMs = minPitMs;
    for (int r = 0; r < rowCount; r++) {
      rows.add(new ArrayDeque<>());
    }
    for (int i = 0; i < spares.length; i++) {
      rows.get(i % rowCount).addLast(spares[i]);
    }
    initialRows = rows();
  }

  /**
   * A team comes in at {@code at} with {@code kart}: it picks a row, leaves its kart at the back
   * and learns how long its stop lasts (draws from {@code events}, always in the same order).
   */
  PitVisit enter(long at, int kart, int lapIn, SplittableRandom events) {
    int row = events.nextInt(rows.size());
    rows.get(row).addLast(kart);
    double extra = PIT_EXTRA_MIN_MS + Draws.exponential(events, PIT_EXTRA_EXP_MS);
    if (events.nextDouble() < PIT_PROBLEM_P) {
      extra += PIT_PROBLEM_MIN_MS + events.nextDouble() * (PIT_PROBLEM_MAX_MS - PIT_PROBLEM_MIN_MS);
    }
    long outAt = at + minPitMs + Math.round(extra);
    long ticks = (outAt - at - 1) / 1000;
    int duplicateTick = events.nextDouble() < DUPLICATE_PIT_IN_P && ticks > 2
        ? 1 + events.nextInt((int) Math.min(ticks - 1, Integer.MAX_VALUE)) : -1;
    return new PitVisit(at, outAt, row, kart, lapIn, duplicateTick);
  }

  /** The stop is over: the team takes the kart at the front of its row. */
  int takeFront(int row) {
    Integer taken = rows.get(row).pollFirst();
    if (taken == null) {
      throw new IllegalStateException("empty pit row " + (row + 1));
    }
    return taken;
  }

  int rowCount() {
    return rows.size();
  }

  /** The karts in each row now, front first. */
  List<List<Integer>> rows() {
    List<List<Integer>> copy = new ArrayList<>();
    for (ArrayDeque<Integer> row : rows) {
      copy.add(List.copyOf(row));
    }
    return copy;
  }

  /** The karts in each row at the start, front first. */
  List<List<Integer>> initialRows() {
    return initialRows;
  }
}
