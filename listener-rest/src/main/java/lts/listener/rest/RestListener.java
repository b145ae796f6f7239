package lts.listener.rest;

import java.time.Duration;
import java.util.Properties;
import lts.contracts.Envelope;
import lts.contracts.EnvelopeCodec;
import lts.kafka.DeliveryTally;
import lts.kafka.FrameEncoding;
import lts.kafka.KafkaClients;
import lts.kafka.KafkaFramePublisher;
import lts.kafka.PublishSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The REST listener's way into Kafka: the shared {@link KafkaFramePublisher}, telling the caller
 * (the HTTP client, the poller) of every failure, with envelopes of source {@value #SOURCE}.
 */
public final class RestListener {

  /** The {@code source} of the envelopes this listener writes. */
  public static final String SOURCE = "rest-listener";

  /** The producer's {@code max.request.size}: room for a 1 MiB frame in its envelope. */
  static final int MAX_REQUEST_BYTES = 4 << 20;

  private RestListener() {
  }

  /** Frames as {@link Envelope}s of source {@value #SOURCE}. */
  public static FrameEncoding envelopes() {
    EnvelopeCodec codec = new EnvelopeCodec();
    return (eventCode, frame, receivedAtMs) ->
        codec.encode(Envelope.of(eventCode, frame, SOURCE, receivedAtMs));
  }

  /**
   * An idempotent {@code acks=all} producer to {@code servers} (see {@link KafkaClients}) whose
   * {@code send} blocks at most {@code ackTimeout} when the broker is away, publishing to
   * {@code topic} and waiting at most {@code ackTimeout} for the acknowledgement.
   */
  public static KafkaFramePublisher publisher(String servers, String topic, Duration ackTimeout) {
    Properties p = KafkaClients.producer(servers, SOURCE);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.max(1, ackTimeout.toMillis())));
    // a 1 MiB frame plus its envelope (JSON escapes) must pass the producer's own size check;
    // the broker checks the compressed batch
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_REQUEST_BYTES));
    return new KafkaFramePublisher(new KafkaProducer<>(p),
        PublishSettings.tellingTheCaller(topic, ackTimeout), envelopes(), DeliveryTally.NONE);
  }
}
