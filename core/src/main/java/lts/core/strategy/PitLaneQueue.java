package lts.core.strategy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The spare karts waiting in the pit lane, in one or more rows (FIFO each). A stopping team leaves
 * its kart at the back of a row and takes the kart at the front of a row, so the queue holds the
 * karts other teams just left, labelled by their last stint.
 *
 * <p>The feed does not say which row a kart went to: rows are filled and emptied in turn
 * (round robin, the usual marshal rule); with one row (the default) the queue is exact.
 */
public final class PitLaneQueue {

  /**
   * A kart waiting in the pit lane.
   *
   * @param fromRowId the team that left it, null for an initial spare
   * @param fromStint that team's stint number with this kart, null for a spare
   * @param label its label from that stint
   * @param scoreMs its score from that stint (ms vs the field, negative = faster), null if none
   * @param since when it was left, epoch ms
   */
  public record Kart(Integer fromRowId, Integer fromStint, KartLabel label, Long scoreMs, long since) {
  }

  private final List<Deque<Kart>> rows = new ArrayList<>();
  private int nextPush;
  private int nextPop;

  /** A pit lane with {@code rowCount} rows and {@code spares} unknown karts spread over them. */
  public PitLaneQueue(int rowCount, int spares, long at) {
    if (rowCount < 1) {
      throw new IllegalArgumentException("at least one row, not " + rowCount);
    }
    for (int i = 0; i < rowCount; i++) {
      rows.add(new ArrayDeque<>());
    }
    for (int i = 0; i < spares; i++) {
      push(new Kart(null, null, KartLabel.UNKNOWN, null, at));
    }
  }

  /** A team entered the pit lane and left its kart: back of the next row. */
  public void push(Kart kart) {
    rows.get(nextPush).addLast(kart);
    nextPush = (nextPush + 1) % rows.size();
  }

  /** A team left the pit lane with the front kart of the next non-empty row; null when empty. */
  public Kart pop() {
    for (int tried = 0; tried < rows.size(); tried++) {
      Deque<Kart> row = rows.get(nextPop);
      nextPop = (nextPop + 1) % rows.size();
      if (!row.isEmpty()) {
        return row.pollFirst();
      }
    }
    return null;
  }

  /** The rows, front first (copies). */
  public List<List<Kart>> rows() {
    List<List<Kart>> copy = new ArrayList<>();
    rows.forEach(r -> copy.add(List.copyOf(r)));
    return copy;
  }

  /** How many karts wait. */
  public int size() {
    return rows.stream().mapToInt(Deque::size).sum();
  }
}
