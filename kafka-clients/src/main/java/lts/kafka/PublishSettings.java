package lts.kafka;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a {@link KafkaFramePublisher} puts frames and how hard it tries.
 *
 * @param topic the Kafka topic
 * @param ackTimeout how long {@link KafkaFramePublisher#publish} waits for the acknowledgement
 * @param closeTimeout on {@link KafkaFramePublisher#close()}, how long to wait for Kafka to
 *     acknowledge what the producer holds
 * @param maxAttempts how many times a record whose delivery failed is sent in all (1: the caller
 *     is told at the first failure)
 */
public record PublishSettings(String topic, Duration ackTimeout, Duration closeTimeout,
    int maxAttempts) {

  /** Attempts of a record whose delivery failed, when the publisher sends it again itself. */
  public static final int RESENDING_ATTEMPTS = 100;

  /** Checks the values. */
  public PublishSettings {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    if (topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be positive");
    }
  }

  /** The caller is told of every failure and retries itself; 10 s to deliver on close. */
  public static PublishSettings tellingTheCaller(String topic, Duration ackTimeout) {
    return new PublishSettings(topic, ackTimeout, Duration.ofSeconds(10), 1);
  }

  /** A failed delivery is sent again, up to {@value #RESENDING_ATTEMPTS} attempts. */
  public static PublishSettings resending(String topic, Duration closeTimeout) {
    return new PublishSettings(topic, closeTimeout, closeTimeout, RESENDING_ATTEMPTS);
  }
}
