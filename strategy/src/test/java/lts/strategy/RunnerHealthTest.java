package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunnerHealthTest {

  @Test
  void theBackoffStartsAtHalfASecondAndDoublesUpTo30Seconds() {
    assertThat(RunnerHealth.backoffMs(1)).isEqualTo(500);
    assertThat(RunnerHealth.backoffMs(2)).isEqualTo(1_000);
    assertThat(RunnerHealth.backoffMs(6)).isEqualTo(16_000);
    assertThat(RunnerHealth.backoffMs(7)).isEqualTo(30_000);
    assertThat(RunnerHealth.backoffMs(100)).isEqualTo(30_000);
  }
}
