package lts.parser.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Tops a batch up with the records that follow it closely, so that one transaction carries them.
 * A transaction has a fixed cost (sendOffsetsToTransaction and commitTransaction: round trips to
 * the coordinators, and the previous commit's markers must be written before the next
 * transaction can add its offsets), and the consumer's fetch returns as soon as any record is
 * there: without this, a burst of frames (many feeds updating in the same second) was split into
 * one transaction per one or two records, and its last frames queued behind all the others'
 * commits. Costs one empty {@link #POLL} per batch. Runs before the transaction begins, so a
 * rebalance inside these polls finds none open; records of partitions revoked or reassigned
 * meanwhile are skipped by the transaction.
 */
final class BatchTopUp {

  /** Polls of this long top the batch up; the first empty one ends it. */
  static final Duration POLL = Duration.ofMillis(2);
  /** Topping up stops after this long, or at {@link #MAX_RECORDS}. */
  static final long MAX_MS = 20;
  static final int MAX_RECORDS = 2000;

  private BatchTopUp() {
  }

  /** {@code first} and what followed it closely, until a poll is empty or {@code stopping}. */
  static ConsumerRecords<String, byte[]> gather(Consumer<String, byte[]> consumer,
      ConsumerRecords<String, byte[]> first, BooleanSupplier stopping) {
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> merged = null;
    Map<TopicPartition, OffsetAndMetadata> nextOffsets = null;
    int count = first.count();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_MS);
    while (count < MAX_RECORDS && System.nanoTime() < deadline && !stopping.getAsBoolean()) {
      ConsumerRecords<String, byte[]> more = consumer.poll(POLL);
      if (more.isEmpty()) {
        break;
      }
      if (merged == null) {
        merged = new HashMap<>();
        for (TopicPartition tp : first.partitions()) {
          merged.put(tp, new ArrayList<>(first.records(tp)));
        }
        nextOffsets = new HashMap<>(first.nextOffsets());
      }
      for (TopicPartition tp : more.partitions()) {
        merged.computeIfAbsent(tp, p -> new ArrayList<>()).addAll(more.records(tp));
      }
      nextOffsets.putAll(more.nextOffsets());
      count += more.count();
    }
    return merged == null ? first : new ConsumerRecords<>(merged, nextOffsets);
  }
}
