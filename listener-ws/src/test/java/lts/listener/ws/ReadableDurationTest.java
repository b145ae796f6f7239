package lts.listener.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadableDurationTest {

  @Test
  void underASecondIsInMilliseconds() {
    assertThat(ReadableDuration.of(Duration.ofMillis(250))).isEqualTo("250 ms");
  }

  @Test
  void underTwoMinutesIsInSecondsWithOneDecimalWhenNeeded() {
    assertThat(ReadableDuration.of(Duration.ofSeconds(60))).isEqualTo("60 s");
    assertThat(ReadableDuration.of(Duration.ofMillis(1_500))).isEqualTo("1.5 s");
  }

  @Test
  void longerIsInMinutesAndSeconds() {
    assertThat(ReadableDuration.of(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
  }
}
