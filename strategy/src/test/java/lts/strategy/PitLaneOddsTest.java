package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import lts.contracts.RaceRules;
import lts.core.strategy.GoodKartOdds;
import lts.core.strategy.KartLabel;
import lts.core.strategy.KartScore;
import lts.core.strategy.PitLaneQueue;
import org.junit.jupiter.api.Test;

class PitLaneOddsTest {

  final RaceRules rules = RaceRules.defaults(5);
  final Map<Integer, TeamState> teams = new LinkedHashMap<>();

  private TeamState team(int rowId, double... goodProbabilities) {
    TeamState t = new TeamState(rowId, 0);
    t.number = "#" + rowId;
    java.util.List<StintFigures> stints = new java.util.ArrayList<>();
    for (int i = 0; i < goodProbabilities.length; i++) {
      StintFigures s = new StintFigures();
      s.number = i + 1;
      s.endLap = i == goodProbabilities.length - 1 ? null : 10 * (i + 1);
      s.startAt = 1_000L * rowId;
      s.score = new KartScore(-100L, KartLabel.UNKNOWN, rules.minCleanLaps());
      s.goodProbability = goodProbabilities[i];
      stints.add(s);
    }
    t.stints = stints;
    teams.put(rowId, t);
    return t;
  }

  @Test
  void theBaseRateIsTheMeanOverTheKartsKnownWithLabelsSetByHandCountingAsCertain() {
    team(1, 0.8, 0.4);
    team(2, 0.6);
    LabelOverrides bad = new LabelOverrides(Map.of("2/1", "BAD"));
    assertThat(new PitLaneOdds(new SessionKey("s", 1), teams, rules, LabelOverrides.NONE)
        .baseRate()).isCloseTo(0.6, within(1e-9));
    assertThat(new PitLaneOdds(new SessionKey("s", 1), teams, rules, bad).baseRate())
        .isCloseTo(0.4, within(1e-9));
  }

  @Test
  void aWaitingKartHasTheLabelOfTheStintItComesFromAndTheOddsNameTheNextToStop() {
    team(1, 0.9, 0.5);
    team(2, 0.5);
    team(3, 0.5);
    PitLaneQueue queue = new PitLaneQueue(1, 1, 0);
    queue.push(1, new PitLaneQueue.Kart(1, 1, KartLabel.UNKNOWN, null, 5_000));
    queue.pop(1); // team 1 left its kart and took the spare
    LabelOverrides good = new LabelOverrides(Map.of("1/1", "GOOD"));
    SessionRows out = new SessionRows();
    new PitLaneOdds(new SessionKey("s", 1), teams, rules, good).rows(queue, 9_000, out);
    assertThat(out.pitQueue).singleElement().satisfies(k -> {
      assertThat(k.fromRowId()).isEqualTo(1);
      assertThat(k.fromNumber()).isEqualTo("#1");
      assertThat(k.label()).isEqualTo(KartLabel.GOOD);
      assertThat(k.scoreMs()).isEqualTo(-100L);
    });
    assertThat(out.odds).singleElement().satisfies(o -> {
      assertThat(o.queueSize()).isEqualTo(1);
      assertThat(o.nextStoppers()).isEqualTo("#1,#2"); // out longest first
      assertThat(o.pNow()).isCloseTo(1 - GoodKartOdds.UNPREDICTED_KART_SHARE
          * (1 - o.baseRate()), within(1e-9));
      assertThat(o.at()).isEqualTo(9_000);
    });
  }
}
