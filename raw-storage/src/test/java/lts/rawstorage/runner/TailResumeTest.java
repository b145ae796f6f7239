package lts.rawstorage.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lts.contracts.Envelope;
import lts.recordings.KafkaPosition;
import lts.recordings.RecordingWriter;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TailResumeTest {

  private static final String TOPIC = "raw-messages";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  /** 2026-04-25T10:00:00Z. */
  private static final long AT = 1_777_111_200_000L;

  @TempDir
  Path dir;

  private final MockConsumer<String, byte[]> kafka = new MockConsumer<>("earliest");
  private RecordingFiles files;
  private OffsetCommits commits;
  private TailResume resume;
  private Path santos;
  private Path ariza;

  @BeforeEach
  void recordings() throws IOException {
    files = new RecordingFiles(dir.resolve("logs"),
        Counter.builder("fsyncs").register(new SimpleMeterRegistry()));
    santos = files.file("santos", AT);
    ariza = files.file("ariza", AT);
    append(santos, 0, 0, 9);
    append(ariza, 1, 0, 4);
    kafka.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null),
        new PartitionInfo(TOPIC, 1, null, null, null)));
    kafka.assign(List.of(P0, P1));
    kafka.commitSync(Map.of(P0, new OffsetAndMetadata(8), P1, new OffsetAndMetadata(5)));
    kafka.updateEndOffsets(Map.of(P0, 20L, P1, 20L));
    commits = new OffsetCommits(kafka);
    resume = new TailResume(kafka, TOPIC, files, commits);
  }

  /** Appends lines of {@code partition}, offsets {@code from} to {@code to}, to {@code file}. */
  private static void append(Path file, int partition, long from, long to) throws IOException {
    Files.createDirectories(file.getParent());
    try (RecordingWriter writer = RecordingWriter.open(file)) {
      for (long offset = from; offset <= to; offset++) {
        writer.write(Envelope.of("santos", "r1c1|in|" + offset, "ws-listener", AT + offset),
            new KafkaPosition(TOPIC, partition, offset));
      }
    }
  }

  @Test
  void onAssignmentTheTailsTellTheLastOffsetOfEachPartitionInEachFile() {
    resume.onPartitionsAssigned(List.of(P0, P1));

    assertThat(files.holds(santos, 0, 9)).isTrue();
    assertThat(files.holds(santos, 0, 10)).isFalse();
    assertThat(files.holds(ariza, 1, 4)).isTrue();
    assertThat(files.holds(ariza, 0, 0)).as("no line of partition 0 in ariza").isFalse();
    assertThat(files.lastOnDisk(0)).isEqualTo(9);
    assertThat(files.lastOnDisk(1)).isEqualTo(4);
    assertThat(resume.assignedPartitions()).isEqualTo(2);
  }

  @Test
  void aPartitionWhoseFilesHoldOffsetsBeyondItsEndIsResumedAsIfNothingWereOnDisk() {
    // the topic was deleted and created again: partition 0 ends at 5, the files hold 9
    kafka.updateEndOffsets(Map.of(P0, 5L, P1, 20L));

    resume.onPartitionsAssigned(List.of(P0, P1));

    assertThat(files.lastOnDisk(0)).isEqualTo(-1);
    assertThat(files.holds(santos, 0, 0)).as("written again rather than skipped").isFalse();
    assertThat(files.lastOnDisk(1)).isEqualTo(4);
  }

  @Test
  void aFileIsReadAgainOnlyWhenItChangedSinceItsTailWasRead() throws IOException {
    resume.onPartitionsAssigned(List.of(P0, P1));
    files.forget(0);

    resume.onPartitionsAssigned(List.of(P0));
    assertThat(files.lastOnDisk(0)).as("santos unchanged: not read again").isEqualTo(-1);

    append(santos, 0, 10, 12);
    resume.onPartitionsAssigned(List.of(P0));
    assertThat(files.lastOnDisk(0)).isEqualTo(12);
  }

  @Test
  void aFileRemovedByHandIsForgottenAtTheNextAssignment() throws IOException {
    resume.onPartitionsAssigned(List.of(P0, P1));
    Files.delete(ariza);

    resume.onPartitionsAssigned(List.of(P1));

    assertThat(files.lastOnDisk(1)).isEqualTo(-1);
    assertThat(files.lastOnDisk(0)).isEqualTo(9);
  }

  @Test
  void onRevocationWhatIsOnDiskIsCommittedAndThePartitionsAreNoLongerCounted() {
    resume.onPartitionsAssigned(List.of(P0, P1));
    long before = resume.lastUnassignedSinceNanos();
    commits.synced(Map.of(P0, new OffsetAndMetadata(15)));

    resume.onPartitionsRevoked(List.of(P0));
    assertThat(kafka.committed(Set.of(P0)).get(P0).offset()).isEqualTo(15);
    assertThat(commits.pending()).isEmpty();
    assertThat(resume.assignedPartitions()).isEqualTo(1);

    resume.onPartitionsLost(List.of(P1));
    assertThat(resume.assignedPartitions()).isZero();
    assertThat(resume.lastUnassignedSinceNanos()).isGreaterThan(before);
  }
}
