package lts.kafka;

/**
 * What becomes of the records a {@link KafkaFramePublisher} hands to Kafka, for a runner's meters.
 * Called from the producer's I/O thread and from the publishing threads: implementations are
 * thread-safe and quick. Every method does nothing by default.
 */
public interface DeliveryTally {

  /** Counts nothing. */
  DeliveryTally NONE = new DeliveryTally() {
  };

  /** Kafka acknowledged one record. */
  default void acknowledged() {
  }

  /** A record was refused or its delivery failed (it may still be sent again). */
  default void failed() {
  }

  /** The publisher gave up on {@code records} records. */
  default void lost(long records) {
  }
}
