package lts.rawstorage.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.junit.jupiter.api.Test;

class OffsetCommitsTest {

  private static final TopicPartition P0 = new TopicPartition("raw-messages", 0);
  private static final TopicPartition P1 = new TopicPartition("raw-messages", 1);

  /** A consumer whose next commits fail with the given exceptions, in turn. */
  private static final class FailingCommits extends MockConsumer<String, byte[]> {
    private final List<RuntimeException> failures;
    private int calls;

    FailingCommits(RuntimeException... failures) {
      super("earliest");
      this.failures = List.of(failures);
      assign(List.of(P0, P1));
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      if (calls++ < failures.size()) {
        throw failures.get(calls - 1);
      }
      super.commitSync(offsets);
    }
  }

  private static long committed(MockConsumer<String, byte[]> kafka, TopicPartition partition) {
    OffsetAndMetadata offset = kafka.committed(Set.of(partition)).get(partition);
    return offset == null ? -1 : offset.offset();
  }

  @Test
  void theOffsetsOfABatchOnDiskAreCommitted() {
    FailingCommits kafka = new FailingCommits();
    OffsetCommits commits = new OffsetCommits(kafka);

    commits.synced(Map.of(P0, new OffsetAndMetadata(5)));
    commits.commit();

    assertThat(committed(kafka, P0)).isEqualTo(5);
    assertThat(commits.pending()).isEmpty();
  }

  @Test
  void offsetsAFailedCommitDidNotTakeAreCommittedWithTheNextBatch() {
    FailingCommits kafka = new FailingCommits(new CommitFailedException("rebalancing"));
    OffsetCommits commits = new OffsetCommits(kafka);

    commits.synced(Map.of(P0, new OffsetAndMetadata(5)));
    commits.commit();
    assertThat(committed(kafka, P0)).isEqualTo(-1);
    assertThat(commits.pending()).containsEntry(P0, new OffsetAndMetadata(5));

    commits.synced(Map.of(P1, new OffsetAndMetadata(3)));
    commits.commit();
    assertThat(committed(kafka, P0)).isEqualTo(5);
    assertThat(committed(kafka, P1)).isEqualTo(3);
    assertThat(commits.pending()).isEmpty();
  }

  @Test
  void aCommitInterruptedByAStopIsFinished() {
    FailingCommits kafka = new FailingCommits(new WakeupException());
    OffsetCommits commits = new OffsetCommits(kafka);

    commits.synced(Map.of(P0, new OffsetAndMetadata(9)));
    commits.commit();

    assertThat(committed(kafka, P0)).isEqualTo(9);
    assertThat(commits.pending()).isEmpty();
  }

  @Test
  void theOffsetsOfPartitionsNoLongerOursAreDropped() {
    FailingCommits kafka = new FailingCommits(new CommitFailedException("rebalancing"));
    OffsetCommits commits = new OffsetCommits(kafka);
    commits.synced(Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(3)));
    commits.commit();

    commits.drop(List.of(P0));

    assertThat(commits.pending()).containsOnlyKeys(P1);
  }
}
