package lts.core.strategy;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * P(good kart) if we stop now, after one more stop by another team (+1) and after two (+2), by
 * exact enumeration over the possible pit lanes of a {@link PitLaneQueue} and the equally likely
 * rows of each stop. Never sampled.
 *
 * <p>A team that stops now leaves its kart at the back of a row and takes the front kart of that
 * row once the teams already in the pit lane on that row have taken theirs. For +1 and +2, the
 * teams in the pit lane have left, then each next stopper leaves its kart in a row and takes the
 * front one of that row, then we stop. Each kart is good with its own probability (from the kart
 * model, a label set by hand, or the base rate when nothing is known).
 *
 * <p>The order in the pit lane is not certain: a team ahead of us may leave after us, marshals
 * may send a team to another row. In {@link #UNPREDICTED_KART_SHARE} of the stops the kart taken
 * is therefore taken to be one nothing is known about (the base rate).
 */
public final class GoodKartOdds {

  /**
   * Share of stops in which the kart taken is not the one the queue predicts; such a kart is good
   * with the base rate. 0.2 was tuned on simulator seeds 101–120 and tested on seeds 1–20
   * (docs/MODEL.md, P(good kart) calibration).
   */
  public static final double UNPREDICTED_KART_SHARE = 0.2;

  /** The three figures; null when there is no kart to take. */
  public record Odds(Double now, Double afterOneStop, Double afterTwoStops) {
  }

  private GoodKartOdds() {
  }

  /**
   * @param queue the pit lane
   * @param good probability that a waiting kart is good
   * @param baseRate probability that a kart nothing is known about is good (the one we would take
   *     back if the row held no other)
   * @param nextStoppers probabilities that the karts the next teams to stop will leave are good
   *     (first = next)
   */
  public static Odds odds(PitLaneQueue queue, ToDoubleFunction<PitLaneQueue.Kart> good,
      double baseRate, List<Double> nextStoppers) {
    if (baseRate < 0 || baseRate > 1) {
      throw new IllegalArgumentException("base rate must be within [0, 1], not " + baseRate);
    }
    double[] now = {0, 0};
    double[] one = {0, 0};
    double[] two = {0, 0};
    for (Map.Entry<PitLaneQueue.Lane, Double> e : queue.lanes()) {
      PitLaneQueue.Lane lane = e.getKey();
      double p = e.getValue();
      ours(lane, good, baseRate, p, now);
      if (nextStoppers.isEmpty()) {
        continue;
      }
      // the teams in the pit lane leave first: each takes the front of its row
      double[][] rows = new double[lane.rows().size()][];
      for (int r = 0; r < rows.length; r++) {
        List<PitLaneQueue.Kart> row = lane.rows().get(r);
        int gone = Math.min(lane.teamsOn(r), row.size());
        rows[r] = new double[row.size() - gone];
        for (int k = gone; k < row.size(); k++) {
          rows[r][k - gone] = good.applyAsDouble(row.get(k));
        }
      }
      stops(rows, nextStoppers, 0, 1, baseRate, p, one);
      if (nextStoppers.size() >= 2) {
        stops(rows, nextStoppers, 0, 2, baseRate, p, two);
      }
    }
    Double n = share(now, baseRate);
    Double o = nextStoppers.isEmpty() ? n : share(one, baseRate);
    Double t = nextStoppers.size() < 2 ? o : share(two, baseRate);
    return new Odds(n, o, t);
  }

  private static Double share(double[] acc, double baseRate) {
    if (acc[1] == 0) {
      return null;
    }
    return (1 - UNPREDICTED_KART_SHARE) * acc[0] / acc[1] + UNPREDICTED_KART_SHARE * baseRate;
  }

  /** We stop in a lane with teams still in it: each row equally likely. */
  private static void ours(PitLaneQueue.Lane lane, ToDoubleFunction<PitLaneQueue.Kart> good,
      double baseRate, double weight, double[] acc) {
    int rows = lane.rows().size();
    if (lane.size() == 0) {
      return;
    }
    double sum = 0;
    for (int r = 0; r < rows; r++) {
      List<PitLaneQueue.Kart> row = lane.rows().get(r);
      int index = lane.teamsOn(r);
      sum += index < row.size() ? good.applyAsDouble(row.get(index)) : baseRate;
    }
    acc[0] += weight * sum / rows;
    acc[1] += weight;
  }

  /** {@code count} stops of the next stoppers from {@code index}, then ours, on rows of P(good). */
  private static void stops(double[][] rows, List<Double> next, int index, int count,
      double baseRate, double weight, double[] acc) {
    int n = rows.length;
    if (index == count) {
      int karts = 0;
      double sum = 0;
      for (double[] row : rows) {
        karts += row.length;
        sum += row.length > 0 ? row[0] : baseRate;
      }
      if (karts > 0) {
        acc[0] += weight * sum / n;
        acc[1] += weight;
      }
      return;
    }
    for (int r = 0; r < n; r++) {
      double[][] after = rows.clone();
      double[] row = rows[r];
      // leaves its kart at the back of row r and takes the front of row r
      double[] changed = new double[row.length];
      if (row.length > 0) {
        System.arraycopy(row, 1, changed, 0, row.length - 1);
        changed[row.length - 1] = next.get(index);
      } else {
        changed = new double[0]; // takes its own kart back
      }
      after[r] = changed;
      stops(after, next, index + 1, count, baseRate, weight / n, acc);
    }
  }
}
