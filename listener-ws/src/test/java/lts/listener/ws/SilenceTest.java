package lts.listener.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SilenceTest {

  private static final long S = 1_000_000_000L;
  private final Silence silence = new Silence(Duration.ofSeconds(15), Duration.ofSeconds(60));

  @Test
  void aFeedSilentLongerThanTheIdleTimeoutIsPresumedDead() {
    assertThat(silence.presumedDead(60 * S)).isFalse();
    assertThat(silence.presumedDead(60 * S + 1)).isTrue();
  }

  @Test
  void aPingGoesOutAfterPingAfterOfSilenceWhenNoneIsOnItsWay() {
    assertThat(silence.pingDue(14 * S, Long.MAX_VALUE, false)).isFalse();
    assertThat(silence.pingDue(16 * S, Long.MAX_VALUE, false)).isTrue();
    assertThat(silence.pingDue(16 * S, Long.MAX_VALUE, true)).as("one ping at a time").isFalse();
  }

  @Test
  void atMostOnePingGoesOutPerPingAfter() {
    assertThat(silence.pingDue(40 * S, 10 * S, false)).isFalse();
    assertThat(silence.pingDue(40 * S, 16 * S, false)).isTrue();
  }

  @Test
  void zeroTurnsPingsAndTheIdleTimeoutOff() {
    Silence off = new Silence(Duration.ZERO, Duration.ZERO);
    assertThat(off.presumedDead(3_600 * S)).isFalse();
    assertThat(off.pingDue(3_600 * S, Long.MAX_VALUE, false)).isFalse();
  }
}
