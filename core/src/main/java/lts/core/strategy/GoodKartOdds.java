package lts.core.strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * P(good kart) if we stop now, after one more stop by another team (+1) and after two (+2), by
 * exact enumeration of the equally likely outcomes: for each stop, the row the kart is left in and
 * the row the new kart is taken from. A kart not labelled counts as good with the field's base
 * rate. Never sampled.
 */
public final class GoodKartOdds {

  /** The three figures; null when the pit lane is empty. */
  public record Odds(Double now, Double afterOneStop, Double afterTwoStops) {
  }

  private GoodKartOdds() {
  }

  /**
   * @param rows the pit lane rows, front first
   * @param baseRate probability that an unknown kart is good (share of good karts seen so far)
   * @param nextStoppers labels of the karts the next teams to stop will leave (first = next)
   */
  public static Odds odds(List<List<KartLabel>> rows, double baseRate, List<KartLabel> nextStoppers) {
    if (baseRate < 0 || baseRate > 1) {
      throw new IllegalArgumentException("base rate must be within [0, 1], not " + baseRate);
    }
    Double now = expect(rows, baseRate, List.of());
    Double one = nextStoppers.isEmpty() ? now
        : expect(rows, baseRate, nextStoppers.subList(0, 1));
    Double two = nextStoppers.size() < 2 ? one
        : expect(rows, baseRate, nextStoppers.subList(0, 2));
    return new Odds(now, one, two);
  }

  /** Expected P(good) of our kart after the given stops of other teams; null if nothing to take. */
  static Double expect(List<List<KartLabel>> rows, double baseRate, List<KartLabel> before) {
    double[] acc = new double[2]; // sum of probabilities, number of outcomes
    walk(copy(rows), baseRate, before, 0, 1.0, acc);
    return acc[1] == 0 ? null : acc[0] / acc[1];
  }

  /**
   * Enumerates stops: each other team pushes its kart to one of the rows and pops the front of one
   * of the non-empty rows; then we pop. Every outcome has weight {@code weight}.
   */
  private static void walk(List<List<KartLabel>> rows, double baseRate, List<KartLabel> before,
      int index, double weight, double[] acc) {
    if (index == before.size()) {
      List<Integer> choices = nonEmpty(rows);
      for (int r : choices) {
        acc[0] += weight / choices.size() * good(rows.get(r).get(0), baseRate);
      }
      if (!choices.isEmpty()) {
        acc[1] += weight;
      }
      return;
    }
    for (int push = 0; push < rows.size(); push++) {
      List<List<KartLabel>> pushed = copy(rows);
      pushed.get(push).add(before.get(index));
      List<Integer> pops = nonEmpty(pushed);
      for (int pop : pops) {
        List<List<KartLabel>> popped = copy(pushed);
        popped.get(pop).remove(0);
        walk(popped, baseRate, before, index + 1, weight / rows.size() / pops.size(), acc);
      }
    }
  }

  private static double good(KartLabel label, double baseRate) {
    switch (label) {
      case GOOD:
        return 1;
      case BAD:
        return 0;
      default:
        return baseRate;
    }
  }

  private static List<Integer> nonEmpty(List<List<KartLabel>> rows) {
    List<Integer> list = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (!rows.get(i).isEmpty()) {
        list.add(i);
      }
    }
    return list;
  }

  private static List<List<KartLabel>> copy(List<List<KartLabel>> rows) {
    List<List<KartLabel>> copy = new ArrayList<>(rows.size());
    rows.forEach(r -> copy.add(new ArrayList<>(r)));
    return copy;
  }
}
