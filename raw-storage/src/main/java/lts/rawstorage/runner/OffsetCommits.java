package lts.rawstorage.runner;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets of the batches on disk, committed to the consumer group: when a commit fails (a
 * rebalance, a broker away), they are kept and committed with the next batch. Their records are on
 * disk, so if they come again they are skipped. Used by the runner's thread only.
 */
final class OffsetCommits {

  private static final Logger log = LoggerFactory.getLogger(OffsetCommits.class);

  private final Consumer<String, byte[]> kafka;
  /** Offsets of batches synced whose commit failed: committed with the next batch. */
  private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();

  OffsetCommits(Consumer<String, byte[]> kafka) {
    this.kafka = Objects.requireNonNull(kafka, "kafka");
  }

  /** The next offsets to read of a batch whose records are all on disk: to commit. */
  void synced(Map<TopicPartition, OffsetAndMetadata> offsets) {
    pending.putAll(offsets);
  }

  /** Commits the offsets of every batch synced so far; on failure keeps them for the next try. */
  void commit() {
    if (pending.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(pending);
    try {
      try {
        kafka.commitSync(offsets);
      } catch (WakeupException e) {
        kafka.commitSync(offsets); // stop() came during the commit: finish it, then stop
      }
      pending.keySet().removeAll(offsets.keySet());
    } catch (CommitFailedException | RebalanceInProgressException | RetriableException e) {
      log.warn("raw-storage: offsets {} not committed ({}): retried with the next batch; the"
          + " records are on disk, so if they come again they are skipped", offsets,
          e.toString());
    }
  }

  /** Forgets the offsets not committed of partitions no longer ours (their records come again). */
  void drop(Collection<TopicPartition> partitions) {
    pending.keySet().removeAll(partitions);
  }

  /** The offsets synced but not committed yet. */
  Map<TopicPartition, OffsetAndMetadata> pending() {
    return Map.copyOf(pending);
  }
}
