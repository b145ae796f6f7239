package lts.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class RefusalTest {

  @Test
  void aBrokerAwayOrABusyPartitionIsARefusalForNow() {
    assertThat(Refusal.of(new TimeoutException("no metadata"))).isInstanceOf(Refusal.ForNow.class);
    assertThat(Refusal.of(new NotLeaderOrFollowerException("moving")))
        .isInstanceOf(Refusal.ForNow.class);
    assertThat(Refusal.of(new KafkaException("unknown trouble"))).isInstanceOf(Refusal.ForNow.class);
  }

  @Test
  void aRecordTooLargeABadTopicAClosedProducerOrNoRightsIsARefusalForGood() {
    assertThat(Refusal.of(new RecordTooLargeException("5 MiB"))).isInstanceOf(Refusal.ForGood.class);
    assertThat(Refusal.of(new InvalidTopicException("a b"))).isInstanceOf(Refusal.ForGood.class);
    assertThat(Refusal.of(new TopicAuthorizationException("raw-messages")))
        .isInstanceOf(Refusal.ForGood.class);
    assertThat(Refusal.of(new IllegalStateException("producer closed")))
        .isInstanceOf(Refusal.ForGood.class);
  }

  @Test
  void theRefusalKeepsWhatTheProducerSaid() {
    TimeoutException cause = new TimeoutException("no metadata");
    assertThat(Refusal.of(cause).cause()).isSameAs(cause);
  }
}
