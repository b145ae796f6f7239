package lts.listener.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.kafka.KafkaFramePublisher;
import org.junit.jupiter.api.Test;

class RestListenerTest {

  @Test
  void framesBecomeEnvelopesNamingTheRestListenerAsTheirSource() {
    byte[] value = RestListener.envelopes().encode("santos", "r1c1|in|1", 1_782_593_801_000L);

    Envelope envelope = new EnvelopeCodec().decode(value);
    assertThat(envelope.eventCode()).isEqualTo("santos");
    assertThat(envelope.data()).isEqualTo("r1c1|in|1");
    assertThat(envelope.source()).isEqualTo("rest-listener");
    assertThat(envelope.createdAt()).isEqualTo(1_782_593_801_000L);
  }

  @Test
  void thePublisherTellsTheCallerOfEveryFailureWithinTheAckTimeout() {
    try (KafkaFramePublisher publisher =
        RestListener.publisher("127.0.0.1:9", "raw-messages", Duration.ofMillis(800))) {
      assertThat(publisher.topic()).isEqualTo("raw-messages");
      assertThat(publisher.settings().ackTimeout()).isEqualTo(Duration.ofMillis(800));
      assertThat(publisher.settings().maxAttempts()).as("never re-sent behind the caller")
          .isEqualTo(1);
    }
  }
}
