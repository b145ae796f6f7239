package lts.strategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import lts.core.strategy.KartLabel;
import lts.core.strategy.PitLaneQueue;

/**
 * The pit lane of a session: every {@link PitLaneMove} in feed order, replayed into a
 * {@link PitLaneQueue} of the race's rows and spare karts. The replay goes on from where it
 * stopped while the rows and spares stay the same, and starts again from the first move when
 * they change (the strategist edited the race's rules).
 */
final class PitLaneReplay {

  private final long startedAt;
  private final List<PitLaneMove> moves = new ArrayList<>();
  private PitLaneQueue queue;
  private int replayed;
  private int rows;
  private int spares;

  /** An empty lane for a session that started at {@code startedAt}. */
  PitLaneReplay(long startedAt) {
    this.startedAt = startedAt;
  }

  /** Records a move (replayed at the next {@link #lane}). */
  void add(PitLaneMove move) {
    moves.add(move);
  }

  /** The moves so far, in order. */
  List<PitLaneMove> moves() {
    return Collections.unmodifiableList(moves);
  }

  /** True when a kart was left in the lane by one of the moves from index {@code from} on. */
  boolean kartLeftSince(int from) {
    for (int i = from; i < moves.size(); i++) {
      if (moves.get(i) instanceof PitLaneMove.KartLeft) {
        return true;
      }
    }
    return false;
  }

  /** The lane after every move, with {@code pitRows} rows and {@code spareKarts} at the start. */
  PitLaneQueue lane(int pitRows, int spareKarts) {
    if (queue == null || rows != pitRows || spares != spareKarts) {
      rows = pitRows;
      spares = spareKarts;
      queue = new PitLaneQueue(rows, spares, startedAt);
      replayed = 0;
    }
    for (; replayed < moves.size(); replayed++) {
      PitLaneMove move = moves.get(replayed);
      if (move instanceof PitLaneMove.KartLeft left) {
        queue.push(left.rowId(), new PitLaneQueue.Kart(left.rowId(), left.stint(),
            KartLabel.UNKNOWN, null, left.at()));
      } else if (move instanceof PitLaneMove.KartTaken taken) {
        queue.pop(taken.rowId());
      } else if (move instanceof PitLaneMove.LaneUnknown unknown) {
        queue = new PitLaneQueue(rows, spares, unknown.at());
      }
    }
    return queue;
  }
}
