package lts.recordings;

import java.util.Objects;

/**
 * Where a line of a recording came from in Kafka: written by the {@code raw-storage} runner as the
 * optional fields {@code "kafka_topic"}, {@code "kafka_partition"}, {@code "kafka_offset"} of each
 * envelope line, so that after a crash it knows which records are already on disk. Readers ignore
 * these fields.
 *
 * @param topic the topic the record was read from
 * @param partition its partition
 * @param offset its offset in the partition
 */
public record KafkaPosition(String topic, int partition, long offset) {

  /** Checks the arguments. */
  public KafkaPosition {
    Objects.requireNonNull(topic, "topic");
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException("partition and offset must be >= 0, got " + partition
          + "@" + offset);
    }
  }

  @Override
  public String toString() {
    return topic + "/" + partition + "@" + offset;
  }
}
