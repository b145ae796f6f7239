package lts.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import lts.contracts.RaceRules;
import lts.core.strategy.GoodKartOdds;
import lts.core.strategy.KartLabel;
import lts.core.strategy.KartModel;
import lts.core.strategy.PitLaneQueue;
import lts.strategy.TableRow.OddsRow;
import lts.strategy.TableRow.PitQueueRow;

/**
 * The karts waiting in the pit lane (the likeliest lane) with their labels, and the odds of
 * taking a good kart now and after the next stops. P(good) of a kart is the strategist's label
 * (1 / 0 for GOOD / BAD, unknown for UNKNOWN), else the kart model's posterior; a kart nothing
 * is known about gets the base rate: the mean over the stints with enough clean laps.
 */
final class PitLaneOdds {

  private final SessionKey session;
  private final Map<Integer, TeamState> teams;
  private final RaceRules rules;
  private final LabelOverrides overrides;

  PitLaneOdds(SessionKey session, Map<Integer, TeamState> teams, RaceRules rules,
      LabelOverrides overrides) {
    this.session = session;
    this.teams = teams;
    this.rules = rules;
    this.overrides = overrides;
  }

  /** The rows of {@code pit_queue} and {@code odds} for {@code queue}, at {@code lastAt}. */
  void rows(PitLaneQueue queue, long lastAt, SessionRows out) {
    double baseRate = baseRate();
    ToDoubleFunction<PitLaneQueue.Kart> good = k -> {
      TeamState from = k.fromRowId() == null ? null : teams.get(k.fromRowId());
      return goodProbability(from, k.fromStint(), baseRate);
    };
    List<List<PitLaneQueue.Kart>> rows = queue.rows(); // the most likely lane
    for (int r = 0; r < rows.size(); r++) {
      for (int p = 0; p < rows.get(r).size(); p++) {
        PitLaneQueue.Kart k = rows.get(r).get(p);
        TeamState from = k.fromRowId() == null ? null : teams.get(k.fromRowId());
        StintFigures stint = from == null ? null : from.stint(k.fromStint());
        KartLabel label = from == null ? KartLabel.UNKNOWN
            : effective(k.fromRowId(), k.fromStint(), stint);
        out.pitQueue.add(new PitQueueRow(session.eventCode(), session.session(), r, p,
            k.fromRowId(), from == null ? null : from.number, from == null ? null : k.fromStint(),
            label, stint == null ? null : stint.score.scoreMs(), k.since()));
      }
    }
    // the next to stop: the teams whose kart has been out longest
    List<TeamState> onTrack = new ArrayList<>();
    for (TeamState t : teams.values()) {
      if (t.openStint() != null) {
        onTrack.add(t);
      }
    }
    onTrack.sort(Comparator.comparing((TeamState t) -> t.openStint().startAt,
        Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(t -> t.rowId));
    List<Double> next = new ArrayList<>();
    List<String> nextNames = new ArrayList<>();
    for (TeamState t : onTrack.subList(0, Math.min(2, onTrack.size()))) {
      next.add(goodProbability(t, t.openStint().number, baseRate));
      nextNames.add(t.number == null ? String.valueOf(t.rowId) : t.number);
    }
    GoodKartOdds.Odds odds = GoodKartOdds.odds(queue, good, baseRate, next);
    out.odds.add(new OddsRow(session.eventCode(), session.session(), odds.now(),
        odds.afterOneStop(), odds.afterTwoStops(), baseRate, queue.size(),
        String.join(",", nextNames), lastAt));
  }

  /** P(good) of a kart nothing is known about: the mean over the karts known, else the prior. */
  double baseRate() {
    double sum = 0;
    int known = 0;
    for (TeamState t : teams.values()) {
      for (StintFigures s : t.stints) {
        KartLabel o = overrides.of(t.rowId, s.number);
        Double p = o != null || s.score.laps() >= rules.minCleanLaps()
            ? knownGoodProbability(o, s) : null;
        if (p != null) {
          known++;
          sum += p;
        }
      }
    }
    return known == 0 ? KartModel.priorGoodProbability(KartFitSchedule.settingsOf(rules))
        : sum / known;
  }

  /**
   * Probability that the kart of a team's stint is good: 1 / 0 for a GOOD / BAD set by hand, else
   * the kart model's; null when nothing is known (UNKNOWN set by hand, or not seen by the model).
   */
  private Double knownGoodProbability(TeamState team, Integer stint) {
    if (team == null || stint == null) {
      return null;
    }
    return knownGoodProbability(overrides.of(team.rowId, stint), team.stint(stint));
  }

  /** {@link #knownGoodProbability(TeamState, Integer)} of a stint and its label set by hand. */
  private static Double knownGoodProbability(KartLabel override, StintFigures s) {
    if (override != null) {
      return override == KartLabel.GOOD ? Double.valueOf(1.0)
          : override == KartLabel.BAD ? 0.0 : null;
    }
    return s == null ? null : s.goodProbability;
  }

  /** {@link #knownGoodProbability}, or the base rate when nothing is known. */
  private double goodProbability(TeamState team, Integer stint, double baseRate) {
    Double p = knownGoodProbability(team, stint);
    return p == null ? baseRate : p;
  }

  private KartLabel effective(Integer rowId, Integer stint, StintFigures s) {
    KartLabel o = overrides.of(rowId, stint);
    return o != null ? o : s == null ? KartLabel.UNKNOWN : s.score.label();
  }
}
