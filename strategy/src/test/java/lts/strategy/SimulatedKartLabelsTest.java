package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lts.core.event.RaceEvent;
import lts.core.protocol.ApexEngine;
import lts.simulator.RaceSettings;
import lts.simulator.RaceSimulator;
import lts.simulator.SimFrame;
import lts.simulator.SimulatedRace;
import lts.simulator.Truth;
import org.junit.jupiter.api.Test;

/**
 * The kart labels `lts metrics` stores (kart model, fitted at each pit-in and every 5 minutes of
 * feed time) against the simulator's hidden truth: the events of simulated races go through the
 * engine and the metrics model exactly as the runner applies them, in batches of varied sizes,
 * and the stints' labels are compared with the true effect of the kart each stint used.
 */
class SimulatedKartLabelsTest {

  /** Stints whose true kart effect is at least this far from neutral are scored (issue 5). */
  static final long CLEAR_MS = 300;

  @Test
  void clearlyGoodAndBadKartsAreLabelledRightWithFewUnknowns() {
    int right = 0;
    int wrong = 0;
    int unknown = 0;
    for (long seed = 1; seed <= 5; seed++) {
      SimulatedRace race = RaceSimulator.simulate(RaceSettings.defaults().withSeed(seed));
      Map<String, String> labels = labels(race, 1 + (int) seed * 37);
      Truth truth = race.truth();
      Map<Integer, Long> effect = new HashMap<>();
      truth.karts().forEach(k -> effect.put(k.kart(), k.effectMs()));
      for (Truth.Stint s : truth.stints()) {
        long e = effect.get(s.kart());
        String label = labels.get(s.rowId() + "/" + s.stint());
        if (Math.abs(e) < CLEAR_MS || label == null) {
          continue;
        }
        if ("UNKNOWN".equals(label)) {
          unknown++;
        } else if ("GOOD".equals(label) == (e < 0)) {
          right++;
        } else {
          wrong++;
        }
      }
    }
    int total = right + wrong + unknown;
    System.out.printf("metrics kart labels on seeds 1-5: right %d, wrong %d, unknown %d of %d "
        + "clear stints%n", right, wrong, unknown, total);
    assertThat(total).isGreaterThan(100);
    assertThat(right / (double) (right + wrong)).isGreaterThanOrEqualTo(0.90);
    assertThat(unknown / (double) total).isLessThanOrEqualTo(0.15);
  }

  @Test
  void labelsDoNotDependOnHowTheEventsWereBatched() {
    SimulatedRace race = RaceSimulator.simulate(RaceSettings.defaults().withSeed(7));
    assertThat(labels(race, 3)).isEqualTo(labels(race, 5_000));
  }

  /** Applies the race's events in batches of {@code batch}, rows after each; "row/stint" → label. */
  private static Map<String, String> labels(SimulatedRace race, int batch) {
    ApexEngine engine = new ApexEngine(race.truth().eventCode());
    List<RaceEvent> events = new ArrayList<>();
    for (SimFrame f : race.frames()) {
      engine.accept(f.atEpochMs(), f.text(), events::add);
    }
    FeedModel feed = new FeedModel(race.truth().eventCode());
    lts.contracts.RaceRules rules = lts.contracts.RaceRules.defaults(5);
    Map<String, String> labels = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      feed.apply(events.get(i));
      if ((i + 1) % batch == 0 || i == events.size() - 1) {
        for (SessionModel s : feed.sessions.values()) {
          if (s.dirty) {
            for (TableRow.StintRow r : s.rows(rules, LabelOverrides.NONE, false).stints) {
              labels.put(r.rowId() + "/" + r.stint(), r.label().name());
            }
            s.clean();
          }
        }
      }
    }
    return labels;
  }
}
