package lts.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import lts.core.protocol.RaceClock.Mode;
import org.junit.jupiter.api.Test;

class ReplayPaceTest {

  /** {@code n} laps of about a minute, each received {@code speed} times faster. */
  private static ReplayPace laps(int n, double speed) {
    ReplayPace pace = new ReplayPace();
    for (int i = 0; i < n; i++) {
      long lap = 60_000 + 300 * (i % 3);
      pace.sample(lap, Math.round(lap / speed));
    }
    return pace;
  }

  @Test
  void fewerThanFiveSamplesSayNothing() {
    assertThat(laps(4, 20).verdict(Mode.RECEIVED, 1)).isNull();
  }

  @Test
  void framesAtTheTracksPaceKeepTheirReceivedInstants() {
    assertThat(laps(10, 1.01).verdict(Mode.RECEIVED, 1).mode()).isEqualTo(Mode.RECEIVED);
  }

  @Test
  void aSteadyReplayAt20xIsScaledByItsMeasuredRate() {
    ReplayPace.Verdict v = laps(10, 20).verdict(Mode.RECEIVED, 1);
    assertThat(v.mode()).isEqualTo(Mode.SCALED);
    assertThat(v.rate()).isCloseTo(20, within(0.05));
  }

  @Test
  void framesAsFastAsTheyCanBeReadHaveNoPace() {
    ReplayPace pace = new ReplayPace();
    for (int i = 0; i < 10; i++) {
      pace.sample(60_000, i % 2 == 0 ? 3 : 40); // received a few ms apart, at no steady rate
    }
    assertThat(pace.verdict(Mode.RECEIVED, 1)).isEqualTo(new ReplayPace.Verdict(Mode.EVIDENCE,
        1));
  }

  @Test
  void onEvidenceAloneOnlyTheTracksOwnPaceIsTrustedAgain() {
    assertThat(laps(10, 20).verdict(Mode.EVIDENCE, 7).mode()).isEqualTo(Mode.EVIDENCE);
    assertThat(laps(10, 1).verdict(Mode.EVIDENCE, 7).mode()).isEqualTo(Mode.RECEIVED);
  }

  @Test
  void onlyTheLastFifteenSamplesCount() {
    ReplayPace pace = laps(30, 1);
    for (int i = 0; i < ReplayPace.SAMPLES; i++) {
      pace.sample(60_000, 3_000);
    }
    assertThat(pace.verdict(Mode.RECEIVED, 1).rate()).isCloseTo(20, within(0.01));
  }
}
