package lts.parser.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import lts.kafka.RunnerState;
import lts.kafka.TopicHistory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol engines of each assigned partition, and their rebuild: a partition whose position
 * is (re)set (assigned, or after an aborted transaction) is paused, re-read from its first record
 * up to the group's committed offset into fresh engines whose events are discarded, then resumed
 * from the committed offset. The engines being deterministic, frame numbers and ids continue
 * exactly where the committed output stopped. Poll-loop thread only (except {@link #count}).
 */
final class PartitionEngines implements ConsumerRebalanceListener {

  private static final Logger log = LoggerFactory.getLogger(PartitionEngines.class);

  /** A rebuild making no progress for this long fails (input unreadable). */
  static final long REBUILD_STALL_MS = 60_000;

  private final ParserConfig config;
  private final ParserMeters meters;
  private final RunnerState state;
  private final Map<TopicPartition, FrameProcessor> processors = new HashMap<>();
  private final Set<TopicPartition> toRebuild = new LinkedHashSet<>();
  private volatile int engineCount;
  private Consumer<String, byte[]> consumer;

  PartitionEngines(ParserConfig config, ParserMeters meters, RunnerState state) {
    this.config = config;
    this.meters = meters;
    this.state = state;
  }

  /** The consumer whose partitions these are (set once, before it subscribes). */
  void attach(Consumer<String, byte[]> consumer) {
    this.consumer = consumer;
  }

  /** The engines of a partition that is ready (assigned and rebuilt), else null. */
  FrameProcessor ready(TopicPartition tp) {
    return toRebuild.contains(tp) ? null : processors.get(tp);
  }

  /** True when some partition waits for its rebuild. */
  boolean pending() {
    return !toRebuild.isEmpty();
  }

  /** How many engines (one per event code and partition); any thread. */
  int count() {
    return engineCount;
  }

  /** The engines changed (a frame of a new feed): recount. */
  void recount() {
    int n = 0;
    for (FrameProcessor p : processors.values()) {
      n += p.engines().size();
    }
    engineCount = n;
  }

  /** After an abort: every assigned partition goes back to its committed offset and is rebuilt. */
  void rewindAll() {
    Set<TopicPartition> assigned = consumer.assignment();
    toRebuild.addAll(assigned);
    consumer.pause(assigned);
  }

  /**
   * Rebuilds every partition waiting for it; false when Kafka failed (retried on the next turn).
   *
   * @throws IllegalStateException when a partition cannot be rebuilt ({@link TopicHistory#problem})
   */
  boolean rebuildPending() {
    List<TopicPartition> parts = new ArrayList<>(toRebuild);
    try {
      Map<TopicPartition, OffsetAndMetadata> committedOffsets =
          consumer.committed(new LinkedHashSet<>(parts), Duration.ofSeconds(30));
      try (Consumer<String, byte[]> reader = new KafkaConsumer<>(ParserClients.rebuild(config))) {
        for (TopicPartition tp : parts) {
          rebuild(reader, tp, committedOffsets.get(tp));
        }
      }
      state.problem(null);
      return true;
    } catch (WakeupException | InterruptException e) {
      throw e;
    } catch (KafkaException e) {
      state.problem("cannot rebuild " + parts + " yet: " + e);
      log.warn("parser: {}; retrying in 1 s", state.problem());
      pause(1000);
      return false;
    }
  }

  private void rebuild(Consumer<String, byte[]> reader, TopicPartition tp, OffsetAndMetadata c) {
    long startNanos = System.nanoTime();
    FrameProcessor processor = new FrameProcessor(config.maxFrameChars());
    long n = c == null ? 0 : replay(reader, tp, c.offset(), processor);
    processors.put(tp, processor);
    if (c == null) {
      consumer.seekToBeginning(List.of(tp));
    } else {
      consumer.seek(tp, c.offset());
    }
    toRebuild.remove(tp);
    consumer.resume(List.of(tp));
    long nanos = System.nanoTime() - startNanos;
    meters.rebuilt(n, nanos);
    recount();
    log.info("parser: {} rebuilt: {} records re-read in {} ms, {} engine(s) {}; consuming from "
        + "offset {}", tp, n, TimeUnit.NANOSECONDS.toMillis(nanos), processor.engines().size(),
        processor.engines().keySet(), c == null ? "the beginning" : c.offset());
  }

  /** Feeds the records of {@code tp} before offset {@code target} into {@code processor}, discarding its output. */
  private long replay(Consumer<String, byte[]> reader, TopicPartition tp, long target,
      FrameProcessor processor) {
    reader.assign(List.of(tp));
    TopicHistory history = new TopicHistory(tp, reader.beginningOffsets(List.of(tp)).get(tp),
        reader.endOffsets(List.of(tp)).get(tp), target);
    String problem = history.problem(config.group());
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    if (history.warning() != null) {
      log.warn("parser: {}; ids will not continue those already published", history.warning());
    }
    if (!history.hasHistory()) {
      return 0;
    }
    reader.seek(tp, history.begin());
    long n = 0;
    long position = history.begin();
    long progressNanos = System.nanoTime();
    while (position < target) {
      if (state.stopping()) {
        throw new WakeupException();
      }
      state.beat();
      ConsumerRecords<String, byte[]> records = reader.poll(Duration.ofMillis(200));
      for (ConsumerRecord<String, byte[]> record : records.records(tp)) {
        if (record.offset() >= target) {
          break;
        }
        processor.process(record, FrameProcessor.DISCARD);
        n++;
      }
      long now = reader.position(tp);
      if (now != position) {
        position = now;
        progressNanos = System.nanoTime();
      } else if (System.nanoTime() - progressNanos > TimeUnit.MILLISECONDS.toNanos(REBUILD_STALL_MS)) {
        throw new KafkaException("no progress re-reading " + tp + " at offset " + position
            + " (target " + target + ") for " + REBUILD_STALL_MS / 1000 + " s");
      }
    }
    return n;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    // poll() runs between transactions: nothing is open here, nothing to commit
    if (!partitions.isEmpty()) {
      log.info("parser: partitions revoked: {}", partitions);
    }
    for (TopicPartition tp : partitions) {
      processors.remove(tp);
      toRebuild.remove(tp);
    }
    recount();
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    log.info("parser: partitions assigned: {} (paused until rebuilt)", partitions);
    for (TopicPartition tp : partitions) {
      processors.remove(tp);
    }
    toRebuild.addAll(partitions);
    consumer.pause(partitions);
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    }
  }
}
