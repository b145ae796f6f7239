package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import lts.core.event.LapCompleted;
import lts.core.event.Light;
import org.junit.jupiter.api.Test;

class LapClassifierTest {

  final LapClassifier classifier = new LapClassifier();
  final TeamState team = new TeamState(1, 0);

  private static LapCompleted lap(int n, Long ms, long at) {
    return new LapCompleted("f/" + n + "/0", "f", 1, at, 1, n, ms, "ANA", false);
  }

  @Test
  void impossibleLapsAreRefusedWithTheReason() {
    assertThat(LapClassifier.problem(lap(0, 60_000L, 1))).isEqualTo("impossible lap: lap number 0");
    assertThat(LapClassifier.problem(lap(3, -5L, 1))).isEqualTo("impossible lap: lap 3 took -5 ms");
    assertThat(LapClassifier.problem(lap(3, null, 1))).isNull();
    assertThat(LapClassifier.problem(lap(3, 60_000L, 1))).isNull();
  }

  @Test
  void aGreenTimedLapMakesTheFieldReferenceAndKeepsIt() {
    classifier.record(team, lap(1, 61_000L, 61_000), Light.GREEN);
    assertThat(classifier.fieldMedian()).isEqualTo(61_000L);
    TeamState.Lap l = team.laps.get(1);
    assertThat(l.fieldMs).isEqualTo(61_000L);
    assertThat(l.yellow).isFalse();
    assertThat(team.count).isEqualTo(1);
    assertThat(team.lastLapMs).isEqualTo(61_000L);
    assertThat(team.drivers).containsKey("ANA");
  }

  @Test
  void aLapUnderYellowOrTheSafetyCarIsYellowAndLeavesTheFieldReference() {
    classifier.record(team, lap(1, 90_000L, 90_000), Light.YELLOW);
    classifier.record(team, lap(2, 95_000L, 185_000), Light.SAFETY_CAR);
    assertThat(classifier.fieldMedian()).isNull();
    assertThat(team.laps.get(1).yellow).isTrue();
    assertThat(team.laps.get(2).yellow).isTrue();
  }

  @Test
  void theOutLapAfterAStopLeavesTheFieldReference() {
    classifier.record(team, lap(1, 60_000L, 60_000), Light.GREEN);
    team.newStop(61_000);
    team.inPit = false;
    assertThat(LapClassifier.outLap(team, 2)).isTrue();
    classifier.record(team, lap(2, 150_000L, 210_000), Light.GREEN);
    assertThat(classifier.fieldMedian()).isEqualTo(60_000L);
    assertThat(LapClassifier.outLap(team, 3)).isFalse();
  }

  @Test
  void aLapInThePitLaneIsAnOutLap() {
    team.inPit = true;
    assertThat(LapClassifier.outLap(team, 1)).isTrue();
  }

  @Test
  void aLapNumberBelowTheCountSupersedesTheLapsAboveIt() {
    for (int n = 1; n <= 5; n++) {
      classifier.record(team, lap(n, 60_000L, n * 60_000L), Light.GREEN);
    }
    classifier.record(team, lap(4, 61_000L, 400_000), Light.GREEN);
    assertThat(team.laps.keySet()).containsExactly(1, 2, 3, 4);
    assertThat(team.superseded.keySet()).containsExactly(5);
    assertThat(team.laps.get(4).timeMs).isEqualTo(61_000L);
    assertThat(team.count).isEqualTo(4);
  }
}
