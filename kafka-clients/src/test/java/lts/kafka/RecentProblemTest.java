package lts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentProblemTest {

  private final RecentProblem recent = new RecentProblem();

  @Test
  void noProblemIsShownBeforeOneIsReported() {
    assertThat(recent.at(1_000)).isNull();
  }

  @Test
  void aProblemIsShownForAMinuteAndThenForgotten() {
    recent.report("Kafka refused the frame", 10_000);
    assertThat(recent.at(10_000)).isEqualTo("Kafka refused the frame");
    assertThat(recent.at(70_000)).isEqualTo("Kafka refused the frame");
    assertThat(recent.at(70_001)).isNull();
  }

  @Test
  void aSuccessClearsTheProblemAtOnce() {
    recent.report("Kafka refused the frame", 10_000);
    recent.clear();
    assertThat(recent.at(10_001)).isNull();
  }

  @Test
  void aNewProblemRestartsTheMinute() {
    recent.report("first", 10_000);
    recent.report("second", 60_000);
    assertThat(recent.at(100_000)).isEqualTo("second");
  }
}
