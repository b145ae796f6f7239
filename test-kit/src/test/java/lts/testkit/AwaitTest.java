package lts.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

  @Test
  void returnsAtOnceWhenTheConditionAlreadyHolds() {
    AtomicInteger asked = new AtomicInteger();

    Await.until(Duration.ofSeconds(5), () -> asked.incrementAndGet() > 0, () -> "never");

    assertThat(asked).hasValue(1);
  }

  @Test
  void asksAgainUntilTheConditionHolds() {
    AtomicInteger asked = new AtomicInteger();

    Await.until(Duration.ofSeconds(5), () -> asked.incrementAndGet() == 3, () -> "asked " + asked);

    assertThat(asked).hasValue(3);
  }

  @Test
  void failsWithWhatWasSeenWhenTheConditionNeverHolds() {
    assertThatThrownBy(() -> Await.until(Duration.ofMillis(100), () -> false, () -> "2 of 3 frames"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("timed out after PT0.1S: 2 of 3 frames");
  }

  @Test
  void anExceptionOfTheConditionEndsTheWaitAtOnce() {
    AtomicInteger asked = new AtomicInteger();

    assertThatThrownBy(() -> Await.until(Duration.ofSeconds(5), () -> {
      asked.incrementAndGet();
      throw new IllegalStateException("broker gone");
    }, () -> "never")).isInstanceOf(IllegalStateException.class).hasMessage("broker gone");
    assertThat(asked).hasValue(1);
  }

  @Test
  void anInterruptedWaitFailsAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Await.until(Duration.ofSeconds(5), () -> false, () -> "nothing yet"))
          .isInstanceOf(AssertionError.class)
          .hasMessage("interrupted while waiting: nothing yet");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
