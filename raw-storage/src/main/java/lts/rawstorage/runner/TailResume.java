package lts.rawstorage.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where to resume: on every assignment, reads the tails of the recordings ({@link RecordingTail},
 * only the files changed since their last reading) to learn, per file, the last offset of each
 * partition on disk, so that the records that come again after a crash between fsync and commit
 * are skipped. On revocation, commits what is on disk and not committed yet, while the partitions
 * are still ours.
 *
 * <p>A recreated topic: when the files hold an offset of a partition at or beyond the end of that
 * partition, the topic was deleted and created again, and its offsets start over. The positions on
 * disk of that partition are then ignored (with a warning): its records may be written twice, but
 * none is skipped. That is the right side to err on for an append-only store: a line written twice
 * can be found and removed later, a record skipped is lost.
 *
 * <p>Also counts the partitions assigned, for the runner's health. Kafka calls it from the
 * runner's thread (in {@code poll}); the counts are read from any thread.
 */
final class TailResume implements ConsumerRebalanceListener {

  private static final Logger log = LoggerFactory.getLogger(TailResume.class);

  private final Consumer<String, byte[]> kafka;
  private final String topic;
  private final RecordingFiles files;
  private final OffsetCommits commits;
  private volatile int assignedPartitions;
  private volatile long lastUnassignedSinceNanos = System.nanoTime();

  /**
   * @param kafka the consumer this listener is subscribed with
   * @param topic the topic whose positions count in the files
   * @param files the recordings, and what each holds
   * @param commits the offsets synced and not committed yet
   */
  TailResume(Consumer<String, byte[]> kafka, String topic, RecordingFiles files,
      OffsetCommits commits) {
    this.kafka = Objects.requireNonNull(kafka, "kafka");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.files = Objects.requireNonNull(files, "files");
    this.commits = Objects.requireNonNull(commits, "commits");
  }

  /** The number of partitions assigned. */
  int assignedPartitions() {
    return assignedPartitions;
  }

  /** {@link System#nanoTime} when the last partition went away (or when it was created). */
  long lastUnassignedSinceNanos() {
    return lastUnassignedSinceNanos;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    // every batch is committed before the next poll, unless a commit failed: retry it now,
    // while these partitions are still ours
    commits.commit();
    commits.drop(partitions);
    forgetPartitions(partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    commits.drop(partitions);
    forgetPartitions(partitions);
  }

  private void forgetPartitions(Collection<TopicPartition> partitions) {
    assignedPartitions = Math.max(0, assignedPartitions - partitions.size());
    if (assignedPartitions == 0) {
      lastUnassignedSinceNanos = System.nanoTime();
    }
  }

  /**
   * Reads the tails of the files changed since they were last read.
   *
   * @throws UncheckedIOException when a file cannot be read (Kafka wraps it: the runner fails)
   */
  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    assignedPartitions = kafka.assignment().size();
    if (assignedPartitions == 0) {
      lastUnassignedSinceNanos = System.nanoTime();
    }
    if (partitions.isEmpty()) {
      return;
    }
    try {
      resume(partitions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void resume(Collection<TopicPartition> partitions) throws IOException {
    long start = System.nanoTime();
    Map<TopicPartition, OffsetAndMetadata> committed = kafka.committed(allPartitions(partitions));
    Map<Integer, Long> committedByPartition = new HashMap<>();
    committed.forEach((tp, offset) -> {
      if (offset != null) {
        committedByPartition.put(tp.partition(), offset.offset());
      }
    });
    List<Path> recordings = files.list();
    files.forgetAllBut(recordings);
    int scanned = 0;
    for (Path file : recordings) {
      if (readTail(file, committedByPartition)) {
        scanned++;
      }
    }
    Map<TopicPartition, Long> ends = endOffsets(partitions);
    List<String> report = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      long last = files.lastOnDisk(partition.partition());
      Long end = ends.get(partition);
      OffsetAndMetadata next = committed.get(partition);
      if (end != null && last >= end) {
        log.warn("{} ends at offset {} but the files under {} hold offset {} of it: the topic"
            + " was deleted and created again? Ignoring the positions on disk for this"
            + " partition (records may be written twice rather than lost)", partition, end,
            files.output(), last);
        files.forget(partition.partition());
        last = -1;
      }
      report.add(partition.partition() + ": committed " + (next == null ? "none" : next.offset())
          + ", last on disk " + (last < 0 ? "none" : last));
    }
    log.info("raw-storage: assigned {} of {}; {} ({} files, {} tails read, {} ms)",
        partitions.size() == 1 ? "partition" : "partitions", topic, report,
        recordings.size(), scanned, Duration.ofNanos(System.nanoTime() - start).toMillis());
  }

  /** The partitions assigned and every other partition of the topic (they share the files). */
  private Set<TopicPartition> allPartitions(Collection<TopicPartition> partitions) {
    Set<TopicPartition> all = new LinkedHashSet<>(partitions);
    List<PartitionInfo> infos = kafka.partitionsFor(topic);
    if (infos != null) {
      for (PartitionInfo info : infos) {
        all.add(new TopicPartition(info.topic(), info.partition()));
      }
    }
    return all;
  }

  /** Reads the tail of {@code file} unless it is unchanged since; true when it was read. */
  private boolean readTail(Path file, Map<Integer, Long> committedByPartition)
      throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    FileOffsets inFile = files.offsets(file);
    if (inFile.unchangedSinceScan(attributes)) {
      return false;
    }
    RecordingTail.Result result = RecordingTail.scan(file, topic, committedByPartition);
    result.lastOffsets().forEach(inFile::written);
    inFile.scanned(Files.readAttributes(file, BasicFileAttributes.class));
    return true;
  }

  private Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
    try {
      return kafka.endOffsets(partitions);
    } catch (KafkaException e) {
      log.warn("cannot read the end offsets of {} ({}): not checking the files against them",
          partitions, e.toString());
      return Map.of();
    }
  }
}
