package lts.core.strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * The stint maths of one team: splits its laps at the pit stops, marks out-laps and in-laps,
 * classifies the laps with an {@link OutlierRule} and averages the last {@code n} clean ones.
 */
public final class StintLaps {

  private final OutlierRule rule;
  private final int averageOf;

  /**
   * @param averageOf N: the average is over the last N clean laps (5 by default)
   */
  public StintLaps(OutlierRule rule, int averageOf) {
    if (averageOf < 1) {
      throw new IllegalArgumentException("average of at least 1 lap, not " + averageOf);
    }
    this.rule = rule;
    this.averageOf = averageOf;
  }

  /**
   * A lap of the team.
   *
   * @param driver driver on track when it ended
   * @param yellow under yellow / safety car
   */
  public record Lap(int lap, Long timeMs, long at, String driver, boolean yellow) {
  }

  /**
   * Splits a team's laps into stints.
   *
   * @param laps every lap of the team, in order
   * @param pitInLaps the lap count at each pit-in, in order (the lap completed when entering
   *     the pit lane is the stint's in-lap, the next one is the next stint's out-lap)
   * @param inPitNow true when the team is in the pit lane now (its last stint is closed)
   */
  public List<Stint> stints(int rowId, List<Lap> laps, List<Integer> pitInLaps, boolean inPitNow) {
    List<Stint> stints = new ArrayList<>();
    int i = 0;
    int previousEnd = laps.isEmpty() ? 0 : laps.get(0).lap() - 1;
    for (int s = 0; s < pitInLaps.size(); s++) {
      int end = Math.max(pitInLaps.get(s), previousEnd);
      List<Lap> stintLaps = new ArrayList<>();
      while (i < laps.size() && laps.get(i).lap() <= end) {
        stintLaps.add(laps.get(i++));
      }
      stints.add(stint(rowId, s + 1, previousEnd + 1, end, stintLaps, s > 0, true));
      previousEnd = end;
    }
    if (!inPitNow) {
      stints.add(stint(rowId, pitInLaps.size() + 1, previousEnd + 1, null,
          laps.subList(i, laps.size()), !pitInLaps.isEmpty(), false));
    }
    return stints;
  }

  /** One stint from its laps. */
  public Stint stint(int rowId, int number, int startLap, Integer endLap, List<Lap> laps,
      boolean afterPit, boolean closed) {
    List<LapSample> samples = new ArrayList<>(laps.size());
    for (int i = 0; i < laps.size(); i++) {
      Lap l = laps.get(i);
      samples.add(new LapSample(l.lap(), l.timeMs(), l.at(), afterPit && i == 0,
          closed && i == laps.size() - 1, l.yellow()));
    }
    List<LapVerdict> verdicts = rule.classify(samples);
    Long best = null;
    String driver = null;
    int clean = 0;
    for (int i = 0; i < laps.size(); i++) {
      Lap l = laps.get(i);
      if (l.timeMs() != null && (best == null || l.timeMs() < best)) {
        best = l.timeMs();
      }
      if (l.driver() != null) {
        driver = l.driver();
      }
      if (verdicts.get(i).clean()) {
        clean++;
      }
    }
    return new Stint(rowId, number, startLap, endLap, laps.size(), driver, best,
        lastCleanAverage(laps, verdicts), clean, List.copyOf(verdicts));
  }

  private Long lastCleanAverage(List<Lap> laps, List<LapVerdict> verdicts) {
    long sum = 0;
    int n = 0;
    for (int i = laps.size() - 1; i >= 0 && n < averageOf; i--) {
      if (verdicts.get(i).clean()) {
        sum += laps.get(i).timeMs();
        n++;
      }
    }
    return n == 0 ? null : Math.round((double) sum / n);
  }
}
