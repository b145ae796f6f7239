package lts.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RunnerStateTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RunnerState state = new RunnerState("parser", Duration.ofSeconds(60), now::get);

  @Test
  void aRunnerIsHealthyOnlyWhileRunningAndBeating() {
    assertThat(state.health()).isEqualTo("parser not started");
    state.starting();
    assertThat(state.health()).isEqualTo("parser starting: connecting to Kafka");
    state.problem("waiting for Kafka at k:9092 (3 attempt(s))");
    assertThat(state.health()).isEqualTo("waiting for Kafka at k:9092 (3 attempt(s))");
    state.running();
    assertThat(state.health()).isNull();
    now.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(state.health()).isNull();
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(state.health()).isEqualTo("parser loop stalled for 61 s");
    state.beat();
    assertThat(state.health()).isNull();
    state.stopped();
    assertThat(state.health()).isEqualTo("parser stopped");
  }

  @Test
  void aFailureStaysWithItsReasonAfterTheRunnerReturns() {
    state.starting();
    state.running();
    state.failed("fenced by another instance");
    state.stopped();
    assertThat(state.phase()).isEqualTo(RunnerState.Phase.FAILED);
    assertThat(state.health()).isEqualTo("parser failed: fenced by another instance");
  }

  @Test
  void aRunnerRunsOnce() {
    state.starting();
    assertThatThrownBy(state::starting).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runs once");
  }

  @Test
  void aRecreatedTopicIsAProblemADeletedBeginningAWarning() {
    TopicPartition tp = new TopicPartition("raw-messages", 0);
    TopicHistory recreated = new TopicHistory(tp, 0, 10, 500);
    assertThat(recreated.problem("lts-parser")).contains("raw-messages-0 ends at offset 10")
        .contains("committed 500").contains("recreated").contains("reset the group's offsets");
    TopicHistory truncated = new TopicHistory(tp, 100, 900, 500);
    assertThat(truncated.problem("lts-parser")).isNull();
    assertThat(truncated.warning()).contains("starts at offset 100").contains("retention.ms=-1");
    assertThat(truncated.hasHistory()).isTrue();
    TopicHistory whole = new TopicHistory(tp, 0, 900, 0);
    assertThat(whole.problem("g")).isNull();
    assertThat(whole.warning()).isNull();
    assertThat(whole.hasHistory()).isFalse();
  }
}
