package lts.rawstorage.runner;

import static lts.rawstorage.runner.RawStorageFixture.awaitCommitted;
import static lts.rawstorage.runner.RawStorageFixture.sendNumbered;
import static lts.rawstorage.runner.RawStorageFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import lts.contracts.Topics;
import lts.kafka.broker.EmbeddedKafka;
import lts.testkit.TestBroker;
import lts.rawstorage.runner.RawStorageFixture.Counts;
import lts.rawstorage.runner.RawStorageFixture.Running;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crashes the runner at the worst moments, restarts it, and counts. */
class RawStorageCrashTest {

  private static final List<String> CODES = List.of("santos", "cuenca-12h", "ariza");
  private static final int TOTAL = 5_000;

  @TempDir
  Path dir;

  private final EmbeddedKafka kafka = TestBroker.shared(2, Topics.ALL);

  @Test
  void crashesBetweenFsyncAndCommitAndMidBatchLeaveExactlyTheFilesOfAnUninterruptedRun()
      throws Exception {
    String topic = "crash";
    kafka.createTopics(List.of(topic), 2);
    Path crashed = dir.resolve("crashed");
    String group = "g-crash";
    CompletableFuture<Integer> acknowledged = CompletableFuture.supplyAsync(() -> {
      try {
        return sendNumbered(kafka, topic, TOTAL, CODES, 2, 250, 40);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    // 1: dies after the fsync of its 5th batch, before committing it
    AtomicInteger batches = new AtomicInteger();
    Running first = RawStorageFixture.start(settings(kafka, topic, group, crashed, 100),
        new RawStorage.Hook() {
          @Override
          public void afterFsync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (batches.incrementAndGet() == 5) {
              throw new SimulatedCrash("after the fsync of batch 5, before its commit");
            }
          }
        }, "raw-storage-crash-1");
    first.awaitEnd();
    assertThat(first.thrown).isInstanceOf(SimulatedCrash.class);
    long uncommittedOnDisk1 =
        RawStorageFixture.lineCount(crashed) - RawStorageFixture.committed(kafka, group, topic);
    assertThat(uncommittedOnDisk1).as("records on disk but not committed").isPositive();

    // 2: restarts once every record is in the topic (so that its first batch is large; the
    // uncommitted batch comes again: skipped), dies in the middle of that batch: the lines of
    // each file up to its last buffer flush are on disk, the rest is lost, nothing is synced or
    // committed (as with a kill -9)
    int acked = acknowledged.get(120, TimeUnit.SECONDS);
    AtomicInteger writes = new AtomicInteger();
    Running second = RawStorageFixture.start(settings(kafka, topic, group, crashed, 2_000),
        new RawStorage.Hook() {
          @Override
          public void afterWrite(ConsumerRecord<String, byte[]> record) {
            if (writes.incrementAndGet() == 1_730) {
              throw new SimulatedCrash("after writing record " + record.offset() + " of partition "
                  + record.partition() + ", mid-batch, before the fsync");
            }
          }
        }, "raw-storage-crash-2");
    second.awaitEnd();
    assertThat(second.thrown).isInstanceOf(SimulatedCrash.class);
    long uncommittedOnDisk2 =
        RawStorageFixture.lineCount(crashed) - RawStorageFixture.committed(kafka, group, topic);
    assertThat(uncommittedOnDisk2).as("records on disk but not committed").isPositive();
    // ... and the write in flight at the crash was cut in the middle of its line
    Path tornFile = lastFile(crashed.resolve("santos"));
    String torn = "{\"event_code\":\"santos\",\"data\":\"TORN-r9c3|in";
    Files.writeString(tornFile, torn, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    // 3: restarts and runs to the end
    long restart = System.nanoTime();
    Running third = RawStorageFixture.start(settings(kafka, topic, group, crashed, 100),
        RawStorage.Hook.NONE, "raw-storage-crash-3");
    awaitCommitted(kafka, group, topic, TOTAL, Duration.ofSeconds(120));
    double recoveredInS = (System.nanoTime() - restart) / 1e9;
    third.stop();
    assertThat(third.thrown).isNull();
    // every record on disk but not committed came again and was skipped, none was written twice
    assertThat(third.count("records_skipped_duplicate")).isEqualTo(uncommittedOnDisk2);
    assertThat(second.count("records_skipped_duplicate") + third.count("records_skipped_duplicate"))
        .isGreaterThanOrEqualTo(uncommittedOnDisk1);
    assertThat(Files.readString(tornFile, StandardCharsets.UTF_8)).doesNotContain(torn)
        .endsWith("\n");

    // the reference: one uninterrupted run over the same topic
    Path reference = dir.resolve("reference");
    Running uninterrupted = RawStorageFixture.start(
        settings(kafka, topic, "g-reference", reference, 100), RawStorage.Hook.NONE,
        "raw-storage-reference");
    awaitCommitted(kafka, "g-reference", topic, TOTAL, Duration.ofSeconds(120));
    uninterrupted.stop();

    assertThat(asText(RawStorageFixture.files(crashed)))
        .as("files after crashes and restarts, byte for byte")
        .containsExactlyEntriesOf(asText(RawStorageFixture.files(reference)));
    Counts counts = RawStorageFixture.count(crashed, TOTAL, acked, CODES, recoveredInS);
    System.out.println(counts.line("crash-after-fsync+crash-mid-batch+torn-line (in-JVM)"));
    System.out.println("RELIABILITY raw-storage in-JVM crash: records skipped as duplicates after"
        + " restarts: " + (long) (second.count("records_skipped_duplicate")
        + third.count("records_skipped_duplicate")));
    assertThat(counts.acknowledged()).isEqualTo(TOTAL);
    assertThat(counts.lost()).isZero();
    assertThat(counts.duplicated()).isZero();
    assertThat(counts.outOfOrder()).isZero();
  }

  private static Path lastFile(Path directory) throws Exception {
    try (var files = Files.list(directory)) {
      return files.sorted().reduce((a, b) -> b).orElseThrow();
    }
  }

  static Map<String, String> asText(Map<String, byte[]> files) {
    Map<String, String> text = new TreeMap<>();
    files.forEach((name, bytes) -> text.put(name, new String(bytes, StandardCharsets.UTF_8)));
    return text;
  }
}
