package lts.core.strategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The spare karts waiting in the pit lane, in one or more rows (first in, first out each). A
 * stopping team leaves its kart at the back of a row and, when it leaves, takes the kart at the
 * front of that same row; so the queue holds the karts other teams just left, labelled by their
 * last stint (../shared/docs/strategy.md).
 *
 * <p>The feed does not say which row a team used, and every row is equally likely. The queue is
 * therefore kept as every possible pit lane ({@link Lane}: which kart waits where, and the row of
 * each team now in the pit lane) with its probability; histories that lead to the same lane are
 * merged, so their number stays small (it depends on the karts waiting, not on the length of the
 * race). With one row, the default, there is exactly one lane and the queue is exact.
 */
public final class PitLaneQueue {

  /** More possible lanes than this: the least likely are dropped (never seen in races). */
  static final int MAX_LANES = 4096;

  /**
   * A kart waiting in the pit lane.
   *
   * @param fromRowId the team that left it, null for an initial spare
   * @param fromStint that team's stint number with this kart (for a spare: its index)
   * @param label its label from that stint
   * @param scoreMs its score from that stint (ms vs the field, negative = faster), null if none
   * @param since when it was left, epoch ms
   */
  public record Kart(Integer fromRowId, Integer fromStint, KartLabel label, Long scoreMs, long since) {
  }

  /**
   * One possible pit lane.
   *
   * @param rows the karts of each row, front first
   * @param teamRows the row of each team now in the pit lane (team row id → row index)
   */
  public record Lane(List<List<Kart>> rows, Map<Integer, Integer> teamRows) {

    public Lane {
      rows = rows.stream().map(List::copyOf).toList();
      teamRows = Collections.unmodifiableMap(new TreeMap<>(teamRows));
    }

    /** Teams in the pit lane on row {@code r}: they leave before a team that enters now. */
    public int teamsOn(int r) {
      int n = 0;
      for (int row : teamRows.values()) {
        if (row == r) {
          n++;
        }
      }
      return n;
    }

    /** Karts waiting. */
    public int size() {
      return rows.stream().mapToInt(List::size).sum();
    }
  }

  private final int rowCount;
  private Map<Lane, Double> lanes = new LinkedHashMap<>();

  /** A pit lane with {@code rowCount} rows and {@code spares} unknown karts spread over them in turn. */
  public PitLaneQueue(int rowCount, int spares, long at) {
    if (rowCount < 1) {
      throw new IllegalArgumentException("at least one row, not " + rowCount);
    }
    if (spares < 0) {
      throw new IllegalArgumentException("spares must not be negative, not " + spares);
    }
    this.rowCount = rowCount;
    List<List<Kart>> rows = new ArrayList<>();
    for (int i = 0; i < rowCount; i++) {
      rows.add(new ArrayList<>());
    }
    for (int i = 0; i < spares; i++) {
      rows.get(i % rowCount).add(new Kart(null, i + 1, KartLabel.UNKNOWN, null, at));
    }
    lanes.put(new Lane(rows, Map.of()), 1.0);
  }

  /** Rows in the pit lane. */
  public int rowCount() {
    return rowCount;
  }

  /** Team {@code teamRowId} entered the pit lane and left {@code kart} at the back of a row. */
  public void push(int teamRowId, Kart kart) {
    Map<Lane, Double> next = new LinkedHashMap<>();
    lanes.forEach((lane, p) -> {
      for (int r = 0; r < rowCount; r++) {
        List<List<Kart>> rows = mutable(lane.rows());
        rows.get(r).add(kart);
        Map<Integer, Integer> teams = new TreeMap<>(lane.teamRows());
        teams.put(teamRowId, r);
        next.merge(new Lane(rows, teams), p / rowCount, Double::sum);
      }
    });
    lanes = bounded(next);
  }

  /**
   * Team {@code teamRowId} left the pit lane with the front kart of its row (of any non-empty
   * row, equally likely, when it was not seen entering).
   */
  public void pop(int teamRowId) {
    Map<Lane, Double> next = new LinkedHashMap<>();
    lanes.forEach((lane, p) -> {
      Map<Integer, Integer> teams = new TreeMap<>(lane.teamRows());
      Integer row = teams.remove(teamRowId);
      List<Integer> choices = new ArrayList<>();
      if (row != null && !lane.rows().get(row).isEmpty()) {
        choices.add(row);
      } else {
        for (int r = 0; r < rowCount; r++) {
          if (!lane.rows().get(r).isEmpty()) {
            choices.add(r);
          }
        }
      }
      if (choices.isEmpty()) {
        next.merge(new Lane(lane.rows(), teams), p, Double::sum);
        return;
      }
      for (int r : choices) {
        List<List<Kart>> rows = mutable(lane.rows());
        rows.get(r).remove(0);
        next.merge(new Lane(rows, teams), p / choices.size(), Double::sum);
      }
    });
    lanes = bounded(next);
  }

  /** Every possible lane with its probability (they sum to 1), most likely first. */
  public List<Map.Entry<Lane, Double>> lanes() {
    List<Map.Entry<Lane, Double>> list = new ArrayList<>();
    lanes.forEach((lane, p) -> list.add(Map.entry(lane, p)));
    list.sort(Map.Entry.<Lane, Double>comparingByValue().reversed());
    return list;
  }

  /** The most likely lane (the first of equally likely ones). */
  public Lane likeliest() {
    Lane best = null;
    double p = -1;
    for (Map.Entry<Lane, Double> e : lanes.entrySet()) {
      if (e.getValue() > p) {
        best = e.getKey();
        p = e.getValue();
      }
    }
    return best;
  }

  /** The rows of the most likely lane, front first. */
  public List<List<Kart>> rows() {
    return likeliest().rows();
  }

  /** Karts waiting (the same in every possible lane). */
  public int size() {
    return likeliest().size();
  }

  private static List<List<Kart>> mutable(List<List<Kart>> rows) {
    List<List<Kart>> copy = new ArrayList<>(rows.size());
    rows.forEach(r -> copy.add(new ArrayList<>(r)));
    return copy;
  }

  private static Map<Lane, Double> bounded(Map<Lane, Double> lanes) {
    if (lanes.size() <= MAX_LANES) {
      return lanes;
    }
    List<Map.Entry<Lane, Double>> list = new ArrayList<>(lanes.entrySet());
    list.sort(Comparator.comparing(Map.Entry<Lane, Double>::getValue).reversed());
    double kept = 0;
    for (int i = 0; i < MAX_LANES; i++) {
      kept += list.get(i).getValue();
    }
    Map<Lane, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < MAX_LANES; i++) {
      out.put(list.get(i).getKey(), list.get(i).getValue() / kept);
    }
    return out;
  }
}
